package dev.promotiond.engine;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.CodeSource;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The default rules packed into the jar: the repository's whole rules/ folder (DRL, policy files and
 * the tests/ scenarios). The list of files is read from the jar (or the classes folder in a build)
 * itself, so a file added to rules/ is bundled and listed without a hand-kept index.
 */
public final class BundledRules {
    /** Where the build puts the rules folder on the class path. */
    static final String ROOT = "dev/promotiond/default-rules";

    /** Every bundled file, as a path relative to the rules folder with '/' separators, sorted. */
    private static final List<String> ALL = list();

    /** The files directly in the rules folder that the engine compiles (every DRL and policy.yaml), sorted. */
    public static final List<String> FILES = ALL.stream()
            .filter(f -> !f.contains("/") && (f.endsWith(".drl") || f.equals("policy.yaml"))).toList();

    private BundledRules() {
    }

    /** Every bundled file, relative to the rules folder ('/' separators), sorted; includes tests/. */
    public static List<String> files() {
        return ALL;
    }

    /** Writes every bundled file into {@code dir} (creating it) and returns it; fails on an existing file. */
    public static Path extractTo(Path dir) {
        write(dir, false);
        return dir;
    }

    /**
     * Writes every bundled file into {@code dir}, creating folders. Without {@code overwrite}, an
     * existing file is an error before anything is written.
     *
     * @return the files written, in {@link #files()} order
     * @throws FileAlreadyExistsException naming the first file that exists (only without overwrite)
     */
    public static List<Path> write(Path dir, boolean overwrite) {
        try {
            List<Path> targets = new ArrayList<>();
            for (String name : ALL) {
                Path target = dir.resolve(name);
                if (!overwrite && Files.exists(target)) {
                    throw new FileAlreadyExistsException(target.toString());
                }
                targets.add(target);
            }
            for (int i = 0; i < ALL.size(); i++) {
                Files.createDirectories(targets.get(i).getParent());
                try (InputStream in = open(ALL.get(i))) {
                    Files.copy(in, targets.get(i), StandardCopyOption.REPLACE_EXISTING);
                }
            }
            return targets;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The bytes of one bundled file, by its name in {@link #files()}. */
    public static byte[] read(String name) {
        try (InputStream in = open(name)) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static InputStream open(String name) throws IOException {
        InputStream in = BundledRules.class.getResourceAsStream("/" + ROOT + "/" + name);
        if (in == null) {
            throw new IOException("bundled rule file " + name + " is missing from the jar");
        }
        return in;
    }

    /** Lists the bundled folder in the jar or classes folder this class was loaded from. */
    private static List<String> list() {
        CodeSource source = BundledRules.class.getProtectionDomain().getCodeSource();
        if (source == null || source.getLocation() == null) {
            throw new IllegalStateException("cannot tell which jar holds the bundled rules");
        }
        try {
            Path where = Path.of(source.getLocation().toURI());
            List<String> files = listIn(where);
            if (files.stream().noneMatch(f -> f.endsWith(".drl"))) {
                throw new IllegalStateException("no bundled rules in " + where);
            }
            return files;
        } catch (URISyntaxException | IllegalArgumentException e) {
            throw new IllegalStateException("cannot read the bundled rules from " + source.getLocation() + ": " + e, e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list the bundled rules in " + source.getLocation(), e);
        }
    }

    /** The files under {@link #ROOT} of a classes folder or a jar (with or without folder entries). */
    static List<String> listIn(Path classes) throws IOException {
        if (Files.isDirectory(classes)) {
            return walk(classes.resolve(ROOT));
        }
        try (FileSystem jar = FileSystems.newFileSystem(classes)) {
            return walk(jar.getPath("/" + ROOT));
        }
    }

    private static List<String> walk(Path root) throws IOException {
        if (!Files.isDirectory(root)) {
            return List.of();
        }
        try (Stream<Path> s = Files.walk(root)) {
            return s.filter(Files::isRegularFile)
                    .map(p -> root.relativize(p).toString().replace(p.getFileSystem().getSeparator(), "/"))
                    .sorted()
                    .toList();
        }
    }
}
