package dev.promotiond.evidence;

import dev.promotiond.facts.Stage;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the stage a hand-written MATURITY.md declares, tolerating the many ways people write it.
 *
 * <p>Only the header decides: the YAML front matter, if any, then the first block before a
 * horizontal rule ({@code ---}). Fields may be written {@code **Key**: value}, {@code **Key:** value},
 * {@code Key: value}, {@code key_name: value} (front matter), {@code ## Key: value}, a heading followed
 * by its value, or a table row {@code | Key | value |}; keys ignore case, emphasis and emoji. The first
 * stage word (Development, Staging, Production) of the Current Stage value is the stage, so
 * "Development → Staging (Promotion in Progress)" is Development. A moved stub or a template
 * placeholder is unknown, never a default stage.
 *
 * <p>The entry date ({@code since}): an explicit date of entering the current stage in the header
 * ("Promoted to Staging: …", "Promoted: … (Development → Staging)", "Demoted: …", "Promotion Date: …",
 * {@code promoted_at}, {@code stage_since}, or a date inside the Current Stage value such as
 * "Production (promoted from Staging on …)") wins, the latest if several. Otherwise the header's Last
 * Updated date stands in when the stage was reached by promotion (Staging, Production) or when the
 * header states a move into the current stage ("Status: DEMOTED (Staging → Development)"). A
 * Development component with no stated move has no date.
 *
 * <p>Front matter is read line by line rather than with a YAML parser: hand-written front matter is
 * often not valid YAML ({@code owner: @someone}), and only top-level scalars matter here.
 */
public final class MaturityReader {
    /** Headers sit at the top: only the first MiB of a file (or characters of a text) is read. */
    static final int MAX_BYTES = 1 << 20;

    private static final Pattern LINE_BREAK = Pattern.compile("\r\n|\r|\n");
    private static final Pattern RULE = Pattern.compile("^ {0,3}([-*_])(?:[ \\t]*\\1){2,}[ \\t]*$");
    private static final Pattern FENCE = Pattern.compile("^ {0,3}(```|~~~)");
    private static final Pattern COMMENT = Pattern.compile("<!--.*?-->");
    private static final Pattern QUOTE_OR_ITEM =
            Pattern.compile("^\\s*(?:>\\s?)*\\s*(?:[-*+]\\s+(?:\\[[ xX]]\\s+)?|\\d{1,3}[.)]\\s+)?");
    private static final Pattern HEADING = Pattern.compile("^#{1,6}\\s+");
    private static final Pattern TABLE_DELIMITER = Pattern.compile("^\\|?\\s*:?-{2,}:?\\s*(\\|\\s*:?-{2,}:?\\s*)*\\|?\\s*$");
    private static final Pattern FRONT_MATTER_FIELD = Pattern.compile("^([A-Za-z_][\\w .-]*?)\\s*:(?:\\s+(.*))?$");
    private static final Pattern STAGE_WORD = Pattern.compile("(?i)\\b(development|staging|production)\\b");
    private static final Pattern CHOICE = Pattern.compile(
            "(?i)\\b(?:development|staging|production)\\s*[|/]\\s*(?:development|staging|production)\\b");
    private static final Pattern PLACEHOLDER = Pattern.compile("<[^<>]*>|\\{\\{[^}]*}}|\\$\\{[^}]*}");
    private static final Pattern EMPTY_VALUE = Pattern.compile(
            "(?i)(?:tbd|tba|n/?a|none|unknown|unassigned|todo|x{2,}|[-—–?]+|\\[[^\\]]*])?");
    private static final Pattern STUB = Pattern.compile("(?im)\\b(?:this|the)\\s+(?:document|doc|file|page|content)"
            + "\\s+(?:has\\s+(?:been\\s+)?|was\\s+|is\\s+now\\s+|now\\s+)(?:moved|relocated|migrated|superseded"
            + "|maintained\\s+(?:in|at|elsewhere))\\b|\\bnew\\s+location\\s*:|^\\s*moved\\s+to\\b");
    /** A move into a stage: "→ Staging", "to Staging", "into Production". */
    private static final Pattern INTO = Pattern.compile(
            "(?i)(?:→|->|=>|⇒|⟶|\\bto\\b|\\binto\\b)\\s*(development|staging|production)\\b");
    /** The source side of a move: "from Staging", "Development →". */
    private static final Pattern SOURCE = Pattern.compile(
            "(?i)\\bfrom\\s+(?:development|staging|production)\\b|\\b(?:development|staging|production)\\s*(?:→|->|=>|⇒|⟶)");
    private static final Pattern DEMOTION = Pattern.compile("(?i)\\b(?:demot\\w*|rolled\\s+back|roll\\s?back|reverted)\\b");
    private static final Pattern NOT_YET = Pattern.compile("(?i)^\\W*(?:in\\s+progress|pending|requested|planned|proposed)");
    private static final Pattern DATE = Pattern.compile("(?i)(?<!\\d)(\\d{4})[-/.](\\d{1,2})[-/.](\\d{1,2})(?!\\d)"
            + "|\\b([a-z]{3,9})\\.?\\s+(\\d{1,2})(?:st|nd|rd|th)?,?\\s+(\\d{4})\\b"
            + "|\\b(\\d{1,2})(?:st|nd|rd|th)?\\s+([a-z]{3,9})\\.?,?\\s+(\\d{4})\\b");
    private static final Pattern STRUCK = Pattern.compile("~~.*?~~");
    private static final Pattern WIKI_LINK = Pattern.compile("!?\\[\\[([^\\]|]*)(?:\\|[^\\]]*)?]]");
    private static final Pattern LINK = Pattern.compile("!?\\[([^\\]]*)]\\([^)]*\\)");
    private static final Pattern HTML_TAG = Pattern.compile(
            "(?i)</?(?:br|b|i|em|strong|span|sup|sub|code|a|p|div|kbd|mark|u|s|del|small|img)\\b[^>]*>");
    private static final Pattern EMPHASIS_UNDERSCORE = Pattern.compile("(?<![\\p{L}\\p{N}])_+|_+(?![\\p{L}\\p{N}])");
    private static final Pattern SPACES = Pattern.compile("\\s+");
    private static final Pattern CAMEL = Pattern.compile("(\\p{Ll})(\\p{Lu})");
    private static final Pattern NOT_ALNUM = Pattern.compile("[^a-z0-9]+");
    private static final Pattern OUTER_PIPES = Pattern.compile("^\\||\\|$");
    private static final Pattern YAML_COMMENT = Pattern.compile("\\s+#.*$");
    private static final List<String> MONTHS = List.of("january", "february", "march", "april", "may", "june", "july",
            "august", "september", "october", "november", "december");

    private static final Set<String> STAGE_KEYS = Set.of("current stage", "stage", "maturity stage",
            "current maturity stage", "maturity", "current maturity", "maturity level", "current maturity level",
            "lifecycle stage", "current lifecycle stage", "promotion stage", "current promotion stage");
    private static final Set<String> UPDATED_KEYS = Set.of("last updated", "updated", "last update", "last modified",
            "modified", "updated at", "updated on", "last updated at", "last updated on", "lastmod", "date updated",
            "last changed");
    private static final Set<String> OWNER_KEYS = Set.of("owner", "owners", "component owner", "maintainer",
            "maintainers", "owned by", "owning team", "team");
    private static final Set<String> GROUP_KEYS = Set.of("functional group", "group", "functional area",
            "component group");
    private static final Set<String> ENTRY_WORDS = Set.of("promoted", "demoted", "promotion", "demotion", "since",
            "entered", "rolled", "reverted");
    private static final Set<String> NOT_ENTRY_WORDS = Set.of("target", "targeted", "planned", "expected", "next",
            "eta", "estimated", "estimate", "request", "requested", "issue", "pr", "commit", "by", "eligible", "due",
            "candidate", "criteria", "review", "reviewer", "blocker", "blockers", "status", "progress", "pending");

    private MaturityReader() {
    }

    /** One field of the header: normalised key ("current stage"), key as written, cleaned value. */
    private record Field(String key, String label, String value) {
    }

    /**
     * Reads the first MiB of {@code file} (UTF-8, or UTF-16 with a byte order mark).
     *
     * @throws UncheckedIOException when the file cannot be read; its message is "FILE: reason"
     */
    public static MaturityHeader read(Path file) {
        byte[] bytes;
        try (InputStream in = Files.newInputStream(file)) {
            bytes = in.readNBytes(MAX_BYTES);
        } catch (IOException e) {
            throw new UncheckedIOException(file + ": " + reason(e), e);
        }
        return parse(file.toString(), decode(bytes));
    }

    /** Reads the header of {@code text} (its first MiB), naming the result {@code fileName}. */
    public static MaturityHeader parse(String fileName, String text) {
        String t = text == null ? "" : text.length() > MAX_BYTES ? text.substring(0, MAX_BYTES) : text;
        if (t.startsWith("\uFEFF")) {
            t = t.substring(1);
        }
        if (t.isBlank()) {
            return MaturityHeader.unknown(fileName, "empty file");
        }
        if (looksBinary(t)) {
            return MaturityHeader.unknown(fileName, "not a text file");
        }
        String[] lines = LINE_BREAK.split(t, -1);
        int body = frontMatterEnd(lines);
        List<Field> fields = new ArrayList<>();
        for (int i = 1; i < body - 1; i++) {
            Matcher m = FRONT_MATTER_FIELD.matcher(lines[i]);
            if (m.matches()) {
                fields.add(field(m.group(1), unquote(m.group(2))));
            }
        }
        List<String> header = headerBlock(lines, body);
        fields.addAll(fields(header));
        if (isStub(header)) {
            return MaturityHeader.unknown(fileName, "stub: document has moved");
        }
        Field stageField = stageField(fields);
        if (stageField == null) {
            return MaturityHeader.unknown(fileName, "no Current Stage in header");
        }
        String value = stageField.value();
        if (PLACEHOLDER.matcher(value).find() || CHOICE.matcher(value).find()) {
            return MaturityHeader.unknown(fileName, "template placeholder in Current Stage");
        }
        Matcher word = STAGE_WORD.matcher(value);
        if (!word.find()) {
            return MaturityHeader.unknown(fileName, "no stage word in Current Stage: \"" + value + "\"");
        }
        Stage stage = Stage.parse(word.group(1)).orElseThrow();
        StringBuilder note = new StringBuilder(stageField.label()).append(": \"").append(value).append("\"; ");
        LocalDate since = since(stage, stageField, fields, note);
        return new MaturityHeader(fileName, stage, since, firstValue(fields, GROUP_KEYS), firstValue(fields, OWNER_KEYS),
                note.toString());
    }

    private static LocalDate since(Stage stage, Field stageField, List<Field> fields, StringBuilder note) {
        LocalDate explicit = null;
        String from = null;
        for (Field f : fields) {
            boolean entry = f == stageField ? !leaves(f.value(), stage)
                    : isEntryKey(f.key()) && aimsAt(f.label() + " " + f.value(), stage);
            LocalDate d = entry ? date(f.value()) : null;
            if (d != null && (explicit == null || d.isAfter(explicit))) {
                explicit = d;
                from = f.label();
            }
        }
        if (explicit != null) {
            note.append("since from ").append(from);
            return explicit;
        }
        String why = stage != Stage.DEVELOPMENT ? "reached by promotion"
                : fields.stream().anyMatch(f -> statesEntry(f, stage)) ? "header states the move into " + stage.title()
                : null;
        if (why == null) {
            note.append("since not stated");
            return null;
        }
        for (Field f : fields) {
            LocalDate d = UPDATED_KEYS.contains(f.key()) ? date(f.value()) : null;
            if (d != null) {
                note.append("since = ").append(f.label()).append(" (").append(why).append(')');
                return d;
            }
        }
        note.append("since not stated (no Last Updated date)");
        return null;
    }

    /** Whether a field names a moment of entering a stage ("Promoted to Staging", "promoted_at", "Since"). */
    private static boolean isEntryKey(String key) {
        List<String> words = List.of(key.split(" "));
        return words.size() <= 5 && words.stream().anyMatch(ENTRY_WORDS::contains)
                && words.stream().noneMatch(NOT_ENTRY_WORDS::contains);
    }

    /** Whether a transition text leads into {@code stage}, or names no target at all. */
    private static boolean aimsAt(String text, Stage stage) {
        Matcher m = STAGE_WORD.matcher(SOURCE.matcher(text).replaceAll(" "));
        boolean named = false;
        while (m.find()) {
            if (m.group(1).equalsIgnoreCase(stage.title())) {
                return true;
            }
            named = true;
        }
        return !named;
    }

    /** "Development → Staging (Promotion in Progress)": the stage value announces a move away. */
    private static boolean leaves(String value, Stage stage) {
        Matcher m = INTO.matcher(value);
        while (m.find()) {
            if (!m.group(1).equalsIgnoreCase(stage.title())) {
                return true;
            }
        }
        return false;
    }

    /** "Status: DEMOTED (Staging → Development)", "Rolled back to Development", "Previous Stage: Staging". */
    private static boolean statesEntry(Field f, Stage stage) {
        if (f.key().equals("previous stage")) {
            Matcher m = STAGE_WORD.matcher(f.value());
            return m.find() && !m.group(1).equalsIgnoreCase(stage.title());
        }
        Matcher into = INTO.matcher(f.value());
        while (into.find()) {
            if (into.group(1).equalsIgnoreCase(stage.title())
                    && !NOT_YET.matcher(f.value().substring(into.end())).find()) {
                return true;
            }
        }
        return (DEMOTION.matcher(f.label()).find() || DEMOTION.matcher(f.value()).find())
                && !leaves(f.value(), stage) && aimsAt(f.value(), stage);
    }

    /** Index of the first line after a closed YAML front matter block, or 0 when there is none. */
    private static int frontMatterEnd(String[] lines) {
        if (!lines[0].strip().equals("---")) {
            return 0;
        }
        boolean yaml = false;
        for (int i = 1; i < lines.length && i < 500; i++) {
            String l = lines[i].strip();
            if (l.equals("---") || l.equals("...")) {
                return yaml ? i + 1 : 0;
            }
            yaml |= FRONT_MATTER_FIELD.matcher(lines[i]).matches();
        }
        return 0;
    }

    /**
     * Lines from {@code from} up to the first horizontal rule, outside code fences and HTML comments.
     * Rules before any text other than headings are skipped, so "# Title / --- / fields / ---" works.
     */
    private static List<String> headerBlock(String[] lines, int from) {
        List<String> block = new ArrayList<>();
        boolean fenced = false;
        boolean comment = false;
        boolean content = false;
        for (int i = from; i < lines.length; i++) {
            String line = lines[i];
            if (FENCE.matcher(line).find()) {
                fenced = !fenced;
                continue;
            }
            if (fenced) {
                continue;
            }
            if (comment) {
                int end = line.indexOf("-->");
                if (end < 0) {
                    continue;
                }
                line = line.substring(end + 3);
                comment = false;
            }
            line = COMMENT.matcher(line).replaceAll("");
            int open = line.indexOf("<!--");
            if (open >= 0) {
                line = line.substring(0, open);
                comment = true;
            }
            if (RULE.matcher(line).matches()) {
                if (content) {
                    break;
                }
                continue;
            }
            block.add(line);
            String bare = QUOTE_OR_ITEM.matcher(line).replaceFirst("");
            content |= !bare.isBlank() && !HEADING.matcher(bare).find();
        }
        return block;
    }

    /** Key/value fields of the header block, in order. */
    private static List<Field> fields(List<String> block) {
        List<Field> out = new ArrayList<>();
        String headingKey = null;
        List<String> columns = null;
        for (int i = 0; i < block.size(); i++) {
            String line = QUOTE_OR_ITEM.matcher(block.get(i)).replaceFirst("").strip();
            if (line.isEmpty()) {
                continue;
            }
            boolean heading = HEADING.matcher(line).find();
            line = HEADING.matcher(line).replaceFirst("");
            if (headingKey != null && !heading) {
                out.add(field(headingKey, line));
                headingKey = null;
                continue;
            }
            headingKey = null;
            if (line.startsWith("|")) {
                if (TABLE_DELIMITER.matcher(line).matches()) {
                    continue;
                }
                List<String> cells = cells(line);
                String next = i + 1 < block.size()
                        ? QUOTE_OR_ITEM.matcher(block.get(i + 1)).replaceFirst("").strip() : "";
                if (TABLE_DELIMITER.matcher(next).matches()) {
                    columns = cells;
                    continue;
                }
                if (columns != null) {
                    for (int c = 0; c < Math.min(columns.size(), cells.size()); c++) {
                        out.add(field(columns.get(c), cells.get(c)));
                    }
                    columns = null;
                }
                if (cells.size() >= 2) {
                    out.add(field(cells.get(0), cells.get(1)));
                }
                continue;
            }
            columns = null;
            int colon = line.indexOf(':');
            if (colon > 0) {
                out.add(field(line.substring(0, colon), line.substring(colon + 1)));
            } else if (heading && isKnownKey(normalise(line))) {
                headingKey = line;
            }
        }
        return out;
    }

    private static boolean isKnownKey(String key) {
        return STAGE_KEYS.contains(key) || UPDATED_KEYS.contains(key) || OWNER_KEYS.contains(key)
                || GROUP_KEYS.contains(key);
    }

    private static List<String> cells(String row) {
        String inner = OUTER_PIPES.matcher(row.strip()).replaceAll("");
        List<String> cells = new ArrayList<>();
        for (String c : inner.split("\\|", -1)) {
            cells.add(c.strip());
        }
        return cells;
    }

    private static Field field(String key, String value) {
        return new Field(normalise(key), clean(key), clean(value == null ? "" : value));
    }

    /** The first "Current Stage" field, else the first field under another stage key ("Stage", "Maturity"). */
    private static Field stageField(List<Field> fields) {
        return fields.stream().filter(f -> f.key().equals("current stage")).findFirst()
                .or(() -> fields.stream().filter(f -> STAGE_KEYS.contains(f.key())).findFirst()).orElse(null);
    }

    private static boolean isStub(List<String> header) {
        List<String> text = header.stream().map(l -> clean(QUOTE_OR_ITEM.matcher(l).replaceFirst(""))).toList();
        return STUB.matcher(String.join("\n", text)).find();
    }

    /** The first value under one of {@code keys} that is not empty or a placeholder. */
    private static String firstValue(List<Field> fields, Set<String> keys) {
        return fields.stream().filter(f -> keys.contains(f.key())).map(Field::value)
                .filter(v -> !PLACEHOLDER.matcher(v).find() && !EMPTY_VALUE.matcher(v).matches())
                .findFirst().orElse(null);
    }

    /** "**Current_Stage** 🚀" → "current stage"; "lastUpdated" → "last updated". */
    private static String normalise(String key) {
        String spaced = CAMEL.matcher(key).replaceAll("$1 $2").toLowerCase(Locale.ROOT);
        return NOT_ALNUM.matcher(spaced).replaceAll(" ").strip();
    }

    /** Drops markdown emphasis, links, struck-through text, simple HTML tags and emoji; collapses spaces. */
    private static String clean(String text) {
        String s = STRUCK.matcher(text).replaceAll(" ");
        s = WIKI_LINK.matcher(s).replaceAll("$1");
        s = LINK.matcher(s).replaceAll("$1");
        s = HTML_TAG.matcher(s).replaceAll(" ").replace("*", "").replace("`", "");
        s = EMPHASIS_UNDERSCORE.matcher(s).replaceAll("");
        StringBuilder b = new StringBuilder(s.length());
        s.codePoints().filter(cp -> !isDecoration(cp)).forEach(b::appendCodePoint);
        String r = SPACES.matcher(b).replaceAll(" ").strip();
        return r.endsWith("\\") ? r.substring(0, r.length() - 1).strip() : r;
    }

    private static boolean isDecoration(int cp) {
        return Character.getType(cp) == Character.OTHER_SYMBOL || cp == 0xFE0F || cp == 0xFE0E || cp == 0x200D
                || cp == 0x20E3 || (cp >= 0x1F3FB && cp <= 0x1F3FF);
    }

    private static String unquote(String value) {
        if (value == null) {
            return "";
        }
        String v = value.strip();
        if (v.length() >= 2 && (v.charAt(0) == '"' || v.charAt(0) == '\'') && v.charAt(v.length() - 1) == v.charAt(0)) {
            return v.substring(1, v.length() - 1);
        }
        return YAML_COMMENT.matcher(v).replaceAll("");
    }

    /** The first valid calendar date in {@code text}: 2025-10-21, 2025/10/21, Oct 21, 2025 or 21 October 2025. */
    static LocalDate date(String text) {
        Matcher m = DATE.matcher(text);
        while (m.find()) {
            try {
                if (m.group(1) != null) {
                    return LocalDate.of(num(m.group(1)), num(m.group(2)), num(m.group(3)));
                }
                int month = month(m.group(4) != null ? m.group(4) : m.group(8));
                if (month > 0) {
                    return m.group(4) != null ? LocalDate.of(num(m.group(6)), month, num(m.group(5)))
                            : LocalDate.of(num(m.group(9)), month, num(m.group(7)));
                }
            } catch (DateTimeException e) {
                // not a real day (2025-02-30): look further
            }
        }
        return null;
    }

    private static int num(String digits) {
        return Integer.parseInt(digits);
    }

    private static int month(String name) {
        String n = name.toLowerCase(Locale.ROOT);
        for (int i = 0; i < MONTHS.size(); i++) {
            if (MONTHS.get(i).startsWith(n) && n.length() >= 3) {
                return i + 1;
            }
        }
        return n.equals("sept") ? 9 : 0;
    }

    private static boolean looksBinary(String text) {
        int n = Math.min(text.length(), 8192);
        int odd = 0;
        for (int i = 0; i < n; i++) {
            char c = text.charAt(i);
            if (c == 0) {
                return true;
            }
            if (c == '\uFFFD' || (c < 0x20 && c != '\t' && c != '\n' && c != '\r' && c != '\f')) {
                odd++;
            }
        }
        return odd * 20 > n;
    }

    private static String decode(byte[] b) {
        Charset cs = StandardCharsets.UTF_8;
        int skip = 0;
        if (b.length >= 2 && (b[0] & 0xFF) == 0xFE && (b[1] & 0xFF) == 0xFF) {
            cs = StandardCharsets.UTF_16BE;
            skip = 2;
        } else if (b.length >= 2 && (b[0] & 0xFF) == 0xFF && (b[1] & 0xFF) == 0xFE) {
            cs = StandardCharsets.UTF_16LE;
            skip = 2;
        }
        return new String(b, skip, b.length - skip, cs);
    }

    private static String reason(IOException e) {
        if (e instanceof NoSuchFileException) {
            return "no such file";
        }
        if (e instanceof AccessDeniedException) {
            return "permission denied";
        }
        return e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
    }
}
