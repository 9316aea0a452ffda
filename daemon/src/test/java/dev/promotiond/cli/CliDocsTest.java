package dev.promotiond.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The build (exec-maven-plugin, before the tests) wrote the completion scripts and man pages from
 * the picocli model; they cover every command, and man and bash can read them.
 */
class CliDocsTest {
    static final Path BUILD = Path.of(System.getProperty("promotiond.build.dir", "target"));

    @Test
    void completionScriptsNameEveryCommand() throws Exception {
        Path bash = BUILD.resolve("completion/promotiond.bash");
        Path zsh = BUILD.resolve("completion/promotiond.zsh");
        assertThat(bash).as("written by the build (mvn process-test-classes)").isRegularFile();
        assertThat(zsh).isRegularFile();
        String script = Files.readString(bash);
        for (List<String> c : CliConventionsTest.commands()) {
            // picocli names each command's function after its path: _picocli_promotiond_rules_check
            assertThat(script).as(String.join(" ", c)).contains("_picocli_promotiond_" + String.join("_", c) + "()");
        }
        assertThat(Files.readString(zsh)).contains("bashcompinit").contains(script);
        Process p = new ProcessBuilder("bash", "-n", bash.toString()).redirectErrorStream(true).start();
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8)).isZero();
    }

    @Test
    void everyCommandHasAManPageThatManRenders() throws Exception {
        Path man1 = BUILD.resolve("man/man1");
        for (List<String> c : CliConventionsTest.commands()) {
            String name = "promotiond-" + String.join("-", c);
            assertThat(man1.resolve(name + ".1")).as(name).isRegularFile();
            assertThat(BUILD.resolve("man/adoc/" + name + ".adoc")).as(name).isRegularFile();
        }
        Path root = man1.resolve("promotiond.1");
        String page = render(root);
        assertThat(page).contains("NAME").contains("SYNOPSIS").contains("EXIT STATUS").contains("not ready");
        for (List<String> c : CliConventionsTest.commands()) {
            if (c.size() == 1) {
                assertThat(page).as(c.get(0)).contains(c.get(0));
            }
        }
        assertThat(render(man1.resolve("promotiond-check.1"))).contains("--url").contains("PROMOTIOND_URL");
        assertThat(render(man1.resolve("promotiond-hold-clear.1"))).contains("COMPONENT").contains("VERSION");
    }

    /** The page as man shows it, without a pager; groff's warnings fail the test. */
    private static String render(Path page) throws Exception {
        Process p = new ProcessBuilder("man", "--warnings", "-E", "UTF-8", "-l", page.toString())
                .redirectError(ProcessBuilder.Redirect.PIPE).start();
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(err).isZero();
        assertThat(err).as(page + " renders without warnings").isEmpty();
        return out.replaceAll(".\b", "").replace('\u2010', '-').replace('\u2212', '-');
    }
}
