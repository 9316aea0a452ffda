package dev.promotiond.http;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.SocketException;
import java.util.Locale;
import javax.net.ssl.SSLException;

/**
 * The one short text for a call that failed before an answer. The probe shows it as the reason of a
 * DOWN observation; the other clients put it after their own "X unreachable: ". Texts are stable:
 * <ul>
 * <li>{@value #TIMEOUT}: no complete answer within the timeout (connect, read or the whole call);</li>
 * <li>{@value #REFUSED}: nothing listens at the address;</li>
 * <li>{@value #RESET}: the peer reset the connection;</li>
 * <li>{@code TLS: <message>}: the TLS handshake failed (untrusted certificate, wrong host, ...);</li>
 * <li>{@code unreachable: <message>}: anything else (unknown host, closed stream, ...).</li>
 * </ul>
 * Messages are cut to {@value #MAX_MESSAGE_CHARS} characters.
 */
public final class TransportErrors {
    public static final String TIMEOUT = "timeout";
    public static final String REFUSED = "refused";
    public static final String RESET = "reset";
    public static final String TLS_PREFIX = "TLS: ";
    public static final String UNREACHABLE_PREFIX = "unreachable: ";
    static final int MAX_MESSAGE_CHARS = 128;

    private TransportErrors() {
    }

    /** The text for {@code e}; see the class comment. */
    public static String text(IOException e) {
        if (e instanceof InterruptedIOException) {  // call timeout and socket timeouts alike
            return TIMEOUT;
        }
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof ConnectException) {
                return REFUSED;
            }
            if (t instanceof SSLException) {
                return TLS_PREFIX + truncate(message(t));
            }
            if (t instanceof SocketException && t.getMessage() != null
                    && t.getMessage().toLowerCase(Locale.ROOT).contains("reset")) {
                return RESET;
            }
        }
        return unreachable(message(e));
    }

    /** "unreachable: " and the message, cut to the limit. */
    public static String unreachable(String message) {
        return UNREACHABLE_PREFIX + truncate(message == null ? "unknown error" : message);
    }

    /**
     * The text without the "unreachable: " prefix, for callers whose message already says
     * "X unreachable: ".
     */
    public static String detail(IOException e) {
        String text = text(e);
        return text.startsWith(UNREACHABLE_PREFIX) ? text.substring(UNREACHABLE_PREFIX.length()) : text;
    }

    private static String message(Throwable t) {
        return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
    }

    /** Cuts to at most the limit without splitting a surrogate pair. */
    static String truncate(String s) {
        if (s.length() <= MAX_MESSAGE_CHARS) {
            return s;
        }
        int end = Character.isHighSurrogate(s.charAt(MAX_MESSAGE_CHARS - 1)) ? MAX_MESSAGE_CHARS - 1 : MAX_MESSAGE_CHARS;
        return s.substring(0, end);
    }
}
