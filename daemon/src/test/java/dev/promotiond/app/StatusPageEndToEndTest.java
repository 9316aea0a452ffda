package dev.promotiond.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.promotiond.probe.HttpHealthProbe;
import dev.promotiond.testing.TroubledFleet;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The status page of a real daemon whose fleet is in trouble ({@link TroubledFleet}): what needs a
 * person is in the attention section at the top, above the table of component health, on the
 * leader and on a follower alike.
 */
@Timeout(120)
class StatusPageEndToEndTest {
    final HttpClient http = HttpClient.newHttpClient();

    @TempDir
    Path dir;

    @Test
    void theDownComponentTheActivePageTheBreachAndTheHoldAreAtTheTopAboveTheComponentTable() throws Exception {
        try (TroubledFleet fleet = TroubledFleet.start(dir)) {
            assertThat(fleet.alertmanager().alerts("alertname", TroubledFleet.PAGE)).as("the page reached Alertmanager")
                    .hasSize(1);
            String html = page(fleet.url());
            assertAttentionAtTheTop(html);
        }
    }

    @Test
    void aFollowerShowsTheLeadersAlertsBreachesHoldsAndProbes() throws Exception {
        try (TroubledFleet fleet = TroubledFleet.start(dir)) {
            Daemon follower = new Daemon(fleet.config(), Clock.systemUTC(), new HttpHealthProbe(Clock.systemUTC(), 4),
                    fleet.rules(), "test");
            try {
                follower.start();
                String url = "http://127.0.0.1:" + follower.port() + "/";
                long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
                String html = page(url);
                String leader = page(fleet.url());
                while (!(html.contains(TroubledFleet.PAGE + "</b>") && html.equals(leader))
                        && System.nanoTime() < deadline) {
                    Thread.sleep(200);  // the follower reads the leader's publication once a second
                    leader = page(fleet.url());
                    html = page(url);
                }
                assertThat(html).as("the follower's page is the leader's, byte for byte").isEqualTo(leader);
                assertAttentionAtTheTop(html);
            } finally {
                follower.close();
            }
        }
    }

    private static void assertAttentionAtTheTop(String html) {
        int attention = html.indexOf("<section class=\"attention\" id=\"attention\">");
        int table = html.indexOf("<section id=\"health\">");
        assertThat(attention).as("attention section in:\n%s", html).isNotNegative();
        assertThat(table).as("component table").isGreaterThan(attention);
        String top = html.substring(attention, html.indexOf("</section>", attention));
        assertThat(top).contains("Needs attention (5)")
                .containsSubsequence("page</span> <b>" + TroubledFleet.PAGE + "</b> for <b>checkout</b>",
                        "warning</span> <b>PromotionSoakAtRisk</b> for <b>search</b>",
                        "breach</span> <b>checkout</b> <code>2.0</code>: latency_p95_seconds",
                        "held</span> <b>checkout</b> version <code>2.0</code> is held",
                        "DOWN</span> <b>search</b> (Staging): ")
                .contains("status 503")
                .doesNotContain("<b>catalog</b>");
        String rows = html.substring(table, html.indexOf("</section>", table));
        assertThat(rows).as("DOWN rows first, each with its reason, stage and version")
                .containsSubsequence("<th scope=\"row\">search</th><td>Staging</td><td><code>1.0.0</code></td>",
                        "DOWN</span> ", "503",
                        "<th scope=\"row\">catalog</th><td>Staging</td><td><code>3.1.0</code></td>", "UP</span>",
                        "<th scope=\"row\">checkout</th><td>Production</td><td><code>2.0</code></td>", "UP</span>");
    }

    private String page(String url) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return r.body();
    }
}
