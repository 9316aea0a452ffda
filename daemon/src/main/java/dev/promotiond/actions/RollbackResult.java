package dev.promotiond.actions;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Objects;
import java.util.Set;

/**
 * How a rollback went. {@code outcome} is one of {@code success}, {@code failed} (the remote side
 * answered no: non-zero exit, non-2xx status), {@code timeout} or {@code error} (it could not be
 * run or reached, or the request was refused before anything ran); {@code ok} is true exactly for
 * {@code success}. {@code exitCode} and {@code httpStatus} are null when there was none.
 * {@code output} is what the command printed or the receiver answered, at most
 * {@value #MAX_OUTPUT} characters: when longer, the end is kept behind a one-line marker.
 * {@code error} is a one-line reason, present exactly when not ok.
 */
public record RollbackResult(boolean ok, String outcome, Integer exitCode, Integer httpStatus, String output,
        Duration took, String error) {
    public static final int MAX_OUTPUT = 8 * 1024;
    static final String SUCCESS = "success";
    static final String FAILED = "failed";
    static final String TIMEOUT = "timeout";
    static final String ERROR = "error";
    private static final Set<String> OUTCOMES = Set.of(SUCCESS, FAILED, TIMEOUT, ERROR);

    public RollbackResult {
        if (!OUTCOMES.contains(outcome)) {
            throw new IllegalArgumentException("outcome must be one of " + OUTCOMES + ", was " + outcome);
        }
        if (ok != outcome.equals(SUCCESS)) {
            throw new IllegalArgumentException("ok must be true exactly for outcome success, was " + ok + " for " + outcome);
        }
        Objects.requireNonNull(took, "took");
        output = keepEnd(output == null ? "" : output);
        if (ok) {
            error = null;
        } else {
            Objects.requireNonNull(error, "error is required when not ok");
            error = oneLine(error);
        }
    }

    static RollbackResult error(String error, Duration took) {
        return new RollbackResult(false, ERROR, null, null, "", took, error);
    }

    private static String keepEnd(String output) {
        if (output.length() <= MAX_OUTPUT) {
            return output;
        }
        String marker = truncationMarker(output.length(), "characters");
        return marker + output.substring(output.length() - (MAX_OUTPUT - marker.length()));
    }

    private static String truncationMarker(long total, String unit) {
        return "[... truncated: only the end of " + total + " " + unit + " is kept ...]\n";
    }

    private static String oneLine(String s) {
        String line = s.replaceAll("[\\r\\n\\t]+", " ").strip();
        return line.length() <= 500 ? line : line.substring(0, 497) + "...";
    }

    /**
     * Bytes written to it keep only the last {@value #MAX_OUTPUT}, so a chatty process or receiver
     * costs constant memory. Thread-safe: one thread writes while another may read the text.
     */
    static final class Tail extends OutputStream {
        private final byte[] ring = new byte[MAX_OUTPUT];
        private long total;

        @Override
        public synchronized void write(int b) {
            ring[(int) (total++ % MAX_OUTPUT)] = (byte) b;
        }

        @Override
        public synchronized void write(byte[] b, int off, int len) {
            Objects.checkFromIndexSize(off, len, b.length);
            if (len > MAX_OUTPUT) {
                total += len - MAX_OUTPUT;
                off += len - MAX_OUTPUT;
                len = MAX_OUTPUT;
            }
            for (int i = 0; i < len; i++) {
                ring[(int) (total++ % MAX_OUTPUT)] = b[off + i];
            }
        }

        /**
         * The whole output as UTF-8 text, or a marker plus its end, together at most
         * {@value #MAX_OUTPUT} characters (decoding never yields more characters than bytes).
         */
        synchronized String text() {
            if (total <= MAX_OUTPUT) {
                return new String(ring, 0, (int) total, StandardCharsets.UTF_8);
            }
            String marker = truncationMarker(total, "bytes");
            int keep = MAX_OUTPUT - marker.length();
            ByteArrayOutputStream last = new ByteArrayOutputStream(keep);
            for (long i = total - keep; i < total; i++) {
                last.write(ring[(int) (i % MAX_OUTPUT)]);
            }
            return marker + last.toString(StandardCharsets.UTF_8);
        }
    }
}
