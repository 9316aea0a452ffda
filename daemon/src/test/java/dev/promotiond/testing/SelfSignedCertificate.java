package dev.promotiond.testing;

import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/** A self-signed certificate for 127.0.0.1 and localhost, made by the real {@code openssl} (Debian package openssl). */
public record SelfSignedCertificate(Path certificate, Path privateKey) {

    /** Writes cert.pem and key.pem (RSA 2048, valid 2 days) into {@code dir}. */
    public static SelfSignedCertificate create(Path dir) throws IOException, InterruptedException {
        Path openssl = LocalProcesses.binary("openssl", "openssl");
        Path cert = dir.resolve("cert.pem");
        Path key = dir.resolve("key.pem");
        Path log = dir.resolve("openssl.log");
        Process p = new ProcessBuilder(openssl.toString(), "req", "-x509", "-newkey", "rsa:2048", "-nodes",
                "-keyout", key.toString(), "-out", cert.toString(), "-days", "2", "-subj", "/CN=localhost",
                "-addext", "subjectAltName=IP:127.0.0.1,DNS:localhost")
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            p.destroyForcibly();
            throw new IllegalStateException("openssl could not make a certificate:\n" + LocalProcesses.logTail(log));
        }
        return new SelfSignedCertificate(cert, key);
    }
}
