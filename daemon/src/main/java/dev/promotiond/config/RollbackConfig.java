package dev.promotiond.config;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * How to roll one component back: an argv run without a shell, or a webhook.
 *
 * @param command       argv with placeholders {component}, {version}, {previous_version}, {stage}; null for a webhook
 * @param webhook       URL to POST to; null for a command
 * @param secretFile    file holding the webhook's HMAC-SHA256 secret, or null
 * @param dryRun        record what would be done without doing it
 */
public record RollbackConfig(List<String> command, URI webhook, Path secretFile, Duration timeout, int retries,
                             boolean dryRun) {
    public static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(5);

    public RollbackConfig {
        command = command == null ? null : List.copyOf(command);
    }
}
