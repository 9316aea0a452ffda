package dev.promotiond.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.promotiond.app.Daemon;
import dev.promotiond.clock.ManualClock;
import dev.promotiond.config.ConfigLoader;
import dev.promotiond.config.DaemonConfig;
import dev.promotiond.engine.DroolsRuleEngine;
import dev.promotiond.facts.Hold;
import dev.promotiond.facts.Sli;
import dev.promotiond.probe.HttpHealthProbe;
import dev.promotiond.store.ActionStore;
import dev.promotiond.testing.PolicyEdit;
import dev.promotiond.testing.QuickGuardRules;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two versions of one component rolled back by the production guard (so both are held, as the
 * daemon holds them), then {@code promotiond hold clear COMPONENT VERSION} against the running
 * daemon clears exactly the one named.
 */
@Timeout(120)
class HoldClearCommandTest {
    @TempDir
    Path dir;

    /** The running version's error ratio, 50%: a breach of the shipped 1% limit. */
    final AtomicReference<String> running = new AtomicReference<>("1.0");

    @Test
    void clearsOnlyTheNamedVersionAndSaysWhatItCleared() throws Exception {
        Path rules = QuickGuardRules.copyInto(dir);
        PolicyEdit.set(rules, "in_production.max_rollbacks_per_watch", "2");
        Files.writeString(dir.resolve("token"), "s3cret\n");
        Path file = dir.resolve("promotiond.yaml");
        Files.writeString(file, """
                listen: 127.0.0.1:0
                store: ./ledger.db
                rules: %s
                auth: {token_file: ./token}
                components:
                  - name: web
                    stage: Production
                    rollback: {command: [/bin/true, "{component}", "{previous_version}"]}
                """.formatted(rules));
        DaemonConfig cfg = ConfigLoader.load(file);
        ManualClock clock = new ManualClock(Instant.parse("2026-03-01T10:00:00Z"));
        try (Daemon d = daemon(cfg, clock, rules)) {
            d.open();
            d.intake().deploy("web", "Production", "1.0", null, clock.instant());
            clock.set(clock.instant().plusSeconds(3600));
            rollBack(d, clock, "2.0");
            rollBack(d, clock, "3.0");
            assertThat(new ActionStore(d.store()).holds()).extracting(Hold::version).containsExactlyInAnyOrder("2.0", "3.0");
        }
        try (Daemon d = daemon(cfg, clock, rules)) {
            d.start();
            String url = "http://127.0.0.1:" + d.port();
            String clearAll = url + "/api/v1/components/web/hold/clear";
            HttpResponse<String> ambiguous = post(clearAll);
            assertThat(ambiguous.statusCode()).as(ambiguous.body()).isEqualTo(409);
            assertThat(ambiguous.body()).contains("2.0").contains("3.0").contains("version");

            CheckAgainstRunningDaemonTest.Run r = hold("clear", "web", "2.0", "--url", url,
                    "--token-file", dir.resolve("token").toString());
            assertThat(r.exit()).as(r.out() + r.err()).isZero();
            assertThat(r.out()).contains("cleared the hold on web 2.0").contains("still held: 3.0");
            assertThat(new ActionStore(d.store()).holds()).extracting(Hold::version).containsExactly("3.0");

            r = hold("clear", "web", "2.0", "--url", url, "--token-file", dir.resolve("token").toString());
            assertThat(r.exit()).isEqualTo(2);
            assertThat(r.err()).contains("2.0").contains("not held");
            HttpResponse<String> notHeld = post(clearAll + "?version=2.0");
            assertThat(notHeld.statusCode()).isEqualTo(404);
            assertThat(notHeld.body()).contains("\"error\"").contains("not held");

            // one version held: naming none clears it, as before
            HttpResponse<String> last = post(clearAll);
            assertThat(last.statusCode()).as(last.body()).isEqualTo(200);
            assertThat(last.body()).contains("3.0");
            assertThat(new ActionStore(d.store()).holds()).isEmpty();
        }
    }

    private Daemon daemon(DaemonConfig cfg, ManualClock clock, Path rules) throws Exception {
        return new Daemon(cfg, clock, new HttpHealthProbe(clock, 2), DroolsRuleEngine.compile(rules), "test")
                .withSlis(() -> List.of(new Sli("web", "error_ratio", 0.5, clock.instant(), "test", "q", null, running.get())));
    }

    /** Deploys {@code version}, lets its breach hold past the 2 s `for`, and the guard rolls it back (and holds it). */
    private void rollBack(Daemon d, ManualClock clock, String version) {
        clock.set(clock.instant().plusSeconds(60));
        d.intake().deploy("web", "Production", version, null, clock.instant());
        running.set(version);
        for (int i = 0; i < 3; i++) {
            d.sources().refresh();
            d.actions().act(d.evaluations().evaluate());
            clock.set(clock.instant().plusSeconds(3));
        }
        assertThat(new ActionStore(d.store()).holds()).as("the guard held " + version).extracting(Hold::version)
                .contains(version);
    }

    private HttpResponse<String> post(String url) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url))
                .POST(HttpRequest.BodyPublishers.noBody()).header("Authorization", "Bearer s3cret").build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static CheckAgainstRunningDaemonTest.Run hold(String... args) {
        List<String> all = new java.util.ArrayList<>(List.of("hold"));
        all.addAll(List.of(args));
        return CliConventionsTest.execute(all);
    }
}
