package dev.promotiond.app;

import dev.promotiond.api.ApiServer;
import dev.promotiond.api.HttpLimits;
import dev.promotiond.api.Ready;
import dev.promotiond.api.RulesControl;
import dev.promotiond.config.DaemonConfig;
import dev.promotiond.cycle.Evaluation;
import dev.promotiond.evidence.EvidenceIntake;
import dev.promotiond.export.Metrics;
import dev.promotiond.store.ActionStore;
import dev.promotiond.store.Store;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The daemon's HTTP listener: the API and /metrics on the configured address, over TLS when the
 * config names a certificate, whose files are re-read for a change every poll.
 */
final class Listener implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Listener.class);

    private final ApiServer api;
    private final TlsReloader tls;
    private final String url;
    private ScheduledExecutorService tlsTimer;

    private Listener(ApiServer api, TlsReloader tls, String url) {
        this.api = api;
        this.tls = tls;
        this.url = url;
    }

    /** Opens the port and serves; polls the certificate files every {@code tlsPoll} under TLS. */
    static Listener start(DaemonConfig config, Metrics metrics, Supplier<Evaluation> served, Store store,
                          ActionStore actions, EvidenceIntake intake, RulesControl rules, Supplier<Ready> ready,
                          Duration tlsPoll) throws IOException {
        TlsReloader tls = config.tls() == null ? null : new TlsReloader(config.tls(), metrics);
        ApiServer api = ApiServer.start(config.listenHost(), config.listenPort(), HttpLimits.DEFAULTS,
                metrics.registry(), served, store, actions, ActionsWiring.token(config), actions::clearHolds, intake,
                rules, ready, tls == null ? null : tls.tls());
        Listener l = new Listener(api, tls, (tls == null ? "http://" : "https://") + config.listenHost() + ":"
                + api.port());
        if (tls != null) {
            l.tlsTimer = Executors.newSingleThreadScheduledExecutor(Threads.named("promotiond-tls"));
            l.tlsTimer.scheduleWithFixedDelay(() -> l.checkTlsQuietly(metrics), tlsPoll.toMillis(), tlsPoll.toMillis(),
                    TimeUnit.MILLISECONDS);
        }
        return l;
    }

    /** The port it listens on (the configured one, or the one picked for port 0). */
    int port() {
        return api.port();
    }

    /** Its base URL, as another replica reaches it: http(s)://host:port. */
    String url() {
        return url;
    }

    /** The API server it runs. */
    ApiServer api() {
        return api;
    }

    /** Reloads the listener's certificate when its files changed; a bug here must not end the polling. */
    private void checkTlsQuietly(Metrics metrics) {
        try {
            tls.check();
        } catch (Throwable t) {
            metrics.tlsReloadFailed();
            LOG.error("TLS certificate check failed", t);
        }
    }

    /** Stops reading the certificate files. */
    void stopPolling() {
        Threads.stop(tlsTimer);
    }

    /** Closes the port. */
    @Override
    public void close() {
        api.close();
    }
}
