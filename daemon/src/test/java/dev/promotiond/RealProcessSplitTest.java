package dev.promotiond;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Keeps the test split honest: every test class that starts an operating-system process (Prometheus,
 * Alertmanager, PostgreSQL, Chromium, nginx and friends, openssl, promtool, the daemon as its own JVM,
 * a rollback command), itself or through a helper of the test tree, is listed in the real-process list
 * that Surefire skips and Failsafe runs in {@code mvn verify}; and every line of that list names a test
 * class that exists.
 *
 * <p>"Starts a process" is found by reading the sources: a class that mentions {@code ProcessBuilder},
 * {@code Runtime.exec} or the daemon's {@code CommandRollbackExecutor} starts processes, and so does every
 * class that mentions such a class (comments and string literals are ignored). The closure over-approximates; that only
 * sends a test to the later phase. {@link #IN_PROCESS} names the few members of process-starting test
 * classes that other tests borrow and that start nothing themselves.
 */
class RealProcessSplitTest {
    static final Path TESTS = Path.of("src/test/java");
    static final Path LIST = Path.of(System.getProperty("promotiond.real-process-tests",
            "src/test/real-process-tests.txt"));

    static final Pattern STARTS_PROCESS =
            Pattern.compile("\\bProcessBuilder\\b|\\bRuntime\\.getRuntime\\(\\)\\s*\\.exec\\b|\\bCommandRollbackExecutor\\b");
    /** Text blocks, strings, characters and comments, matched left to right so that "//" in a string stays. */
    static final Pattern NOT_CODE = Pattern.compile(
            "\"\"\"[\\s\\S]*?\"\"\"|\"(?:\\\\.|[^\"\\\\\\n])*\"|'(?:\\\\.|[^'\\\\\\n])*'|/\\*[\\s\\S]*?\\*/|//[^\\n]*");
    /** Surefire's and Failsafe's names for a test class (their default includes). */
    static final Pattern TEST_CLASS = Pattern.compile("Test\\w*|\\w*Test|\\w*Tests|\\w*TestCase");
    /** What makes such a class hold tests (a helper such as TestCa has the name but no tests). */
    static final Pattern HAS_TESTS = Pattern.compile("@(?:Test|ParameterizedTest|RepeatedTest|TestFactory|Nested)\\b");

    /** Borrowed members that run in the JVM of the test: constants, records, in-process CLI runs. */
    static final Set<String> IN_PROCESS = Set.of(
            "CheckAgainstRunningDaemonTest.RULES", "CheckAgainstRunningDaemonTest.Run",
            "CheckAgainstRunningDaemonTest.check", "PrometheusUptimeWindowsTest.history",
            "KillNineRestartTest.RULES", "KillNineRestartTest.LISTENING",
            "CliConventionsTest.execute", "CliConventionsTest.commands");

    @Test
    void everyRealProcessTestRunsUnderFailsafeAndTheListNamesOnlyTests() throws IOException {
        Map<String, String> sources = sources();
        Map<String, String> why = startersWithReason(sources);
        Set<String> listed = listed();

        List<String> problems = new ArrayList<>();
        for (Map.Entry<String, String> e : why.entrySet()) {
            String name = e.getKey();
            if (isTest(name, sources) && !listed.contains(name)) {
                problems.add(name + " starts a process (" + e.getValue() + ") but is not in " + LIST
                        + ": add the line **/" + name + ".java");
            }
        }
        for (String name : listed) {
            if (!isTest(name, sources)) {
                problems.add(LIST + " lists " + name + ", which is no test class of the test tree");
            }
        }
        assertThat(problems).as("the unit/integration test split").isEmpty();
        assertThat(listed).as("the split found the known real-process tests")
                .contains("DemoTest", "StatusPageChromiumTest", "ReplicasFailoverTest", "StoreOutageTest");
    }

    @Test
    void aTestThatReachesAProcessThroughAHelperIsFound() {
        Map<String, String> sources = new LinkedHashMap<>();
        sources.put("Launcher", "final class Launcher { Process p = new ProcessBuilder(\"x\").start(); }");
        sources.put("Fleet", "final class Fleet { Launcher l; }");
        sources.put("FleetTest", "class FleetTest { Fleet f; @Test void t() {} }");
        sources.put("PlainTest", "class PlainTest { /* Launcher is mentioned only here */ String s = \"Launcher\"; }");
        sources.put("BorrowingTest", "class BorrowingTest { Object r = KillNineRestartTest.RULES; }");
        sources.put("KillNineRestartTest", "class KillNineRestartTest { ProcessBuilder b; static Object RULES; }");

        Map<String, String> code = strip(sources);
        assertThat(startersWithReason(code).keySet())
                .containsExactlyInAnyOrder("Launcher", "Fleet", "FleetTest", "KillNineRestartTest");
        assertThat(isTest("FleetTest", code)).isTrue();
        assertThat(isTest("KillNineRestartTest", code)).as("no @Test: a helper with a test's name").isFalse();
    }

    static boolean isTest(String name, Map<String, String> sources) {
        return sources.containsKey(name) && TEST_CLASS.matcher(name).matches()
                && HAS_TESTS.matcher(sources.get(name)).find();
    }

    /** Each process-starting class, with the class through which it reaches a process. */
    static Map<String, String> startersWithReason(Map<String, String> sources) {
        Map<String, String> why = new TreeMap<>();
        sources.forEach((name, src) -> {
            if (STARTS_PROCESS.matcher(src).find()) {
                why.put(name, "starts one itself");
            }
        });
        boolean grew = true;
        while (grew) { // bounded: every round adds a class or ends
            grew = false;
            for (Map.Entry<String, String> e : sources.entrySet()) {
                if (why.containsKey(e.getKey())) {
                    continue;
                }
                for (String starter : List.copyOf(why.keySet())) {
                    if (Pattern.compile("\\b" + starter + "\\b").matcher(e.getValue()).find()) {
                        why.put(e.getKey(), "through " + starter);
                        grew = true;
                        break;
                    }
                }
            }
        }
        return why;
    }

    /** Simple class name → source without comments and without the borrowed in-process members. */
    static Map<String, String> sources() throws IOException {
        Map<String, String> raw = new TreeMap<>();
        try (Stream<Path> files = Files.walk(TESTS)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
                String name = f.getFileName().toString().replaceFirst("\\.java$", "");
                assertThat(raw).as("test classes have unique simple names (the list uses them): %s", name)
                        .doesNotContainKey(name);
                raw.put(name, Files.readString(f));
            }
        }
        return strip(raw);
    }

    static Map<String, String> strip(Map<String, String> raw) {
        Map<String, String> out = new TreeMap<>();
        raw.forEach((name, src) -> {
            String s = NOT_CODE.matcher(src).replaceAll(" ");
            for (String member : IN_PROCESS) {
                s = s.replaceAll("\\b" + Pattern.quote(member) + "\\b", " ");
            }
            out.put(name, s);
        });
        return out;
    }

    /** The simple names the list file gives as {@code **}{@code /Name.java}; blank and # lines skipped. */
    static Set<String> listed() throws IOException {
        Set<String> names = new TreeSet<>();
        for (String line : Files.readAllLines(LIST)) {
            String l = line.strip();
            if (l.isEmpty() || l.startsWith("#")) {
                continue;
            }
            assertThat(l).as("%s: each line is **/Name.java", LIST).matches("\\*\\*/\\w+\\.java");
            names.add(l.substring(3, l.length() - ".java".length()));
        }
        return names;
    }
}
