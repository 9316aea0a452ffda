package dev.promotiond.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The promotiond CLI in a JVM of its own, as an operator starts it: a small heap and the quick
 * compiler, so the tests that start daemons as processes stay light on a two-core machine.
 */
public final class CliJvm {
    private CliJvm() {
    }

    /** {@code java … dev.promotiond.cli.Main ARGS}: the command line for a process builder. */
    public static List<String> command(String... args) {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"),
                "dev.promotiond.cli.Main"));
        command.addAll(List.of(args));
        return command;
    }

    /**
     * Writes {@code promotiond.yaml} into {@code dir}: one component, {@code api} in Staging, a free
     * loopback port, a store beside it, and a 1 s evaluation interval; returns its path.
     */
    public static Path oneComponentConfig(Path dir) throws IOException {
        Path config = dir.resolve("promotiond.yaml");
        Files.writeString(config, """
                listen: 127.0.0.1:0
                store: ./ledger.db
                evaluation_interval: 1s
                components:
                  - name: api
                    stage: Staging
                """);
        return config;
    }
}
