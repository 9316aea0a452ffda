package dev.promotiond.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BundledRulesTest {
    static final Path RULES = Path.of(System.getProperty("promotiond.rules.dir", "../rules"));

    /** Every file of the repository's rules folder, tests/ included, relative with '/'. */
    static List<String> repositoryFiles() throws IOException {
        try (Stream<Path> s = Files.walk(RULES)) {
            return s.filter(Files::isRegularFile).map(p -> RULES.relativize(p).toString().replace('\\', '/'))
                    .filter(n -> !n.startsWith(".") && !n.contains("/.")).sorted().toList();
        }
    }

    @Test
    void bundledFilesAreExactlyTheRulesFolderWithItsTests() throws IOException {
        assertThat(BundledRules.files()).isEqualTo(repositoryFiles());
        assertThat(BundledRules.files()).anyMatch(f -> f.startsWith("tests/") && f.endsWith(".yaml"));
        try (Stream<Path> s = Files.list(RULES)) {
            assertThat(BundledRules.FILES).isEqualTo(s.map(p -> p.getFileName().toString())
                    .filter(n -> n.endsWith(".drl") || n.equals("policy.yaml")).sorted().toList());
        }
    }

    @Test
    void aJarWithoutFolderEntriesListsItsBundledRules(@TempDir Path dir) throws IOException {
        Path jar = dir.resolve("promotiond.jar");
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar))) {
            for (String name : List.of("dev/promotiond/app/BundledRules.class", BundledRules.ROOT + "/a.drl",
                    BundledRules.ROOT + "/policy.yaml", BundledRules.ROOT + "/tests/a.yaml")) {
                out.putNextEntry(new JarEntry(name));
                OutputStream o = out;
                o.write(1);
                out.closeEntry();
            }
        }

        assertThat(BundledRules.listIn(jar)).containsExactly("a.drl", "policy.yaml", "tests/a.yaml");
    }

    @Test
    void bundledRulesExtractAndCompile(@TempDir Path dir) throws Exception {
        Path extracted = BundledRules.extractTo(dir.resolve("rules"));
        for (String name : repositoryFiles()) {
            assertThat(Files.readString(extracted.resolve(name))).isEqualTo(Files.readString(RULES.resolve(name)));
        }
        assertThat(DroolsRuleEngine.compile(extracted).sha256()).hasSize(BundledRules.FILES.size());
    }
}
