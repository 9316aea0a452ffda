package dev.promotiond.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.promotiond.http.CappedBody;
import dev.promotiond.http.HttpClients;
import dev.promotiond.http.TransportErrors;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.MultipartBody;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;

/** The CLI's side of the daemon's API: JSON answers, errors as {@link CliException} with exit code 2. */
final class DaemonClient implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Far above any answer the API gives; guards the CLI's memory against a wrong --url. */
    static final long MAX_BODY_BYTES = 64L * 1024 * 1024;

    private final HttpUrl base;
    private final OkHttpClient client;
    private final String token;

    DaemonClient(DaemonTarget daemon, Duration timeout, String token) {
        this.base = daemon.baseUrl();
        this.token = token;
        this.client = daemon.client(timeout);
    }

    /** An answer: status and JSON body. */
    record Answer(int status, JsonNode body) {
        String error() {
            return body.path("error").asText("HTTP " + status);
        }
    }

    HttpUrl.Builder url(String... segments) {
        HttpUrl.Builder b = base.newBuilder().addPathSegments("api/v1");
        for (String s : segments) {
            b.addPathSegment(s);
        }
        return b;
    }

    Answer get(HttpUrl url) {
        return call(new Request.Builder().url(url).build());
    }

    /**
     * Every item of a paged collection ({@code {"items": [...], "next": cursor}}), following
     * {@code next} a page of {@value #PAGE} at a time: 200 with the items as one array, or the first
     * answer that was not 200. Stops at {@value #MAX_PAGES} pages, which no daemon reaches, so a
     * daemon that hands out cursors forever cannot keep the CLI looping. A daemon older than the
     * envelopes answers a bare array, ignoring limit and cursor: that is the whole list.
     */
    Answer all(HttpUrl url) {
        com.fasterxml.jackson.databind.node.ArrayNode items = JSON.createArrayNode();
        String cursor = null;
        for (int page = 0; page < MAX_PAGES; page++) {
            HttpUrl.Builder b = url.newBuilder().setQueryParameter("limit", Integer.toString(PAGE));
            if (cursor != null) {
                b.setQueryParameter("cursor", cursor);
            }
            Answer a = get(b.build());
            if (a.status() != 200) {
                return a;
            }
            if (page == 0 && a.body().isArray()) {
                return a; // a daemon from before list envelopes: the whole list in one answer
            }
            if (!a.body().path("items").isArray()) {
                throw new CliException(ExitCodes.ERROR, url + " answered without an items list; is --url a promotiond?");
            }
            items.addAll((com.fasterxml.jackson.databind.node.ArrayNode) a.body().path("items"));
            JsonNode next = a.body().path("next");
            if (!next.isTextual()) {
                return new Answer(200, items);
            }
            cursor = next.asText();
        }
        throw new CliException(ExitCodes.ERROR, url + " still had pages after " + MAX_PAGES);
    }

    static final int PAGE = 1000;
    static final int MAX_PAGES = 10_000;

    /** A JSON body (a map or record Jackson can write). */
    Answer postJson(HttpUrl url, Object body) {
        byte[] bytes;
        try {
            bytes = JSON.writeValueAsBytes(body);
        } catch (IOException e) {
            throw new IllegalStateException("cannot write the request body", e);
        }
        return call(authorized(new Request.Builder().url(url)
                .post(RequestBody.create(bytes, MediaType.get("application/json")))).build());
    }

    /** One file part per path, plus form fields (null values are left out). */
    Answer postMultipart(HttpUrl url, List<String[]> fields, List<java.nio.file.Path> files, List<byte[]> contents) {
        MultipartBody.Builder b = new MultipartBody.Builder().setType(MultipartBody.FORM);
        for (String[] f : fields) {
            if (f[1] != null) {
                b.addFormDataPart(f[0], f[1]);
            }
        }
        for (int i = 0; i < files.size(); i++) {
            b.addFormDataPart("file", files.get(i).getFileName().toString(),
                    RequestBody.create(contents.get(i), MediaType.get("application/octet-stream")));
        }
        return call(authorized(new Request.Builder().url(url).post(b.build())).build());
    }

    private Request.Builder authorized(Request.Builder b) {
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return b;
    }

    private Answer call(Request request) {
        try (Response r = client.newCall(request).execute()) {
            byte[] text = CappedBody.read(r.body(), MAX_BODY_BYTES);
            if (text == null) {
                throw new CliException(ExitCodes.ERROR, request.url() + " answered " + r.code()
                        + " with a body larger than " + MAX_BODY_BYTES + " bytes");
            }
            try {
                return new Answer(r.code(), JSON.readTree(text));
            } catch (IOException e) {
                throw new CliException(ExitCodes.ERROR, request.url() + " answered " + r.code() + " with a body that is not JSON");
            }
        } catch (IOException e) {
            throw new CliException(ExitCodes.ERROR, "cannot reach " + base + ": " + TransportErrors.text(e));
        }
    }

    /** The token from {@code --token-file}, else the {@code PROMOTIOND_TOKEN} environment variable, else null. */
    static String token(java.nio.file.Path tokenFile) {
        if (tokenFile != null) {
            try {
                return java.nio.file.Files.readString(tokenFile).strip();
            } catch (IOException e) {
                throw new CliException(ExitCodes.ERROR, "cannot read --token-file " + tokenFile + ": " + e.getMessage());
            }
        }
        String env = System.getenv("PROMOTIOND_TOKEN");
        return env == null || env.isBlank() ? null : env.strip();
    }

    @Override
    public void close() {
        HttpClients.close(client);
    }
}
