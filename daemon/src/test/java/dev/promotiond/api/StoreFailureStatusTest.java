package dev.promotiond.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.promotiond.app.Daemon;
import dev.promotiond.store.StoreFaults;
import dev.promotiond.testing.OneComponentDaemon;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A store that cannot take a write (full, read-only) through the real HTTP API of a running
 * daemon on a real SQLite file: the client hears which, and that nothing was stored; what was
 * stored before stays readable and whole.
 */
class StoreFailureStatusTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static final String JUNIT = """
            <?xml version="1.0" encoding="UTF-8"?>
            <testsuite name="svc" tests="2" failures="0" errors="0" skipped="0">
              <testcase classname="svc.T" name="a"/><testcase classname="svc.T" name="b"/>
            </testsuite>
            """;
    final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    @TempDir
    Path dir;
    Daemon daemon;

    OneComponentDaemon served;

    @BeforeEach
    void start() throws Exception {
        served = OneComponentDaemon.in(dir).clock(Clock.systemUTC()).write();
        served.start();
        daemon = served.daemon();
    }

    @AfterEach
    void stop() {
        served.close();
    }

    HttpResponse<String> post(String path, String contentType, String body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + daemon.port() + path))
                .header("Authorization", "Bearer s3cret-token").header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8))
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> pushEvidence(String version) throws Exception {
        return post("/api/v1/components/svc/evidence?version=" + version + "&kind=unit&file=junit.xml",
                "application/xml", JUNIT);
    }

    HttpResponse<String> deploy(String version) throws Exception {
        return post("/api/v1/components/svc/deployments", "application/json",
                "{\"stage\": \"Development\", \"version\": \"" + version + "\", \"type\": \"deployment\"}");
    }

    JsonNode get(String path) throws Exception {
        return JSON.readTree(http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + daemon.port() + path))
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString()).body());
    }

    List<String> storedEvidenceVersions() throws Exception {
        return get("/api/v1/components/svc/evidence?limit=1000").path("items").findValuesAsText("version");
    }

    List<String> storedDeployments() throws Exception {
        List<String> out = new ArrayList<>();
        for (JsonNode h : get("/api/v1/components/svc/history?limit=1000").path("items")) {
            if (h.path("kind").asText().equals("deployment")) {
                out.add(h.path("version").asText());
            }
        }
        return out;
    }

    @Test
    void fullStoreAnswers507NamingTheCauseAndKeepsWhatWasStored() throws Exception {
        assertThat(pushEvidence("1.0.0").statusCode()).isEqualTo(201);
        assertThat(deploy("1.0.0").statusCode()).isEqualTo(201);
        StoreFaults.allowPages(daemon.store(), 2);

        // uploads keep coming until the file has no page left (bounded): the first refusal is the test
        List<String> accepted = new ArrayList<>(List.of("1.0.0"));
        HttpResponse<String> refused = null;
        for (int i = 1; i <= 2_000 && refused == null; i++) {
            HttpResponse<String> r = pushEvidence("1.0." + i);
            if (r.statusCode() == 201) {
                accepted.add("1.0." + i);
            } else {
                refused = r;
            }
        }
        assertThat(refused).as("the store filled up").isNotNull();
        System.out.println("evidence uploads accepted before the store was full: " + accepted.size()
                + "; refused with " + refused.statusCode() + " " + refused.body().strip());
        assertThat(refused.statusCode()).isEqualTo(507);
        String message = JSON.readTree(refused.body()).path("error").asText();
        assertThat(message).contains("full").contains("nothing was stored").doesNotContain("internal error");

        List<String> deployed = new ArrayList<>(List.of("1.0.0"));
        HttpResponse<String> deployRefused = null;
        for (int i = 1; i <= 2_000 && deployRefused == null; i++) {
            HttpResponse<String> r = deploy("2.0." + i);
            if (r.statusCode() == 201) {
                deployed.add("2.0." + i);
            } else {
                deployRefused = r;
            }
        }
        assertThat(deployRefused).isNotNull();
        assertThat(deployRefused.statusCode()).isEqualTo(507);
        assertThat(JSON.readTree(deployRefused.body()).path("error").asText()).contains("full", "nothing was stored");

        // what was accepted is all there, and nothing of what was refused
        assertThat(storedEvidenceVersions()).containsExactlyInAnyOrderElementsOf(accepted);
        assertThat(storedDeployments()).containsExactlyInAnyOrderElementsOf(deployed);
    }

    @Test
    void readOnlyStoreAnswers503NamingTheCauseAndKeepsWhatWasStored() throws Exception {
        assertThat(pushEvidence("1.0.0").statusCode()).isEqualTo(201);
        assertThat(deploy("1.0.0").statusCode()).isEqualTo(201);
        StoreFaults.readOnly(daemon.store(), true);

        HttpResponse<String> evidence = pushEvidence("1.0.1");
        HttpResponse<String> deployment = deploy("1.0.1");
        System.out.println("read-only store: " + evidence.statusCode() + " " + evidence.body().strip());
        for (HttpResponse<String> r : List.of(evidence, deployment)) {
            assertThat(r.statusCode()).isEqualTo(503);
            assertThat(JSON.readTree(r.body()).path("error").asText())
                    .contains("read-only").contains("nothing was stored").doesNotContain("internal error");
        }

        StoreFaults.readOnly(daemon.store(), false);
        assertThat(storedEvidenceVersions()).containsExactly("1.0.0");
        assertThat(storedDeployments()).containsExactly("1.0.0");
    }
}
