package dev.promotiond.app;

import dev.promotiond.store.StoreException;
import java.io.IOException;

/**
 * Why a daemon did not start: its port could not be opened, or its store could not be opened or
 * migrated. The message is the cause's own; {@link #port()} tells which, so the caller can name the
 * address it asked for.
 */
public final class StartFailure extends Exception {
    private static final long serialVersionUID = 1L;
    private final boolean port;

    private StartFailure(String message, boolean port, Throwable cause) {
        super(message, cause);
        this.port = port;
    }

    /** Starts the daemon; when it cannot listen or cannot open its store, closes it and throws this. */
    public static void start(Daemon daemon) throws StartFailure {
        try {
            daemon.start();
        } catch (IOException e) {
            daemon.close();
            throw new StartFailure(e.getMessage(), true, e);
        } catch (StoreException e) {
            daemon.close();
            throw new StartFailure(e.getMessage(), false, e);
        }
    }

    /** True when the port could not be opened; false when the store could not. */
    public boolean port() {
        return port;
    }
}
