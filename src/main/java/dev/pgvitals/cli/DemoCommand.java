package dev.pgvitals.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import dev.pgvitals.agent.Agent;
import dev.pgvitals.cluster.NodeAddress;
import dev.pgvitals.cluster.NodeReport;
import dev.pgvitals.config.AgentConfig;
import dev.pgvitals.config.ListenAddress;
import dev.pgvitals.localpg.Os;
import dev.pgvitals.localpg.PgDist;
import dev.pgvitals.localpg.PgPair;
import dev.pgvitals.localpg.PgServer;
import dev.pgvitals.postgres.PgConfig;
import dev.pgvitals.sample.ErrorSummary;
import dev.pgvitals.views.ChecksListRenderer;
import dev.pgvitals.views.StatusRenderer;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code pgvitals demo}: a PostgreSQL primary and streaming replica from the binaries Maven
 * downloaded, one agent per node in this JVM, and a live {@code checks list} and {@code status}
 * gathered from both agents every {@code --interval}, until {@code --duration} is over or Ctrl-C.
 * Everything it started is stopped and its temp directory removed either way.
 */
@Command(
    name = "demo",
    mixinStandardHelpOptions = true,
    versionProvider = Main.Version.class,
    description = {
      "Start a PostgreSQL primary and streaming replica (from the binaries Maven downloaded), "
          + "an agent for each, and print the cluster's checks and status every few seconds.",
      "Needs only Java and '"
          + PgDist.BUILD_COMMAND
          + "' run once. Ctrl-C or --duration ends it "
          + "and removes everything it started."
    })
final class DemoCommand implements Callable<Integer> {

  static final String DIR_PREFIX = "pgvitals-demo-";
  static final String MONITOR_USER = "pgvitals";
  static final Duration GATHER_DEADLINE = Duration.ofSeconds(5);

  @Spec CommandSpec spec;
  @Mixin NodeOptions node;

  @Option(
      names = "--major",
      paramLabel = "N",
      description =
          "PostgreSQL major version, 13-18 (default: the newest whose binaries are there).")
  Integer major;

  @Option(
      names = "--port-base",
      paramLabel = "PORT",
      defaultValue = "5500",
      description =
          "The primary's agent listens on 127.0.0.1:PORT, the replica's on PORT+1 "
              + "(default 5500; 0 = any free ports).")
  int portBase;

  @Option(
      names = "--interval",
      paramLabel = "DURATION",
      defaultValue = "5s",
      converter = Converters.DurationConverter.class,
      description = "How often to print the checks and the status (default 5s).")
  Duration interval;

  @Option(
      names = "--duration",
      paramLabel = "DURATION",
      converter = Converters.DurationConverter.class,
      description = "Stop after this long (default: run until Ctrl-C).")
  Duration duration;

  @Option(
      names = "--app",
      paramLabel = "NAME",
      defaultValue = "pgvitals-demo",
      description = "App name the agents report (default pgvitals-demo).")
  String app;

  @Option(
      names = "--verbose",
      description = "Show the agents' log (the [HEALTHCHECK] lines) on stderr.")
  boolean verbose;

  private final CountDownLatch stop = new CountDownLatch(1);
  private final List<Agent> agents = new ArrayList<>();
  private Path root;
  private Vertx vertx;
  private PgPair pair;
  private boolean cleanedUp;

  @Override
  public Integer call() throws Exception {
    validate();
    Path binaries = PgDist.defaultBinariesDir();
    int m =
        major != null
            ? major
            : PgDist.newestAvailable(binaries)
                .orElseThrow(
                    () ->
                        new IllegalStateException(
                            "no PostgreSQL binaries in "
                                + binaries
                                + " or ~/.m2/repository/io/zonky/test/postgres/"
                                + PgDist.ARTIFACT
                                + "/; run '"
                                + PgDist.BUILD_COMMAND
                                + "' first"));
    PrintWriter out = spec.commandLine().getOut();
    Level previousLevel = quietLogs();
    Os.sweepOrphans(
        Path.of(System.getProperty("java.io.tmpdir")),
        DIR_PREFIX,
        d -> out.println("removing " + d + " left by a demo that was killed"));
    Thread hook =
        new Thread(
            () -> {
              stop.countDown();
              cleanUp();
            },
            "pgvitals-demo-shutdown");
    Runtime.getRuntime().addShutdownHook(hook);
    try {
      start(m, out);
      loop(out);
      return 0;
    } finally {
      stop.countDown();
      cleanUp();
      try {
        Runtime.getRuntime().removeShutdownHook(hook);
      } catch (IllegalStateException e) {
        // already shutting down: the hook is running
      }
      restoreLogs(previousLevel);
    }
  }

  private void validate() {
    if (portBase != 0 && (portBase < 1 || portBase > 65534)) {
      throw new ParameterException(
          spec.commandLine(),
          "--port-base must be 1-65534 (or 0 for any free ports), was " + portBase);
    }
    if (interval.toMillis() < 100) {
      throw new ParameterException(spec.commandLine(), "--interval must be at least 100ms");
    }
    if (duration != null && duration.isZero()) {
      throw new ParameterException(spec.commandLine(), "--duration must be more than 0s");
    }
    if (major != null && !PgDist.VERSIONS.containsKey(major)) {
      throw new ParameterException(
          spec.commandLine(),
          "--major must be one of "
              + PgDist.VERSIONS.keySet().stream().sorted().toList()
              + ", was "
              + major);
    }
  }

  /** Fails fast, before PostgreSQL is built, when an agent port is taken. */
  private void checkAgentPorts() {
    if (portBase == 0) {
      return;
    }
    for (int port : new int[] {portBase, portBase + 1}) {
      try (java.net.ServerSocket probe = new java.net.ServerSocket()) {
        probe.setReuseAddress(true);
        probe.bind(new java.net.InetSocketAddress("127.0.0.1", port));
      } catch (java.io.IOException e) {
        throw new IllegalStateException(
            "cannot listen on 127.0.0.1:"
                + port
                + ": "
                + e.getMessage()
                + " (choose another --port-base, or 0 for any free ports)");
      }
    }
  }

  private void start(int m, PrintWriter out) throws Exception {
    checkAgentPorts();
    synchronized (this) {
      if (stop.getCount() == 0) {
        throw new IllegalStateException("interrupted");
      }
      root = Files.createTempDirectory(DIR_PREFIX + ProcessHandle.current().pid() + "-");
      // the server user must reach pg-dist/ (only used when it cannot run target/pg-dist/)
      Files.setPosixFilePermissions(root, PosixFilePermissions.fromString("rwxr-xr-x"));
      vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(2).setWorkerPoolSize(4));
    }
    out.println("pgvitals demo: temp dir " + root);
    PgDist dist =
        PgDist.forMajor(
            m, PgDist.defaultBinariesDir(), PgDist.defaultCacheDir(), root.resolve("pg-dist"));
    Path pgRoot = root.resolve("pg");
    Files.createDirectories(pgRoot);
    int[] pgPorts = PgPair.freePorts(2);
    long t0 = System.nanoTime();
    synchronized (this) {
      pair =
          PgPair.in(
              vertx, dist, pgRoot, PgPair.Credentials.random(MONITOR_USER), pgPorts[0], pgPorts[1]);
    }
    pair.build();
    out.printf(
        "PostgreSQL %s: primary on 127.0.0.1:%d, streaming replica on 127.0.0.1:%d (ready in %d ms)%n",
        dist.version(),
        pair.primary().port(),
        pair.replica().port(),
        (System.nanoTime() - t0) / 1_000_000);

    startAgent(pair.primary(), Optional.empty(), portBase);
    startAgent(
        pair.replica(),
        Optional.of(pair.monitorUrl(pair.primary())),
        portBase == 0 ? 0 : portBase + 1);
    out.println();
    String[] names = {"primary", "replica"};
    for (int i = 0; i < agents.size(); i++) {
      String base = "http://127.0.0.1:" + agents.get(i).port();
      out.printf("%s agent: %s/metrics%n", names[i], base);
      out.printf(
          "%s        %s/flycheck/vm  %s/flycheck/pg  %s/flycheck/role  %s/v1/node%n",
          " ".repeat(names[i].length()), base, base, base, base);
    }
    out.printf(
        "%nThe agents connect as login '%s' (member of pg_monitor). Ctrl-C stops everything.%n",
        MONITOR_USER);
    out.flush();
  }

  private void startAgent(PgServer server, Optional<String> leaderUrl, int port) throws Exception {
    PgConfig pg = PgConfig.defaults().withPgUrl(pair.monitorUrl(server));
    if (leaderUrl.isPresent()) {
      pg = pg.withLeaderUrl(leaderUrl.get());
    }
    AgentConfig config =
        node.configure(AgentConfig.builder())
            .listen(new ListenAddress("127.0.0.1", port))
            .identity(
                new AgentConfig.Identity(
                    Optional.empty(),
                    Optional.empty(),
                    Optional.of(app),
                    Optional.empty(),
                    Optional.empty()))
            .pg(pg)
            .build();
    try {
      Agent agent = Agent.start(config, vertx, Clock.systemUTC()).await(60, TimeUnit.SECONDS);
      synchronized (this) {
        agents.add(agent);
      }
    } catch (Exception e) {
      String m = ErrorSummary.of(e);
      throw new IllegalStateException(
          "cannot start the "
              + server.name()
              + "'s agent on 127.0.0.1:"
              + port
              + ": "
              + m
              + (port != 0 ? " (choose another --port-base, or 0 for any free ports)" : ""));
    }
  }

  private void loop(PrintWriter out) throws InterruptedException {
    List<NodeAddress> addresses =
        agents.stream().map(a -> new NodeAddress("127.0.0.1", a.port())).toList();
    ClientSession session = ClientSession.on(vertx, GATHER_DEADLINE, Optional.empty());
    long end = duration == null ? Long.MAX_VALUE : System.nanoTime() + duration.toNanos();
    while (stop.getCount() > 0) {
      List<NodeReport> reports;
      try {
        reports = ClientSession.reports(session.gather(addresses));
      } catch (RuntimeException e) {
        if (stop.getCount() == 0) {
          return; // shutting down under us
        }
        throw e;
      }
      Instant now = Instant.now();
      out.println();
      out.println("---- " + now.truncatedTo(java.time.temporal.ChronoUnit.SECONDS) + " ----");
      out.print(ChecksListRenderer.render(app, reports, now));
      out.println();
      out.print(StatusRenderer.render(app, reports));
      out.flush();
      long left = end - System.nanoTime();
      if (left <= 0) {
        return;
      }
      stop.await(Math.min(left, interval.toNanos()), TimeUnit.NANOSECONDS);
      if (System.nanoTime() - end >= 0) {
        return;
      }
    }
  }

  /** Stops the agents, both servers and Vert.x, and removes the temp dir; idempotent. */
  private synchronized void cleanUp() {
    if (cleanedUp) {
      return;
    }
    cleanedUp = true;
    agents.forEach(
        a -> {
          try {
            a.close().await(10, TimeUnit.SECONDS);
          } catch (Exception ignored) {
            // stopping anyway
          }
        });
    if (vertx != null) {
      try {
        vertx.close().await(10, TimeUnit.SECONDS);
      } catch (Exception ignored) {
        // stopping anyway
      }
    }
    if (pair != null) {
      pair.close();
    }
    if (root != null) {
      Os.killAllUnder(root);
      Os.deleteTree(root);
      if (Files.exists(root)) {
        System.err.println("pgvitals: could not remove " + root);
      }
    }
  }

  /**
   * The agents' INFO lines would interleave with the tables: WARN and above only, unless --verbose.
   */
  private Level quietLogs() {
    if (!(LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)
        instanceof Logger rootLogger)) {
      return null;
    }
    Level previous = rootLogger.getLevel();
    if (!verbose) {
      rootLogger.setLevel(Level.WARN);
    }
    return previous;
  }

  private static void restoreLogs(Level previous) {
    if (previous != null
        && LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)
            instanceof Logger rootLogger) {
      rootLogger.setLevel(previous);
    }
  }
}
