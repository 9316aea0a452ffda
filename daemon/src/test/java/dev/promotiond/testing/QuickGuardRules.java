package dev.promotiond.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * The shipped rules with the production guard's delays shortened, as an operator would tune them
 * in {@code actions.drl}: a breach must hold 2 s (not 5 minutes) and a source must be down 1 s (not
 * a minute) before the daemon acts. The watch window and the rollback cap stay as shipped.
 */
public final class QuickGuardRules {
    public static final Path SHIPPED = Path.of(System.getProperty("promotiond.rules.dir", "../rules")).toAbsolutePath();
    private static final String DEFAULT = "new GuardPolicy(24L * 3600, 5L * 60, 60L,";
    private static final String QUICK = "new GuardPolicy(24L * 3600, 2L, 1L,";

    private QuickGuardRules() {
    }

    /** Copies the shipped DRL files into {@code dir/rules}, shortened; fails if the policy line moved. */
    public static Path copyInto(Path dir) {
        try {
            Path copy = Files.createDirectories(dir.resolve("rules"));
            try (Stream<Path> files = Files.list(SHIPPED)) {
                for (Path f : files.filter(p -> p.toString().endsWith(".drl")).toList()) {
                    Files.writeString(copy.resolve(f.getFileName()), Files.readString(f).replace(DEFAULT, QUICK));
                }
            }
            if (!Files.readString(copy.resolve("actions.drl")).contains(QUICK)) {
                throw new IllegalStateException("actions.drl no longer declares " + DEFAULT + " ...: update this helper");
            }
            return copy;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
