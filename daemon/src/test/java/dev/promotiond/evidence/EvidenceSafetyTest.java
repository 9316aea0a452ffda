package dev.promotiond.evidence;

import static dev.promotiond.evidence.EvidenceSamples.bytes;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Hostile, oversized, truncated and damaged files: rejected with a reason, nothing resolved or fetched. */
class EvidenceSafetyTest {
    private static final String SECRET = "TOP-SECRET-7f3a9c";

    private static ParsedReport parseText(String name, String text) throws EvidenceException {
        return ReportParsers.parse(name, text.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void xxeEntityDeclarationIsRejectedNotResolved() {
        assertThatThrownBy(() -> EvidenceSamples.parse("xxe.xml"))
                .isInstanceOf(EvidenceException.class)
                .hasMessageStartingWith("xxe.xml: XML entity declarations are not allowed")
                .hasMessageNotContaining("root:");
    }

    @Test
    void xxeOfALocalFileNeverShowsItsContents(@TempDir Path dir) throws IOException {
        Path secret = Files.writeString(dir.resolve("secret.txt"), SECRET);
        String xml = "<?xml version=\"1.0\"?><!DOCTYPE coverage [<!ENTITY s SYSTEM \"" + secret.toUri() + "\">]>"
                + "<coverage line-rate=\"1\" version=\"&s;\"><sources><source>&s;</source></sources></coverage>";

        assertThatThrownBy(() -> parseText("coverage.xml", xml))
                .hasMessageContaining("XML entity declarations are not allowed")
                .hasMessageNotContaining(SECRET);
    }

    @Test
    void entityFromAnExternalDtdIsNeverDefinedBecauseTheDtdIsNeverRead(@TempDir Path dir) throws IOException {
        Path secret = Files.writeString(dir.resolve("secret.txt"), SECRET);
        Path dtd = Files.writeString(dir.resolve("evil.dtd"), "<!ENTITY secret SYSTEM \"" + secret.toUri() + "\">");
        String doctype = "<?xml version=\"1.0\"?><!DOCTYPE testsuite SYSTEM \"" + dtd.toUri() + "\">";

        assertThatThrownBy(() -> parseText("junit.xml", doctype + "<testsuite><testcase name=\"t\">&secret;</testcase></testsuite>"))
                .hasMessageStartingWith("junit.xml: XML entity references are not allowed (&secret;)")
                .hasMessageNotContaining(SECRET);
        assertThatThrownBy(() -> parseText("junit.xml", doctype + "<testsuite tests=\"&secret;\"/>"))
                .hasMessageStartingWith("junit.xml: <testsuite> attribute tests=\"\" is not a number")
                .hasMessageNotContaining(SECRET);
    }

    @Test
    void xmlInAnEncodingTheRawScanCannotReadIsRejected() {
        byte[] declaration = "<?xml version=\"1.0\" encoding=\"UTF-16LE\"?>".getBytes(StandardCharsets.US_ASCII);
        byte[] body = "<!DOCTYPE a [<!ENTITY x \"y\">]><testsuite/>".getBytes(StandardCharsets.UTF_16LE);
        byte[] content = Arrays.copyOf(declaration, declaration.length + body.length);
        System.arraycopy(body, 0, content, declaration.length, body.length);

        assertThatThrownBy(() -> ReportParsers.parse("sneaky.xml", content))
                .hasMessage("sneaky.xml: XML encoded as UTF-16LE is not accepted; use UTF-8");
    }

    @Test
    void bytesThatAreNotUtf8AreRejectedWhereTheyStand() {
        byte[] content = "<testsuite>\n  <testcase name=\"caf\u00e9\"/>\n</testsuite>".getBytes(StandardCharsets.ISO_8859_1);

        assertThatThrownBy(() -> ReportParsers.parse("latin1-undeclared.xml", content))
                .hasMessage("latin1-undeclared.xml: malformed XML at 2:22: bytes that are not UTF-8");
    }

    @Test
    void latin1ReportsAreFine() throws EvidenceException {
        byte[] content = "<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?><testsuite name=\"caf\u00e9\"><testcase name=\"t\"/></testsuite>"
                .getBytes(StandardCharsets.ISO_8859_1);

        assertThat(ReportParsers.parse("latin1.xml", content).values()).containsEntry("passed", 1.0);
    }

    @Test
    void externalDtdsAreNeverFetched() throws Exception {
        AtomicInteger requests = new AtomicInteger();
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            requests.incrementAndGet();
            byte[] dtd = "<!ENTITY exfil \"fetched\"><!ENTITY secret \"fetched\">".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, dtd.length);
            exchange.getResponseBody().write(dtd);
            exchange.close();
        });
        server.start();
        try {
            String port = String.valueOf(server.getAddress().getPort());

            assertThatThrownBy(() -> withPort("xxe-parameter-entity.xml", port))
                    .hasMessageStartingWith("xxe-parameter-entity.xml: XML entity declarations are not allowed");
            assertThatThrownBy(() -> withPort("external-dtd-entity.xml", port))
                    .hasMessageStartingWith("external-dtd-entity.xml: XML entity references are not allowed (&secret;)");
            ParsedReport idOnly = withPort("external-dtd-id-only.xml", port);
            assertThat(idOnly.format()).isEqualTo(ReportFormat.JACOCO);
            assertThat(idOnly.values()).containsEntry("lines_covered", 3.0).containsEntry("lines_valid", 4.0);
            assertThat(requests).hasValue(0);
        } finally {
            server.stop(0);
        }
    }

    private static ParsedReport withPort(String sample, String port) throws EvidenceException {
        return parseText(sample, new String(bytes(sample), StandardCharsets.UTF_8).replace("PORT", port));
    }

    @Test
    void billionLaughsFailsFastWithoutExpanding() {
        assertTimeoutPreemptively(Duration.ofSeconds(5), () ->
                assertThatThrownBy(() -> EvidenceSamples.parse("billion-laughs.xml"))
                        .hasMessageStartingWith("billion-laughs.xml: XML entity declarations are not allowed")
                        .hasMessageNotContaining("lollol"));
    }

    @Test
    void internalSubsetWithoutEntitiesIsStillRejected() {
        assertThatThrownBy(() -> parseText("r.xml", "<!DOCTYPE report [<!ELEMENT report ANY>]><report/>"))
                .hasMessageStartingWith("r.xml: XML DOCTYPE internal subsets are not allowed");
    }

    @Test
    void undeclaredEntityReferenceIsMalformed() {
        assertThatThrownBy(() -> parseText("r.xml", "<testsuite name=\"&x;\"/>"))
                .hasMessageStartingWith("r.xml: malformed XML at 1:")
                .hasMessageContaining("\"x\" was referenced, but not declared");
    }

    @Test
    void predefinedAndCharacterReferencesAreFine() throws EvidenceException {
        ParsedReport report = parseText("r.xml", "<testsuite name=\"a&amp;b&#65;\"><testcase name=\"&lt;init&gt;\"/></testsuite>");

        assertThat(report.values()).containsEntry("tests", 1.0);
    }

    @Test
    void reportsNearTheLimitAreStreamed() throws EvidenceException {
        StringBuilder xml = new StringBuilder("<testsuite name=\"big\">");
        String testcase = "<testcase classname=\"com.example.Big\" name=\"case\" time=\"0.001\"/>\n";
        int cases = (ReportParsers.MAX_BYTES - 100) / testcase.length();
        xml.append(testcase.repeat(cases)).append("</testsuite>");
        StringBuilder json = new StringBuilder("[");
        String diagnostic = "{\"code\":\"E501\",\"message\":\"Line too long\",\"filename\":\"a.py\",\"location\":{\"row\":1,\"column\":89},\"fix\":null}";
        int diagnostics = (ReportParsers.MAX_BYTES - 100) / (diagnostic.length() + 1);
        json.append((diagnostic + ",").repeat(diagnostics - 1)).append(diagnostic).append("]");

        assertTimeoutPreemptively(Duration.ofSeconds(60), () -> {
            assertThat(parseText("big.xml", xml.toString()).values()).containsEntry("tests", (double) cases);
            assertThat(parseText("big.json", json.toString()).values()).containsEntry("violations", (double) diagnostics);
        });
    }

    @Test
    void fileOverTheLimitIsRejectedUnread() {
        byte[] big = new byte[ReportParsers.MAX_BYTES + 1];
        Arrays.fill(big, (byte) '[');

        assertThatThrownBy(() -> ReportParsers.parse("huge.json", big))
                .hasMessage("huge.json: file is 33554433 bytes; the limit is 32 MiB");
    }

    @Test
    void emptyAndBlankFilesAreRejected() {
        assertThatThrownBy(() -> ReportParsers.parse("e.xml", new byte[0])).hasMessage("e.xml: file is empty");
        assertThatThrownBy(() -> parseText("b.json", " \n\t\r\n")).hasMessage("b.json: file holds only whitespace");
    }

    @Test
    void truncatedFilesAreRejectedWithLineAndColumn() {
        assertThatThrownBy(() -> EvidenceSamples.parse("truncated-surefire.xml"))
                .hasMessageStartingWith("truncated-surefire.xml: malformed XML at 19:");
        assertThatThrownBy(() -> EvidenceSamples.parse("truncated-bandit.json"))
                .hasMessageStartingWith("truncated-bandit.json: malformed JSON at 74:");
    }

    @Test
    void contentThatIsNoReportSaysWhatWasExpected() {
        String expected = "not a recognised report: expected JUnit XML, Cobertura XML, JaCoCo XML, coverage.py JSON, "
                + "bandit JSON, ruff JSON, pyright JSON, pip-audit JSON, OSV-Scanner JSON, pip list --outdated JSON, "
                + "npm outdated JSON, blockers JSON or generic JSON";
        assertThatThrownBy(() -> parseText("notes.txt", "all tests passed")).hasMessage("notes.txt: " + expected);
        assertThatThrownBy(() -> parseText("index.html", "<html><body>ok</body></html>"))
                .hasMessage("index.html: " + expected + "; got XML with root element <html>");
        assertThatThrownBy(() -> parseText("x.json", "{\"status\": \"ok\"}"))
                .hasMessage("x.json: " + expected + "; got a JSON object with none of their keys");
        assertThatThrownBy(() -> parseText("x.json", "\"ok\"")).hasMessage("x.json: " + expected);
    }

    @Test
    void trailingContentAfterJsonIsRejected() {
        assertThatThrownBy(() -> parseText("x.json", "{\"passed\": true} {\"passed\": false}"))
                .hasMessageStartingWith("x.json: unexpected content after the JSON document");
    }

    @Test
    void deepNestingIsRejected() {
        String deep = "{\"values\":" + "[".repeat(100) + "]".repeat(100) + "}";

        assertThatThrownBy(() -> parseText("deep.json", deep))
                .hasMessageStartingWith("deep.json: malformed JSON at 1:")
                .hasMessageContaining("nesting depth");
    }

    @Test
    void hugeStringsAreRejected() {
        String json = "{\"passed\": true, \"summary\": \"" + "x".repeat(2 * 1024 * 1024) + "\"}";

        assertThatThrownBy(() -> parseText("long.json", json))
                .hasMessageStartingWith("long.json: malformed JSON at 1:")
                .hasMessageContaining("String value length");
    }

    @Test
    void piecesReadWholeAreCappedInSize() {
        StringBuilder json = new StringBuilder("{\"values\":{");
        for (int i = 0; i < SafeJson.MAX_NODES + 1; i++) {
            json.append(i == 0 ? "" : ",").append("\"v").append(i).append("\":").append(i);
        }
        json.append("}}");

        assertThatThrownBy(() -> parseText("many.json", json.toString()))
                .hasMessageStartingWith("many.json: generic JSON is too large (more than 10000 JSON values)");
    }

    @Test
    void infiniteXmlNumbersAreRejected() {
        assertThatThrownBy(() -> parseText("c.xml", "<coverage line-rate=\"Infinity\"/>"))
                .hasMessageStartingWith("c.xml: <coverage> attribute line-rate=\"Infinity\" is not a finite number");
    }

    @Test
    void truncatedOrDamagedSamplesOnlyEverFailWithEvidenceException() {
        Random random = new Random(20240502);
        for (String sample : EvidenceSamples.WELL_FORMED) {
            byte[] content = bytes(sample);
            for (int round = 0; round < 150; round++) {
                byte[] damaged = Arrays.copyOf(content, random.nextInt(content.length + 1));
                tryParse(sample + " cut at " + damaged.length, damaged);
                damaged = content.clone();
                for (int flips = 1 + random.nextInt(3); flips > 0; flips--) {
                    damaged[random.nextInt(damaged.length)] = (byte) random.nextInt(256);
                }
                tryParse(sample + " damaged in round " + round, damaged);
            }
        }
    }

    private static void tryParse(String what, byte[] content) {
        try {
            ReportParsers.parse("fuzz", content);
        } catch (EvidenceException expected) {
            assertThat(expected.file()).isEqualTo("fuzz");
            assertThat(expected.reason()).isNotBlank();
        } catch (RuntimeException | Error e) {
            fail(what + " threw " + e, e);
        }
    }
}
