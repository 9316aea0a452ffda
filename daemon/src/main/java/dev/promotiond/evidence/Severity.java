package dev.promotiond.evidence;

import java.util.Locale;

/**
 * Vulnerability severities, highest first, with the value names the vulnerability parsers count
 * them under. UNKNOWN is a severity of its own: the report did not rank the vulnerability, which
 * says nothing about how bad it is.
 */
enum Severity {
    CRITICAL, HIGH, MEDIUM, LOW, UNKNOWN;

    /** "severity_critical", ... */
    String valueName() {
        return "severity_" + label();
    }

    String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** GitHub's and OSV's words (MODERATE is GitHub's MEDIUM); null for anything else. */
    static Severity ofWord(String word) {
        return switch (word.strip().toUpperCase(Locale.ROOT)) {
            case "CRITICAL" -> CRITICAL;
            case "HIGH" -> HIGH;
            case "MODERATE", "MEDIUM" -> MEDIUM;
            case "LOW" -> LOW;
            default -> null;
        };
    }

    /** The CVSS v3 qualitative rating of a base score (0.0 "None" counts as LOW); null when not a score. */
    static Severity ofScore(String score) {
        double s;
        try {
            s = Double.parseDouble(score.strip());
        } catch (NumberFormatException e) {
            return null;
        }
        if (!(s >= 0 && s <= 10)) {
            return null;
        }
        return s >= 9 ? CRITICAL : s >= 7 ? HIGH : s >= 4 ? MEDIUM : LOW;
    }

    /** The higher of two, either may be null. */
    static Severity higher(Severity a, Severity b) {
        if (a == null) {
            return b;
        }
        if (b == null) {
            return a;
        }
        return a.ordinal() <= b.ordinal() ? a : b;
    }
}
