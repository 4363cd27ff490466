package dev.pgvitals.testpg;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A PostgreSQL primary and a streaming replica on free loopback ports, in a temp directory
 * {@code <java.io.tmpdir>/pgvitals-pg-<jvm pid>-<major>-*}.
 *
 * <p>{@link #start(int)} gives a throw-away cluster the caller closes (try-with-resources); tests
 * that only read should use {@link PgClusters#shared(int)} instead, which starts one cluster per
 * major per JVM. The replica is a copy of the stopped primary's data directory with
 * {@code standby.signal}, {@code primary_conninfo} ({@code application_name=replica}) and the
 * physical slot {@value #SLOT}.
 */
public final class PgCluster implements AutoCloseable {

    public static final String SUPERUSER = "postgres";
    public static final String SUPERUSER_PASSWORD = "postgres-test-pw";
    /** Login role for the agent: {@code CREATE ROLE pgvitals LOGIN PASSWORD ... IN ROLE pg_monitor}. */
    public static final String MONITOR_USER = "pgvitals";
    public static final String MONITOR_PASSWORD = "pgvitals-test-pw";
    /** Physical replication slot the replica streams from; also its application_name's node name. */
    public static final String SLOT = "replica";
    public static final String REPLICA_APPLICATION_NAME = "replica";

    static final String DIR_PREFIX = "pgvitals-pg-";
    private static final Set<PgCluster> LIVE = ConcurrentHashMap.newKeySet();
    private static volatile boolean sweptOrphans;

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            for (PgCluster c : List.copyOf(LIVE)) {
                try {
                    c.shutdown();
                } catch (RuntimeException e) {
                    System.err.println("[pg-harness] shutdown: " + e);
                }
            }
            PgSql.closeVertx();
        }, "pg-harness-shutdown"));
    }

    private final int major;
    private final PgDist dist;
    private final Path root;
    private final boolean disposable;
    private final PgNode primary;
    private final PgNode replica;
    private volatile boolean closed;

    private PgCluster(int major, PgDist dist, Path root, boolean disposable, int primaryPort, int replicaPort) {
        this.major = major;
        this.dist = dist;
        this.root = root;
        this.disposable = disposable;
        this.primary = new PgNode(this, "primary", root.resolve("primary"), primaryPort);
        this.replica = new PgNode(this, "replica", root.resolve("replica"), replicaPort);
    }

    /** Starts a new primary + streaming replica of {@code major}; the caller must {@link #close()} it. */
    public static PgCluster start(int major) {
        return create(major, true);
    }

    static PgCluster create(int major, boolean disposable) {
        return create(major, disposable, freePorts(2));
    }

    /** With given (probed free) ports for primary and replica; one may turn out taken. */
    static PgCluster create(int major, boolean disposable, int[] ports) {
        sweepOrphans();
        PgDist dist = PgDist.forMajor(major);
        long t0 = System.nanoTime();
        Path root;
        try {
            root = Files.createTempDirectory(DIR_PREFIX + ProcessHandle.current().pid() + "-" + major + "-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        PgCluster c = new PgCluster(major, dist, root, disposable, ports[0], ports[1]);
        LIVE.add(c);
        try {
            c.build();
        } catch (RuntimeException | Error e) {
            try {
                c.shutdown();
            } catch (RuntimeException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
        System.err.printf("[pg-harness] PostgreSQL %s primary :%d replica :%d ready in %d ms (%s) in %s%n",
                dist.version(), c.primary.port(), c.replica.port(), (System.nanoTime() - t0) / 1_000_000, c.phases, root);
        return c;
    }

    private void build() {
        try {
            for (PgNode n : List.of(primary, replica)) {
                Files.createDirectories(n.socketDir());
                Files.createDirectories(n.dataDir().getParent());
            }
            Files.setPosixFilePermissions(root, PosixFilePermissions.fromString("rwx------"));
            Os.chownToServerUser(root);

            long t = System.nanoTime();
            Path template = templateDir();
            if (template != null && Files.isDirectory(template)) {
                Os.runOk(List.of("cp", "-a", template.resolve("primary").toString(), primary.dataDir().toString()), root, 120);
                Os.runOk(List.of("cp", "-a", template.resolve("replica").toString(), replica.dataDir().toString()), root, 120);
                t = phase("copy template", t);
            } else {
                t = initPrimaryAndCopyReplica(t);
                if (template != null) {
                    saveTemplate(template);
                    t = phase("save template", t);
                }
            }
            writeNodeConf(primary);
            Os.chownToServerUser(root);
            startClaimingPort(primary);
            // the primary's port is final now
            replica.extraConf = "primary_conninfo = 'host=" + primary.host() + " port=" + primary.port()
                    + " user=" + SUPERUSER + " password=" + SUPERUSER_PASSWORD
                    + " application_name=" + REPLICA_APPLICATION_NAME + "'\n"
                    + "primary_slot_name = '" + SLOT + "'\n";
            writeNodeConf(replica);
            Os.chownToServerUser(replica.dataDir());
            startClaimingPort(replica);
            t = phase("start", t);
            awaitStreaming();
            phase("streaming", t);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (RuntimeException e) {
            throw new IllegalStateException("cannot start PostgreSQL " + dist.version() + " cluster: " + e.getMessage()
                    + "\n" + primary.logTail(30) + "\n" + replica.logTail(30), e);
        }
    }

    /**
     * initdb, settings, role and slot on the primary; then the replica as a clean copy of the
     * stopped primary (the binaries have no pg_basebackup). Leaves both data dirs stopped.
     */
    private long initPrimaryAndCopyReplica(long t) throws IOException {
        Path pwFile = root.resolve("superuser.pw");
        Files.writeString(pwFile, SUPERUSER_PASSWORD + "\n", StandardCharsets.UTF_8);
        Os.chownToServerUser(pwFile);
        List<String> initdb = new ArrayList<>(Os.asServerUser(false));
        initdb.addAll(List.of(dist.bin("initdb").toString(), "-D", primary.dataDir().toString(),
                "-U", SUPERUSER, "--pwfile=" + pwFile, "--auth-local=trust", "--auth-host=scram-sha-256",
                "-E", "UTF8", "--no-locale", "-N"));
        Os.runOk(initdb, root, 120);
        t = phase("initdb", t);
        Files.delete(pwFile);
        Files.writeString(primary.dataDir().resolve("postgresql.conf"), serverSettings(), StandardCharsets.UTF_8,
                java.nio.file.StandardOpenOption.APPEND);
        writeNodeConf(primary);

        startClaimingPort(primary);
        primary.execute("CREATE ROLE " + MONITOR_USER + " LOGIN PASSWORD '" + MONITOR_PASSWORD + "' IN ROLE pg_monitor");
        primary.execute("SELECT pg_create_physical_replication_slot('" + SLOT + "')");
        primary.stop();
        t = phase("setup", t);

        Os.runOk(List.of("cp", "-a", primary.dataDir().toString(), replica.dataDir().toString()), root, 120);
        Files.deleteIfExists(replica.dataDir().resolve("postmaster.opts"));
        Files.deleteIfExists(replica.dataDir().resolve("postmaster.pid"));
        Os.deleteTree(replica.dataDir().resolve("pg_replslot"));
        Files.createDirectories(replica.dataDir().resolve("pg_replslot"));
        Files.writeString(replica.dataDir().resolve("standby.signal"), "", StandardCharsets.UTF_8);
        Os.chownToServerUser(replica.dataDir());
        return phase("copy", t);
    }

    /** Bump when what {@link #initPrimaryAndCopyReplica} produces changes in a way the settings hash misses. */
    private static final int TEMPLATE_FORMAT = 1;

    /**
     * Where the stopped primary + replica data dirs of this version and these settings are kept
     * between runs ({@code target/pg-template/<version>-<hash>/}), so later clusters copy them
     * instead of running initdb; {@code null} with {@code -Dpg.template=false}.
     */
    private Path templateDir() {
        if ("false".equals(System.getProperty("pg.template"))) {
            return null;
        }
        String key = TEMPLATE_FORMAT + serverSettings() + SUPERUSER + SUPERUSER_PASSWORD + MONITOR_USER + MONITOR_PASSWORD
                + SLOT + Os.isRoot();
        String hash = Integer.toHexString(key.hashCode());
        return Path.of(System.getProperty("pg.template.dir", "target/pg-template")).toAbsolutePath()
                .resolve(dist.version() + "-" + hash);
    }

    /** Copies both stopped data dirs into the template dir (built aside, renamed into place). */
    private void saveTemplate(Path template) {
        try {
            Files.createDirectories(template.getParent());
            Path tmp = Files.createTempDirectory(template.getParent(), template.getFileName() + ".part-");
            Os.runOk(List.of("cp", "-a", primary.dataDir().toString(), tmp.resolve("primary").toString()), root, 120);
            Os.runOk(List.of("cp", "-a", replica.dataDir().toString(), tmp.resolve("replica").toString()), root, 120);
            Files.deleteIfExists(tmp.resolve("primary/postmaster.opts"));
            try {
                Files.move(tmp, template, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
            } catch (IOException e) {
                Os.deleteTree(tmp); // another JVM saved it first
            }
        } catch (IOException | RuntimeException e) {
            System.err.println("[pg-harness] cannot save cluster template " + template + ": " + e);
        }
    }

    private final StringBuilder phases = new StringBuilder();

    private long phase(String name, long since) {
        long now = System.nanoTime();
        phases.append(phases.length() == 0 ? "" : ", ").append(name).append(' ').append((now - since) / 1_000_000).append(" ms");
        return now;
    }

    /** Settings shared by both nodes: fast, not durable, loopback only, replication on. */
    private static String serverSettings() {
        return """

                # ---- pgvitals test harness ----
                listen_addresses = '127.0.0.1'
                max_connections = 50
                shared_buffers = 16MB
                fsync = off
                synchronous_commit = off
                full_page_writes = off
                wal_level = replica
                max_wal_senders = 5
                max_replication_slots = 5
                hot_standby = on
                wal_receiver_status_interval = 1s
                wal_retrieve_retry_interval = 1s
                track_io_timing = on
                password_encryption = 'scram-sha-256'
                logging_collector = off
                log_destination = 'stderr'
                log_line_prefix = '%m [%p] %q%u@%d '
                log_checkpoints = off
                dynamic_shared_memory_type = posix
                include = 'pgvitals-node.conf'
                """;
    }

    /**
     * Starts a node; if another process took its port since {@link #freePorts} probed it, moves the
     * node to a new free port (a replica's conninfo is written after the primary's port is final).
     */
    private void startClaimingPort(PgNode node) throws IOException {
        for (int attempt = 1; ; attempt++) {
            try {
                node.start();
                return;
            } catch (IllegalStateException e) {
                boolean portTaken = e.getMessage() != null && e.getMessage().contains("could not create any TCP/IP sockets");
                if (!portTaken || attempt >= 3) {
                    throw e;
                }
                int port = freePorts(1)[0];
                System.err.println("[pg-harness] port " + node.port() + " of " + node.name() + " taken; retrying on " + port);
                node.port(port);
                writeNodeConf(node);
            }
        }
    }

    private static void writeNodeConf(PgNode node) throws IOException {
        String extra = node.extraConf;
        String conf = "# written by the test harness for node " + node.name() + "\n"
                + "port = " + node.port() + "\n"
                + "unix_socket_directories = '" + node.socketDir() + "'\n"
                + "cluster_name = '" + node.name() + "'\n"
                + extra;
        Files.writeString(node.dataDir().resolve("pgvitals-node.conf"), conf, StandardCharsets.UTF_8);
    }

    static int[] freePorts(int n) {
        List<ServerSocket> sockets = new ArrayList<>();
        try {
            int[] ports = new int[n];
            for (int i = 0; i < n; i++) {
                ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
                sockets.add(s);
                ports[i] = s.getLocalPort();
            }
            return ports;
        } catch (IOException e) {
            throw new UncheckedIOException("no free loopback port", e);
        } finally {
            for (ServerSocket s : sockets) {
                try {
                    s.close();
                } catch (IOException ignored) {
                    // closing a probe socket
                }
            }
        }
    }

    // ---- accessors ---------------------------------------------------------------------------

    public int major() {
        return major;
    }

    /** Binaries version, e.g. "18.1.0". */
    public String version() {
        return dist.version();
    }

    public PgDist dist() {
        return dist;
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
        return root;
    }

    /** True for clusters from {@link #start(int)}; shared clusters refuse destructive operations. */
    public boolean isDisposable() {
        return disposable;
    }

    void checkDisposable(String what) {
        if (!disposable) {
            throw new IllegalStateException(what + " would break the shared cluster; use PgCluster.start(major)"
                    + " for a throw-away cluster");
        }
    }

    // ---- replication helpers -------------------------------------------------------------------

    /**
     * Waits until the replica streams from the primary: {@code pg_stat_wal_receiver.status =
     * 'streaming'} on the replica and a streaming {@code pg_stat_replication} row for it on the primary.
     */
    public void awaitStreaming() {
        Duration t = Duration.ofSeconds(60);
        Wait.until("replica wal receiver streaming", t, () -> "streaming".equals(replica.walReceiverStatus()));
        Wait.until("primary sees replica streaming", t, () -> "streaming".equals(primary.queryString(
                "select state from pg_stat_replication where application_name = '" + REPLICA_APPLICATION_NAME + "'")));
    }

    /** Waits until the replica has replayed all WAL the primary had inserted when called (commits included, even with synchronous_commit=off). */
    public void awaitReplicaCaughtUp() {
        String lsn = primary.queryString("select pg_current_wal_insert_lsn()");
        Wait.until("replica replayed up to " + lsn, Duration.ofSeconds(60), () -> Boolean.parseBoolean(replica.queryString(
                "select pg_wal_lsn_diff(pg_last_wal_replay_lsn(), '" + lsn + "') >= 0")));
    }

    /**
     * Undoes what a test may have left on a shared cluster: thaws frozen nodes, starts stopped
     * ones, resumes paused replay, waits for streaming.
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
     * Stops both nodes (fast, then immediate, then SIGKILL), kills leftovers, deletes the temp dir.
     * A no-op on a {@linkplain PgClusters#shared(int) shared} cluster, which lives until the JVM exits
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
                try {
                    n.stop();
                } catch (RuntimeException e) {
                    System.err.println("[pg-harness] stopping " + n + ": " + e);
                }
            }
        } finally {
            Os.killAllUnder(root);
            if (!Boolean.getBoolean("pg.keep")) {
                Os.deleteTree(root);
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
     * Kills and removes clusters left by test JVMs that died without their shutdown hook
     * (SIGKILL): their temp dirs carry the dead JVM's pid.
     */
    static void sweepOrphans() {
        if (sweptOrphans) {
            return;
        }
        synchronized (PgCluster.class) {
            if (sweptOrphans) {
                return;
            }
            sweptOrphans = true;
            Path tmp = Path.of(System.getProperty("java.io.tmpdir"));
            try (DirectoryStream<Path> dirs = Files.newDirectoryStream(tmp, DIR_PREFIX + "*")) {
                for (Path d : dirs) {
                    String rest = d.getFileName().toString().substring(DIR_PREFIX.length());
                    int dash = rest.indexOf('-');
                    if (dash <= 0 || rest.startsWith("dist")) {
                        continue;
                    }
                    long pid;
                    try {
                        pid = Long.parseLong(rest.substring(0, dash));
                    } catch (NumberFormatException e) {
                        continue;
                    }
                    if (ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) {
                        continue;
                    }
                    System.err.println("[pg-harness] removing orphaned cluster " + d);
                    Os.killAllUnder(d);
                    Os.deleteTree(d);
                }
            } catch (IOException e) {
                System.err.println("[pg-harness] orphan sweep: " + e);
            }
        }
    }

    @Override
    public String toString() {
        return "PostgreSQL " + dist.version() + " (primary :" + primary.port() + ", replica :" + replica.port() + ")";
    }
}
