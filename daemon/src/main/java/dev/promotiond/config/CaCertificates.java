package dev.promotiond.config;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

/**
 * Reads a {@code tls.ca_file}: one or more X.509 certificates, PEM (or DER). The config reader calls it
 * so a bad file is a configuration error with its place; the probe calls it again to build its trust.
 */
public final class CaCertificates {
    private CaCertificates() {
    }

    /** @throws IllegalArgumentException with a message for the user when the file is missing, unreadable or holds no certificate */
    public static List<X509Certificate> load(Path file) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException("no such file: " + file);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read " + file + ": " + e.getMessage());
        }
        Collection<? extends Certificate> read;
        try {
            read = CertificateFactory.getInstance("X.509").generateCertificates(new ByteArrayInputStream(bytes));
        } catch (CertificateException e) {
            throw new IllegalArgumentException("not a PEM certificate file: " + file + " (" + e.getMessage() + ")");
        }
        List<X509Certificate> certificates = new ArrayList<>();
        for (Certificate c : read) {
            if (c instanceof X509Certificate x) {
                certificates.add(x);
            }
        }
        if (certificates.isEmpty()) {
            throw new IllegalArgumentException("no certificate in " + file + " (expected PEM \"BEGIN CERTIFICATE\" blocks)");
        }
        return List.copyOf(certificates);
    }

    /**
     * Trusts exactly these certificates (like curl's --cacert), not the JDK's defaults: for the
     * probe's {@code tls.ca_file} and the CLI's {@code --ca-file}.
     */
    public static X509TrustManager trustManager(List<X509Certificate> certificates) {
        try {
            KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
            store.load(null, null);
            for (int i = 0; i < certificates.size(); i++) {
                store.setCertificateEntry("ca-" + i, certificates.get(i));
            }
            TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            factory.init(store);
            for (TrustManager m : factory.getTrustManagers()) {
                if (m instanceof X509TrustManager x) {
                    return x;
                }
            }
            throw new IllegalStateException("the JDK offers no X509TrustManager");
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalArgumentException("cannot trust its certificates: " + e.getMessage(), e);
        }
    }
}
