package dev.promotiond.config;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;

/** Reads alerting, auth and dry-run settings, and a component's {@code rollback:} mapping. */
final class ActionsReader {
    static final List<String> ALERTMANAGER_KEYS = List.of("url");
    static final List<String> ALERTING_KEYS = List.of("resend_interval", "runbook_url", "labels", "external_url");
    static final List<String> AUTH_KEYS = List.of("token_file", "token_env");
    static final List<String> ROLLBACK_KEYS = List.of("command", "webhook", "secret_file", "timeout", "retries", "dry_run");
    static final Set<String> ROLLBACK_PLACEHOLDERS = Set.of("component", "version", "previous_version", "stage");
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{([a-z_]+)}");
    private static final Pattern LABEL = Pattern.compile("[a-zA-Z_][a-zA-Z0-9_]*");

    private ActionsReader() {
    }

    static ActionsConfig read(Fields top, Path folder, Problems problems) {
        List<URI> alertmanagers = new ArrayList<>();
        List<Node> items = top.list("alertmanagers");
        if (items != null) {
            for (int i = 0; i < items.size(); i++) {
                String path = top.path("alertmanagers") + "[" + i + "]";
                if (!(items.get(i) instanceof MappingNode m)) {
                    problems.at(items.get(i), path, "expected a mapping with url, found " + Fields.describe(items.get(i)));
                    continue;
                }
                URI url = new Fields(m, path, ALERTMANAGER_KEYS, problems)
                        .required("url", "the Alertmanager base URL, e.g. http://127.0.0.1:9093", Values::httpUrl);
                if (url != null) {
                    alertmanagers.add(url);
                }
            }
        }
        Duration resend = ActionsConfig.DEFAULT_RESEND;
        String runbook = null;
        String external = null;
        Map<String, String> labels = Map.of();
        MappingNode alerting = top.mapping("alerting");
        if (alerting != null) {
            Fields f = new Fields(alerting, top.path("alerting"), ALERTING_KEYS, problems);
            resend = f.scalar("resend_interval", ActionsConfig.DEFAULT_RESEND,
                    t -> Values.durationBetween(t, Duration.ofSeconds(1), Duration.ofHours(1)));
            runbook = f.scalar("runbook_url", null, Values::text);
            external = f.scalar("external_url", null, t -> Values.httpUrl(t).toString().replaceAll("/+$", ""));
            labels = labels(f, problems);
        }
        Path tokenFile = null;
        String tokenEnv = null;
        MappingNode auth = top.mapping("auth");
        if (auth != null) {
            Fields f = new Fields(auth, top.path("auth"), AUTH_KEYS, problems);
            tokenFile = f.scalar("token_file", null, t -> folder.resolve(t).normalize());
            tokenEnv = f.scalar("token_env", null, Values::text);
            if (tokenFile != null && tokenEnv != null) {
                problems.at(auth, top.path("auth"), "set token_file or token_env, not both");
            }
        }
        Boolean dryRun = top.scalar("dry_run", false, ActionsReader::bool);
        return new ActionsConfig(alertmanagers, resend == null ? ActionsConfig.DEFAULT_RESEND : resend, runbook,
                labels == null ? Map.of() : labels, external, dryRun != null && dryRun, tokenFile, tokenEnv);
    }

    private static Map<String, String> labels(Fields f, Problems problems) {
        MappingNode node = f.mapping("labels");
        if (node == null) {
            return Map.of();
        }
        Map<String, String> out = new LinkedHashMap<>();
        for (NodeTuple t : node.getValue()) {
            String key = t.getKeyNode() instanceof ScalarNode s ? s.getValue() : null;
            String value = t.getValueNode() instanceof ScalarNode s && !Fields.isNull(t.getValueNode()) ? s.getValue() : null;
            if (key == null || !LABEL.matcher(key).matches() || value == null || value.isEmpty()) {
                problems.at(t.getKeyNode(), f.path("labels") + "." + key, "labels need a valid name and a non-empty value");
                continue;
            }
            out.put(key, value);
        }
        return out;
    }

    static RollbackConfig rollback(MappingNode node, String path, Path folder, Problems problems) {
        Fields f = new Fields(node, path, ROLLBACK_KEYS, problems);
        List<String> command = null;
        boolean ok = true;
        if (f.has("command")) {
            List<Node> items = f.list("command");
            if (items == null || items.isEmpty()) {
                problems.at(f.where("command"), f.path("command"), "expected a non-empty argv list");
                ok = false;
            } else {
                command = new ArrayList<>();
                for (int i = 0; i < items.size(); i++) {
                    String arg = Fields.parse(items.get(i), f.path("command") + "[" + i + "]", Values::text, problems);
                    if (arg == null) {
                        ok = false;
                        continue;
                    }
                    Matcher m = PLACEHOLDER.matcher(arg);
                    while (m.find()) {
                        if (!ROLLBACK_PLACEHOLDERS.contains(m.group(1))) {
                            problems.at(items.get(i), f.path("command") + "[" + i + "]", "unknown placeholder {"
                                    + m.group(1) + "} (known: {component}, {version}, {previous_version}, {stage})");
                            ok = false;
                        }
                    }
                    command.add(arg);
                }
            }
        }
        URI webhook = f.scalar("webhook", null, Values::httpUrl);
        if ((command == null) == (webhook == null) && ok && (!f.has("webhook") || webhook != null)) {
            problems.at(node, path, "set exactly one of command (an argv list) or webhook (a URL)");
            ok = false;
        }
        Path secret = f.scalar("secret_file", null, (Function<String, Path>) t -> folder.resolve(t).normalize());
        Duration timeout = f.scalar("timeout", RollbackConfig.DEFAULT_TIMEOUT,
                t -> Values.durationBetween(t, Duration.ofSeconds(1), Duration.ofHours(1)));
        Integer retries = f.scalar("retries", 2, ActionsReader::retries);
        Boolean dryRun = f.scalar("dry_run", false, ActionsReader::bool);
        if (!ok || timeout == null || retries == null || dryRun == null || (f.has("webhook") && webhook == null)) {
            return null;
        }
        return new RollbackConfig(command, webhook, secret, timeout, retries, dryRun);
    }

    private static int retries(String text) {
        try {
            int n = Integer.parseInt(text);
            if (n >= 0 && n <= 10) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException("retries must be a whole number from 0 to 10, not \"" + text + "\"");
    }

    static Boolean bool(String text) {
        return switch (text) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new IllegalArgumentException("expected true or false, not \"" + text + "\"");
        };
    }
}
