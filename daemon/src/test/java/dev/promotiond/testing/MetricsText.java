package dev.promotiond.testing;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

/** Reads one sample from a daemon's {@code /metrics} in the text format. */
public final class MetricsText {
    private MetricsText() {
    }

    /** The value of {@code series} (name and labels exactly as written there) at {@code baseUrl}/metrics. */
    public static double sample(HttpClient http, String baseUrl, String series) throws Exception {
        String text = http.send(HttpRequest.newBuilder(URI.create(baseUrl + "/metrics")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        for (String line : text.split("\n")) {
            if (line.startsWith(series + " ")) {
                return Double.parseDouble(line.substring(series.length() + 1).strip().split(" ")[0]);
            }
        }
        throw new AssertionError("no " + series + " in /metrics");
    }
}
