package dev.promotiond.probe;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.promotiond.config.HealthCheck;
import java.io.IOException;

/**
 * Judges a received response: status first, then size, then the status field. The version is
 * read whenever the body parses, so a DOWN response still tells which version is running.
 */
final class ResponseJudge {
    static final int MAX_VERSION_CHARS = 128;

    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private ResponseJudge() {
    }

    /** @param body the whole body, or null when it was larger than {@code check.maxBodyBytes()} */
    static Verdict judge(HealthCheck check, int status, byte[] body) {
        JsonNode json = body == null ? null : parse(body);
        String version = version(check, json);
        if (!check.accepts(status)) {
            return new Verdict(false, ProbeReasons.status(status), version);
        }
        if (body == null) {
            return Verdict.down(ProbeReasons.OVERSIZED);
        }
        if (check.statusPointer() == null) {
            return new Verdict(true, ProbeReasons.OK, version);
        }
        JsonNode value = json == null ? null : json.at(check.statusPointer());
        if (value == null || !isScalar(value)) {
            return new Verdict(false, ProbeReasons.UNPARSEABLE, version);
        }
        String text = value.asText();
        return check.healthy().contains(text)
                ? new Verdict(true, ProbeReasons.OK, version)
                : new Verdict(false, ProbeReasons.unhealthy(text), version);
    }

    private static String version(HealthCheck check, JsonNode json) {
        if (json == null || check.versionPointer() == null) {
            return null;
        }
        JsonNode value = json.at(check.versionPointer());
        return isScalar(value) ? ProbeReasons.truncate(value.asText(), MAX_VERSION_CHARS) : null;
    }

    /** Strings, numbers and booleans; not null, missing, objects or arrays. */
    private static boolean isScalar(JsonNode node) {
        return node.isValueNode() && !node.isNull();
    }

    private static JsonNode parse(byte[] body) {
        try {
            JsonNode node = JSON.readTree(body);
            return node == null || node.isMissingNode() ? null : node;  // empty body reads as missing
        } catch (IOException e) {
            return null;
        }
    }
}
