package dev.promotiond.actions;

import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Rolls back by running a program directly, without a shell. Arguments may contain the
 * placeholders {@code {component}}, {@code {version}}, {@code {previous_version}} and
 * {@code {stage}}; any other identifier in braces is rejected by {@link #validateTemplate}, and
 * other brace text (e.g. {@code {}}) is passed through. The program itself (the first argument)
 * may not contain placeholders, so request values can never choose what runs.
 *
 * <p>Every value handed to the process must match {@code [A-Za-z0-9._:+@/-]{1,128}} and must not
 * start with {@code -}, so it can carry neither shell syntax nor an option. That covers the
 * placeholders used in the arguments and the environment variables {@code PROMOTIOND_COMPONENT},
 * {@code PROMOTIOND_VERSION}, {@code PROMOTIOND_PREVIOUS_VERSION} (unset when unknown) and
 * {@code PROMOTIOND_STAGE}, which are added to the daemon's own environment (a script may use
 * them carelessly). A bad or missing value makes an {@code error} result and nothing is started.
 *
 * <p>stdout and stderr are merged and only their end is kept. When the timeout passes, the
 * process and its descendants get SIGTERM, then SIGKILL after a short grace.
 */
public final class CommandRollbackExecutor implements RollbackExecutor {
    static final Pattern SAFE_VALUE = Pattern.compile("[A-Za-z0-9._:+@/-]{1,128}");
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{([A-Za-z_][A-Za-z0-9_]*)\\}");
    private static final Set<String> KNOWN = Set.of("component", "version", "previous_version", "stage");
    private static final Duration GRACE = Duration.ofSeconds(2);
    /** How long to wait for output after exit when a background grandchild still holds the pipe. */
    private static final Duration DRAIN = Duration.ofSeconds(2);

    private final List<String> argv;
    private final Duration timeout;

    public CommandRollbackExecutor(List<String> argv, Duration timeout) {
        this.argv = List.copyOf(Objects.requireNonNull(argv, "argv"));
        validateTemplate(this.argv);
        this.timeout = Objects.requireNonNull(timeout, "timeout");
        if (timeout.isZero() || timeout.isNegative()) {
            throw new IllegalArgumentException("rollback command timeout must be positive, was " + timeout);
        }
    }

    /** Checks a command template as the config loader reads it; the message names what is wrong. */
    public static void validateTemplate(List<String> argv) {
        if (argv == null || argv.isEmpty()) {
            throw new IllegalArgumentException("rollback command must name a program");
        }
        if (argv.get(0) == null || argv.get(0).isBlank()) {
            throw new IllegalArgumentException("rollback command program must not be blank");
        }
        if (PLACEHOLDER.matcher(argv.get(0)).find()) {
            throw new IllegalArgumentException(
                    "rollback command program must not contain placeholders, was " + argv.get(0));
        }
        Set<String> unknown = new TreeSet<>();
        for (String arg : argv) {
            if (arg == null) {
                throw new IllegalArgumentException("rollback command arguments must not be null");
            }
            Matcher m = PLACEHOLDER.matcher(arg);
            while (m.find()) {
                if (!KNOWN.contains(m.group(1))) {
                    unknown.add(m.group());
                }
            }
        }
        if (!unknown.isEmpty()) {
            throw new IllegalArgumentException("rollback command has unknown placeholder(s) " + String.join(", ", unknown)
                    + "; known are {component}, {version}, {previous_version}, {stage}");
        }
    }

    @Override
    public RollbackResult execute(RollbackRequest request) {
        long started = System.nanoTime();
        Map<String, String> values = new LinkedHashMap<>();
        values.put("component", request.component());
        values.put("version", request.version());
        values.put("previous_version", request.previousVersion());
        values.put("stage", request.stage());
        for (Map.Entry<String, String> v : values.entrySet()) {
            if (v.getValue() != null && !isSafe(v.getValue())) {
                return RollbackResult.error(v.getKey() + " " + quoted(v.getValue())
                        + " is not allowed for a rollback command (must match " + SAFE_VALUE.pattern()
                        + " and not start with '-'); nothing was run", since(started));
            }
        }
        List<String> args = new ArrayList<>(argv.size());
        for (String arg : argv) {
            Matcher m = PLACEHOLDER.matcher(arg);
            StringBuilder out = new StringBuilder();
            while (m.find()) {
                String value = values.get(m.group(1));
                if (value == null) {
                    return RollbackResult.error(m.group(1) + " is unknown for " + request.component()
                            + " but the rollback command uses " + m.group() + "; nothing was run", since(started));
                }
                m.appendReplacement(out, Matcher.quoteReplacement(value));
            }
            m.appendTail(out);
            args.add(out.toString());
        }
        ProcessBuilder builder = new ProcessBuilder(args).redirectErrorStream(true);
        Map<String, String> env = builder.environment();
        env.put("PROMOTIOND_COMPONENT", request.component());
        env.put("PROMOTIOND_VERSION", request.version());
        env.put("PROMOTIOND_STAGE", request.stage());
        if (request.previousVersion() == null) {
            env.remove("PROMOTIOND_PREVIOUS_VERSION");
        } else {
            env.put("PROMOTIOND_PREVIOUS_VERSION", request.previousVersion());
        }
        return run(builder, started);
    }

    private RollbackResult run(ProcessBuilder builder, long started) {
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            return RollbackResult.error("could not start " + argv.get(0) + ": " + e.getMessage(), since(started));
        }
        RollbackResult.Tail tail = new RollbackResult.Tail();
        Thread reader = new Thread(() -> drain(process.getInputStream(), tail), "promotiond-rollback-output");
        reader.setDaemon(true);
        reader.start();
        try {
            process.getOutputStream().close(); // the command gets EOF on stdin
        } catch (IOException ignored) {
            // it already exited
        }
        try {
            if (!process.waitFor(timeout.toNanos(), TimeUnit.NANOSECONDS)) {
                kill(process);
                reader.join(DRAIN.toMillis());
                return new RollbackResult(false, RollbackResult.TIMEOUT, null, null, tail.text(), since(started),
                        argv.get(0) + " did not finish within " + timeout.toMillis() + " ms and was killed");
            }
            reader.join(DRAIN.toMillis());
        } catch (InterruptedException e) {
            kill(process);
            Thread.currentThread().interrupt();
            return new RollbackResult(false, RollbackResult.ERROR, null, null, tail.text(), since(started),
                    "interrupted while waiting for " + argv.get(0) + "; it was killed");
        }
        int exit = process.exitValue();
        if (exit == 0) {
            return new RollbackResult(true, RollbackResult.SUCCESS, 0, null, tail.text(), since(started), null);
        }
        return new RollbackResult(false, RollbackResult.FAILED, exit, null, tail.text(), since(started),
                argv.get(0) + " exited with status " + exit);
    }

    /** Descendants are listed before the parent dies: orphans are no longer its descendants. */
    private static void kill(Process process) {
        List<ProcessHandle> tree = new ArrayList<>(process.descendants().toList());
        tree.add(process.toHandle());
        tree.forEach(ProcessHandle::destroy);
        long deadline = System.nanoTime() + GRACE.toNanos();
        for (ProcessHandle p : tree) {
            long left = deadline - System.nanoTime();
            try {
                if (left > 0) {
                    p.onExit().get(left, TimeUnit.NANOSECONDS);
                }
            } catch (Exception stillRunning) {
                // killed below
            }
            if (p.isAlive()) {
                p.destroyForcibly();
            }
        }
    }

    private static void drain(InputStream in, RollbackResult.Tail tail) {
        byte[] buf = new byte[8192];
        try (in) {
            for (int n; (n = in.read(buf)) != -1; ) {
                tail.write(buf, 0, n);
            }
        } catch (IOException closed) {
            // the process went away; keep what was read
        }
    }

    static boolean isSafe(String value) {
        return SAFE_VALUE.matcher(value).matches() && !value.startsWith("-");
    }

    /** A value as it can appear in a one-line reason: escaped and shortened. */
    private static String quoted(String value) {
        StringBuilder b = new StringBuilder("\"");
        value.codePoints().limit(64).forEach(c -> {
            if (c < 0x20 || c == 0x7f) {
                b.append(String.format("\\x%02x", c));
            } else {
                b.appendCodePoint(c);
            }
        });
        return b.append(value.codePointCount(0, value.length()) > 64 ? "...\"" : "\"").toString();
    }

    private static Duration since(long startedNanos) {
        return Duration.ofNanos(System.nanoTime() - startedNanos);
    }

    @Override
    public String describe() {
        return "command " + argv.get(0);
    }
}
