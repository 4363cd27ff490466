package dev.pgvitals.testpg;

import dev.pgvitals.localpg.Os;
import dev.pgvitals.localpg.PgDist;
import dev.pgvitals.localpg.PgPair;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A PostgreSQL primary and a streaming replica on free loopback ports, in a temp directory {@code
 * <java.io.tmpdir>/pgvitals-pg-<jvm pid>-<major>-*}.
 *
 * <p>{@link #start(int)} gives a throw-away cluster the caller closes (try-with-resources); tests
 * that only read should use {@link PgClusters#shared(int)} instead, which starts one cluster per
 * major per JVM. The replica is a copy of the stopped primary's data directory with {@code
 * standby.signal}, {@code primary_conninfo} ({@code application_name=replica}) and the physical
 * slot {@value #SLOT}. Building, starting, stopping and teardown are main code's {@link PgPair}
 * (which {@code pgvitals demo} uses too); this class adds what tests need.
 */
public final class PgCluster implements AutoCloseable {

  public static final String SUPERUSER = PgPair.SUPERUSER;
  public static final String SUPERUSER_PASSWORD = "postgres-test-pw";

  /**
   * Login role for the agent: {@code CREATE ROLE pgvitals LOGIN PASSWORD ... IN ROLE pg_monitor}.
   */
  public static final String MONITOR_USER = "pgvitals";

  public static final String MONITOR_PASSWORD = "pgvitals-test-pw";

  /** Physical replication slot the replica streams from; also its application_name's node name. */
  public static final String SLOT = PgPair.SLOT;

  public static final String REPLICA_APPLICATION_NAME = PgPair.REPLICA_APPLICATION_NAME;
  static final PgPair.Credentials CREDENTIALS =
      new PgPair.Credentials(SUPERUSER_PASSWORD, MONITOR_USER, MONITOR_PASSWORD);

  static final String DIR_PREFIX = "pgvitals-pg-";
  private static final Set<PgCluster> LIVE = ConcurrentHashMap.newKeySet();
  private static volatile boolean sweptOrphans;

  static {
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  for (PgCluster c : List.copyOf(LIVE)) {
                    try {
                      c.shutdown();
                    } catch (RuntimeException e) {
                      System.err.println("[pg-harness] shutdown: " + e);
                    }
                  }
                  PgSql.closeVertx();
                },
                "pg-harness-shutdown"));
  }

  private final int major;
  private final PgPair pair;
  private final boolean disposable;
  private final PgNode primary;
  private final PgNode replica;
  private volatile boolean closed;

  private PgCluster(int major, PgPair pair, boolean disposable) {
    this.major = major;
    this.pair = pair;
    this.disposable = disposable;
    this.primary = new PgNode(this, pair.primary());
    this.replica = new PgNode(this, pair.replica());
  }

  /**
   * Starts a new primary + streaming replica of {@code major}; the caller must {@link #close()} it.
   */
  public static PgCluster start(int major) {
    return create(major, true);
  }

  /** The binaries of {@code major}: target/pg-binaries or ~/.m2, unpacked into target/pg-dist. */
  static PgDist dist(int major) {
    return PgDist.forMajor(
        major,
        PgDist.defaultBinariesDir(),
        PgDist.defaultCacheDir(),
        Path.of(System.getProperty("java.io.tmpdir"), "pgvitals-pg-dist"));
  }

  static PgCluster create(int major, boolean disposable) {
    return create(major, disposable, freePorts(2));
  }

  /** With given (probed free) ports for primary and replica; one may turn out taken. */
  static PgCluster create(int major, boolean disposable, int[] ports) {
    sweepOrphans();
    PgDist dist = dist(major);
    long t0 = System.nanoTime();
    Path root;
    try {
      root =
          Files.createTempDirectory(DIR_PREFIX + ProcessHandle.current().pid() + "-" + major + "-");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    PgPair pair = PgPair.in(PgSql.vertx(), dist, root, CREDENTIALS, ports[0], ports[1]);
    PgCluster c = new PgCluster(major, pair, disposable);
    LIVE.add(c);
    try {
      pair.build(templateDir(dist));
    } catch (RuntimeException | Error e) {
      try {
        c.shutdown();
      } catch (RuntimeException suppressed) {
        e.addSuppressed(suppressed);
      }
      throw e;
    }
    System.err.printf(
        "[pg-harness] PostgreSQL %s primary :%d replica :%d ready in %d ms (%s) in %s%n",
        dist.version(),
        c.primary.port(),
        c.replica.port(),
        (System.nanoTime() - t0) / 1_000_000,
        pair.phases(),
        root);
    return c;
  }

  /**
   * Where the stopped primary + replica data dirs of this version and these settings are kept
   * between runs ({@code target/pg-template/<version>-<hash>/}), so later clusters copy them
   * instead of running initdb; {@code null} with {@code -Dpg.template=false}.
   */
  private static Path templateDir(PgDist dist) {
    if ("false".equals(System.getProperty("pg.template"))) {
      return null;
    }
    return PgPair.templateDir(
        Path.of(System.getProperty("pg.template.dir", "target/pg-template")), dist, CREDENTIALS);
  }

  static int[] freePorts(int n) {
    return PgPair.freePorts(n);
  }

  // ---- accessors ---------------------------------------------------------------------------

  public int major() {
    return major;
  }

  /** Binaries version, e.g. "18.1.0". */
  public String version() {
    return pair.primary().dist().version();
  }

  public PgDist dist() {
    return pair.primary().dist();
  }

  /** The main-code pair this cluster wraps. */
  public PgPair pair() {
    return pair;
  }

  public PgNode primary() {
    return primary;
  }

  public PgNode replica() {
    return replica;
  }

  public List<PgNode> nodes() {
    return List.of(primary, replica);
  }

  /** Temp directory holding both nodes (data, sockets, logs). */
  public Path directory() {
    return pair.directory();
  }

  /** True for clusters from {@link #start(int)}; shared clusters refuse destructive operations. */
  public boolean isDisposable() {
    return disposable;
  }

  void checkDisposable(String what) {
    if (!disposable) {
      throw new IllegalStateException(
          what
              + " would break the shared cluster; use PgCluster.start(major)"
              + " for a throw-away cluster");
    }
  }

  // ---- replication helpers -------------------------------------------------------------------

  /**
   * Waits until the replica streams from the primary: {@code pg_stat_wal_receiver.status =
   * 'streaming'} on the replica and a streaming {@code pg_stat_replication} row for it on the
   * primary.
   */
  public void awaitStreaming() {
    pair.awaitStreaming();
  }

  /**
   * Waits until the replica has replayed all WAL the primary had inserted when called (commits
   * included, even with synchronous_commit=off).
   */
  public void awaitReplicaCaughtUp() {
    String lsn = primary.queryString("select pg_current_wal_insert_lsn()");
    Wait.until(
        "replica replayed up to " + lsn,
        Duration.ofSeconds(60),
        () ->
            Boolean.parseBoolean(
                replica.queryString(
                    "select pg_wal_lsn_diff(pg_last_wal_replay_lsn(), '" + lsn + "') >= 0")));
  }

  /**
   * Undoes what a test may have left on a shared cluster: thaws frozen nodes, starts stopped ones,
   * resumes paused replay, waits for streaming.
   */
  public synchronized void restoreIfDisturbed() {
    for (PgNode n : nodes()) {
      if (n.isFrozen()) {
        n.thaw();
      }
      if (!n.isRunning()) {
        n.start();
      }
    }
    if (replica.inRecovery() && replica.replayPaused()) {
      replica.resumeReplay();
    }
    if (replica.inRecovery()) {
      awaitStreaming();
    }
  }

  // ---- teardown ------------------------------------------------------------------------------

  /**
   * Stops both nodes (fast, then immediate, then SIGKILL), kills leftovers, deletes the temp dir. A
   * no-op on a {@linkplain PgClusters#shared(int) shared} cluster, which lives until the JVM exits
   * (JUnit closes AutoCloseable test arguments, and one test must not end the others' cluster).
   */
  @Override
  public void close() {
    if (disposable) {
      shutdown();
    }
  }

  /** Stops and removes this cluster, shared or not. */
  synchronized void shutdown() {
    if (closed) {
      return;
    }
    closed = true;
    try {
      for (PgNode n : List.of(replica, primary)) {
        n.thaw(); // a frozen server would sit out pg_ctl's whole timeout
      }
      pair.close();
    } finally {
      if (!Boolean.getBoolean("pg.keep")) {
        Os.deleteTree(pair.directory());
      }
      LIVE.remove(this);
    }
  }

  /** Clusters started and not yet shut down in this JVM. */
  static List<PgCluster> live() {
    return List.copyOf(LIVE);
  }

  public boolean isClosed() {
    return closed;
  }

  /**
   * Kills and removes clusters left by test JVMs that died without their shutdown hook (SIGKILL):
   * their temp dirs carry the dead JVM's pid.
   */
  static void sweepOrphans() {
    if (sweptOrphans) {
      return;
    }
    synchronized (PgCluster.class) {
      if (!sweptOrphans) {
        sweptOrphans = true;
        Os.sweepOrphans(
            Path.of(System.getProperty("java.io.tmpdir")),
            DIR_PREFIX,
            d -> System.err.println("[pg-harness] removing orphaned cluster " + d));
      }
    }
  }

  @Override
  public String toString() {
    return pair.toString();
  }
}
