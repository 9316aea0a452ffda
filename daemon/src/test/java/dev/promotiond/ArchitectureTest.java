package dev.promotiond;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Imports flow one way:
 * {@code cli → app → {cluster, reload, api, export} → cycle → {probe, promql, evidence, engine, actions} → {store, config} → facts};
 * the offline tools {@code rulestest}, {@code replay} and {@code demo} sit beside app, under cli, and
 * {@code clock} (the driven test clock) imports nothing; the outbound HTTP plumbing ({@code http})
 * sits beside config, below every HTTP client.
 *
 * <p>{@code cli} reaches the daemon only through {@code app} and the offline tools; besides those it
 * may read config and facts (it parses config files), engine (it compiles rule folders for
 * {@code rules check}/{@code config check}), evidence (it parses reports before pushing them) and the
 * outbound HTTP plumbing (http: its daemon client is one of the HTTP clients). It
 * never reaches into store, probe, promql, cycle, cluster, actions, api, export or reload, with no exception:
 * what a command needs from those, app or an offline tool offers it.
 */
class ArchitectureTest {
    static final Path MAIN = Path.of("src/main/java/dev/promotiond");
    static final Pattern IMPORT = Pattern.compile("^import (?:static )?([\\w.]+)", Pattern.MULTILINE);

    static final Map<String, Set<String>> ALLOWED = Map.ofEntries(
            Map.entry("facts", Set.of()),
            Map.entry("clock", Set.of()),
            Map.entry("config", Set.of("facts")),
            Map.entry("store", Set.of("facts")),
            Map.entry("http", Set.of("config")),
            Map.entry("engine", Set.of("config", "facts")),
            Map.entry("probe", Set.of("http", "config", "facts")),
            Map.entry("promql", Set.of("http", "config", "facts")),
            Map.entry("evidence", Set.of("store", "config", "facts")),
            Map.entry("actions", Set.of("http", "config", "store", "facts")),
            Map.entry("cycle", Set.of("engine", "promql", "store", "config", "facts")),
            Map.entry("export", Set.of("cycle", "store", "config", "facts")),
            Map.entry("api", Set.of("cycle", "evidence", "store", "config", "facts")),
            Map.entry("reload", Set.of("api", "export", "engine", "config", "facts")),
            Map.entry("cluster", Set.of("cycle", "probe", "store", "config", "facts")),
            Map.entry("app", Set.of("cluster", "reload", "api", "export", "cycle", "probe", "promql", "evidence", "actions", "engine", "http", "store", "config", "facts")),
            Map.entry("rulestest", Set.of("cycle", "evidence", "actions", "engine", "store", "config", "facts", "clock")),
            Map.entry("replay", Set.of("promql", "engine", "store", "config", "facts")),
            Map.entry("demo", Set.of("store", "config", "facts")),
            Map.entry("cli", Set.of("app", "rulestest", "replay", "demo", "engine", "evidence", "http", "config", "facts")));

    /** The core stays free of transport, metrics, CLI and JSON libraries. */
    static final Map<String, List<String>> FORBIDDEN_LIBRARIES = Map.of(
            "facts", List.of("okhttp3", "io.prometheus", "picocli", "com.fasterxml", "com.sun.net", "java.net.http", "org.kie"),
            "engine", List.of("okhttp3", "io.prometheus", "picocli", "com.fasterxml", "com.sun.net", "java.net.http"),
            "evidence", List.of("okhttp3", "io.prometheus", "picocli", "com.sun.net", "java.net.http", "org.kie"),
            "store", List.of("okhttp3", "io.prometheus", "picocli", "com.fasterxml", "com.sun.net", "java.net.http", "org.kie"));

    @Test
    void packagesImportOnlyInTheirDirection() throws IOException {
        assertThat(violations(MAIN)).isEmpty();
    }

    @Test
    void aWrongDirectionImportIsCaught(@TempDir Path dir) throws IOException {
        Path root = dir.resolve("dev/promotiond");
        write(root.resolve("store/Store.java"), "package dev.promotiond.store;\n\nimport dev.promotiond.facts.Stage;\n");
        write(root.resolve("engine/Rules.java"), "package dev.promotiond.engine;\n\nimport dev.promotiond.cycle.Evaluation;\n"
                + "import com.fasterxml.jackson.databind.JsonNode;\n");
        write(root.resolve("cli/Command.java"), "package dev.promotiond.cli;\n\nimport dev.promotiond.app.Daemon;\n"
                + "import dev.promotiond.store.Ledger;\nimport static dev.promotiond.probe.ProbeReasons.reason;\n");
        write(root.resolve("facts/Fact.java"), "package dev.promotiond.facts;\n\nimport dev.promotiond.config.Policy;\n");
        assertThat(violations(root)).containsExactlyInAnyOrder(
                "engine/Rules.java imports dev.promotiond.cycle.Evaluation",
                "engine/Rules.java imports library com.fasterxml.jackson.databind.JsonNode",
                "cli/Command.java imports dev.promotiond.store.Ledger",
                "cli/Command.java imports dev.promotiond.probe.ProbeReasons.reason",
                "facts/Fact.java imports dev.promotiond.config.Policy");
    }

    @Test
    void aPackageTheTestDoesNotKnowIsCaught(@TempDir Path dir) throws IOException {
        Path root = dir.resolve("dev/promotiond");
        write(root.resolve("misc/Helper.java"), "package dev.promotiond.misc;\n");
        assertThatThrownBy(() -> violations(root)).hasMessageContaining("package misc is listed in this test");
    }

    /** Every import of a promotiond package (or forbidden library) against the direction, as "file imports name". */
    static List<String> violations(Path root) throws IOException {
        List<String> violations = new ArrayList<>();
        try (Stream<Path> files = Files.walk(root)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".java")).sorted().toList()) {
                Path rel = root.relativize(f);
                assertThat(rel.getNameCount()).as("%s sits in a feature package", rel).isGreaterThan(1);
                String pkg = rel.getName(0).toString();
                assertThat(ALLOWED).as("package %s is listed in this test", pkg).containsKey(pkg);
                Matcher m = IMPORT.matcher(Files.readString(f));
                while (m.find()) {
                    String imported = m.group(1);
                    String file = rel.toString().replace('\\', '/');
                    if (imported.startsWith("dev.promotiond.")) {
                        String target = imported.substring("dev.promotiond.".length()).split("\\.")[0];
                        if (!target.equals(pkg) && !ALLOWED.get(pkg).contains(target)) {
                            violations.add(file + " imports " + imported);
                        }
                    }
                    for (String lib : FORBIDDEN_LIBRARIES.getOrDefault(pkg, List.of())) {
                        if (imported.startsWith(lib + ".")) {
                            violations.add(file + " imports library " + imported);
                        }
                    }
                }
            }
        }
        return violations;
    }

    private static void write(Path file, String text) throws IOException {
        Files.createDirectories(file.getParent());
        Files.writeString(file, text);
    }

    @Test
    void everyPackageSaysItsJob() throws IOException {
        for (String pkg : ALLOWED.keySet()) {
            assertThat(MAIN.resolve(pkg).resolve("package-info.java")).exists();
        }
    }
}
