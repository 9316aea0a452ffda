package dev.promotiond.export;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import dev.promotiond.cycle.ComponentStatus;
import dev.promotiond.cycle.Evaluation;
import io.prometheus.metrics.config.EscapingScheme;
import io.prometheus.metrics.expositionformats.ExpositionFormatWriter;
import io.prometheus.metrics.expositionformats.ExpositionFormats;
import io.prometheus.metrics.expositionformats.OpenMetricsTextFormatWriter;
import io.prometheus.metrics.model.registry.MetricNameFilter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.io.BufferedOutputStream;
import java.io.BufferedWriter;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.zip.GZIPOutputStream;

/**
 * {@code /metrics}: Prometheus text 0.0.4, or OpenMetrics 1.0.0 when the Accept header asks for
 * it (never protobuf; Prometheus then takes text). The decision families are written straight
 * from the last published evaluation by {@link DecisionsWriter}; the rest of the registry (JVM,
 * counters, probe histograms) goes through client_java's writers. Families come in client_java's
 * order (by name), so the answer is the one client_java's own handler gave, without building a
 * snapshot per series or buffering the whole answer: it streams, chunked, gzip when accepted.
 * Supports {@code name[]=} like client_java's handler.
 */
public final class ScrapeHandler implements HttpHandler {
    private static final byte[] EOF = "# EOF\n".getBytes(StandardCharsets.US_ASCII);

    private final PrometheusRegistry registry;
    private final Supplier<Evaluation> last;
    private final ExpositionFormats formats = ExpositionFormats.init();
    private final Set<String> decisions = new HashSet<>(DecisionsWriter.names());

    public ScrapeHandler(PrometheusRegistry registry, Supplier<Evaluation> last) {
        this.registry = registry;
        this.last = last;
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String accept = exchange.getRequestHeaders().getFirst("Accept");
            boolean openMetrics = formats.findWriter(accept) instanceof OpenMetricsTextFormatWriter;
            ExpositionFormatWriter writer = openMetrics ? formats.getOpenMetricsTextFormatWriter()
                    : formats.getPrometheusTextFormatWriter();
            exchange.getResponseHeaders().set("Content-Type", writer.getContentType());
            boolean gzip = acceptsGzip(exchange);
            if (gzip) {
                exchange.getResponseHeaders().set("Content-Encoding", "gzip");
            }
            if (exchange.getRequestMethod().equals("HEAD")) {
                exchange.sendResponseHeaders(200, -1);
                return;
            }
            Predicate<String> names = nameFilter(exchange.getRequestURI().getRawQuery());
            exchange.sendResponseHeaders(200, 0);
            OutputStream body = exchange.getResponseBody();
            OutputStream out = gzip ? new GZIPOutputStream(body, 8192) : body;
            write(out, openMetrics, names, EscapingScheme.fromAcceptHeader(accept));
            out.close();
        }
    }

    /**
     * Writes the whole answer to {@code out} (not closed).
     *
     * @param names the families to include (by Prometheus name); null for all
     */
    void write(OutputStream out, boolean openMetrics, Predicate<String> names, EscapingScheme scheme) throws IOException {
        Predicate<String> rest = n -> !decisions.contains(n);
        MetricSnapshots others = registry.scrape(names == null ? rest : rest.and(names));
        Evaluation e = last.get();
        List<String> mine = new ArrayList<>();
        if (e != null) {
            for (String n : DecisionsWriter.names()) {
                if (names == null || names.test(n)) {
                    mine.add(n);
                }
            }
        }
        ComponentStatus[] components = e == null ? new ComponentStatus[0] : DecisionsWriter.sorted(e);
        BufferedOutputStream buffered = new BufferedOutputStream(out, 1 << 16);
        Writer w = new BufferedWriter(new OutputStreamWriter(buffered, StandardCharsets.UTF_8), 1 << 14);
        ExpositionFormatWriter writer = openMetrics ? formats.getOpenMetricsTextFormatWriter()
                : formats.getPrometheusTextFormatWriter();
        int i = 0;
        int j = 0;
        List<MetricSnapshot> theirs = new ArrayList<>(others.size());
        others.forEach(theirs::add);
        while (i < theirs.size() || j < mine.size()) {
            boolean takeTheirs = j == mine.size() || i < theirs.size()
                    && theirs.get(i).getMetadata().getPrometheusName().compareTo(mine.get(j)) < 0;
            if (takeTheirs) {
                w.flush();
                WithoutEof family = new WithoutEof(buffered, openMetrics);
                writer.write(family, MetricSnapshots.of(theirs.get(i++)), scheme);
                family.finish();
            } else {
                DecisionsWriter.write(w, mine.get(j++), components, openMetrics);
            }
        }
        if (openMetrics) {
            w.write("# EOF\n");
        }
        w.flush();
    }

    private static boolean acceptsGzip(HttpExchange exchange) {
        List<String> values = exchange.getRequestHeaders().get("Accept-Encoding");
        if (values == null) {
            return false;
        }
        for (String v : values) {
            for (String enc : v.split(",")) {
                if (enc.trim().equalsIgnoreCase("gzip")) {
                    return true;
                }
            }
        }
        return false;
    }

    /** {@code name[]=a&name[]=b} as client_java reads it; null when absent. */
    static Predicate<String> nameFilter(String rawQuery) {
        if (rawQuery == null || rawQuery.isEmpty()) {
            return null;
        }
        List<String> included = new ArrayList<>();
        for (String pair : rawQuery.split("&")) {
            int eq = pair.indexOf('=');
            String key = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            if (key.equals("name[]") && eq >= 0) {
                included.add(URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return included.isEmpty() ? null : MetricNameFilter.builder().nameMustBeEqualTo(included).build();
    }

    /**
     * Passes client_java's output for one family on, minus the {@code # EOF} its OpenMetrics writer
     * ends every answer with (the combined answer ends with one). Never closes the stream below.
     */
    private static final class WithoutEof extends FilterOutputStream {
        private final boolean strip;
        private final byte[] tail = new byte[EOF.length];
        private int held;

        WithoutEof(OutputStream out, boolean strip) {
            super(out);
            this.strip = strip;
        }

        @Override
        public void write(int b) throws IOException {
            if (!strip) {
                out.write(b);
                return;
            }
            if (held == tail.length) {
                out.write(tail[0]);
                System.arraycopy(tail, 1, tail, 0, tail.length - 1);
                held--;
            }
            tail[held++] = (byte) b;
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            if (!strip) {
                out.write(b, off, len);
                return;
            }
            if (len >= tail.length) {
                out.write(tail, 0, held);
                out.write(b, off, len - tail.length);
                System.arraycopy(b, off + len - tail.length, tail, 0, tail.length);
                held = tail.length;
            } else {
                for (int k = 0; k < len; k++) {
                    write(b[off + k]);
                }
            }
        }

        @Override
        public void flush() {
            // the held tail waits for close
        }

        @Override
        public void close() {
            // the stream below stays open for the next family
        }

        /** Passes on what is held back unless it is exactly the trailing {@code # EOF}. */
        void finish() throws IOException {
            if (strip && !(held == tail.length && java.util.Arrays.equals(tail, EOF))) {
                out.write(tail, 0, held);
            }
            held = 0;
        }
    }
}
