package dev.pgvitals.testpg;

import io.vertx.pgclient.PgConnectOptions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * One PostgreSQL server of a {@link PgCluster}: a postmaster that is a child of this JVM (it dies
 * with it), listening on 127.0.0.1:{@link #port()} and on a unix socket in {@link #socketDir()}.
 */
public final class PgNode {

    /** How long a start or stop may take before the harness gives up (with the log tail). */
    static final Duration START_TIMEOUT = Duration.ofSeconds(60);
    static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);

    private final PgCluster cluster;
    private final String name;
    private final Path dir;
    private volatile int port;
    /** Node-specific lines of pgvitals-node.conf beyond port/socket/name (the replica's primary_conninfo). */
    volatile String extraConf = "";
    private volatile Process postmaster;
    private final Set<Long> frozen = new LinkedHashSet<>();

    PgNode(PgCluster cluster, String name, Path dir, int port) {
        this.cluster = cluster;
        this.name = name;
        this.dir = dir;
        this.port = port;
    }

    // ---- where and who -------------------------------------------------------------------------

    /** "primary" or "replica" (the name it was created with; stays after a promotion). */
    public String name() {
        return name;
    }

    public PgCluster cluster() {
        return cluster;
    }

    public String host() {
        return "127.0.0.1";
    }

    public int port() {
        return port;
    }

    /** Only while the cluster is being built: a port lost to another process is replaced. */
    void port(int newPort) {
        this.port = newPort;
    }

    public Path dataDir() {
        return dir.resolve("data");
    }

    public Path socketDir() {
        return dir.resolve("sock");
    }

    /** The server log (stderr of the postmaster), printed by the harness when a start fails. */
    public Path logFile() {
        return dir.resolve("postgres.log");
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
        return "postgresql://" + user + ":" + password + "@" + host() + ":" + port + "/" + database;
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
        return new PgConnectOptions().setHost(host()).setPort(port).setDatabase("postgres")
                .setUser(user).setPassword(password);
    }

    // ---- SQL as superuser ----------------------------------------------------------------------

    /** Rows of {@code sql} run as superuser in database postgres (deadline {@link PgSql#DEFAULT_TIMEOUT}). */
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

    /** {@code pg_stat_wal_receiver.status} on this node, or {@code null} if it has no WAL receiver. */
    public String walReceiverStatus() {
        return queryString("select status from pg_stat_wal_receiver");
    }

    // ---- processes -----------------------------------------------------------------------------

    public boolean isRunning() {
        Process p = postmaster;
        return p != null && p.isAlive();
    }

    /** Pid of the postmaster; fails if the node is not running. */
    public long postmasterPid() {
        Process p = postmaster;
        if (p == null || !p.isAlive()) {
            throw new IllegalStateException(name + " is not running");
        }
        return p.pid();
    }

    /** Postmaster and all its children (backends, walsender, checkpointer, ...). */
    public List<Long> serverPids() {
        List<Long> pids = new ArrayList<>();
        Process p = postmaster;
        if (p != null && p.isAlive()) {
            pids.add(p.pid());
            p.descendants().forEach(h -> pids.add(h.pid()));
        }
        return pids;
    }

    /** Starts the server and waits until it accepts connections (primary) or hot-standby connections. */
    public synchronized void start() {
        if (isRunning()) {
            return;
        }
        Os.killAllUnder(dataDir()); // leftovers of a crashed run would keep the pid file locked
        try {
            Files.writeString(logFile(), "---- harness: starting " + name + " ----\n", StandardCharsets.UTF_8,
                    java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<String> cmd = new ArrayList<>(Os.asServerUser(true));
        cmd.add(cluster.dist().bin("postgres").toString());
        cmd.add("-D");
        cmd.add(dataDir().toString());
        Process p = Os.launch(cmd, dataDir(), logFile());
        postmaster = p;
        Path pidFile = dataDir().resolve("postmaster.pid");
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (true) {
            if (!p.isAlive()) {
                throw new IllegalStateException(name + " exited with " + p.exitValue() + " while starting\n" + logTail(40));
            }
            String status = pidFileStatus(pidFile, p.pid());
            if ("ready".equals(status) || "standby".equals(status)) {
                return;
            }
            if (System.nanoTime() - deadline >= 0) {
                throw new IllegalStateException(name + " not ready after " + START_TIMEOUT.toSeconds() + " s (status "
                        + status + ")\n" + logTail(40));
            }
            Wait.sleepQuietly(Duration.ofMillis(20));
        }
    }

    /** Line 8 of postmaster.pid ("starting", "ready", "standby", "stopping") if the file is ours. */
    private static String pidFileStatus(Path pidFile, long pid) {
        try {
            List<String> lines = Files.readAllLines(pidFile, StandardCharsets.UTF_8);
            if (lines.size() >= 8 && lines.get(0).trim().equals(Long.toString(pid))) {
                return lines.get(7).trim();
            }
        } catch (IOException ignored) {
            // not written yet
        }
        return null;
    }

    /** Fast shutdown ({@code pg_ctl stop -m fast}); falls back to immediate, then to SIGKILL. */
    public synchronized void stop() {
        shutdown("fast");
    }

    /** Immediate shutdown (crash-like: the next start runs crash recovery). */
    public synchronized void stopImmediate() {
        shutdown("immediate");
    }

    /** Fast stop, then start. */
    public synchronized void restart() {
        stop();
        start();
    }

    private void shutdown(String mode) {
        Process p = postmaster;
        if (p == null) {
            Os.killAllUnder(dataDir());
            return;
        }
        thaw();
        if (p.isAlive()) {
            pgCtlStop(mode);
            if (!waitExit(p, STOP_TIMEOUT) && !"immediate".equals(mode)) {
                pgCtlStop("immediate");
                waitExit(p, Duration.ofSeconds(10));
            }
        }
        if (p.isAlive()) {
            p.destroyForcibly();
        }
        Os.killAllUnder(dataDir());
        postmaster = null;
    }

    private void pgCtlStop(String mode) {
        List<String> cmd = new ArrayList<>(Os.asServerUser(false));
        cmd.addAll(List.of(cluster.dist().bin("pg_ctl").toString(), "stop", "-D", dataDir().toString(),
                "-m", mode, "-w", "-t", Long.toString(STOP_TIMEOUT.toSeconds())));
        Os.run(cmd, dataDir(), STOP_TIMEOUT.toSeconds() + 10); // exit code: a failed stop is handled by the caller
    }

    private static boolean waitExit(Process p, Duration timeout) {
        try {
            return p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /**
     * {@code kill -STOP} the postmaster and all its children: the server hangs like a stuck VM
     * (connections are accepted by the kernel but never answered). Undo with {@link #thaw()}.
     */
    public synchronized void freeze() {
        List<Long> pids = serverPids();
        if (pids.isEmpty()) {
            throw new IllegalStateException(name + " is not running");
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
            throw new IllegalStateException("pg_promote() on " + name + " returned " + ok + "\n" + logTail(20));
        }
        Wait.until(name + " out of recovery", START_TIMEOUT, () -> !inRecovery());
    }

    /** {@code pg_wal_replay_pause()} and wait until replay reports paused. */
    public void pauseReplay() {
        execute("select pg_wal_replay_pause()");
        Wait.until(name + " replay paused", Duration.ofSeconds(30), this::replayPaused);
    }

    /** {@code pg_wal_replay_resume()} and wait until replay is no longer paused. */
    public void resumeReplay() {
        execute("select pg_wal_replay_resume()");
        Wait.until(name + " replay resumed", Duration.ofSeconds(30), () -> !replayPaused());
    }

    /** Whether WAL replay is paused (pg_get_wal_replay_pause_state() on 14+, pg_is_wal_replay_paused() on 13). */
    public boolean replayPaused() {
        if (cluster.major() >= 14) {
            return "paused".equals(queryString("select pg_get_wal_replay_pause_state()"));
        }
        return Boolean.parseBoolean(queryString("select pg_is_wal_replay_paused()"));
    }

    // ---- diagnostics ---------------------------------------------------------------------------

    /** The last {@code lines} lines of the server log. */
    public String logTail(int lines) {
        try (Stream<String> s = Files.lines(logFile(), StandardCharsets.UTF_8)) {
            List<String> all = s.toList();
            return "---- " + logFile() + " (last " + lines + " lines) ----\n"
                    + String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException | UncheckedIOException e) {
            return "(no log at " + logFile() + ": " + e + ")";
        }
    }

    @Override
    public String toString() {
        return name + "@" + host() + ":" + port;
    }
}
