package dev.promotiond.config;

import java.nio.file.Path;
import java.util.Objects;

/**
 * The daemon's own listener speaks HTTPS with this certificate and key (both PEM). The files are
 * read again when they change; see {@link ServerKeyPair} for what they must hold.
 *
 * @param certFile the server certificate, optionally followed by its intermediates
 * @param keyFile  the certificate's unencrypted PKCS#8 private key (RSA or EC)
 */
public record TlsConfig(Path certFile, Path keyFile) {
    public TlsConfig {
        Objects.requireNonNull(certFile, "certFile");
        Objects.requireNonNull(keyFile, "keyFile");
    }
}
