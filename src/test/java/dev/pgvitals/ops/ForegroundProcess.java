package dev.pgvitals.ops;

import dev.pgvitals.testpg.Wait;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A server the ops tests run in the foreground of a child process (HAProxy, Prometheus): stdin from
 * {@code /dev/null}, stdout and stderr to a log file, killed by a JVM shutdown hook if the test JVM
 * dies before {@link #close()}.
 */
final class ForegroundProcess implements AutoCloseable {

  private final String name;
  private final Process process;
  private final Path log;
  private final Thread shutdownHook;

  private ForegroundProcess(String name, Process process, Path log) {
    this.name = name;
    this.process = process;
    this.log = log;
    this.shutdownHook = new Thread(process::destroyForcibly, name + "-test-kill");
    Runtime.getRuntime().addShutdownHook(shutdownHook);
  }

  /** Runs {@code command} in {@code dir}, its output going to {@code log}. */
  static ForegroundProcess start(String name, List<String> command, Path dir, Path log)
      throws IOException {
    Process p =
        new ProcessBuilder(command)
            .directory(dir.toFile())
            .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .start();
    return new ForegroundProcess(name, p, log);
  }

  boolean isAlive() {
    return process.isAlive();
  }

  int exitValue() {
    return process.exitValue();
  }

  long pid() {
    return process.pid();
  }

  /** The process' own log so far (stdout and stderr). */
  String logText() {
    try {
      return Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "";
    } catch (IOException e) {
      return "(log unreadable: " + e + ")";
    }
  }

  /** SIGTERM, wait up to 10 s, then SIGKILL; returns when the process (and any child) is gone. */
  @Override
  public void close() {
    try {
      if (process.isAlive()) {
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
          process.destroyForcibly();
          process.waitFor(10, TimeUnit.SECONDS);
        }
      }
      try (Stream<ProcessHandle> children = process.descendants()) {
        children.forEach(ProcessHandle::destroyForcibly);
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    } finally {
      try {
        Runtime.getRuntime().removeShutdownHook(shutdownHook);
      } catch (IllegalStateException shuttingDown) {
        // the hook is running already
      }
    }
    Wait.until(
        name + " pid " + process.pid() + " gone", Duration.ofSeconds(10), () -> !process.isAlive());
  }
}
