package dev.promotiond.probe;

import dev.promotiond.http.TransportErrors;
import java.util.List;

/**
 * The reasons a probe reports. Reasons are shown to users, so they are short and stable; metrics
 * label by {@link #family(String)}, which has a bounded set of values.
 */
public final class ProbeReasons {
    public static final String OK = "ok";
    public static final String TIMEOUT = TransportErrors.TIMEOUT;
    public static final String REFUSED = TransportErrors.REFUSED;
    public static final String OVERSIZED = "oversized body";
    public static final String UNPARSEABLE = "unparseable body";

    public static final String FAMILY_OK = "ok";
    public static final String FAMILY_STATUS = "status";
    public static final String FAMILY_TIMEOUT = "timeout";
    public static final String FAMILY_REFUSED = "refused";
    public static final String FAMILY_UNREACHABLE = "unreachable";
    public static final String FAMILY_OVERSIZED = "oversized";
    public static final String FAMILY_UNPARSEABLE = "unparseable";
    public static final String FAMILY_UNHEALTHY = "unhealthy";
    /** Every value {@link #family(String)} can return. */
    public static final List<String> FAMILIES = List.of(FAMILY_OK, FAMILY_STATUS, FAMILY_TIMEOUT, FAMILY_REFUSED,
            FAMILY_UNREACHABLE, FAMILY_OVERSIZED, FAMILY_UNPARSEABLE, FAMILY_UNHEALTHY);

    static final int MAX_VALUE_CHARS = 64;

    private static final String STATUS_PREFIX = "status ";
    private static final String UNHEALTHY_PREFIX = "unhealthy: ";

    private ProbeReasons() {
    }

    /** "status 503": the endpoint answered with a status the check does not accept. */
    public static String status(int code) {
        return STATUS_PREFIX + code;
    }

    /** "unreachable: ...": the check cannot be made (not an http(s) url, an unreadable CA file).
     * Transport failures get their text from {@link TransportErrors#text}. */
    public static String unreachable(String message) {
        return TransportErrors.unreachable(message);
    }

    /** "unhealthy: degraded": the status field held a value not listed as healthy. */
    public static String unhealthy(String value) {
        return UNHEALTHY_PREFIX + truncate(value, MAX_VALUE_CHARS);
    }

    /**
     * The family of a reason, for bounded metric labels: one of {@link #FAMILIES}. Reasons this
     * class did not produce count as unreachable.
     */
    public static String family(String reason) {
        if (reason == null) {
            return FAMILY_UNREACHABLE;
        }
        return switch (reason) {
            case OK -> FAMILY_OK;
            case TIMEOUT -> FAMILY_TIMEOUT;
            case REFUSED -> FAMILY_REFUSED;
            case OVERSIZED -> FAMILY_OVERSIZED;
            case UNPARSEABLE -> FAMILY_UNPARSEABLE;
            default -> reason.startsWith(STATUS_PREFIX) ? FAMILY_STATUS
                    : reason.startsWith(UNHEALTHY_PREFIX) ? FAMILY_UNHEALTHY
                    : FAMILY_UNREACHABLE;
        };
    }

    /** Cuts to at most max chars without splitting a surrogate pair. */
    static String truncate(String s, int max) {
        if (s.length() <= max) {
            return s;
        }
        int end = Character.isHighSurrogate(s.charAt(max - 1)) ? max - 1 : max;
        return s.substring(0, end);
    }
}
