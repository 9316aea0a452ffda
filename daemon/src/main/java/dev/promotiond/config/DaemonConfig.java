package dev.promotiond.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * The whole validated configuration. Relative paths are resolved against the config file's folder.
 *
 * @param listenHost host or address to bind, e.g. "127.0.0.1"
 * @param listenPort port to bind; 0 picks a free one
 * @param prometheus where SLIs are queried, or null when no Prometheus is configured
 * @param actions    alerting, dry run and API auth
 * @param evidenceVersions how many versions of each component's evidence of one kind are kept (newest
 *                   pushed first); older versions' evidence is deleted
 * @param tls        the listener's certificate and key, or null for plain HTTP
 * @param store      the SQLite file, or null when {@code postgres} names the store
 * @param postgres   the PostgreSQL store shared by replicas, or null for the SQLite file
 * @param rules      the operator's rules folder, or null when the config names none: the daemon then
 *                   evaluates with the default rules bundled in the jar ({@link #bundledRules()})
 */
public record DaemonConfig(Path source, String listenHost, int listenPort, Path store, Path rules,
                           Duration retention, Duration evaluationInterval, List<ComponentConfig> components,
                           PrometheusConfig prometheus, ActionsConfig actions, int evidenceVersions, TlsConfig tls,
                           PostgresConfig postgres) {

    public DaemonConfig(Path source, String listenHost, int listenPort, Path store, Path rules, Duration retention,
                        Duration evaluationInterval, List<ComponentConfig> components, PrometheusConfig prometheus,
                        ActionsConfig actions, int evidenceVersions, TlsConfig tls) {
        this(source, listenHost, listenPort, store, rules, retention, evaluationInterval, components, prometheus,
                actions, evidenceVersions, tls, null);
    }

    public DaemonConfig(Path source, String listenHost, int listenPort, Path store, Path rules, Duration retention,
                        Duration evaluationInterval, List<ComponentConfig> components, PrometheusConfig prometheus,
                        ActionsConfig actions, int evidenceVersions) {
        this(source, listenHost, listenPort, store, rules, retention, evaluationInterval, components, prometheus,
                actions, evidenceVersions, null);
    }

    public DaemonConfig(Path source, String listenHost, int listenPort, Path store, Path rules, Duration retention,
                        Duration evaluationInterval, List<ComponentConfig> components, PrometheusConfig prometheus,
                        ActionsConfig actions) {
        this(source, listenHost, listenPort, store, rules, retention, evaluationInterval, components, prometheus,
                actions, DEFAULT_EVIDENCE_VERSIONS);
    }

    public DaemonConfig(Path source, String listenHost, int listenPort, Path store, Path rules, Duration retention,
                        Duration evaluationInterval, List<ComponentConfig> components, PrometheusConfig prometheus) {
        this(source, listenHost, listenPort, store, rules, retention, evaluationInterval, components, prometheus,
                ActionsConfig.NONE);
    }

    public DaemonConfig(Path source, String listenHost, int listenPort, Path store, Path rules, Duration retention,
                        Duration evaluationInterval, List<ComponentConfig> components) {
        this(source, listenHost, listenPort, store, rules, retention, evaluationInterval, components, null);
    }

    public static final String DEFAULT_LISTEN = "127.0.0.1:9400";
    public static final Duration DEFAULT_RETENTION = Duration.ofDays(35);
    public static final Duration DEFAULT_EVALUATION_INTERVAL = Duration.ofSeconds(10);
    public static final int DEFAULT_EVIDENCE_VERSIONS = 10;

    /** True when the config names no rules folder and the bundled default rules apply. */
    public boolean bundledRules() {
        return rules == null;
    }

    /** The store as the log and messages name it: the SQLite file, or the PostgreSQL URL without a password. */
    public String storeName() {
        return postgres != null ? postgres.url() : store.toString();
    }

    /** The same configuration with another store: an SQLite file (postgres null) or a PostgreSQL one. */
    public DaemonConfig withStore(Path file, PostgresConfig pg) {
        return new DaemonConfig(source, listenHost, listenPort, pg == null ? file : null, rules, retention,
                evaluationInterval, components, prometheus, actions, evidenceVersions, tls, pg);
    }

    public DaemonConfig {
        if (store == null && postgres == null) {
            throw new NullPointerException("store");
        }
        components = List.copyOf(components);
        actions = actions == null ? ActionsConfig.NONE : actions;
        if (evidenceVersions < 1) {
            throw new IllegalArgumentException("evidenceVersions must be at least 1, got " + evidenceVersions);
        }
    }
}
