package dev.promotiond.evidence;

import dev.promotiond.facts.Stage;
import java.time.LocalDate;
import java.util.Objects;

/**
 * What a MATURITY.md header declares. {@code stage} is null when the file does not say (a moved stub,
 * a template, no Current Stage in the header); then {@code since}, {@code group} and {@code owner} are
 * null too, and {@code note} says why. For a known stage, {@code note} says what was read.
 *
 * @param file  the file as it was named to the reader (a path or a bare name)
 * @param stage the declared stage, or null when unknown
 * @param since the day the component entered that stage, or null when the header does not say
 * @param group the functional group, or null when absent or a placeholder
 * @param owner the owner, or null when absent or a placeholder
 * @param note  why the stage is unknown, or where stage and date were read
 */
public record MaturityHeader(String file, Stage stage, LocalDate since, String group, String owner, String note) {

    public MaturityHeader {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(note, "note");
        if (stage == null && (since != null || group != null || owner != null)) {
            throw new IllegalArgumentException(file + ": an unknown stage carries no date, group or owner");
        }
    }

    static MaturityHeader unknown(String file, String note) {
        return new MaturityHeader(file, null, null, null, null, note);
    }

    public boolean known() {
        return stage != null;
    }

    /**
     * Five tab-separated columns: file name (without its folders), stage or {@code unknown}, ISO date
     * or {@code -}, group or {@code -}, owner or {@code -}.
     */
    public String tsvLine() {
        return String.join("\t", cell(fileName()), known() ? stage.title() : "unknown",
                since == null ? "-" : since.toString(), cell(group), cell(owner));
    }

    private String fileName() {
        int slash = Math.max(file.lastIndexOf('/'), file.lastIndexOf('\\'));
        return file.substring(slash + 1);
    }

    private static String cell(String value) {
        return value == null || value.isBlank() ? "-" : value.replaceAll("[\\t\\r\\n]+", " ");
    }
}
