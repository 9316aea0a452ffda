package dev.promotiond.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.promotiond.testing.CliJvm;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;

/**
 * Replicas of {@code promotiond run} on one config, each in its own JVM with its output in a log
 * file of its own (read on a failure). Killed with SIGKILL; whatever is still running at
 * {@link #close()} is killed too.
 */
final class ReplicaProcesses implements AutoCloseable {
    static final ObjectMapper JSON = new ObjectMapper();
    static final Duration START_TIMEOUT = Duration.ofSeconds(60);

    /** One replica process; {@code name} is r1, r2, ... in order of start. */
    record Replica(String name, Process process, int port, Path log) {
        String url() {
            return "http://127.0.0.1:" + port;
        }

        boolean alive() {
            return process.isAlive();
        }
    }

    private final Path config;
    private final Path dir;
    private final List<Replica> all = new ArrayList<>();
    final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    ReplicaProcesses(Path config, Path dir) {
        this.config = config;
        this.dir = dir;
    }

    /** Starts one more replica and returns once its port is open (bounded). */
    Replica start() throws Exception {
        String name;
        synchronized (this) {
            name = "r" + (all.size() + 1);
            all.add(null); // reserve the name
        }
        Path log = dir.resolve(name + ".log");
        Process p = new ProcessBuilder(CliJvm.command("run", "--config", config.toString()))
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            String text = Files.exists(log) ? Files.readString(log) : "";
            Matcher m = KillNineRestartTest.LISTENING.matcher(text);
            if (m.find()) {
                Replica r = new Replica(name, p, Integer.parseInt(m.group(1)), log);
                synchronized (this) {
                    all.set(Integer.parseInt(name.substring(1)) - 1, r);
                }
                return r;
            }
            if (!p.isAlive()) {
                throw new IOException(name + " exited with " + p.exitValue() + " before listening:\n" + text);
            }
            Thread.sleep(50);
        }
        p.destroyForcibly();
        throw new IOException(name + " did not listen within " + START_TIMEOUT + ":\n" + Files.readString(log));
    }

    /** SIGKILL: no shutdown hook runs, nothing is released or flushed. */
    static void kill(Replica r) throws InterruptedException {
        r.process().destroyForcibly();
        r.process().waitFor(30, TimeUnit.SECONDS);
    }

    synchronized List<Replica> alive() {
        return all.stream().filter(r -> r != null && r.alive()).toList();
    }

    /** {@code promotiond_leader} of {@code r} now: 1, 0, or -1 when it could not be read. */
    int leader(Replica r) {
        try {
            HttpResponse<String> res = http.send(HttpRequest.newBuilder(URI.create(r.url() + "/metrics"))
                    .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.ofString());
            for (String line : res.body().split("\n")) {
                if (line.startsWith("promotiond_leader ")) {
                    return Double.parseDouble(line.substring("promotiond_leader ".length()).strip()) == 1 ? 1 : 0;
                }
            }
            return -1;
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    /** The live replicas that say they lead, sampled one after another. */
    List<Replica> leaders() {
        return alive().stream().filter(r -> leader(r) == 1).toList();
    }

    /** The one replica that leads, once exactly one does (bounded wait). */
    Replica awaitLeader(Duration max) throws InterruptedException {
        long deadline = System.nanoTime() + max.toNanos();
        List<Replica> seen = List.of();
        while (System.nanoTime() < deadline) {
            seen = leaders();
            if (seen.size() == 1) {
                return seen.get(0);
            }
            Thread.sleep(100);
        }
        throw new AssertionError("no single leader within " + max + ": " + seen + "\n" + logs());
    }

    /** GET {@code path} on {@code r}: the status and the body as JSON (null when not JSON). */
    record Answer(int status, JsonNode body) {
    }

    Answer get(Replica r, String path) throws IOException, InterruptedException {
        HttpResponse<String> res = http.send(HttpRequest.newBuilder(URI.create(r.url() + path))
                .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
        JsonNode body;
        try {
            body = JSON.readTree(res.body());
        } catch (IOException e) {
            body = null;
        }
        return new Answer(res.statusCode(), body);
    }

    /** The last lines of every replica's log, for a failure message. */
    synchronized String logs() {
        StringBuilder b = new StringBuilder();
        for (Replica r : all) {
            if (r == null) {
                continue;
            }
            try {
                List<String> lines = Files.readAllLines(r.log());
                b.append("--- ").append(r.name()).append(r.alive() ? " (alive)" : " (dead)").append('\n');
                lines.subList(Math.max(0, lines.size() - 30), lines.size()).forEach(l -> b.append(l).append('\n'));
            } catch (IOException e) {
                b.append("--- ").append(r.name()).append(": ").append(e).append('\n');
            }
        }
        return b.toString();
    }

    @Override
    public synchronized void close() {
        for (Replica r : all) {
            if (r != null && r.alive()) {
                try {
                    kill(r);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt(); // SIGKILL was sent; keep on with the others
                }
            }
        }
    }
}
