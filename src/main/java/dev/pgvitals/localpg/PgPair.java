package dev.pgvitals.localpg;

import dev.pgvitals.sample.ErrorSummary;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgConnectOptions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.BooleanSupplier;

/**
 * A PostgreSQL primary and a streaming replica on loopback ports, built in a directory the caller
 * owns ({@code <root>/primary}, {@code <root>/replica}).
 *
 * <p>The primary comes from {@code initdb} (scram-sha-256 over TCP, trust on its private unix
 * socket), gets a login role in {@code pg_monitor} for the agent and the physical slot {@value
 * #SLOT}; the replica is a copy of the stopped primary's data directory (the binaries have no
 * {@code pg_basebackup}) with {@code standby.signal} and {@code primary_conninfo} ({@code
 * application_name=replica}), or both come from a template of stopped data dirs. Ports another
 * process grabs between probing and starting are replaced. When the JVM is root the servers run as
 * {@value Os#RUN_USER} through {@code setpriv}. {@link #close()} stops both (fast, then immediate,
 * then SIGKILL) and kills whatever still works under the root; deleting the root is the caller's.
 */
public final class PgPair implements AutoCloseable {

  public static final String SUPERUSER = "postgres";

  /** Physical replication slot the replica streams from. */
  public static final String SLOT = "replica";

  public static final String REPLICA_APPLICATION_NAME = "replica";
  public static final Duration SQL_TIMEOUT = Duration.ofSeconds(15);
  public static final Duration STREAMING_TIMEOUT = Duration.ofSeconds(60);

  /**
   * Passwords of the superuser and of the agent's login role ({@code monitorUser}, member of {@code
   * pg_monitor}). Not shown by {@link #toString()}.
   */
  public record Credentials(String superuserPassword, String monitorUser, String monitorPassword) {
    public Credentials {
      Objects.requireNonNull(superuserPassword, "superuserPassword");
      Objects.requireNonNull(monitorUser, "monitorUser");
      Objects.requireNonNull(monitorPassword, "monitorPassword");
      if (!monitorUser.matches("[a-z_][a-z0-9_]*")) {
        throw new IllegalArgumentException(
            "monitor user must be a plain lower-case identifier: " + monitorUser);
      }
    }

    /** Random passwords (hex, 32 characters) for a role named {@code monitorUser}. */
    public static Credentials random(String monitorUser) {
      return new Credentials(randomPassword(), monitorUser, randomPassword());
    }

    private static String randomPassword() {
      byte[] b = new byte[16];
      new java.security.SecureRandom().nextBytes(b);
      return java.util.HexFormat.of().formatHex(b);
    }

    @Override
    public String toString() {
      return "Credentials[monitorUser=" + monitorUser + "]";
    }
  }

  private final Vertx vertx;
  private final Path root;
  private final Credentials credentials;
  private final PgServer primary;
  private final PgServer replica;
  private final StringBuilder phases = new StringBuilder();

  /** The replica's lines of pgvitals-node.conf beyond port/socket/name (primary_conninfo, slot). */
  private volatile String replicaConf = "";

  private volatile boolean closed;

  private PgPair(
      Vertx vertx,
      PgDist dist,
      Path root,
      Credentials credentials,
      int primaryPort,
      int replicaPort) {
    this.vertx = vertx;
    this.root = root;
    this.credentials = credentials;
    this.primary = new PgServer("primary", dist, root.resolve("primary"), primaryPort);
    this.replica = new PgServer("replica", dist, root.resolve("replica"), replicaPort);
  }

  /**
   * Creates (not yet started) servers in {@code root} (an existing, empty directory) on the given
   * ports; {@link #build()} makes and starts them.
   *
   * @param vertx for the set-up SQL (connections are made and closed per statement)
   */
  public static PgPair in(
      Vertx vertx,
      PgDist dist,
      Path root,
      Credentials credentials,
      int primaryPort,
      int replicaPort) {
    return new PgPair(vertx, dist, root, credentials, primaryPort, replicaPort);
  }

  /** As {@link #build(Path)} without a template: always initdb. */
  public PgPair build() {
    return build(null);
  }

  /**
   * initdb, the monitoring role and the slot on the primary, the replica from its copy, both
   * started and streaming. With a {@code template} directory (see {@link #templateDir}) both
   * stopped data dirs are copied from it when it exists, and saved into it after a from-scratch
   * build when it does not. On failure the exception carries both servers' log tails; the caller
   * still {@linkplain #close() closes}.
   */
  public PgPair build(Path template) {
    try {
      for (PgServer n : List.of(primary, replica)) {
        Files.createDirectories(n.socketDir());
      }
      Files.setPosixFilePermissions(root, PosixFilePermissions.fromString("rwx------"));
      Os.chownToServerUser(root);

      long t = System.nanoTime();
      if (template != null && Files.isDirectory(template)) {
        Os.runOk(
            List.of(
                "cp", "-a", template.resolve("primary").toString(), primary.dataDir().toString()),
            root,
            120);
        Os.runOk(
            List.of(
                "cp", "-a", template.resolve("replica").toString(), replica.dataDir().toString()),
            root,
            120);
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
      replicaConf =
          "primary_conninfo = 'host="
              + primary.host()
              + " port="
              + primary.port()
              + " user="
              + SUPERUSER
              + " password="
              + credentials.superuserPassword()
              + " application_name="
              + REPLICA_APPLICATION_NAME
              + "'\n"
              + "primary_slot_name = '"
              + SLOT
              + "'\n";
      writeNodeConf(replica);
      Os.chownToServerUser(replica.dataDir());
      startClaimingPort(replica);
      t = phase("start", t);
      awaitStreaming();
      phase("streaming", t);
      return this;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (RuntimeException e) {
      throw new IllegalStateException(
          "cannot start PostgreSQL "
              + primary.dist().version()
              + " primary and replica: "
              + e.getMessage()
              + "\n"
              + BlockingSql.redact(primary.logTail(30) + "\n" + replica.logTail(30)),
          e);
    }
  }

  /**
   * initdb, settings, role and slot on the primary; then the replica as a clean copy of the stopped
   * primary (the binaries have no pg_basebackup). Leaves both data dirs stopped.
   */
  private long initPrimaryAndCopyReplica(long t) throws IOException {
    Path pwFile = root.resolve("superuser.pw");
    Files.writeString(pwFile, credentials.superuserPassword() + "\n", StandardCharsets.UTF_8);
    Os.chownToServerUser(pwFile);
    List<String> initdb = new ArrayList<>(Os.asServerUser(false));
    initdb.addAll(
        List.of(
            primary.dist().bin("initdb").toString(),
            "-D",
            primary.dataDir().toString(),
            "-U",
            SUPERUSER,
            "--pwfile=" + pwFile,
            "--auth-local=trust",
            "--auth-host=scram-sha-256",
            "-E",
            "UTF8",
            "--no-locale",
            "-N"));
    Os.runOk(initdb, root, 120);
    t = phase("initdb", t);
    Files.delete(pwFile);
    Files.writeString(
        primary.dataDir().resolve("postgresql.conf"),
        serverSettings(),
        StandardCharsets.UTF_8,
        StandardOpenOption.APPEND);
    writeNodeConf(primary);

    startClaimingPort(primary);
    execute(
        primary,
        "CREATE ROLE "
            + credentials.monitorUser()
            + " LOGIN PASSWORD '"
            + credentials.monitorPassword()
            + "' IN ROLE pg_monitor");
    execute(primary, "SELECT pg_create_physical_replication_slot('" + SLOT + "')");
    primary.stop();
    t = phase("setup", t);

    Os.runOk(
        List.of("cp", "-a", primary.dataDir().toString(), replica.dataDir().toString()), root, 120);
    Files.deleteIfExists(replica.dataDir().resolve("postmaster.opts"));
    Files.deleteIfExists(replica.dataDir().resolve("postmaster.pid"));
    Os.deleteTree(replica.dataDir().resolve("pg_replslot"));
    Files.createDirectories(replica.dataDir().resolve("pg_replslot"));
    Files.writeString(replica.dataDir().resolve("standby.signal"), "", StandardCharsets.UTF_8);
    Os.chownToServerUser(replica.dataDir());
    return phase("copy", t);
  }

  /**
   * Bump when what {@link #initPrimaryAndCopyReplica} produces changes in a way the settings hash
   * misses.
   */
  private static final int TEMPLATE_FORMAT = 1;

  /**
   * Where the stopped primary + replica data dirs of this version, these settings and these
   * credentials are kept between runs: {@code <base>/<version>-<hash>/}.
   */
  public static Path templateDir(Path base, PgDist dist, Credentials credentials) {
    String key =
        TEMPLATE_FORMAT
            + serverSettings()
            + SUPERUSER
            + credentials.superuserPassword()
            + credentials.monitorUser()
            + credentials.monitorPassword()
            + SLOT
            + Os.isRoot();
    return base.toAbsolutePath()
        .resolve(dist.version() + "-" + Integer.toHexString(key.hashCode()));
  }

  /** Copies both stopped data dirs into the template dir (built aside, renamed into place). */
  private void saveTemplate(Path template) {
    try {
      Files.createDirectories(template.getParent());
      Path tmp = Files.createTempDirectory(template.getParent(), template.getFileName() + ".part-");
      Os.runOk(
          List.of("cp", "-a", primary.dataDir().toString(), tmp.resolve("primary").toString()),
          root,
          120);
      Os.runOk(
          List.of("cp", "-a", replica.dataDir().toString(), tmp.resolve("replica").toString()),
          root,
          120);
      Files.deleteIfExists(tmp.resolve("primary/postmaster.opts"));
      try {
        Files.move(tmp, template, StandardCopyOption.ATOMIC_MOVE);
      } catch (IOException e) {
        Os.deleteTree(tmp); // another JVM saved it first
      }
    } catch (IOException | RuntimeException e) {
      System.err.println(
          "pgvitals: cannot save cluster template " + template + ": " + ErrorSummary.of(e));
    }
  }

  private long phase(String name, long since) {
    long now = System.nanoTime();
    synchronized (phases) {
      phases
          .append(phases.length() == 0 ? "" : ", ")
          .append(name)
          .append(' ')
          .append((now - since) / 1_000_000)
          .append(" ms");
    }
    return now;
  }

  /** How long each step of {@link #build} took, e.g. {@code initdb 812 ms, setup 640 ms, ...}. */
  public String phases() {
    synchronized (phases) {
      return phases.toString();
    }
  }

  /**
   * Starts a server; if another process took its port since {@link #freePorts} probed it, moves it
   * to a new free port (the replica's conninfo is written after the primary's port is final).
   */
  private void startClaimingPort(PgServer node) throws IOException {
    for (int attempt = 1; ; attempt++) {
      try {
        node.start();
        return;
      } catch (IllegalStateException e) {
        boolean portTaken =
            e.getMessage() != null
                && e.getMessage().contains("could not create any TCP/IP sockets");
        if (!portTaken || attempt >= 3) {
          throw e;
        }
        int port = freePorts(1)[0];
        System.err.println(
            "pgvitals: port " + node.port() + " of " + node.name() + " taken; retrying on " + port);
        node.port(port);
        writeNodeConf(node);
      }
    }
  }

  /** Settings shared by both nodes: fast, not durable, loopback only, replication on. */
  private static String serverSettings() {
    return """

        # ---- pgvitals: local primary and replica ----
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

  private void writeNodeConf(PgServer node) throws IOException {
    String conf =
        "# written by pgvitals for node "
            + node.name()
            + "\n"
            + "port = "
            + node.port()
            + "\n"
            + "unix_socket_directories = '"
            + node.socketDir()
            + "'\n"
            + "cluster_name = '"
            + node.name()
            + "'\n"
            + (node == replica ? replicaConf : "");
    Files.writeString(node.dataDir().resolve("pgvitals-node.conf"), conf, StandardCharsets.UTF_8);
  }

  /** {@code n} distinct free TCP ports on the loopback interface (free when probed). */
  public static int[] freePorts(int n) {
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

  public PgServer primary() {
    return primary;
  }

  public PgServer replica() {
    return replica;
  }

  public Path directory() {
    return root;
  }

  public Credentials credentials() {
    return credentials;
  }

  /** {@code postgresql://<user>:<password>@127.0.0.1:<port>/<database>}. */
  public static String url(PgServer server, String user, String password, String database) {
    return "postgresql://"
        + user
        + ":"
        + password
        + "@"
        + server.host()
        + ":"
        + server.port()
        + "/"
        + database;
  }

  /** The agent's URL for {@code server}: the monitoring role, database postgres. */
  public String monitorUrl(PgServer server) {
    return url(server, credentials.monitorUser(), credentials.monitorPassword(), "postgres");
  }

  public PgConnectOptions options(PgServer server, String user, String password) {
    return new PgConnectOptions()
        .setHost(server.host())
        .setPort(server.port())
        .setDatabase("postgres")
        .setUser(user)
        .setPassword(password);
  }

  public PgConnectOptions superuserOptions(PgServer server) {
    return options(server, SUPERUSER, credentials.superuserPassword());
  }

  /** Runs statements as superuser in database postgres. */
  public void execute(PgServer server, String sql) {
    BlockingSql.query(vertx, superuserOptions(server), sql, SQL_TIMEOUT);
  }

  /** First column of the first row, as superuser. */
  public String queryString(PgServer server, String sql) {
    return BlockingSql.queryString(vertx, superuserOptions(server), sql, SQL_TIMEOUT);
  }

  // ---- replication -------------------------------------------------------------------------

  /**
   * Waits until the replica streams from the primary: {@code pg_stat_wal_receiver.status =
   * 'streaming'} on the replica and a streaming {@code pg_stat_replication} row for it on the
   * primary.
   */
  public void awaitStreaming() {
    await(
        "replica wal receiver streaming",
        () -> "streaming".equals(queryString(replica, "select status from pg_stat_wal_receiver")));
    await(
        "primary sees replica streaming",
        () ->
            "streaming"
                .equals(
                    queryString(
                        primary,
                        "select state from pg_stat_replication where application_name = '"
                            + REPLICA_APPLICATION_NAME
                            + "'")));
  }

  private static void await(String what, BooleanSupplier condition) {
    long deadline = System.nanoTime() + STREAMING_TIMEOUT.toNanos();
    RuntimeException last = null;
    while (System.nanoTime() - deadline < 0) {
      try {
        if (condition.getAsBoolean()) {
          return;
        }
        last = null;
      } catch (RuntimeException e) {
        last = e;
      }
      Os.sleepQuietly(Duration.ofMillis(50));
    }
    throw new IllegalStateException(
        "timed out after "
            + STREAMING_TIMEOUT.toSeconds()
            + " s waiting for "
            + what
            + (last == null ? "" : " (last error: " + last.getMessage() + ")"));
  }

  // ---- teardown ----------------------------------------------------------------------------

  /** Stops replica then primary, then kills anything still working under the root. Idempotent. */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    try {
      for (PgServer n : List.of(replica, primary)) {
        try {
          n.stop();
        } catch (RuntimeException e) {
          System.err.println("pgvitals: stopping " + n + ": " + ErrorSummary.of(e));
        }
      }
    } finally {
      Os.killAllUnder(root);
    }
  }

  public boolean isClosed() {
    return closed;
  }

  @Override
  public String toString() {
    return "PostgreSQL "
        + primary.dist().version()
        + " (primary :"
        + primary.port()
        + ", replica :"
        + replica.port()
        + ")";
  }
}
