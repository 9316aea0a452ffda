package dev.promotiond.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/** A copy of the shipped rules folder's compiled files (every DRL and policy.yaml), for a test to edit. */
public final class RulesCopy {
    public static final Path SHIPPED = Path.of(System.getProperty("promotiond.rules.dir", "../rules")).toAbsolutePath();

    private RulesCopy() {
    }

    /** Copies them into {@code dir} (created when missing) and returns it. */
    public static Path into(Path dir) {
        return from(SHIPPED, dir);
    }

    /** Copies the compiled files of the rules folder {@code rules} into {@code dir}; returns {@code dir}. */
    public static Path from(Path rules, Path dir) {
        try {
            Files.createDirectories(dir);
            try (Stream<Path> files = Files.list(rules)) {
                for (Path f : files.filter(p -> p.toString().endsWith(".drl")
                        || p.getFileName().toString().equals("policy.yaml")).toList()) {
                    Files.copy(f, dir.resolve(f.getFileName()));
                }
            }
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
