package dev.promotiond.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.promotiond.testing.CliJvm;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** What an operator expects of any command: --version, and --url from PROMOTIOND_URL. */
class CliConventionsTest {
    @TempDir
    Path dir;

    static List<List<String>> commands() {
        List<List<String>> out = new ArrayList<>();
        collect(Main.commandLine(), List.of(), out);
        return out;
    }

    private static void collect(CommandLine cl, List<String> path, List<List<String>> out) {
        for (Map.Entry<String, CommandLine> e : cl.getSubcommands().entrySet()) {
            if (e.getKey().equals("help")) {
                continue;
            }
            List<String> p = new ArrayList<>(path);
            p.add(e.getKey());
            out.add(p);
            collect(e.getValue(), p, out);
        }
    }

    static CheckAgainstRunningDaemonTest.Run execute(List<String> args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = Main.execute(new PrintWriter(out, true), new PrintWriter(err, true), args.toArray(String[]::new));
        return new CheckAgainstRunningDaemonTest.Run(exit, out.toString(), err.toString());
    }

    @Test
    void everyCommandPrintsThePromotiondVersion() {
        for (List<String> c : commands()) {
            CommandLine cl = Main.commandLine();
            for (String name : c) {
                cl = cl.getSubcommands().get(name);
            }
            // where --version is the component's version (evidence push, deployment record), -V prints ours
            boolean own = cl.getCommandSpec().findOption("--version") != null
                    && !cl.getCommandSpec().findOption("--version").versionHelp();
            List<String> args = new ArrayList<>(c);
            args.add(own ? "-V" : "--version");
            CheckAgainstRunningDaemonTest.Run r = execute(args);
            assertThat(r.exit()).as(args + ": " + r.err()).isZero();
            assertThat(r.out()).as(String.join(" ", args)).startsWith("promotiond ").contains("Java");
        }
    }

    @Test
    void everyCommandWithUrlDocumentsTheEnvironmentVariable() {
        List<String> talking = new ArrayList<>();
        for (List<String> c : commands()) {
            List<String> args = new ArrayList<>(c);
            args.add("--help");
            CheckAgainstRunningDaemonTest.Run r = execute(args);
            if (r.out().contains("--url=URL")) {
                talking.add(String.join(" ", c));
                assertThat(r.out()).as(String.join(" ", c)).contains("PROMOTIOND_URL");
            }
        }
        assertThat(talking).contains("check", "evidence push", "deployment record", "deployment history", "report",
                "hold clear");
    }

    @Test
    void aMissingUrlIsAUsageErrorNamingTheOptionAndTheVariable() throws Exception {
        Process p = promotiond(Map.of(), "check", "--component", "api", "--target", "staging");
        assertThat(p.exitValue()).isEqualTo(2);
        String err = Files.readString(dir.resolve("err"));
        assertThat(err).contains("--url").contains("PROMOTIOND_URL");
    }

    @Test
    void theUrlComesFromPromotiondUrlWhenNotGiven() throws Exception {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/api/v1/components/api/readiness", x -> {
            byte[] body = """
                    {"component":"api","target":"staging","state":"not_ready","version":"1","stage":"Development",
                     "evaluatedAt":"2026-01-01T00:00:00Z","criteria":[]}""".getBytes(StandardCharsets.UTF_8);
            x.getResponseHeaders().add("Content-Type", "application/json");
            x.sendResponseHeaders(200, body.length);
            x.getResponseBody().write(body);
            x.close();
        });
        server.start();
        try {
            String url = "http://127.0.0.1:" + server.getAddress().getPort();
            Process p = promotiond(Map.of("PROMOTIOND_URL", url), "check", "--component", "api", "--target", "staging");
            assertThat(p.exitValue()).as(Files.readString(dir.resolve("err"))).isEqualTo(1);
            assertThat(Files.readString(dir.resolve("out"))).contains("api → staging: NOT READY");
            // an explicit --url wins over the variable
            p = promotiond(Map.of("PROMOTIOND_URL", "http://127.0.0.1:1"), "check", "--url", url,
                    "--component", "api", "--target", "staging");
            assertThat(p.exitValue()).as(Files.readString(dir.resolve("err"))).isEqualTo(1);
        } finally {
            server.stop(0);
        }
    }

    /** The CLI in its own JVM, so its environment can be set; waits at most 60 s. */
    private Process promotiond(Map<String, String> env, String... args) throws Exception {
        ProcessBuilder b = new ProcessBuilder(CliJvm.command(args)).redirectOutput(dir.resolve("out").toFile())
                .redirectError(dir.resolve("err").toFile());
        b.environment().remove("PROMOTIOND_URL");
        b.environment().putAll(env);
        Process p = b.start();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("promotiond did not exit within 60 s");
        }
        return p;
    }
}
