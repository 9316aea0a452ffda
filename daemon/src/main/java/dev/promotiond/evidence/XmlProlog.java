package dev.promotiond.evidence;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.Charset;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Set;

/**
 * Checks on the raw bytes of an XML report, made before any XML parser sees them, so that no
 * parser behaviour has to be trusted for them: the encoding is one whose bytes for {@code <},
 * {@code [} and quotes are ASCII (UTF-8 unless declared: UTF-8, US-ASCII, ISO-8859-1,
 * windows-1252), every byte decodes in it, and the DOCTYPE, if any, has no internal subset, which
 * is where entities (XXE, billion laughs) are declared. Positions are line:column with columns
 * counted in bytes.
 */
final class XmlProlog {
    private static final Set<String> ASCII_COMPATIBLE = Set.of(StandardCharsets.UTF_8.name(),
            StandardCharsets.US_ASCII.name(), StandardCharsets.ISO_8859_1.name(), "windows-1252");
    /** An XML declaration longer than this is not one (the parser will say why). */
    private static final int DECLARATION_MAX = 256;

    /** Where the document starts (after a UTF-8 byte order mark) and how it is encoded. */
    record Text(int start, Charset charset) {
    }

    private XmlProlog() {
    }

    static Text check(String file, byte[] content) throws EvidenceException {
        int start = content.length >= 3 && (content[0] & 0xff) == 0xef && (content[1] & 0xff) == 0xbb
                && (content[2] & 0xff) == 0xbf ? 3 : 0;
        Charset charset = declaredCharset(file, content, start);
        checkDecodes(file, content, start, charset);
        checkDoctype(file, content, start);
        return new Text(start, charset);
    }

    /** A strict decoder: malformed or unmappable bytes are errors, never replaced. */
    static CharsetDecoder decoder(Charset charset) {
        return charset.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
    }

    private static Charset declaredCharset(String file, byte[] content, int start) throws EvidenceException {
        if (!startsWith(content, start, "<?xml")) {
            return StandardCharsets.UTF_8;
        }
        int end = end(content, start, "?>");
        if (end < 0 || end - start > DECLARATION_MAX) {
            return StandardCharsets.UTF_8;
        }
        String declaration = new String(content, start, end - start, StandardCharsets.US_ASCII);
        int at = declaration.indexOf("encoding");
        int equals = at < 0 ? -1 : declaration.indexOf('=', at);
        int open = equals < 0 ? -1 : firstQuote(declaration, equals + 1);
        int close = open < 0 ? -1 : declaration.indexOf(declaration.charAt(open), open + 1);
        if (close < 0) {
            return StandardCharsets.UTF_8;
        }
        String name = declaration.substring(open + 1, close);
        try {
            Charset charset = Charset.forName(name);
            if (ASCII_COMPATIBLE.contains(charset.name())) {
                return charset;
            }
        } catch (IllegalArgumentException unknownOrUnsupported) {
            // rejected below like any other encoding outside the list
        }
        throw new EvidenceException(file, "XML encoded as " + SafeJson.abbreviated(name) + " is not accepted; use UTF-8");
    }

    private static int firstQuote(String text, int from) {
        for (int i = from; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '"' || c == '\'') {
                return i;
            }
        }
        return -1;
    }

    private static void checkDecodes(String file, byte[] content, int start, Charset charset) throws EvidenceException {
        CharsetDecoder decoder = decoder(charset);
        ByteBuffer in = ByteBuffer.wrap(content, start, content.length - start);
        CharBuffer out = CharBuffer.allocate(8192);
        CoderResult result;
        do {
            out.clear();
            result = decoder.decode(in, out, true);
            if (result.isError()) {
                throw new EvidenceException(file, "malformed XML at " + position(content, in.position())
                        + ": bytes that are not " + charset.name());
            }
        } while (result.isOverflow());
    }

    /**
     * Finds the DOCTYPE, if any, among the XML declaration, processing instructions, comments and
     * whitespace before the root element, and rejects a {@code [} outside its quoted literals.
     * Anything malformed is left to the parser.
     */
    private static void checkDoctype(String file, byte[] content, int start) throws EvidenceException {
        int i = start;
        while (i >= 0 && i < content.length) {
            byte c = content[i];
            if (c == ' ' || c == '\t' || c == '\r' || c == '\n') {
                i++;
            } else if (startsWith(content, i, "<?")) {
                i = end(content, i + 2, "?>");
            } else if (startsWith(content, i, "<!--")) {
                i = end(content, i + 4, "-->");
            } else if (startsWith(content, i, "<!DOCTYPE")) {
                checkInternalSubset(file, content, i + "<!DOCTYPE".length());
                return;
            } else {
                return;
            }
        }
    }

    private static void checkInternalSubset(String file, byte[] content, int from) throws EvidenceException {
        byte quote = 0;
        for (int i = from; i < content.length; i++) {
            byte c = content[i];
            if (quote != 0) {
                quote = c == quote ? 0 : quote;
            } else if (c == '"' || c == '\'') {
                quote = c;
            } else if (c == '>') {
                return;
            } else if (c == '[') {
                String what = end(content, i, "<!ENTITY") >= 0
                        ? "XML entity declarations are not allowed" : "XML DOCTYPE internal subsets are not allowed";
                throw new EvidenceException(file, what + " (DOCTYPE internal subset at " + position(content, i) + ")");
            }
        }
    }

    private static boolean startsWith(byte[] content, int at, String ascii) {
        if (at + ascii.length() > content.length) {
            return false;
        }
        for (int i = 0; i < ascii.length(); i++) {
            if (content[at + i] != ascii.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    /** The index just past the next {@code ascii} at or after {@code from}, or -1. */
    private static int end(byte[] content, int from, String ascii) {
        for (int i = from; i + ascii.length() <= content.length; i++) {
            if (startsWith(content, i, ascii)) {
                return i + ascii.length();
            }
        }
        return -1;
    }

    private static String position(byte[] content, int offset) {
        int line = 1;
        int lineStart = 0;
        for (int i = 0; i < offset; i++) {
            if (content[i] == '\n') {
                line++;
                lineStart = i + 1;
            }
        }
        return line + ":" + (offset - lineStart + 1);
    }
}
