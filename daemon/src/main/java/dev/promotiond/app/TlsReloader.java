package dev.promotiond.app;

import dev.promotiond.api.ServerTls;
import dev.promotiond.config.ServerKeyPair;
import dev.promotiond.config.TlsConfig;
import dev.promotiond.export.Metrics;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Polls the listener's certificate and key files and, when their content changed, loads the new pair
 * and hands it to {@link ServerTls} for new connections. A pair that does not load (unreadable, not
 * PEM, key and certificate apart) leaves the old one serving; it is logged and counted once per
 * content, and tried again only when the files change again. Content, not mtime, decides: a copy
 * that keeps the mtime is still seen, a touch without change is not a reload.
 */
final class TlsReloader {
    private static final Logger LOG = LoggerFactory.getLogger(TlsReloader.class);

    private final TlsConfig files;
    private final ServerTls tls;
    private final Metrics metrics;
    /** Digest of both files as last loaded or rejected; only the polling thread touches it. */
    private String lastSeen;

    /** Loads the pair for the first time (it was validated with the config); starts nothing. */
    TlsReloader(TlsConfig files, Metrics metrics) {
        this.files = files;
        this.metrics = metrics;
        this.lastSeen = digest();
        this.tls = new ServerTls(ServerKeyPair.load(files.certFile(), files.keyFile()));
        metrics.tlsCertificateLive(tls.certificate());
    }

    ServerTls tls() {
        return tls;
    }

    /** One poll: reloads when either file's content changed since the last look. */
    void check() {
        String now = digest();
        if (now.equals(lastSeen)) {
            return;
        }
        lastSeen = now;
        try {
            ServerKeyPair pair = ServerKeyPair.load(files.certFile(), files.keyFile());
            tls.use(pair);
            metrics.tlsCertificateLive(pair.chain().get(0));
            LOG.info("TLS: new connections now get the certificate from {} (subject {}, serial {}, valid until {})",
                    files.certFile(), pair.chain().get(0).getSubjectX500Principal().getName(),
                    pair.chain().get(0).getSerialNumber().toString(16), pair.chain().get(0).getNotAfter().toInstant());
        } catch (RuntimeException e) {
            metrics.tlsReloadFailed();
            LOG.warn("TLS: the changed certificate or key cannot be used, the previous certificate keeps serving: {}",
                    e.getMessage());
        }
    }

    /** SHA-256 over both files; a file that cannot be read counts as a change (its load fails and says why). */
    private String digest() {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            for (Path p : new Path[] {files.certFile(), files.keyFile()}) {
                try {
                    sha.update(Files.readAllBytes(p));
                } catch (IOException e) {
                    sha.update(("unreadable " + p + " " + e).getBytes(java.nio.charset.StandardCharsets.UTF_8));
                }
                sha.update((byte) 0);
            }
            return HexFormat.of().formatHex(sha.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
