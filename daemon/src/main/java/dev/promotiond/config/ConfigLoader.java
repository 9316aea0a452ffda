package dev.promotiond.config;

import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.Function;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;

/**
 * Reads and validates promotiond.yaml. Every problem in the file is reported at once, each with
 * file:line:column and the field path; nothing is returned unless the whole file is valid.
 */
public final class ConfigLoader {
    static final List<String> KEYS = List.of("listen", "store", "postgres", "rules", "retention", "evaluation_interval", "prometheus",
            "alertmanagers", "alerting", "auth", "dry_run", "evidence_versions", "tls", "components");
    static final int MAX_EVIDENCE_VERSIONS = 1000;
    static final Duration MIN_RETENTION = Duration.ofDays(8);
    static final Duration MIN_EVALUATION_INTERVAL = Duration.ofSeconds(1);
    static final Duration MAX_EVALUATION_INTERVAL = Duration.ofMinutes(10);

    private ConfigLoader() {
    }

    public static DaemonConfig load(Path file) throws ConfigException {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw fileProblem(file, "no such file");
        } catch (CharacterCodingException e) {
            throw fileProblem(file, "not valid UTF-8 text");
        } catch (IOException e) {
            throw fileProblem(file, "cannot read: " + e.getMessage());
        }
        return parse(text, file);
    }

    /**
     * @param source names the file in messages; relative store and rules paths resolve against its folder
     */
    public static DaemonConfig parse(String yamlText, Path source) throws ConfigException {
        Problems problems = new Problems(source);
        Node root = problems.compose(yamlText);
        problems.throwIfAny();
        if (root == null) {
            problems.at(1, 1, "", "the file is empty; it needs at least a components list");
            throw problems.exception();
        }
        if (!(root instanceof MappingNode top)) {
            problems.at(root, "", "the top level must be a mapping of settings (" + String.join(", ", KEYS)
                    + "), found " + Fields.describe(root));
            throw problems.exception();
        }
        Fields f = new Fields(top, "", KEYS, problems);
        Path folder = source.toAbsolutePath().normalize().getParent();
        ListenAddress listen = f.scalar("listen", ListenAddress.parse(DaemonConfig.DEFAULT_LISTEN), ListenAddress::parse);
        String storeText = f.scalar("store", null, text -> text);
        PostgresConfig postgres = PostgresReader.read(f, storeText, folder, problems);
        Path store = storeText == null ? folder.resolve("promotiond.db") // absent, or wrong and reported once
                : PostgresConfig.isUrl(storeText) ? null
                : f.scalar("store", folder.resolve("promotiond.db"), path(folder));
        // no rules key: the bundled default rules (null); a named folder must exist now, not fail at start
        Path rules = f.scalar("rules", null, path(folder).andThen(ConfigLoader::existingFolder));
        Duration retention = f.scalar("retention", DaemonConfig.DEFAULT_RETENTION,
                t -> Values.durationAtLeast(t, MIN_RETENTION));
        Duration interval = f.scalar("evaluation_interval", DaemonConfig.DEFAULT_EVALUATION_INTERVAL,
                t -> Values.durationBetween(t, MIN_EVALUATION_INTERVAL, MAX_EVALUATION_INTERVAL));
        Integer evidenceVersions = f.scalar("evidence_versions", DaemonConfig.DEFAULT_EVIDENCE_VERSIONS,
                t -> Values.intBetween(t, 1, MAX_EVIDENCE_VERSIONS));
        MappingNode prometheusNode = f.mapping("prometheus");
        PrometheusConfig prometheus = prometheusNode == null ? null
                : MetricsReader.prometheus(prometheusNode, f.path("prometheus"), problems);
        ActionsConfig actions = ActionsReader.read(f, folder, problems);
        TlsConfig tls = TlsReader.read(f, folder, problems);
        List<ComponentConfig> components = components(f, folder, problems);
        problems.throwIfAny();
        return new DaemonConfig(source, listen.host(), listen.port(), store, rules, retention, interval, components,
                prometheus, actions, evidenceVersions, tls, postgres);
    }

    private static List<ComponentConfig> components(Fields f, Path folder, Problems problems) {
        if (!f.has("components")) {
            problems.at(f.where("components"), "components", "missing; required (a list of at least one component)");
            return List.of();
        }
        List<Node> items = f.list("components");
        if (items == null) {
            return List.of();
        }
        if (items.isEmpty()) {
            problems.at(f.where("components"), "components", "must list at least one component");
        }
        return ComponentReader.read(items, "components", folder, problems);
    }

    private static Function<String, Path> path(Path folder) {
        return text -> {
            if (text.isEmpty()) {
                throw new IllegalArgumentException("must not be empty (leave the key out for the default)");
            }
            try {
                return folder.resolve(text).normalize();
            } catch (InvalidPathException e) {
                throw new IllegalArgumentException("bad path \"" + text + "\": " + e.getReason());
            }
        };
    }

    private static Path existingFolder(Path dir) {
        if (!Files.isDirectory(dir)) {
            throw new IllegalArgumentException((Files.exists(dir) ? "not a folder: " : "no such rules folder: ") + dir
                    + " (leave the key out to use the bundled default rules; `promotiond rules init " + dir
                    + "` writes an editable copy there)");
        }
        return dir;
    }

    private static ConfigException fileProblem(Path file, String message) {
        return new ConfigException(List.of(new ConfigProblem(file, 0, 0, "", message)));
    }
}
