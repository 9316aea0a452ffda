package dev.promotiond.engine;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The folder the rules are compiled from: the operator's own, or a fresh copy of the bundled default
 * rules in a temporary folder that {@link #close()} deletes. The copy's files are read-only: edits
 * there would be lost at exit, and nothing watches it ({@code promotiond rules init DIR} makes the
 * editable copy).
 */
public final class RulesFolder implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(RulesFolder.class);

    /** What the log, the API and the CLI call the bundled rules. */
    public static final String BUNDLED = "the bundled default rules";
    /** The next step for an operator who wants to change them. */
    public static final String HOW_TO_EDIT = "for an editable copy run `promotiond rules init DIR` and set `rules: DIR`";

    private final Path dir;
    private final boolean bundled;

    private RulesFolder(Path dir, boolean bundled) {
        this.dir = dir;
        this.bundled = bundled;
    }

    /** The operator's folder, used as it is; closing it deletes nothing. */
    public static RulesFolder of(Path dir) {
        return new RulesFolder(dir, false);
    }

    /** Copies the bundled rules into a new temporary folder. */
    public static RulesFolder bundled() {
        try {
            Path dir = Files.createTempDirectory("promotiond-rules-");
            for (Path f : BundledRules.write(dir, false)) {
                f.toFile().setWritable(false, false);
            }
            return new RulesFolder(dir, true);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot copy the bundled rules into a temporary folder", e);
        }
    }

    /**
     * {@code explicit}, or the bundled rules when it is null (the config names no folder); the latter
     * logs one line saying so and how to get an editable copy.
     */
    public static RulesFolder orBundled(Path explicit, Object configName) {
        if (explicit != null) {
            return of(explicit);
        }
        RulesFolder f = bundled();
        LOG.info("no rules folder in {}: evaluating with {} (copied to {}, deleted at exit); {}", configName, BUNDLED,
                f.dir, HOW_TO_EDIT);
        return f;
    }

    public Path dir() {
        return dir;
    }

    /** True for the bundled rules: they cannot change while the daemon runs, so nothing watches them. */
    public boolean isBundled() {
        return bundled;
    }

    /** How messages name the folder. */
    public String label() {
        return bundled ? BUNDLED : dir.toString();
    }

    /** Deletes the temporary copy of the bundled rules; leaves an operator's folder alone. */
    @Override
    public void close() {
        if (!bundled) {
            return;
        }
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            LOG.warn("cannot delete the temporary copy of the bundled rules {}: {}", dir, e.toString());
        }
    }
}
