package dev.promotiond.cli;

import java.nio.file.Files;
import java.nio.file.Path;

/** Finds the real programs tests run (installed by .ci/run); a missing one fails loudly, never skips. */
final class Tools {
    private Tools() {
    }

    static String require(String name) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
            Path p = Path.of(dir, name);
            if (Files.isExecutable(p)) {
                return p.toString();
            }
        }
        throw new AssertionError(name + " is not installed; run .ci/run (it installs Debian's prometheus package)");
    }
}
