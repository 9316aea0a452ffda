package dev.promotiond.config;

import java.nio.file.Path;
import java.util.List;
import org.yaml.snakeyaml.nodes.MappingNode;

/** Reads the top-level {@code tls:} mapping: the listener's certificate and key, checked as a pair now. */
final class TlsReader {
    static final List<String> KEYS = List.of("cert_file", "key_file");

    private TlsReader() {
    }

    /** Null when absent (plain HTTP) or when something was wrong (every problem is reported). */
    static TlsConfig read(Fields top, Path folder, Problems problems) {
        MappingNode node = top.mapping("tls");
        if (node == null) {
            return null;
        }
        Fields f = new Fields(node, top.path("tls"), KEYS, problems);
        Path cert = f.required("cert_file", "a PEM file with the server certificate", text -> file(folder, text));
        Path key = f.required("key_file", "a PEM file with the certificate's private key", text -> file(folder, text));
        if (cert == null || key == null) {
            return null;
        }
        try {
            ServerKeyPair.load(cert, key);
        } catch (ServerKeyPair.Invalid e) {
            String field = e.part() == ServerKeyPair.Part.CERTIFICATE ? "cert_file" : "key_file";
            problems.at(f.where(field), f.path(field), e.getMessage());
            return null;
        }
        return new TlsConfig(cert, key);
    }

    private static Path file(Path folder, String text) {
        if (text.isEmpty()) {
            throw new IllegalArgumentException("must not be empty");
        }
        return folder.resolve(text).normalize();
    }
}
