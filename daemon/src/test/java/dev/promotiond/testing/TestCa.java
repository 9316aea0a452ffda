package dev.promotiond.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A private CA made by the real {@code openssl} (Debian package openssl), issuing server certificates
 * for 127.0.0.1 and localhost the way an operator's CA would: ca.pem is what clients trust.
 */
public record TestCa(Path dir, Path certificate, Path key) {

    /** A server certificate and its PKCS#8 key; {@code serialHex} is what the CA wrote into it. */
    public record Issued(Path certificate, Path key, String serialHex) {
    }

    /** Writes ca.pem and ca.key (RSA 2048, valid 2 days) into {@code dir}. */
    public static TestCa create(Path dir) throws IOException, InterruptedException {
        Path cert = dir.resolve("ca.pem");
        Path key = dir.resolve("ca.key");
        openssl(dir, "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", key.toString(), "-out", cert.toString(),
                "-days", "2", "-subj", "/CN=promotiond test CA");
        return new TestCa(dir, cert, key);
    }

    /**
     * Issues {@code name}.crt and {@code name}.key in this CA's folder.
     *
     * @param keyAlgorithm "rsa:2048" or "ec" (P-256)
     * @param serial       the certificate's serial number, so tests can tell certificates apart
     */
    public Issued issue(String name, String keyAlgorithm, long serial) throws IOException, InterruptedException {
        Path crt = dir.resolve(name + ".crt");
        Path key = dir.resolve(name + ".key");
        Path csr = dir.resolve(name + ".csr");
        Path ext = Files.writeString(dir.resolve(name + ".ext"), "subjectAltName=IP:127.0.0.1,DNS:localhost\n");
        List<String> req = new ArrayList<>(List.of("req", "-newkey", keyAlgorithm));
        if (keyAlgorithm.equals("ec")) {
            req.addAll(List.of("-pkeyopt", "ec_paramgen_curve:P-256"));
        }
        req.addAll(List.of("-nodes", "-keyout", key.toString(), "-out", csr.toString(), "-subj", "/CN=localhost"));
        openssl(dir, req.toArray(new String[0]));
        openssl(dir, "x509", "-req", "-in", csr.toString(), "-CA", certificate.toString(), "-CAkey", this.key.toString(),
                "-set_serial", Long.toString(serial), "-days", "2", "-extfile", ext.toString(), "-out", crt.toString());
        return new Issued(crt, key, Long.toHexString(serial));
    }

    /** Runs {@code openssl args}; throws with its output when it fails. */
    public static void openssl(Path dir, String... args) throws IOException, InterruptedException {
        Path openssl = LocalProcesses.binary("openssl", "openssl");
        Path log = dir.resolve("openssl.log");
        List<String> command = new ArrayList<>(List.of(openssl.toString()));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            p.destroyForcibly();
            throw new IllegalStateException("openssl " + String.join(" ", args) + " failed:\n" + LocalProcesses.logTail(log));
        }
    }
}
