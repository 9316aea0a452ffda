package dev.promotiond.cli;

import dev.promotiond.config.CaCertificates;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.time.Duration;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;
import okhttp3.OkHttpClient;
import picocli.CommandLine.Option;

/**
 * The options every command that talks to a running daemon about one component shares
 * ({@code @Mixin}): where the daemon is, which certificates to trust for it, and which component.
 */
final class DaemonTarget {
    @Option(names = "--url", required = true, paramLabel = "URL",
            description = "daemon base URL, e.g. http://127.0.0.1:9400; https when the daemon has tls:")
    String url;

    @Option(names = "--ca-file", paramLabel = "FILE",
            description = "with an https --url: trust only the PEM certificates in FILE (e.g. a private CA)"
                    + " instead of the system's trusted CAs")
    Path caFile;

    @Option(names = "--component", required = true, paramLabel = "NAME")
    String component;

    /** A client with every timeout set to {@code timeout}, no retries, trusting {@code --ca-file} when given. */
    OkHttpClient client(Duration timeout) {
        OkHttpClient.Builder b = new OkHttpClient.Builder().callTimeout(timeout).connectTimeout(timeout)
                .readTimeout(timeout).writeTimeout(timeout).retryOnConnectionFailure(false);
        if (caFile != null) {
            X509TrustManager trust = trusting(caFile);
            try {
                SSLContext context = SSLContext.getInstance("TLS");
                context.init(null, new TrustManager[] {trust}, null);
                b.sslSocketFactory(context.getSocketFactory(), trust);
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("the JDK cannot make a TLS context", e);
            }
        }
        return b.build();
    }

    private static X509TrustManager trusting(Path file) {
        try {
            return CaCertificates.trustManager(CaCertificates.load(file));
        } catch (IllegalArgumentException e) {
            throw new CliException(ExitCodes.ERROR, "--ca-file: " + e.getMessage());
        }
    }
}
