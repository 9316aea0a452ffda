package dev.promotiond.config;

import static dev.promotiond.config.ConfigProblemsTest.problems;
import static org.assertj.core.api.Assertions.assertThat;

import dev.promotiond.testing.SelfSignedCertificate;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HealthTlsConfigTest {
    @TempDir
    Path dir;

    @Test
    void caFileIsReadRelativeToTheConfigFile() throws Exception {
        SelfSignedCertificate cert = SelfSignedCertificate.create(dir);
        Path config = dir.resolve("promotiond.yaml");
        Files.writeString(config, """
                components:
                  - name: a
                    stage: Staging
                    health:
                      url: https://127.0.0.1:8443/health
                      tls: {ca_file: cert.pem}
                """);

        DaemonConfig parsed = ConfigLoader.parse(Files.readString(config), config);

        assertThat(parsed.components().get(0).health().caFile()).isEqualTo(cert.certificate());
    }

    @Test
    void withoutTlsTheDefaultTrustApplies() throws Exception {
        DaemonConfig parsed = ConfigLoader.parse("""
                components: [{name: a, stage: Staging, health: {url: "https://h/health"}}]
                """, Path.of("promotiond.yaml"));

        assertThat(parsed.components().get(0).health().caFile()).isNull();
    }

    @Test
    void missingUnreadableOrInvalidCaFileIsAProblemWithItsPlace() throws Exception {
        Path notPem = Files.writeString(dir.resolve("notes.txt"), "hello\n");
        Path folder = Files.createDirectory(dir.resolve("folder"));

        assertThat(problems("""
                components:
                  - name: a
                    stage: Staging
                    health:
                      url: https://h/health
                      tls: {ca_file: %s}
                  - name: b
                    stage: Staging
                    health:
                      url: https://h/health
                      tls: {ca_file: %s}
                  - name: c
                    stage: Staging
                    health:
                      url: https://h/health
                      tls: {ca_file: %s}
                  - name: d
                    stage: Staging
                    health:
                      url: https://h/health
                      tls: {}
                  - name: e
                    stage: Staging
                    health: {url: "https://h/health", tls: {ca: x}}
                """.formatted(dir.resolve("absent.pem"), notPem, folder))).containsExactly(
                "promotiond.yaml:6:22: components[0].health.tls.ca_file: no such file: " + dir.resolve("absent.pem"),
                "promotiond.yaml:11:22: components[1].health.tls.ca_file: not a PEM certificate file: " + notPem
                        + " (No certificate data found)",
                "promotiond.yaml:16:22: components[2].health.tls.ca_file: cannot read " + folder + ": Is a directory",
                "promotiond.yaml:21:12: components[3].health.tls.ca_file: missing; required"
                        + " (a PEM file of the certificates to trust)",
                "promotiond.yaml:24:44: components[4].health.tls.ca_file: missing; required"
                        + " (a PEM file of the certificates to trust)",
                "promotiond.yaml:24:45: components[4].health.tls.ca: unknown key \"ca\" (allowed: ca_file)");
    }
}
