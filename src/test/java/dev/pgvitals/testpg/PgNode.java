package dev.pgvitals.testpg;

import dev.pgvitals.localpg.Os;
import dev.pgvitals.localpg.PgServer;
import io.vertx.pgclient.PgConnectOptions;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One PostgreSQL server of a {@link PgCluster}: a postmaster that is a child of this JVM (it dies
 * with it), listening on 127.0.0.1:{@link #port()} and on a unix socket in {@link #socketDir()}.
 * Process handling is main code's {@link PgServer}; this adds SQL, freezing, promotion and replay
 * control for tests.
 */
public final class PgNode {

  private final PgCluster cluster;
  private final PgServer server;
  private final Set<Long> frozen = new LinkedHashSet<>();

  PgNode(PgCluster cluster, PgServer server) {
    this.cluster = cluster;
    this.server = server;
  }

  // ---- where and who -------------------------------------------------------------------------

  /** "primary" or "replica" (the name it was created with; stays after a promotion). */
  public String name() {
    return server.name();
  }

  public PgCluster cluster() {
    return cluster;
  }

  public String host() {
    return server.host();
  }

  public int port() {
    return server.port();
  }

  public Path dataDir() {
    return server.dataDir();
  }

  public Path socketDir() {
    return server.socketDir();
  }

  /** The main-code server this node wraps. */
  public PgServer server() {
    return server;
  }

  /** The server log (stderr of the postmaster), printed by the harness when a start fails. */
  public Path logFile() {
    return server.logFile();
  }

  /** {@code postgresql://postgres:<pw>@127.0.0.1:<port>/postgres}. */
  public String superuserUrl() {
    return url(PgCluster.SUPERUSER, PgCluster.SUPERUSER_PASSWORD, "postgres");
  }

  /** {@code postgresql://pgvitals:<pw>@127.0.0.1:<port>/postgres} (the pg_monitor role). */
  public String monitorUrl() {
    return url(PgCluster.MONITOR_USER, PgCluster.MONITOR_PASSWORD, "postgres");
  }

  public String url(String user, String password, String database) {
    return dev.pgvitals.localpg.PgPair.url(server, user, password, database);
  }

  /** Connect options for the superuser, database postgres. */
  public PgConnectOptions superuserOptions() {
    return options(PgCluster.SUPERUSER, PgCluster.SUPERUSER_PASSWORD);
  }

  /** Connect options for the pg_monitor role the agent uses, database postgres. */
  public PgConnectOptions monitorOptions() {
    return options(PgCluster.MONITOR_USER, PgCluster.MONITOR_PASSWORD);
  }

  public PgConnectOptions options(String user, String password) {
    return cluster.pair().options(server, user, password);
  }

  // ---- SQL as superuser ----------------------------------------------------------------------

  /**
   * Rows of {@code sql} run as superuser in database postgres (deadline {@link
   * PgSql#DEFAULT_TIMEOUT}).
   */
  public List<Map<String, Object>> query(String sql) {
    return PgSql.query(superuserOptions(), sql, PgSql.DEFAULT_TIMEOUT);
  }

  public List<Map<String, Object>> query(String sql, Duration timeout) {
    return PgSql.query(superuserOptions(), sql, timeout);
  }

  /** Runs statements (';'-separated allowed) as superuser; returns nothing. */
  public void execute(String sql) {
    query(sql);
  }

  /** First column of the first row as text ({@code null} for no row or SQL NULL). */
  public String queryString(String sql) {
    List<Map<String, Object>> rows = query(sql);
    if (rows.isEmpty()) {
      return null;
    }
    Object v = rows.get(0).values().iterator().next();
    return v == null ? null : v.toString();
  }

  public boolean inRecovery() {
    return Boolean.parseBoolean(queryString("select pg_is_in_recovery()"));
  }

  /**
   * {@code pg_stat_wal_receiver.status} on this node, or {@code null} if it has no WAL receiver.
   */
  public String walReceiverStatus() {
    return queryString("select status from pg_stat_wal_receiver");
  }

  // ---- processes -----------------------------------------------------------------------------

  public boolean isRunning() {
    return server.isRunning();
  }

  /** Pid of the postmaster; fails if the node is not running. */
  public long postmasterPid() {
    return server.postmasterPid();
  }

  /** Postmaster and all its children (backends, walsender, checkpointer, ...). */
  public List<Long> serverPids() {
    return server.serverPids();
  }

  /**
   * Starts the server and waits until it accepts connections (primary) or hot-standby connections.
   */
  public synchronized void start() {
    server.start();
  }

  /** Fast shutdown ({@code pg_ctl stop -m fast}); falls back to immediate, then to SIGKILL. */
  public synchronized void stop() {
    thaw();
    server.stop();
  }

  /** Immediate shutdown (crash-like: the next start runs crash recovery). */
  public synchronized void stopImmediate() {
    thaw();
    server.stopImmediate();
  }

  /** Fast stop, then start. */
  public synchronized void restart() {
    stop();
    start();
  }

  /**
   * {@code kill -STOP} the postmaster and all its children: the server hangs like a stuck VM
   * (connections are accepted by the kernel but never answered). Undo with {@link #thaw()}.
   */
  public synchronized void freeze() {
    List<Long> pids = serverPids();
    if (pids.isEmpty()) {
      throw new IllegalStateException(name() + " is not running");
    }
    frozen.addAll(pids);
    Os.signal("STOP", pids);
  }

  /** {@code kill -CONT} everything {@link #freeze()} stopped (and every current server process). */
  public synchronized void thaw() {
    Set<Long> pids = new LinkedHashSet<>(frozen);
    pids.addAll(serverPids());
    Os.signal("CONT", pids);
    frozen.clear();
  }

  public synchronized boolean isFrozen() {
    return !frozen.isEmpty();
  }

  // ---- replication ---------------------------------------------------------------------------

  /** {@code pg_promote()} and wait until this node has left recovery. */
  public void promote() {
    cluster.checkDisposable("promote");
    String ok = queryString("select pg_promote(true, 60)");
    if (!"true".equals(ok)) {
      throw new IllegalStateException(
          "pg_promote() on " + name() + " returned " + ok + "\n" + logTail(20));
    }
    Wait.until(name() + " out of recovery", PgServer.START_TIMEOUT, () -> !inRecovery());
  }

  /** {@code pg_wal_replay_pause()} and wait until replay reports paused. */
  public void pauseReplay() {
    execute("select pg_wal_replay_pause()");
    Wait.until(name() + " replay paused", Duration.ofSeconds(30), this::replayPaused);
  }

  /** {@code pg_wal_replay_resume()} and wait until replay is no longer paused. */
  public void resumeReplay() {
    execute("select pg_wal_replay_resume()");
    Wait.until(name() + " replay resumed", Duration.ofSeconds(30), () -> !replayPaused());
  }

  /**
   * Whether WAL replay is paused (pg_get_wal_replay_pause_state() on 14+, pg_is_wal_replay_paused()
   * on 13).
   */
  public boolean replayPaused() {
    if (cluster.major() >= 14) {
      return "paused".equals(queryString("select pg_get_wal_replay_pause_state()"));
    }
    return Boolean.parseBoolean(queryString("select pg_is_wal_replay_paused()"));
  }

  // ---- diagnostics ---------------------------------------------------------------------------

  /** The last {@code lines} lines of the server log. */
  public String logTail(int lines) {
    return server.logTail(lines);
  }

  @Override
  public String toString() {
    return server.toString();
  }
}
