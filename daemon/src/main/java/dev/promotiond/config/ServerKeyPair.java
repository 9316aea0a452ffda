package dev.promotiond.config;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A server certificate chain and its private key, read from PEM files and checked to belong together.
 * The config reader calls {@link #load} so a bad pair is a configuration error with its place; the
 * daemon calls it again on every change of the files, and keeps the previous pair when it throws.
 *
 * @param chain the server certificate first, then any intermediates, as the file lists them
 */
public record ServerKeyPair(List<X509Certificate> chain, PrivateKey key) {
    /** Key types the JDK's TLS server signs handshakes with. */
    static final List<String> KEY_TYPES = List.of("RSA", "EC");
    private static final Pattern PEM = Pattern.compile(
            "-----BEGIN ([A-Z0-9 ]+)-----([A-Za-z0-9+/=\\s]*)-----END \\1-----");

    public ServerKeyPair {
        chain = List.copyOf(chain);
    }

    /** Which of the two files a problem is about, so the config reader can point at the right line. */
    public enum Part { CERTIFICATE, KEY }

    /** A pair that cannot serve; {@link #part()} names the file at fault. */
    public static final class Invalid extends IllegalArgumentException {
        private static final long serialVersionUID = 1L;
        private final Part part;

        Invalid(Part part, String message) {
            super(message);
            this.part = part;
        }

        public Part part() {
            return part;
        }
    }

    /** @throws Invalid with a message for the user when either file is unusable or they do not match */
    public static ServerKeyPair load(Path certFile, Path keyFile) {
        List<X509Certificate> chain;
        try {
            chain = CaCertificates.load(certFile);
        } catch (IllegalArgumentException e) {
            throw new Invalid(Part.CERTIFICATE, e.getMessage());
        }
        String type = chain.get(0).getPublicKey().getAlgorithm();
        if (!KEY_TYPES.contains(type)) {
            throw new Invalid(Part.CERTIFICATE, "unsupported key type " + type + " in " + certFile
                    + " (use " + String.join(" or ", KEY_TYPES) + ")");
        }
        PrivateKey key = privateKey(keyFile, type);
        if (!matches(chain.get(0), key)) {
            throw new Invalid(Part.KEY, "the private key in " + keyFile + " does not match the certificate in " + certFile);
        }
        return new ServerKeyPair(chain, key);
    }

    private static PrivateKey privateKey(Path file, String type) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.US_ASCII);
        } catch (NoSuchFileException e) {
            throw new Invalid(Part.KEY, "no such file: " + file);
        } catch (IOException e) {
            throw new Invalid(Part.KEY, "cannot read " + file + ": " + e.getMessage());
        }
        Matcher m = PEM.matcher(text);
        while (m.find()) {
            String label = m.group(1);
            if (label.equals("PRIVATE KEY")) {
                return decode(file, type, m.group(2));
            }
            if (label.equals("ENCRYPTED PRIVATE KEY") || label.equals("RSA PRIVATE KEY") || label.equals("EC PRIVATE KEY")) {
                throw new Invalid(Part.KEY, "unsupported key format \"" + label + "\" in " + file
                        + " (the daemon reads unencrypted PKCS#8 \"PRIVATE KEY\"; convert with"
                        + " openssl pkcs8 -topk8 -nocrypt -in OLD -out NEW)");
            }
        }
        throw new Invalid(Part.KEY, "no private key in " + file + " (expected a PEM \"BEGIN PRIVATE KEY\" block)");
    }

    private static PrivateKey decode(Path file, String type, String base64) {
        byte[] der;
        try {
            der = Base64.getMimeDecoder().decode(base64);
        } catch (IllegalArgumentException e) {
            throw new Invalid(Part.KEY, "the private key in " + file + " is not valid base64");
        }
        try {
            return KeyFactory.getInstance(type).generatePrivate(new PKCS8EncodedKeySpec(der));
        } catch (GeneralSecurityException e) {
            throw new Invalid(Part.KEY, "the private key in " + file + " is not an " + type
                    + " key like the certificate's (" + e.getMessage() + ")");
        }
    }

    /** Signs a random message with the key and verifies it with the certificate's public key. */
    private static boolean matches(X509Certificate certificate, PrivateKey key) {
        String algorithm = key.getAlgorithm().equals("RSA") ? "SHA256withRSA" : "SHA256withECDSA";
        try {
            byte[] message = new byte[32];
            new SecureRandom().nextBytes(message);
            Signature signer = Signature.getInstance(algorithm);
            signer.initSign(key);
            signer.update(message);
            byte[] signature = signer.sign();
            Signature verifier = Signature.getInstance(algorithm);
            verifier.initVerify(certificate.getPublicKey());
            verifier.update(message);
            return verifier.verify(signature);
        } catch (GeneralSecurityException e) {
            return false;
        }
    }
}
