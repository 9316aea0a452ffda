package dev.promotiond.testing;

import dev.promotiond.app.Daemon;
import dev.promotiond.clock.ManualClock;
import dev.promotiond.config.ConfigLoader;
import dev.promotiond.config.DaemonConfig;
import dev.promotiond.engine.DroolsRuleEngine;
import dev.promotiond.engine.RuleEngine;
import dev.promotiond.facts.Sli;
import dev.promotiond.probe.HttpHealthProbe;
import dev.promotiond.probe.ProbeScheduler;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * A small fleet in trouble, as an operator would meet it on the status page, driven by the shipped
 * rules (production guard shortened by {@link QuickGuardRules}) through a real daemon on loopback:
 * <ul>
 *   <li>{@code checkout} reached Production at 2.0 (after 1.9) and its p95 latency of 1.5 s breaches
 *   the SLA: the guard trips, pages through a real Alertmanager, rolls 2.0 back at a webhook receiver,
 *   and 2.0 is held;</li>
 *   <li>{@code search} in Staging answers 503: its last probe is DOWN;</li>
 *   <li>{@code catalog} in Staging is UP.</li>
 * </ul>
 * The guard's {@code for} is waited out on a {@link ManualClock}, not by sleeping. {@link #start}
 * returns with the daemon serving on a free port and the page already sent.
 */
public final class TroubledFleet implements AutoCloseable {
    public static final String PAGE = "ProductionGuardTripped";

    private final WebhookReceiver notifications;
    private final RealAlertmanager alertmanager;
    private final WebhookReceiver rollbacks;
    private final FakeEndpoints endpoints;
    private final DaemonConfig config;
    private final RuleEngine rules;
    private Daemon daemon;

    private TroubledFleet(WebhookReceiver notifications, RealAlertmanager alertmanager, WebhookReceiver rollbacks,
                          FakeEndpoints endpoints, DaemonConfig config, RuleEngine rules) {
        this.notifications = notifications;
        this.alertmanager = alertmanager;
        this.rollbacks = rollbacks;
        this.endpoints = endpoints;
        this.config = config;
        this.rules = rules;
    }

    /** @param dir an empty folder the test owns: config, store, rules and Alertmanager's data go there */
    public static TroubledFleet start(Path dir) throws Exception {
        WebhookReceiver notifications = new WebhookReceiver();
        RealAlertmanager am = null;
        WebhookReceiver rollbacks = null;
        FakeEndpoints endpoints = null;
        TroubledFleet fleet = null;
        try {
            am = RealAlertmanager.start(Files.createDirectories(dir.resolve("am")), notifications.url());
            rollbacks = new WebhookReceiver();
            endpoints = new FakeEndpoints();
            Path rules = QuickGuardRules.copyInto(dir);
            Path file = dir.resolve("promotiond.yaml");
            Files.writeString(file, """
                    listen: 127.0.0.1:0
                    store: ./ledger.db
                    rules: %s
                    evaluation_interval: 1s
                    alertmanagers: [{url: "%s"}]
                    components:
                      - name: checkout
                        group: Shop
                        stage: Production
                        health: {url: "%s", interval: 10m, status: /status, version: /version}
                        rollback: {webhook: "%s", timeout: 5s, retries: 0}
                      - name: search
                        group: Shop
                        stage: Staging
                        health: {url: "%s", interval: 10m, status: /status, version: /version}
                      - name: catalog
                        group: Shop
                        stage: Staging
                        health: {url: "%s", interval: 10m, status: /status, version: /version}
                    """.formatted(rules, am.url(), endpoints.url("checkout"), rollbacks.url(), endpoints.url("search"),
                    endpoints.url("catalog")));
            fleet = new TroubledFleet(notifications, am, rollbacks, endpoints, ConfigLoader.load(file),
                    DroolsRuleEngine.compile(rules));
            fleet.run();
            return fleet;
        } catch (Exception | Error e) {
            if (fleet != null) {
                fleet.close();
            } else {
                closeAll(endpoints, rollbacks, am, notifications);
            }
            throw e;
        }
    }

    private void run() throws Exception {
        FakeEndpoints.State checkout = endpoints.add("checkout");
        endpoints.add("search").healthy = false;
        endpoints.add("catalog").version = "3.1.0";
        ManualClock clock = new ManualClock(Instant.now().minus(Duration.ofMinutes(20)));
        HttpHealthProbe probe = new HttpHealthProbe(clock, 4);
        daemon = new Daemon(config, clock, probe, rules, "test")
                .withSlis(() -> List.of(new Sli("checkout", "latency_p95_seconds", 1.5, clock.instant(), "test", null,
                        null, null)));
        daemon.open();
        checkout.version = "1.9";
        ProbeScheduler.probeAndWait(probe, config.components(), o -> daemon.observations().observe(o), Duration.ofSeconds(10));
        clock.advance(Duration.ofMinutes(10));
        checkout.version = "2.0";
        ProbeScheduler.probeAndWait(probe, config.components(), o -> daemon.observations().observe(o), Duration.ofSeconds(10));
        // Alertmanager judges startsAt and endsAt by its own clock: act near it
        clock.set(Instant.now());
        ProbeScheduler.probeAndWait(probe, config.components(), o -> daemon.observations().observe(o), Duration.ofSeconds(10));
        daemon.actions().act(daemon.evaluations().evaluate());  // the breach starts its 2 s
        clock.advance(Duration.ofSeconds(3));
        daemon.actions().act(daemon.evaluations().evaluate());  // held long enough: page, roll back, hold
        if (rollbacks.awaitRequests(1, Duration.ofSeconds(10)).size() != 1) {
            throw new IllegalStateException("the guard did not roll checkout back");
        }
        daemon.start();
    }

    public Daemon daemon() {
        return daemon;
    }

    public DaemonConfig config() {
        return config;
    }

    public RuleEngine rules() {
        return rules;
    }

    public RealAlertmanager alertmanager() {
        return alertmanager;
    }

    /** The status page's address. */
    public String url() {
        return "http://127.0.0.1:" + daemon.port() + "/";
    }

    @Override
    public void close() {
        closeAll(daemon, endpoints, rollbacks, alertmanager, notifications);
    }

    private static void closeAll(AutoCloseable... all) {
        RuntimeException first = null;
        for (AutoCloseable c : all) {
            try {
                if (c != null) {
                    c.close();
                }
            } catch (Exception e) {
                if (first == null) {
                    first = new IllegalStateException("closing " + c + " failed", e);
                }
            }
        }
        if (first != null) {
            throw first;
        }
    }
}
