package dev.pgvitals.testpg;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pgvitals.localpg.Os;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * No PostgreSQL process may outlive the test JVM: neither when it exits normally (shutdown hook)
 * nor when it is killed with SIGKILL (parent-death signal). Runs a child JVM with the first major
 * of -Dpg.majors.
 */
class PgClusterTeardownTest {

  private static final Duration CHILD_START = Duration.ofSeconds(120);

  @Test
  void exitingTestJvmStopsItsClusterAndDeletesItsDirectory() throws Exception {
    Process child = startChild();
    try {
      Path dir = awaitClusterDir(child);
      assertThat(Os.processesUnder(dir)).isNotEmpty();

      child
          .getOutputStream()
          .close(); // child calls System.exit(0); only the shutdown hook cleans up
      assertThat(child.waitFor(60, TimeUnit.SECONDS)).isTrue();

      assertThat(Os.processesUnder(dir)).isEmpty();
      assertThat(Files.exists(dir)).isFalse();
    } finally {
      child.destroyForcibly();
    }
  }

  @Test
  void killedTestJvmTakesItsPostgresProcessesWithIt() throws Exception {
    Process child = startChild();
    Path dir = null;
    try {
      dir = awaitClusterDir(child);
      List<Long> pids = Os.processesUnder(dir);
      assertThat(pids).hasSizeGreaterThan(4); // two postmasters and their helpers

      child.destroyForcibly(); // SIGKILL: no shutdown hook runs
      assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();

      Path d = dir;
      Wait.until(
          "no process left under " + d,
          Duration.ofSeconds(30),
          () -> Os.processesUnder(d).isEmpty());
    } finally {
      child.destroyForcibly();
      if (dir != null) {
        Os.killAllUnder(dir);
        Os.deleteTree(dir);
      }
    }
  }

  private static Process startChild() throws IOException {
    int major = PgVersions.majorsUnderTest().get(0);
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    return new ProcessBuilder(
            java.toString(),
            "-cp",
            System.getProperty("java.class.path"),
            "-Dpg.dist.dir=" + System.getProperty("pg.dist.dir", "target/pg-dist"),
            HarnessChild.class.getName(),
            Integer.toString(major))
        .redirectError(ProcessBuilder.Redirect.INHERIT)
        .start();
  }

  /** Reads the child's stdout until its "DIR ..." line, with a deadline. */
  private static Path awaitClusterDir(Process child) throws Exception {
    BufferedReader out =
        new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
    CompletableFuture<Path> dir =
        CompletableFuture.supplyAsync(
            () -> {
              try {
                for (String line; (line = out.readLine()) != null; ) {
                  if (line.startsWith("DIR ")) {
                    return Path.of(line.substring(4));
                  }
                }
                throw new IllegalStateException(
                    "child exited with " + child.waitFor() + " before starting a cluster");
              } catch (IOException e) {
                throw new IllegalStateException(e);
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
              }
            });
    return dir.get(CHILD_START.toSeconds(), TimeUnit.SECONDS);
  }
}
