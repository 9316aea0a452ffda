package dev.promotiond.config;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Alerting, actions and API auth.
 *
 * @param alertmanagers  every Alertmanager gets every alert (Alertmanager HA deduplicates)
 * @param resendInterval active alerts are resent this often, with endsAt = now + 4 × this
 * @param runbookUrl     runbook_url annotation; {{alertname}} and {{component}} are filled in; may be null
 * @param labels         extra labels on every alert, for routing
 * @param externalUrl    base URL of this daemon as people reach it (generatorURL); null: the listen address
 * @param dryRun         record every rollback instead of executing it
 * @param tokenFile      file holding the bearer token for mutating endpoints, or null
 * @param tokenEnv       environment variable holding it, or null; with neither, mutating endpoints are disabled
 */
public record ActionsConfig(List<URI> alertmanagers, Duration resendInterval, String runbookUrl,
                            Map<String, String> labels, String externalUrl, boolean dryRun, Path tokenFile,
                            String tokenEnv) {
    public static final Duration DEFAULT_RESEND = Duration.ofMinutes(1);
    public static final ActionsConfig NONE = new ActionsConfig(List.of(), DEFAULT_RESEND, null, Map.of(), null, false,
            null, null);

    public ActionsConfig {
        alertmanagers = List.copyOf(alertmanagers);
        labels = Map.copyOf(labels);
    }
}
