package dev.pgvitals.localpg;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * Operating-system plumbing for running PostgreSQL servers from the demo and the test harness:
 * commands (as an unprivileged user when the JVM is root, because PostgreSQL refuses to run as
 * root), signals, and finding the processes that belong to a directory (every PostgreSQL process
 * has its data directory as working directory).
 */
public final class Os {

  /** User/group the server runs as when the JVM runs as root. */
  public static final String RUN_USER = "nobody";

  public static final String RUN_GROUP = "nogroup";

  private static final Path SETPRIV = Path.of("/usr/bin/setpriv");
  private static final boolean ROOT = "root".equals(System.getProperty("user.name")) || uid() == 0;
  private static final boolean HAVE_SETPRIV = Files.isExecutable(SETPRIV);
  private static final Duration POLL = Duration.ofMillis(50);

  /**
   * Linux delivers a parent-death signal when the thread that forked a child exits, not only the
   * process; so servers are forked from this one thread that lives as long as the JVM.
   */
  private static final ExecutorService LAUNCHER =
      Executors.newSingleThreadExecutor(
          r -> {
            Thread t = new Thread(r, "pg-launcher");
            t.setDaemon(true);
            return t;
          });

  private Os() {}

  public static boolean isRoot() {
    return ROOT;
  }

  private static int uid() {
    try {
      return (Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid");
    } catch (IOException | RuntimeException e) {
      return -1;
    }
  }

  /**
   * Command prefix that drops root (if we are root) and makes the child die with the JVM (if
   * possible).
   */
  public static List<String> asServerUser(boolean dieWithJvm) {
    List<String> cmd = new ArrayList<>();
    if (ROOT) {
      if (!HAVE_SETPRIV) {
        throw new IllegalStateException(
            "running as root needs "
                + SETPRIV
                + " (util-linux) to start "
                + "PostgreSQL as "
                + RUN_USER);
      }
      cmd.addAll(
          List.of(
              SETPRIV.toString(), "--reuid=" + RUN_USER, "--regid=" + RUN_GROUP, "--clear-groups"));
    } else if (HAVE_SETPRIV && dieWithJvm) {
      cmd.add(SETPRIV.toString());
    }
    if (!cmd.isEmpty()) {
      if (dieWithJvm) {
        // SIGQUIT = PostgreSQL's immediate shutdown: the postmaster takes its children with it.
        cmd.add("--pdeathsig=QUIT");
      }
      cmd.add("--");
    }
    return cmd;
  }

  /** Result of a finished command. */
  public record Result(int exitCode, String output) {}

  /**
   * Runs a command to completion (stdout+stderr captured), failing after {@code timeoutSeconds}.
   */
  public static Result run(List<String> command, Path workDir, long timeoutSeconds) {
    try {
      ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
      if (workDir != null) {
        pb.directory(workDir.toFile());
      }
      Process p = pb.start();
      p.getOutputStream().close();
      byte[][] out = new byte[1][];
      Thread reader =
          new Thread(
              () -> {
                try {
                  out[0] = p.getInputStream().readAllBytes();
                } catch (IOException e) {
                  out[0] = ("<output unreadable: " + e + ">").getBytes(StandardCharsets.UTF_8);
                }
              },
              "pg-cmd-output");
      reader.setDaemon(true);
      reader.start();
      if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
        p.descendants().forEach(ProcessHandle::destroyForcibly);
        p.destroyForcibly();
        throw new IllegalStateException(
            "command timed out after " + timeoutSeconds + " s: " + command);
      }
      reader.join(5_000);
      String text = out[0] == null ? "" : new String(out[0], StandardCharsets.UTF_8);
      return new Result(p.exitValue(), text);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot run " + command, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted running " + command, e);
    }
  }

  /** Runs a command and throws with its output unless it exits 0. */
  public static String runOk(List<String> command, Path workDir, long timeoutSeconds) {
    Result r = run(command, workDir, timeoutSeconds);
    if (r.exitCode() != 0) {
      throw new IllegalStateException(
          "command failed (exit "
              + r.exitCode()
              + "): "
              + String.join(" ", command)
              + "\n"
              + r.output());
    }
    return r.output();
  }

  /** Starts a long-running child from the launcher thread, output appended to {@code log}. */
  public static Process launch(List<String> command, Path workDir, Path log) {
    try {
      return LAUNCHER
          .submit(
              () ->
                  new ProcessBuilder(command)
                      .directory(workDir.toFile())
                      .redirectErrorStream(true)
                      .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                      .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
                      .start())
          .get(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted starting " + command, e);
    } catch (Exception e) {
      throw new IllegalStateException("cannot start " + command, e);
    }
  }

  /**
   * Sends {@code signal} (e.g. "STOP", "CONT", "KILL") to the given pids; missing processes are
   * ignored.
   */
  public static void signal(String signal, Collection<Long> pids) {
    if (pids.isEmpty()) {
      return;
    }
    List<String> cmd =
        new ArrayList<>(
            List.of("/bin/sh", "-c", "kill -s " + signal + " \"$@\" 2>/dev/null; exit 0", "kill"));
    pids.forEach(p -> cmd.add(Long.toString(p)));
    run(cmd, null, 10);
  }

  /**
   * Processes whose working directory is {@code dir} or below it (PostgreSQL: the data directory).
   */
  public static List<Long> processesUnder(Path dir) {
    Path real;
    try {
      real = dir.toRealPath();
    } catch (IOException e) {
      real = dir.toAbsolutePath().normalize();
    }
    Path under = real;
    return processes(proc -> Files.readSymbolicLink(proc.resolve("cwd")).startsWith(under));
  }

  /** A test of one process by its {@code /proc/<pid>} directory. */
  @FunctionalInterface
  public interface ProcTest {
    boolean test(Path procDir) throws IOException;
  }

  /**
   * Pids whose {@code /proc/<pid>} passes {@code test}; a process that is gone or not ours to read
   * does not.
   */
  public static List<Long> processes(ProcTest test) {
    List<Long> found = new ArrayList<>();
    try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
      for (Path p : (Iterable<Path>) procs::iterator) {
        String name = p.getFileName().toString();
        if (!name.chars().allMatch(Character::isDigit)) {
          continue;
        }
        try {
          if (test.test(p)) {
            found.add(Long.parseLong(name));
          }
        } catch (IOException | RuntimeException ignored) {
          // gone, or not ours to read
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return found;
  }

  /** SIGCONT then SIGKILL every process working under {@code dir}, until none is left (bounded). */
  public static void killAllUnder(Path dir) {
    for (int round = 0; round < 50; round++) {
      List<Long> pids = processesUnder(dir);
      if (pids.isEmpty()) {
        return;
      }
      signal("CONT", pids);
      signal("KILL", pids);
      sleepQuietly(POLL);
    }
  }

  /** Gives the server user a directory tree (no-op unless root). */
  public static void chownToServerUser(Path dir) {
    if (ROOT) {
      runOk(List.of("chown", "-R", RUN_USER + ":" + RUN_GROUP, dir.toString()), null, 60);
    }
  }

  /** Deletes a tree, ignoring what is already gone. */
  public static void deleteTree(Path dir) {
    if (!Files.exists(dir, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(dir)) {
      walk.sorted((a, b) -> b.getNameCount() - a.getNameCount())
          .forEach(
              p -> {
                try {
                  Files.deleteIfExists(p);
                } catch (IOException ignored) {
                  // best effort; reported by the caller's check if it matters
                }
              });
    } catch (IOException | UncheckedIOException ignored) {
      // best effort
    }
  }

  /**
   * Kills the processes of, and removes, the directories {@code <parent>/<prefix><pid>-*} whose JVM
   * {@code pid} is gone: what a JVM that died without its shutdown hook (SIGKILL) left.
   *
   * @param report told about each directory removed
   */
  public static void sweepOrphans(Path parent, String prefix, Consumer<Path> report) {
    try (DirectoryStream<Path> dirs = Files.newDirectoryStream(parent, prefix + "*")) {
      for (Path d : dirs) {
        String rest = d.getFileName().toString().substring(prefix.length());
        int dash = rest.indexOf('-');
        if (dash <= 0) {
          continue;
        }
        long pid;
        try {
          pid = Long.parseLong(rest.substring(0, dash));
        } catch (NumberFormatException e) {
          continue;
        }
        if (pid == ProcessHandle.current().pid()
            || ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) {
          continue;
        }
        report.accept(d);
        killAllUnder(d);
        deleteTree(d);
      }
    } catch (IOException e) {
      // nothing to sweep, or not ours to read
    }
  }

  /** Sleeps; an interrupt is restored and reported as an {@link IllegalStateException}. */
  public static void sleepQuietly(Duration d) {
    try {
      Thread.sleep(d.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }
}
