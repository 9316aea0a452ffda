package dev.promotiond.kit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.promotiond.app.Daemon;
import dev.promotiond.cycle.ComponentStatus;
import dev.promotiond.cycle.Evaluation;
import dev.promotiond.cycle.TargetStatus;
import dev.promotiond.facts.Readiness;
import dev.promotiond.testing.RunningDemo;
import dev.promotiond.testing.TroubledFleet;
import java.awt.image.BufferedImage;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import javax.imageio.ImageIO;

/**
 * The status page as a real browser shows it: the demo daemon on loopback, read by headless
 * Debian Chromium. The page is served with a policy that blocks every script, so what Chromium
 * renders is the page without JavaScript. ({@code --blink-settings=scriptEnabled=false} would say
 * the same, but it also stops {@code --dump-dom} from printing anything.)
 */
class StatusPageChromiumTest {
    static final Duration BROWSER_TIMEOUT = Duration.ofSeconds(60);

    @Test
    void headlessChromiumShowsEveryDemoComponentItsGroupAndItsReadiness(@TempDir Path dir) throws Exception {
        String chromium = chromium().orElseGet(() -> fail("chromium is not installed: this test needs Debian's"
                + " chromium package (bash .ci/run installs it; apt-get install chromium)"));
        try (RunningDemo running = RunningDemo.start(dir)) {
            Daemon daemon = running.daemon();
            Evaluation e = daemon.last();
            String dom = dumpDom(chromium, "http://127.0.0.1:" + daemon.port() + "/", dir);

            assertThat(dom).contains("<h1>promotiond status</h1>");
            assertThat(e.components()).isNotEmpty();
            for (ComponentStatus c : e.components()) {
                assertThat(dom).as("group of %s", c.name()).contains("<h2>" + c.config().group() + "</h2>");
                String card = text(card(dom, c.name()));
                for (TargetStatus t : c.targets().values()) {
                    assertThat(card).as("%s → %s", c.name(), t.target())
                            .contains("→ " + t.target().title() + ": " + words(t.state()));
                }
                if (c.soakVerdict() != null) {
                    assertThat(card).as("soak of %s", c.name()).contains(c.soakVerdict().state().label().replace('_', ' '));
                }
            }
            assertThat(text(dom)).contains("✗ not ready", "✗ failed", "▲ at risk");
        }
    }

    /**
     * The screenshot in the README: a troubled fleet's page as Chromium draws it, written to
     * {@code target/status-page.png} (never over the committed copy; to refresh that, copy this file
     * to {@code docs/status-page.png}). What needs attention is drawn above the component table: the
     * page's red badges are in the top part of the picture.
     */
    @Test
    void screenshotShowsTheDownComponentAndTheActivePageAtTheTop(@TempDir Path dir) throws Exception {
        String chromium = chromium().orElseGet(() -> fail("chromium is not installed (apt-get install chromium)"));
        try (TroubledFleet fleet = TroubledFleet.start(dir)) {
            String text = text(dumpDom(chromium, fleet.url(), dir));
            assertThat(text).containsSubsequence("Needs attention", "! page " + TroubledFleet.PAGE + " for checkout",
                    "✗ DOWN search (Staging): status 503", "Component health", "search");

            Path png = Files.createDirectories(Path.of("target")).resolve(SCREENSHOT.getFileName());
            Files.deleteIfExists(png);
            run(chromium, dir, "--window-size=" + WIDTH + "," + HEIGHT, "--hide-scrollbars",
                    "--screenshot=" + png.toAbsolutePath(), fleet.url());
            BufferedImage image = ImageIO.read(png.toFile());
            assertThat(image).as("a PNG at %s", png).isNotNull();
            assertThat(image.getWidth()).isEqualTo(WIDTH);
            assertThat(Files.size(png)).as("small enough to commit").isLessThan(MAX_BYTES);
            assertThat(firstRowWith(image, 0xcf222e)).as("the red of a page or DOWN badge, in the top third")
                    .isBetween(0, image.getHeight() / 3);

            // a narrow window (a phone, a split screen): the page still renders, for a look by eye
            run(chromium, dir, "--window-size=420,900", "--hide-scrollbars",
                    "--screenshot=" + png.resolveSibling("status-page-narrow.png").toAbsolutePath(), fleet.url());
        }
    }

    /** The screenshot the README shows, as committed; the test above writes a fresh one under target/. */
    @Test
    void theReadmeScreenshotIsCommittedAndSmall() throws Exception {
        assertThat(SCREENSHOT).as("commit a copy of target/status-page.png there").isRegularFile();
        assertThat(Files.size(SCREENSHOT)).isLessThan(MAX_BYTES);
        assertThat(ImageIO.read(SCREENSHOT.toFile())).as("a readable PNG").isNotNull();
        assertThat(Files.readString(Path.of("..", "README.md"))).contains("(daemon/docs/status-page.png)");
    }

    static final Path SCREENSHOT = Path.of("docs", "status-page.png");
    static final int WIDTH = 1000;
    static final int HEIGHT = 1250;
    static final long MAX_BYTES = 300 * 1024;

    /** The first row of pixels with exactly this colour, or -1. */
    private static int firstRowWith(BufferedImage image, int rgb) {
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                if ((image.getRGB(x, y) & 0xffffff) == rgb) {
                    return y;
                }
            }
        }
        return -1;
    }

    /** A state as the page writes it: symbol and word. */
    private static String words(Readiness r) {
        return switch (r) {
            case READY -> "✓ ready";
            case NOT_READY -> "✗ not ready";
            case UNKNOWN -> "? unknown";
            case NOT_APPLICABLE -> "– not applicable";
        };
    }

    /** The rendered card of one component, from its heading to the end of its article. */
    private static String card(String dom, String name) {
        int start = dom.indexOf("<h3>" + name + "</h3>");
        assertThat(start).as("component %s is on the page", name).isNotNegative();
        int end = dom.indexOf("</article>", start);
        assertThat(end).as("card of %s ends", name).isPositive();
        return dom.substring(start, end);
    }

    private static String text(String html) {
        return html.replaceAll("<[^>]+>", "").replace("&amp;", "&");
    }

    /**
     * Runs Chromium once with a throwaway profile, no network beyond the URL (no proxy, no
     * background fetches), and a bounded wait; the refresh meta tag is beyond the virtual time budget.
     */
    private static String dumpDom(String chromium, String url, Path dir) throws Exception {
        Path out = run(chromium, dir, "--dump-dom", url);
        return Files.readString(out);
    }

    /** Runs Chromium once with these arguments after the common ones; returns the file its output went to. */
    private static Path run(String chromium, Path dir, String... args) throws Exception {
        Path out = dir.resolve("chromium.out");
        Path err = dir.resolve("chromium.log");
        List<String> command = new java.util.ArrayList<>(List.of(chromium, "--headless=new", "--disable-gpu",
                "--no-sandbox", "--user-data-dir=" + Files.createDirectories(dir.resolve("chromium-profile")),
                "--no-first-run", "--no-proxy-server", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--disable-dev-shm-usage", "--virtual-time-budget=2000"));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        if (!p.waitFor(BROWSER_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
            p.waitFor(10, TimeUnit.SECONDS);
            fail("chromium did not finish within " + BROWSER_TIMEOUT.toSeconds() + " s; its log ends with:\n" + tail(err));
        }
        assertThat(p.exitValue()).as("chromium exit code; log:\n%s", tail(err)).isZero();
        if (command.contains("--dump-dom")) {
            assertThat(Files.readString(out)).as("chromium printed no DOM; log:\n%s", tail(err)).isNotBlank();
        }
        return out;
    }

    private static String tail(Path log) throws Exception {
        String s = Files.exists(log) ? Files.readString(log) : "";
        return s.length() > 4000 ? s.substring(s.length() - 4000) : s;
    }

    /** {@code chromium} on the PATH, as {@code command -v chromium} finds it. */
    private static Optional<String> chromium() {
        for (String d : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            Path c = Path.of(d.isEmpty() ? "." : d, "chromium");
            if (Files.isRegularFile(c) && Files.isExecutable(c)) {
                return Optional.of(c.toString());
            }
        }
        return Optional.empty();
    }
}
