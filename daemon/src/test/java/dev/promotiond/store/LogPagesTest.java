package dev.promotiond.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.promotiond.facts.Evidence;
import dev.promotiond.testing.StoreKind;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.io.TempDir;

/** The action and evidence logs read a page at a time by id (newest first) give each row once, on both stores. */
class LogPagesTest {
    static final Instant T = Instant.parse("2026-11-08T12:00:00Z");

    @TempDir
    Path dir;

    @ParameterizedTest
    @EnumSource(StoreKind.class)
    void pagesBeforeAnIdGiveEveryRowOnceNewestFirst(StoreKind kind) {
        try (Store store = Store.open(kind.fresh(dir))) {
            ActionStore actions = new ActionStore(store);
            EvidenceStore evidence = new EvidenceStore(store);
            for (int i = 0; i < 25; i++) {
                String component = i % 3 == 0 ? "api" : "web";
                actions.log(T.plusSeconds(i), "alert", component, "A" + i, "sent", "", Duration.ZERO);
                evidence.save(new Evidence(component, "1.0." + i, "c", "unit", "junit", T.plusSeconds(i), "s" + i,
                        Map.of("tests", 1.0)), List.of("junit.xml"));
            }
            List<Long> web = new ArrayList<>();
            long before = Long.MAX_VALUE;
            for (int page = 0; page < 10; page++) {
                List<ActionRecord> rows = actions.log("web", before, 4);
                rows.forEach(r -> assertThat(r.component()).isEqualTo("web"));
                rows.forEach(r -> web.add(r.id()));
                if (rows.size() < 4) {
                    break;
                }
                before = rows.get(rows.size() - 1).id();
            }
            assertThat(web).hasSize(16).doesNotHaveDuplicates().isSortedAccordingTo(Collections.reverseOrder());
            assertThat(actions.log(null, Long.MAX_VALUE, 100)).hasSize(25);

            List<String> versions = new ArrayList<>();
            before = Long.MAX_VALUE;
            for (int page = 0; page < 10; page++) {
                List<EvidenceStore.Stored> rows = evidence.list("api", before, 3);
                rows.forEach(r -> versions.add(r.evidence().version()));
                if (rows.size() < 3) {
                    break;
                }
                before = rows.get(rows.size() - 1).id();
            }
            assertThat(versions).containsExactly("1.0.24", "1.0.21", "1.0.18", "1.0.15", "1.0.12", "1.0.9", "1.0.6",
                    "1.0.3", "1.0.0");
        }
    }
}
