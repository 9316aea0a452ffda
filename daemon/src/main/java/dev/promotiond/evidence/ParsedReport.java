package dev.promotiond.evidence;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * What one report file says, in canonical value names (listed on {@link ReportParsers}).
 *
 * @param file   the file name as uploaded
 * @param format the format recognised from the content
 * @param tool   what wrote it, e.g. "pytest", "surefire", "coverage.py", "jacoco", "k6"
 * @param values canonical name → finite value; sorted by name and unmodifiable
 * @param notes  what the counts count, for reasons: vulnerability ids, outdated packages, blocker
 *               titles (see {@link Notes}); empty for the formats that name nothing
 */
public record ParsedReport(String file, ReportFormat format, String tool, Map<String, Double> values,
                           List<String> notes) {
    public ParsedReport(String file, ReportFormat format, String tool, Map<String, Double> values) {
        this(file, format, tool, values, List.of());
    }

    public ParsedReport {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(format, "format");
        Objects.requireNonNull(tool, "tool");
        TreeMap<String, Double> copy = new TreeMap<>();
        for (Map.Entry<String, Double> e : values.entrySet()) {
            double v = Objects.requireNonNull(e.getValue(), e.getKey());
            if (!Double.isFinite(v)) {
                throw new IllegalArgumentException("value " + e.getKey() + " must be finite, was " + v);
            }
            copy.put(Objects.requireNonNull(e.getKey(), "value name"), v);
        }
        values = Collections.unmodifiableSortedMap(copy);
        notes = List.copyOf(notes);
    }
}
