package dev.promotiond.cli;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.LoggingEvent;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class JsonLineEncoderTest {
    @Test
    void anEventWithAnExceptionIsOneLineWithTheStackTraceAsAString() throws Exception {
        LoggerContext context = new LoggerContext();
        LoggingEvent event = new LoggingEvent("x", context.getLogger("dev.promotiond.app.Daemon"), Level.ERROR,
                "task {} failed \"quoted\"\nsecond line", new IllegalStateException("boom"), new Object[] {"flush"});
        event.setThreadName("promotiond-worker");
        event.setTimeStamp(0);
        String line = new String(new JsonLineEncoder().encode(event), StandardCharsets.UTF_8);

        assertThat(line).endsWith("\n");
        assertThat(line.strip()).doesNotContain("\n");
        JsonNode json = new ObjectMapper().readTree(line);
        assertThat(json.path("timestamp").asText()).isEqualTo("1970-01-01T00:00:00.000Z");
        assertThat(json.path("level").asText()).isEqualTo("ERROR");
        assertThat(json.path("logger").asText()).isEqualTo("dev.promotiond.app.Daemon");
        assertThat(json.path("thread").asText()).isEqualTo("promotiond-worker");
        assertThat(json.path("message").asText()).isEqualTo("task flush failed \"quoted\"\nsecond line");
        assertThat(json.path("exception").asText()).startsWith("java.lang.IllegalStateException: boom")
                .contains("at dev.promotiond.cli.JsonLineEncoderTest");
    }

    @Test
    void anEventWithoutAnExceptionHasNoExceptionField() throws Exception {
        LoggerContext context = new LoggerContext();
        LoggingEvent event = new LoggingEvent("x", context.getLogger("a"), Level.INFO, "hello", null, null);
        JsonNode json = new ObjectMapper().readTree(new JsonLineEncoder().encode(event));
        assertThat(json.has("exception")).isFalse();
        assertThat(json.path("message").asText()).isEqualTo("hello");
    }
}
