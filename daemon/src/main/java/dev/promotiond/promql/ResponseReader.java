package dev.promotiond.promql;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.promotiond.config.Durations;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Reads one answer of Prometheus's HTTP API ({@code /api/v1/query} into a {@link QueryResult},
 * {@code /api/v1/query_range} into a {@link RangeResult}).
 * A Prometheus API error ({@code "status":"error"}) wins over the HTTP status, because Prometheus
 * sends 400, 422 and 503 with such a body and its message is the precise reason.
 */
final class ResponseReader {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** How many series a "2 series, expected 1" reason names before "…". */
    private static final int SERIES_SHOWN = 3;

    private ResponseReader() {
    }

    /**
     * @param evaluatedAt the instant the query asked for; a sample older than {@code staleness}
     *                    relative to it is stale
     */
    static QueryResult read(int status, byte[] body, Instant evaluatedAt, Duration staleness) {
        JsonNode root = parse(body);
        QueryResult failed = failure(status, root);
        if (failed != null) {
            return failed;
        }
        JsonNode data = root.path("data");
        JsonNode result = data.path("result");
        String type = data.path("resultType").asText("");
        return switch (type) {
            case "vector" -> result.isArray() ? vector(result, evaluatedAt, staleness) : unparseable();
            case "scalar" -> sample(result, evaluatedAt, staleness);
            case "" -> unparseable();
            default -> QueryResult.failed(QueryFailure.RESULT_TYPE, "unexpected result type " + type);
        };
    }

    /**
     * Reads an answer of {@code /api/v1/query_range}: a matrix whose values are keyed by the instant
     * they were evaluated at. Over a range, labels change (a new pod, a new version) and several
     * series follow one another; only an instant where more than one of them has a value is unknown,
     * as the same instant query would have been.
     */
    static RangeResult readRange(int status, byte[] body) {
        JsonNode root = parse(body);
        QueryResult failed = failure(status, root);
        if (failed != null) {
            return RangeResult.of(failed);
        }
        JsonNode data = root.path("data");
        JsonNode result = data.path("result");
        String type = data.path("resultType").asText("");
        if (!type.equals("matrix")) {
            return type.isEmpty() ? RangeResult.of(unparseable())
                    : RangeResult.failed(QueryFailure.RESULT_TYPE, "unexpected result type " + type);
        }
        if (!result.isArray()) {
            return RangeResult.of(unparseable());
        }
        if (result.isEmpty()) {
            return RangeResult.failed(QueryFailure.EMPTY, "empty result");
        }
        java.util.NavigableMap<Instant, Double> values = new java.util.TreeMap<>();
        java.util.Map<Instant, java.util.List<JsonNode>> seen = new java.util.HashMap<>();
        for (JsonNode series : result) {
            for (JsonNode pair : series.path("values")) {
                if (!pair.isArray() || pair.size() != 2 || !pair.get(0).isNumber() || !pair.get(1).isTextual()) {
                    return RangeResult.of(unparseable());
                }
                Double v = number(pair.get(1).asText());
                if (v == null) {
                    return RangeResult.of(unparseable());
                }
                Instant at = Instant.ofEpochMilli(Math.round(pair.get(0).asDouble() * 1000));
                values.put(at, v);
                seen.computeIfAbsent(at, k -> new java.util.ArrayList<>(1)).add(series);
            }
        }
        java.util.Map<Instant, String> conflicts = new java.util.HashMap<>();
        seen.forEach((at, series) -> {
            if (series.size() > 1) {
                values.remove(at);
                conflicts.put(at, multiple(series));
            }
        });
        return RangeResult.values(values, conflicts);
    }

    /** A Prometheus API error, an HTTP error or an unparseable body; null when the answer is a success. */
    private static QueryResult failure(int status, JsonNode root) {
        if (root != null && "error".equals(root.path("status").asText())) {
            JsonNode error = root.get("error");
            String message = error != null && error.isTextual() ? error.asText() : root.path("errorType").asText("unknown");
            return QueryResult.failed(QueryFailure.PROMQL, "PromQL error: " + message);
        }
        if (status < 200 || status > 299) {
            return QueryResult.failed(QueryFailure.HTTP, "Prometheus answered HTTP " + status);
        }
        if (root == null || !"success".equals(root.path("status").asText())) {
            return unparseable();
        }
        return null;
    }

    /** Null when {@code series} holds exactly one series, else why not. */
    private static QueryResult oneSeries(JsonNode series) {
        if (series.isEmpty()) {
            return QueryResult.failed(QueryFailure.EMPTY, "empty result");
        }
        if (series.size() > 1) {
            List<JsonNode> all = new java.util.ArrayList<>();
            series.forEach(all::add);
            return QueryResult.failed(QueryFailure.MULTIPLE, multiple(all));
        }
        return null;
    }

    /** "2 series, expected 1: {job="a"}, {job="b"}", naming at most {@value #SERIES_SHOWN}. */
    private static String multiple(List<JsonNode> series) {
        StringBuilder b = new StringBuilder().append(series.size()).append(" series, expected 1: ");
        for (int i = 0; i < Math.min(series.size(), SERIES_SHOWN); i++) {
            b.append(i == 0 ? "" : ", ").append(labels(series.get(i).path("metric")));
        }
        if (series.size() > SERIES_SHOWN) {
            b.append(", …");
        }
        return b.toString();
    }

    private static QueryResult vector(JsonNode series, Instant evaluatedAt, Duration staleness) {
        QueryResult shape = oneSeries(series);
        return shape != null ? shape : sample(series.get(0).path("value"), evaluatedAt, staleness);
    }

    /** Prometheus's text for a sample value; NaN and ±Inf as doubles; null when not a number. */
    static Double number(String text) {
        return switch (text) {
            case "NaN" -> Double.NaN;
            case "+Inf", "Inf" -> Double.POSITIVE_INFINITY;
            case "-Inf" -> Double.NEGATIVE_INFINITY;
            default -> {
                try {
                    yield Double.parseDouble(text);
                } catch (NumberFormatException e) {
                    yield null;
                }
            }
        };
    }

    /** Unknown for a value that is not finite; null when it is. */
    static String notFinite(double value) {
        if (Double.isNaN(value)) {
            return "value is NaN";
        }
        return Double.isInfinite(value) ? "value is " + (value > 0 ? "+Inf" : "-Inf") : null;
    }

    /** A sample is {@code [<unix seconds>, "<value>"]}. */
    private static QueryResult sample(JsonNode pair, Instant evaluatedAt, Duration staleness) {
        if (!pair.isArray() || pair.size() != 2 || !pair.get(0).isNumber() || !pair.get(1).isTextual()) {
            return unparseable();
        }
        Instant sampleAt = Instant.ofEpochMilli(Math.round(pair.get(0).asDouble() * 1000));
        Double parsed = number(pair.get(1).asText());
        if (parsed == null) {
            return unparseable();
        }
        double value = parsed;
        String notFinite = notFinite(value);
        if (notFinite != null) {
            return QueryResult.failed(QueryFailure.NOT_FINITE, notFinite);
        }
        Duration age = Duration.between(sampleAt, evaluatedAt);
        if (age.compareTo(staleness) > 0) {
            return QueryResult.failed(QueryFailure.STALE, "sample " + DurationText.age(age) + " old, limit "
                    + Durations.format(staleness));
        }
        return QueryResult.value(value, sampleAt);
    }

    /** Labels as PromQL writes them: {@code {code="500",job="api"}}, in Prometheus's order. */
    static String labels(JsonNode metric) {
        StringBuilder b = new StringBuilder("{");
        Iterator<Map.Entry<String, JsonNode>> it = metric.properties().iterator();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> e = it.next();
            b.append(e.getKey()).append("=\"").append(escape(e.getValue().asText())).append('"');
            if (it.hasNext()) {
                b.append(',');
            }
        }
        return b.append('}').toString();
    }

    private static String escape(String v) {
        return v.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
    }

    private static JsonNode parse(byte[] body) {
        if (body == null || body.length == 0) {
            return null;
        }
        try {
            JsonNode root = JSON.readTree(body);
            return root != null && root.isObject() ? root : null;
        } catch (IOException e) {
            return null;
        }
    }

    static QueryResult unparseable() {
        return QueryResult.failed(QueryFailure.UNPARSEABLE, "unparseable response");
    }
}
