package dev.promotiond.cli;

import dev.promotiond.http.HttpClients;
import java.nio.file.Path;
import java.time.Duration;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import picocli.CommandLine.Option;

/**
 * The options every command that talks to a running daemon about one component shares
 * ({@code @Mixin}): where the daemon is, which certificates to trust for it, and which component.
 */
final class DaemonTarget {
    /** The variable {@code --url} defaults from, so a CI job sets the daemon's address once. */
    static final String URL_VARIABLE = "PROMOTIOND_URL";

    @Option(names = "--url", defaultValue = "${env:" + URL_VARIABLE + "}", paramLabel = "URL",
            description = "daemon base URL, e.g. http://127.0.0.1:9400; https when the daemon has tls:"
                    + " (default: the " + URL_VARIABLE + " environment variable)")
    String url;

    @Option(names = "--ca-file", paramLabel = "FILE",
            description = "with an https --url: trust only the PEM certificates in FILE (e.g. a private CA)"
                    + " instead of the system's trusted CAs")
    Path caFile;

    @Option(names = "--component", required = true, paramLabel = "NAME")
    String component;

    /** The {@code --url} (else {@code PROMOTIOND_URL}), parsed; missing or malformed is a usage error (exit 2). */
    HttpUrl baseUrl() {
        if (url == null || url.isBlank()) {
            throw new CliException(ExitCodes.ERROR, "no daemon URL: give --url URL or set the " + URL_VARIABLE
                    + " environment variable");
        }
        HttpUrl parsed = HttpUrl.parse(url);
        if (parsed == null) {
            throw new CliException(ExitCodes.ERROR, "--url is not an http(s) URL: " + url);
        }
        return parsed;
    }

    /** A client with every timeout set to {@code timeout}, no retries, trusting {@code --ca-file} when given. */
    OkHttpClient client(Duration timeout) {
        if (timeout.isZero() || timeout.isNegative()) {
            throw new CliException(ExitCodes.ERROR, "--timeout must be more than 0");
        }
        OkHttpClient.Builder b = HttpClients.builder("daemon", timeout);
        if (caFile != null) {
            try {
                HttpClients.trusting(b, caFile);
            } catch (IllegalArgumentException e) {
                throw new CliException(ExitCodes.ERROR, "--ca-file: " + e.getMessage());
            }
        }
        return b.build();
    }
}
