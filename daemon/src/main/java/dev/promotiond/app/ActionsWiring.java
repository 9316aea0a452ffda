package dev.promotiond.app;

import dev.promotiond.actions.CommandRollbackExecutor;
import dev.promotiond.actions.RollbackExecutor;
import dev.promotiond.actions.WebhookRollbackExecutor;
import dev.promotiond.config.ActionsConfig;
import dev.promotiond.config.ComponentConfig;
import dev.promotiond.config.DaemonConfig;
import dev.promotiond.config.RollbackConfig;
import dev.promotiond.store.StoreException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Clock;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** What the daemon builds from the actions parts of its config: rollback executors, dry runs, the API token. */
final class ActionsWiring {
    private static final Logger LOG = LoggerFactory.getLogger(ActionsWiring.class);

    private ActionsWiring() {
    }

    /** One executor per component with a {@code rollback:}; webhook executors are added to {@code toClose}. */
    static Map<String, RollbackExecutor> rollbackExecutors(DaemonConfig config, Clock clock, List<AutoCloseable> toClose) {
        Map<String, RollbackExecutor> out = new HashMap<>();
        for (ComponentConfig c : config.components()) {
            RollbackConfig r = c.rollback();
            if (r == null) {
                continue;
            }
            if (r.command() != null) {
                out.put(c.name(), new CommandRollbackExecutor(r.command(), r.timeout()));
            } else {
                byte[] secret = null;
                if (r.secretFile() != null) {
                    try {
                        secret = Files.readString(r.secretFile()).strip().getBytes(StandardCharsets.UTF_8);
                    } catch (IOException e) {
                        throw new StoreException("cannot read rollback secret " + r.secretFile() + " of " + c.name()
                                + ": " + e.getMessage(), e);
                    }
                }
                WebhookRollbackExecutor w = new WebhookRollbackExecutor(r.webhook(), secret, r.timeout(), r.retries(), clock);
                toClose.add(w);
                out.put(c.name(), w);
            }
        }
        return out;
    }

    static Set<String> dryRunComponents(DaemonConfig config) {
        Set<String> out = new HashSet<>();
        config.components().stream().filter(c -> c.rollback() != null && c.rollback().dryRun())
                .forEach(c -> out.add(c.name()));
        return out;
    }

    /** The bearer token for mutating endpoints, from a file or an environment variable; null when none. */
    static String token(DaemonConfig config) {
        ActionsConfig ac = config.actions();
        if (ac.tokenFile() != null) {
            try {
                return Files.readString(ac.tokenFile()).strip();
            } catch (IOException e) {
                throw new StoreException("cannot read auth token file " + ac.tokenFile() + ": " + e.getMessage(), e);
            }
        }
        if (ac.tokenEnv() != null) {
            String t = System.getenv(ac.tokenEnv());
            if (t == null || t.isBlank()) {
                LOG.warn("auth.token_env {} is not set: mutating endpoints are disabled", ac.tokenEnv());
            }
            return t;
        }
        return null;
    }
}
