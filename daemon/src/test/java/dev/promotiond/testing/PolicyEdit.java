package dev.promotiond.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Changes one default threshold in a rules folder's policy.yaml the way an operator edits it:
 * the line {@code key: value} under {@code defaults.SECTION} (or {@code alerts}) gets a new value,
 * or is added when the file leaves the key out. Fails loudly when the section is not there.
 */
public final class PolicyEdit {
    private PolicyEdit() {
    }

    /** Sets {@code section.key} (e.g. "to_production.min_uptime") to {@code value} (e.g. "99.99%"). */
    public static void set(Path rulesDir, String sectionDotKey, String value) {
        Path file = rulesDir.resolve("policy.yaml");
        try {
            Files.writeString(file, set(Files.readString(file), sectionDotKey, value));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The policy text with {@code section.key} set to {@code value}. */
    public static String set(String text, String sectionDotKey, String value) {
        int dot = sectionDotKey.indexOf('.');
        String section = sectionDotKey.substring(0, dot);
        String key = sectionDotKey.substring(dot + 1);
        List<String> lines = new ArrayList<>(List.of(text.split("\n", -1)));
        int start = -1;
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).matches("\\s*" + section + ":\\s*(#.*)?")) {
                start = i;
                break;
            }
        }
        if (start < 0) {
            throw new IllegalStateException("policy.yaml has no section " + section + ": update this helper");
        }
        int indent = lines.get(start).indexOf(section) + 2;
        for (int i = start + 1; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.isBlank() || line.strip().startsWith("#")) {
                continue;
            }
            int lead = line.length() - line.stripLeading().length();
            if (lead < indent) {
                break;
            }
            if (line.stripLeading().startsWith(key + ":")) {
                lines.set(i, " ".repeat(lead) + key + ": " + value);
                return String.join("\n", lines);
            }
        }
        lines.add(start + 1, " ".repeat(indent) + key + ": " + value);
        return String.join("\n", lines);
    }
}
