package dev.promotiond.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * The shipped rules with the production guard's delays shortened, as an operator would tune them
 * in {@code policy.yaml}: a breach must hold 2 s (not 5 minutes) and a source must be down 1 s (not
 * a minute) before the daemon acts. The watch window and the rollback cap stay as shipped.
 */
public final class QuickGuardRules {
    public static final Path SHIPPED = Path.of(System.getProperty("promotiond.rules.dir", "../rules")).toAbsolutePath();

    private QuickGuardRules() {
    }

    /** Copies the shipped rules into {@code dir/rules}, shortened; fails if the policy's sections moved. */
    public static Path copyInto(Path dir) {
        try {
            Path copy = Files.createDirectories(dir.resolve("rules"));
            try (Stream<Path> files = Files.list(SHIPPED)) {
                for (Path f : files.filter(p -> p.toString().endsWith(".drl")
                        || p.getFileName().toString().equals("policy.yaml")).toList()) {
                    Files.copy(f, copy.resolve(f.getFileName()));
                }
            }
            PolicyEdit.set(copy, "in_production.breach_for", "2s");
            PolicyEdit.set(copy, "alerts.source_down_for", "1s");
            return copy;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
