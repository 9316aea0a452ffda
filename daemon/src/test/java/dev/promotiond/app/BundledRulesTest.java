package dev.promotiond.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.promotiond.engine.DroolsRuleEngine;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BundledRulesTest {
    static final Path RULES = Path.of(System.getProperty("promotiond.rules.dir", "../rules"));

    @Test
    void bundledListIsExactlyTheRulesFolder() throws IOException {
        try (Stream<Path> s = Files.list(RULES)) {
            assertThat(s.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".drl") || n.equals("policy.yaml")).sorted().toList())
                    .isEqualTo(BundledRules.FILES);
        }
    }

    @Test
    void bundledRulesExtractAndCompile(@TempDir Path dir) throws Exception {
        Path extracted = BundledRules.extractTo(dir.resolve("rules"));
        for (String name : BundledRules.FILES) {
            assertThat(Files.readString(extracted.resolve(name))).isEqualTo(Files.readString(RULES.resolve(name)));
        }
        assertThat(DroolsRuleEngine.compile(extracted).sha256()).hasSize(BundledRules.FILES.size());
    }
}
