package dev.promotiond.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.promotiond.cli.Main;
import dev.promotiond.clock.ManualClock;
import dev.promotiond.config.CaCertificates;
import dev.promotiond.config.ConfigLoader;
import dev.promotiond.config.DaemonConfig;
import dev.promotiond.engine.DroolsRuleEngine;
import dev.promotiond.probe.HttpHealthProbe;
import dev.promotiond.probe.ProbeScheduler;
import dev.promotiond.testing.FakeEndpoints;
import dev.promotiond.testing.TestCa;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real daemon with {@code tls:} on a loopback port, its certificates made by openssl from a private
 * CA: HTTPS answers, the CLI gate works over it with {@code --ca-file}, plain HTTP does not, and
 * replacing the files changes the certificate new connections get, unless the replacement is broken.
 */
class ListenerTlsTest {
    static final Path RULES = Path.of(System.getProperty("promotiond.rules.dir", "../rules")).toAbsolutePath();
    static final long FIRST_SERIAL = 0x1001;
    static final long SECOND_SERIAL = 0x2002;
    @TempDir
    static Path dir;
    static TestCa ca;
    static FakeEndpoints endpoints;
    static Daemon daemon;
    static String url;

    @BeforeAll
    static void startDaemon() throws Exception {
        ca = TestCa.create(dir);
        TestCa.Issued first = ca.issue("first", "rsa:2048", FIRST_SERIAL);
        Files.copy(first.certificate(), dir.resolve("server.crt"));
        Files.copy(first.key(), dir.resolve("server.key"));
        endpoints = new FakeEndpoints();
        endpoints.add("young-api");
        endpoints.add("live-api");
        Path config = dir.resolve("promotiond.yaml");
        Files.writeString(config, """
                listen: 127.0.0.1:0
                store: ./ledger.db
                rules: %s
                tls:
                  cert_file: ./server.crt
                  key_file: ./server.key
                components:
                  - name: young-api
                    stage: Staging
                    health: {url: "%s", interval: 10m, status: /status}
                  - name: blind-api
                    stage: Staging
                  - name: live-api
                    stage: Production
                    health: {url: "%s", interval: 10m, status: /status}
                """.formatted(RULES, endpoints.url("young-api"), endpoints.url("live-api")));
        DaemonConfig cfg = ConfigLoader.load(config);
        ManualClock clock = new ManualClock(Instant.parse("2026-11-01T00:00:00Z"));
        HttpHealthProbe probe = new HttpHealthProbe(clock, 8);
        daemon = new Daemon(cfg, clock, probe, DroolsRuleEngine.compile(cfg.rules()), "test");
        daemon.tlsPoll(Duration.ofMillis(100));
        daemon.open();
        ProbeScheduler.probeAndWait(probe, cfg.components(), o -> daemon.observations().observe(o), Duration.ofSeconds(10));
        daemon.start();
        url = "https://127.0.0.1:" + daemon.port();
    }

    @AfterAll
    static void stop() {
        daemon.close();
        endpoints.close();
    }

    @Test
    void healthAndReadinessAnswerOverHttps() throws Exception {
        HttpClient client = HttpClient.newBuilder().sslContext(trustingTheCa()).build();

        HttpResponse<String> health = client.send(HttpRequest.newBuilder(URI.create(url + "/healthz")).build(),
                HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> readiness = client.send(HttpRequest.newBuilder(
                URI.create(url + "/api/v1/components/live-api/readiness?target=production")).build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(health.body()).containsPattern("\"status\" ?: ?\"ok\"");
        assertThat(readiness.statusCode()).isEqualTo(200);
        assertThat(readiness.body()).containsPattern("\"state\" ?: ?\"not_applicable\"");
    }

    @Test
    void checkOverHttpsWithTheCaFileExitsAsUsual() {
        String caFile = ca.certificate().toString();

        assertThat(check("--url", url, "--ca-file", caFile, "--component", "live-api", "--target", "production")
                .exit()).isEqualTo(0);
        assertThat(check("--url", url, "--ca-file", caFile, "--component", "young-api", "--target", "production")
                .exit()).isEqualTo(1);
        assertThat(check("--url", url, "--ca-file", caFile, "--component", "blind-api", "--target", "production")
                .exit()).isEqualTo(3);
    }

    @Test
    void checkWithoutTrustingThePrivateCaIsAConnectionError() {
        Run r = check("--url", url, "--component", "live-api", "--target", "production");

        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("cannot reach " + url);
    }

    @Test
    void plainHttpToTheTlsPortGetsNoAnswer() {
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

        Throwable t = catchThrowable(() -> client.send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + daemon.port() + "/healthz")).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString()));

        assertThat(t).isInstanceOf(IOException.class);
    }

    @Test
    void replacedFilesChangeTheCertificateOfNewConnectionsUnlessTheyAreBroken() throws Exception {
        TestCa.Issued second = ca.issue("second", "ec", SECOND_SERIAL);
        assertThat(servedSerial()).isEqualTo(Long.toHexString(FIRST_SERIAL));

        // broken: the new certificate with the old key
        replace(second.certificate(), dir.resolve("server.crt"));
        waitFor(() -> metrics().contains("promotiond_tls_reload_failures_total 1.0"), "the failed reload to be counted");
        assertThat(servedSerial()).isEqualTo(Long.toHexString(FIRST_SERIAL));
        assertThat(check("--url", url, "--ca-file", ca.certificate().toString(), "--component", "live-api",
                "--target", "production").exit()).isEqualTo(0);

        // fixed: the matching key arrives
        replace(second.key(), dir.resolve("server.key"));
        waitFor(() -> servedSerial().equals(Long.toHexString(SECOND_SERIAL)), "the new certificate to be served");
        assertThat(metrics()).contains("promotiond_tls_reload_failures_total 1.0");
        long notAfter = CaCertificates.load(second.certificate()).get(0).getNotAfter().getTime() / 1000;
        java.util.regex.Matcher expiry = java.util.regex.Pattern.compile(
                "\npromotiond_tls_certificate_expiry_timestamp_seconds (\\S+)").matcher(metrics());
        assertThat(expiry.find()).isTrue();
        assertThat((long) Double.parseDouble(expiry.group(1))).isEqualTo(notAfter);
    }

    /** Copies then renames, the way an operator's tooling swaps a file in one step. */
    static void replace(Path from, Path to) throws IOException {
        Path tmp = to.resolveSibling(to.getFileName() + ".new");
        Files.copy(from, tmp, StandardCopyOption.REPLACE_EXISTING);
        Files.move(tmp, to, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /** The serial of the certificate a fresh TLS connection is shown (a new context: no session resumption). */
    static String servedSerial() throws Exception {
        try (SSLSocket s = (SSLSocket) trustingTheCa().getSocketFactory().createSocket("127.0.0.1", daemon.port())) {
            s.setSoTimeout(10_000);
            s.startHandshake();
            return ((X509Certificate) s.getSession().getPeerCertificates()[0]).getSerialNumber().toString(16);
        }
    }

    static String metrics() throws Exception {
        return HttpClient.newBuilder().sslContext(trustingTheCa()).build().send(
                HttpRequest.newBuilder(URI.create(url + "/metrics")).build(), HttpResponse.BodyHandlers.ofString()).body();
    }

    interface Condition {
        boolean holds() throws Exception;
    }

    /** Polls for up to 20 s; the daemon reads the files every 100 ms here. */
    static void waitFor(Condition c, String what) throws Exception {
        for (int i = 0; i < 200; i++) {
            if (c.holds()) {
                return;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("timed out waiting for " + what);
    }

    static SSLContext trustingTheCa() throws Exception {
        KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
        store.load(null, null);
        store.setCertificateEntry("ca", CaCertificates.load(ca.certificate()).get(0));
        TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        factory.init(store);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, factory.getTrustManagers(), null);
        return context;
    }

    record Run(int exit, String out, String err) {
    }

    static Run check(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        String[] full = new String[args.length + 1];
        full[0] = "check";
        System.arraycopy(args, 0, full, 1, args.length);
        int exit = Main.execute(new PrintWriter(out, true), new PrintWriter(err, true), full);
        return new Run(exit, out.toString(), err.toString());
    }
}
