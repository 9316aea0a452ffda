package dev.promotiond.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * The config file's side of {@code promotiond config check}: the loader's problems, plus the secret
 * files that {@code run} reads only when it starts ({@code auth.token_file} and each rollback's
 * {@code secret_file}), and the two settings the rules check needs ({@code rules:} and
 * {@code retention:}). The secret files and those two settings are read from the YAML itself, so
 * they are checked even when the loader rejects something else in the file: one run reports all.
 */
public final class ConfigCheck {
    private ConfigCheck() {
    }

    /**
     * What was found.
     *
     * @param config     the loaded config, or null when the loader found problems
     * @param rules      the rules folder to compile; null for the bundled rules
     * @param rulesKnown false when {@code rules:} is itself wrong (already a problem): nothing to compile
     * @param retention  the store's retention the policy's windows must fit
     * @param problems   every problem, in file order (line 0 first)
     * @param warnings   things that may differ where the daemon runs (an unset environment variable)
     */
    public record Outcome(DaemonConfig config, Path rules, boolean rulesKnown, Duration retention,
                          List<ConfigProblem> problems, List<ConfigProblem> warnings) {
        public Outcome {
            problems = List.copyOf(problems);
            warnings = List.copyOf(warnings);
        }
    }

    public static Outcome check(Path file) {
        List<ConfigProblem> problems = new ArrayList<>();
        DaemonConfig config = null;
        try {
            config = ConfigLoader.load(file);
        } catch (ConfigException e) {
            problems.addAll(e.problems());
        }
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return new Outcome(null, null, false, DaemonConfig.DEFAULT_RETENTION, problems, List.of());
        }
        Problems ignored = new Problems(file); // the loader has reported syntax errors already
        Problems later = new Problems(file);
        Problems warnings = new Problems(file);
        Node root = ignored.compose(text);
        if (!(root instanceof MappingNode top)) {
            return new Outcome(null, null, false, DaemonConfig.DEFAULT_RETENTION, problems, List.of());
        }
        Path folder = file.toAbsolutePath().normalize().getParent();
        secrets(top, folder, later, warnings);
        problems.addAll(later.exception().problems());
        problems.sort(Comparator.comparingInt(ConfigProblem::line).thenComparingInt(ConfigProblem::column));
        List<ConfigProblem> warned = warnings.exception().problems();
        if (config != null) {
            return new Outcome(config, config.rules(), true, config.retention(), problems, warned);
        }
        Path rules = null;
        boolean rulesKnown = true;
        Node rulesNode = child(top, "rules");
        if (rulesNode != null) {
            rules = scalar(rulesNode) == null ? null : resolve(folder, scalar(rulesNode));
            rulesKnown = rules != null && Files.isDirectory(rules);
        }
        Duration retention = DaemonConfig.DEFAULT_RETENTION;
        Node retentionNode = child(top, "retention");
        if (retentionNode != null) {
            try {
                retention = Values.durationAtLeast(scalar(retentionNode), ConfigLoader.MIN_RETENTION);
            } catch (IllegalArgumentException | NullPointerException e) {
                // reported by the loader; the default keeps the windows check meaningful
            }
        }
        return new Outcome(null, rules, rulesKnown, retention, problems, warned);
    }

    private static void secrets(MappingNode top, Path folder, Problems problems, Problems warnings) {
        if (child(top, "auth") instanceof MappingNode auth) {
            secretFile(auth, "token_file", "auth.token_file", folder, problems);
            environment(auth, "token_env", "auth.token_env", "mutating endpoints are disabled", warnings);
        }
        if (child(top, "postgres") instanceof MappingNode pg) {
            environment(pg, "password_env", "postgres.password_env", "the daemon cannot log in to PostgreSQL", warnings);
        }
        if (child(top, "components") instanceof SequenceNode list) {
            for (int i = 0; i < list.getValue().size(); i++) {
                if (list.getValue().get(i) instanceof MappingNode c && child(c, "rollback") instanceof MappingNode r) {
                    secretFile(r, "secret_file", "components[" + i + "].rollback.secret_file", folder, problems);
                }
            }
        }
    }

    /** {@code run} reads it at start and refuses to start without it; an empty secret is no secret. */
    private static void secretFile(MappingNode owner, String key, String path, Path folder, Problems problems) {
        Node node = child(owner, key);
        String text = node == null ? null : scalar(node);
        if (text == null || text.isEmpty()) {
            return; // absent, or not a value: the loader's business
        }
        Path p = resolve(folder, text);
        if (p == null) {
            return;
        }
        if (!Files.isRegularFile(p) || !Files.isReadable(p)) {
            problems.at(node, path, (Files.exists(p) ? "cannot read " : "no such file: ") + p);
            return;
        }
        try {
            if (Files.readString(p, StandardCharsets.UTF_8).isBlank()) {
                problems.at(node, path, p + " is empty");
            }
        } catch (IOException e) {
            problems.at(node, path, "cannot read " + p + ": " + e.getMessage());
        }
    }

    private static void environment(MappingNode owner, String key, String path, String consequence, Problems warnings) {
        Node node = child(owner, key);
        String name = node == null ? null : scalar(node);
        if (name != null && !name.isEmpty()) {
            String value = System.getenv(name);
            if (value == null || value.isBlank()) {
                warnings.at(node, path, "the environment variable " + name + " is not set here; where the daemon runs"
                        + " without it, " + consequence);
            }
        }
    }

    private static Node child(MappingNode map, String key) {
        for (NodeTuple t : map.getValue()) {
            if (t.getKeyNode() instanceof ScalarNode k && k.getValue().equals(key)) {
                return t.getValueNode();
            }
        }
        return null;
    }

    private static String scalar(Node node) {
        return node instanceof ScalarNode s && !Fields.isNull(node) ? s.getValue() : null;
    }

    private static Path resolve(Path folder, String text) {
        try {
            return folder.resolve(text).normalize();
        } catch (InvalidPathException e) {
            return null;
        }
    }
}
