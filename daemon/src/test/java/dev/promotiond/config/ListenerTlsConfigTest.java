package dev.promotiond.config;

import static dev.promotiond.config.ConfigProblemsTest.problems;
import static org.assertj.core.api.Assertions.assertThat;

import dev.promotiond.testing.TestCa;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The top-level {@code tls:} of the daemon's own listener, checked at load with the place of each problem. */
class ListenerTlsConfigTest {
    @TempDir
    static Path dir;
    static TestCa ca;
    static TestCa.Issued rsa;
    static TestCa.Issued ec;

    @BeforeAll
    static void certificates() throws Exception {
        ca = TestCa.create(dir);
        rsa = ca.issue("rsa", "rsa:2048", 1);
        ec = ca.issue("ec", "ec", 2);
    }

    @Test
    void certificateAndKeyAreReadRelativeToTheConfigFile() throws Exception {
        Path config = dir.resolve("promotiond.yaml");
        for (String name : List.of("rsa", "ec")) {
            DaemonConfig parsed = ConfigLoader.parse("""
                    tls: {cert_file: ./%s.crt, key_file: %s.key}
                    components: [{name: a, stage: Staging}]
                    """.formatted(name, name), config);

            assertThat(parsed.tls()).isEqualTo(new TlsConfig(dir.resolve(name + ".crt"), dir.resolve(name + ".key")));
        }
    }

    @Test
    void withoutTlsTheListenerSpeaksPlainHttp() throws Exception {
        DaemonConfig parsed = ConfigLoader.parse("components: [{name: a, stage: Staging}]\n", Path.of("promotiond.yaml"));

        assertThat(parsed.tls()).isNull();
    }

    @Test
    void badCertificateOrKeyIsAProblemAtItsLine() throws Exception {
        Path notPem = Files.writeString(dir.resolve("notes.txt"), "hello\n");
        Path pkcs1 = dir.resolve("rsa-pkcs1.key");
        TestCa.openssl(dir, "pkey", "-in", rsa.key().toString(), "-traditional", "-out", pkcs1.toString());
        Path edKey = dir.resolve("ed.key");
        Path edCert = dir.resolve("ed.crt");
        TestCa.openssl(dir, "req", "-x509", "-newkey", "ed25519", "-nodes", "-keyout", edKey.toString(),
                "-out", edCert.toString(), "-days", "2", "-subj", "/CN=localhost");

        String[] cases = {
                "{cert_file: %s, key_file: %s}".formatted(dir.resolve("absent.crt"), rsa.key()),
                "{cert_file: %s, key_file: %s}".formatted(notPem, rsa.key()),
                "{cert_file: %s, key_file: %s}".formatted(rsa.certificate(), ec.key()),
                "{cert_file: %s, key_file: %s}".formatted(rsa.certificate(), ca.key()),
                "{cert_file: %s, key_file: %s}".formatted(edCert, edKey),
                "{cert_file: %s, key_file: %s}".formatted(rsa.certificate(), pkcs1),
                "{cert_file: %s, key_file: %s}".formatted(rsa.certificate(), rsa.certificate()),
                "{cert_file: %s}".formatted(rsa.certificate()),
        };
        String[][] expected = {
                {"promotiond.yaml:1:18: tls.cert_file: no such file: " + dir.resolve("absent.crt")},
                {"promotiond.yaml:1:18: tls.cert_file: not a PEM certificate file: " + notPem},
                {"promotiond.yaml:1:", ": tls.key_file: the private key in " + ec.key() + " is not an RSA key"},
                {"promotiond.yaml:1:", ": tls.key_file: the private key in " + ca.key()
                        + " does not match the certificate in " + rsa.certificate()},
                {": tls.cert_file: unsupported key type EdDSA in " + edCert + " (use RSA or EC)"},
                {": tls.key_file: unsupported key format \"RSA PRIVATE KEY\" in " + pkcs1, "openssl pkcs8 -topk8"},
                {": tls.key_file: no private key in " + rsa.certificate()},
                {"promotiond.yaml:1:6: tls.key_file: missing; required (a PEM file with the certificate's private key)"},
        };
        for (int i = 0; i < cases.length; i++) {
            List<String> found = problems("tls: " + cases[i] + "\ncomponents: [{name: a, stage: Staging}]\n");
            assertThat(found).as(cases[i]).hasSize(1);
            assertThat(found.get(0)).as(cases[i]).contains(expected[i]);
        }
    }
}
