package dev.pgvitals.localpg;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * One PostgreSQL server: a postmaster that is a child of this JVM (it dies with it when {@code
 * setpriv} is there), listening on 127.0.0.1:{@link #port()} and on a unix socket in {@link
 * #socketDir()}, its data in {@code <dir>/data} and its log in {@code <dir>/postgres.log}.
 */
public final class PgServer {

  /** How long a start or stop may take before giving up (with the log tail). */
  public static final Duration START_TIMEOUT = Duration.ofSeconds(60);

  public static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);

  private final String name;
  private final PgDist dist;
  private final Path dir;
  private volatile int port;
  private volatile Process postmaster;

  public PgServer(String name, PgDist dist, Path dir, int port) {
    this.name = name;
    this.dist = dist;
    this.dir = dir;
    this.port = port;
  }

  /** e.g. "primary" or "replica". */
  public String name() {
    return name;
  }

  public PgDist dist() {
    return dist;
  }

  public String host() {
    return "127.0.0.1";
  }

  public int port() {
    return port;
  }

  /** Only while a pair is being built: a port lost to another process is replaced. */
  void port(int newPort) {
    this.port = newPort;
  }

  /** The node's directory: data, socket and log. */
  public Path directory() {
    return dir;
  }

  public Path dataDir() {
    return dir.resolve("data");
  }

  public Path socketDir() {
    return dir.resolve("sock");
  }

  /** The server log (stderr of the postmaster). */
  public Path logFile() {
    return dir.resolve("postgres.log");
  }

  public boolean isRunning() {
    Process p = postmaster;
    return p != null && p.isAlive();
  }

  /** Pid of the postmaster; fails if the server is not running. */
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

  /**
   * Starts the server and waits until it accepts connections (primary) or hot-standby connections.
   */
  public synchronized void start() {
    if (isRunning()) {
      return;
    }
    Os.killAllUnder(dataDir()); // leftovers of a crashed run would keep the pid file locked
    try {
      Files.writeString(
          logFile(),
          "---- starting " + name + " ----\n",
          StandardCharsets.UTF_8,
          StandardOpenOption.CREATE,
          StandardOpenOption.APPEND);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    List<String> cmd = new ArrayList<>(Os.asServerUser(true));
    cmd.add(dist.bin("postgres").toString());
    cmd.add("-D");
    cmd.add(dataDir().toString());
    Process p = Os.launch(cmd, dataDir(), logFile());
    postmaster = p;
    Path pidFile = dataDir().resolve("postmaster.pid");
    long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
    while (true) {
      if (!p.isAlive()) {
        throw new IllegalStateException(
            name + " exited with " + p.exitValue() + " while starting\n" + logTail(40));
      }
      String status = pidFileStatus(pidFile, p.pid());
      if ("ready".equals(status) || "standby".equals(status)) {
        return;
      }
      if (System.nanoTime() - deadline >= 0) {
        throw new IllegalStateException(
            name
                + " not ready after "
                + START_TIMEOUT.toSeconds()
                + " s (status "
                + status
                + ")\n"
                + logTail(40));
      }
      Os.sleepQuietly(Duration.ofMillis(20));
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

  private void shutdown(String mode) {
    Process p = postmaster;
    if (p == null) {
      Os.killAllUnder(dataDir());
      return;
    }
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
    cmd.addAll(
        List.of(
            dist.bin("pg_ctl").toString(),
            "stop",
            "-D",
            dataDir().toString(),
            "-m",
            mode,
            "-w",
            "-t",
            Long.toString(STOP_TIMEOUT.toSeconds())));
    Os.run(cmd, dataDir(), STOP_TIMEOUT.toSeconds() + 10); // a failed stop is handled by the caller
  }

  private static boolean waitExit(Process p, Duration timeout) {
    try {
      return p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /** The last {@code lines} lines of the server log. */
  public String logTail(int lines) {
    try (Stream<String> s = Files.lines(logFile(), StandardCharsets.UTF_8)) {
      List<String> all = s.toList();
      return "---- "
          + logFile()
          + " (last "
          + lines
          + " lines) ----\n"
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
