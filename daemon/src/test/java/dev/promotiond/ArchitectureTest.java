package dev.promotiond;

import static org.assertj.core.api.Assertions.assertThat;

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

/**
 * Imports flow one way: cli → app → cycle → {probe, engine} → {store, config} → facts; the outbound HTTP
 * plumbing ({@code http}) sits beside config, below every HTTP client.
 */
class ArchitectureTest {
    static final Path MAIN = Path.of("src/main/java/dev/promotiond");
    static final Pattern IMPORT = Pattern.compile("^import (?:static )?([\\w.]+)", Pattern.MULTILINE);

    static final Map<String, Set<String>> ALLOWED = Map.ofEntries(
            Map.entry("facts", Set.of()),
            Map.entry("config", Set.of("facts")),
            Map.entry("store", Set.of("facts")),
            Map.entry("http", Set.of("config")),
            Map.entry("engine", Set.of("config", "facts")),
            Map.entry("probe", Set.of("http", "config", "facts")),
            Map.entry("promql", Set.of("http", "config", "facts")),
            Map.entry("evidence", Set.of("store", "config", "facts")),
            Map.entry("actions", Set.of("http", "config", "store", "facts")),
            Map.entry("cycle", Set.of("engine", "store", "config", "facts")),
            Map.entry("export", Set.of("cycle", "store", "config", "facts")),
            Map.entry("api", Set.of("cycle", "evidence", "store", "config", "facts")),
            Map.entry("app", Set.of("api", "export", "cycle", "probe", "promql", "evidence", "actions", "engine", "http", "store", "config", "facts")),
            Map.entry("cli", Set.of("app", "api", "export", "cycle", "probe", "promql", "evidence", "actions", "engine", "http", "store", "config", "facts")));

    /** The core stays free of transport, metrics, CLI and JSON libraries. */
    static final Map<String, List<String>> FORBIDDEN_LIBRARIES = Map.of(
            "facts", List.of("okhttp3", "io.prometheus", "picocli", "com.fasterxml", "com.sun.net", "java.net.http", "org.kie"),
            "engine", List.of("okhttp3", "io.prometheus", "picocli", "com.fasterxml", "com.sun.net", "java.net.http"),
            "evidence", List.of("okhttp3", "io.prometheus", "picocli", "com.sun.net", "java.net.http", "org.kie"),
            "store", List.of("okhttp3", "io.prometheus", "picocli", "com.fasterxml", "com.sun.net", "java.net.http", "org.kie"));

    @Test
    void packagesImportOnlyInTheirDirection() throws IOException {
        List<String> violations = new ArrayList<>();
        try (Stream<Path> files = Files.walk(MAIN)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
                Path rel = MAIN.relativize(f);
                assertThat(rel.getNameCount()).as("%s sits in a feature package", rel).isGreaterThan(1);
                String pkg = rel.getName(0).toString();
                assertThat(ALLOWED).as("package %s is listed in this test", pkg).containsKey(pkg);
                Matcher m = IMPORT.matcher(Files.readString(f));
                while (m.find()) {
                    String imported = m.group(1);
                    if (imported.startsWith("dev.promotiond.")) {
                        String target = imported.substring("dev.promotiond.".length()).split("\\.")[0];
                        if (!target.equals(pkg) && !ALLOWED.get(pkg).contains(target)) {
                            violations.add(rel + " imports " + imported);
                        }
                    }
                    for (String lib : FORBIDDEN_LIBRARIES.getOrDefault(pkg, List.of())) {
                        if (imported.startsWith(lib + ".")) {
                            violations.add(rel + " imports library " + imported);
                        }
                    }
                }
            }
        }
        assertThat(violations).isEmpty();
    }

    @Test
    void everyPackageSaysItsJob() throws IOException {
        for (String pkg : ALLOWED.keySet()) {
            assertThat(MAIN.resolve(pkg).resolve("package-info.java")).exists();
        }
    }
}
