package dev.promotiond.evidence;

import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The notes a report carries beside its counts: one short line per thing counted (a vulnerability
 * id, an outdated package, a blocker's title), so that a reason can name what fails. Reports
 * are untrusted, so a note is one printable line of bounded length and a report keeps a bounded
 * number of them; the counts stay exact when notes are dropped.
 */
final class Notes {
    /** The most characters of one note. */
    static final int MAX_LENGTH = 160;
    /** The most notes one piece of evidence keeps. */
    static final int MAX_NOTES = 500;

    private Notes() {
    }

    /** One line: control characters and runs of spaces become one space, cut at {@link #MAX_LENGTH}. */
    static String clean(String text) {
        String line = text.replaceAll("[\\p{Cntrl}\\s]+", " ").strip();
        return line.length() > MAX_LENGTH ? line.substring(0, MAX_LENGTH - 1) + "…" : line;
    }

    /** Adds {@code note} unless {@code notes} is full. */
    static void add(Collection<String> notes, String note) {
        if (notes.size() < MAX_NOTES) {
            notes.add(clean(note));
        }
    }

    /** The notes of several reports in order, without repeats, at most {@link #MAX_NOTES}. */
    static List<String> merge(List<ParsedReport> reports) {
        Set<String> out = new LinkedHashSet<>();
        for (ParsedReport r : reports) {
            for (String n : r.notes()) {
                if (out.size() < MAX_NOTES) {
                    out.add(n);
                }
            }
        }
        return List.copyOf(out);
    }
}
