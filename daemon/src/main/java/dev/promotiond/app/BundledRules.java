package dev.promotiond.app;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** The default DRL criteria packed into the jar (from the repository's rules/ folder). */
public final class BundledRules {
    /** Every file of rules/*.drl; a test keeps this list equal to the folder. */
    public static final List<String> FILES = List.of("actions.drl", "evidence.drl", "monitoring.drl", "policy.drl", "production.drl", "sla.drl", "stages.drl", "staging.drl",
            "supply-chain.drl");

    private BundledRules() {
    }

    /** Writes the bundled rules into {@code dir} and returns it. */
    public static Path extractTo(Path dir) {
        try {
            Files.createDirectories(dir);
            for (String name : FILES) {
                try (InputStream in = BundledRules.class.getResourceAsStream("/dev/promotiond/default-rules/" + name)) {
                    if (in == null) {
                        throw new IOException("default rule file " + name + " is missing from the jar");
                    }
                    Files.copy(in, dir.resolve(name));
                }
            }
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
