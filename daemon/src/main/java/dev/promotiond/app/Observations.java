package dev.promotiond.app;

import dev.promotiond.export.Metrics;
import dev.promotiond.facts.Observation;
import dev.promotiond.store.Ledger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Where probe outcomes go: the ledger and the metrics. */
public final class Observations {
    private static final Logger LOG = LoggerFactory.getLogger(Observations.class);

    private final Ledger ledger;
    private final Metrics metrics;

    Observations(Ledger ledger, Metrics metrics) {
        this.ledger = ledger;
        this.metrics = metrics;
    }

    /** One probe outcome into the ledger and the metrics; never throws into the probe thread. */
    public void observe(Observation o) {
        try {
            ledger.record(o);
            metrics.probeObserved(o);
        } catch (RuntimeException e) {
            LOG.error("cannot record probe of {}", o.component(), e);
        }
    }
}
