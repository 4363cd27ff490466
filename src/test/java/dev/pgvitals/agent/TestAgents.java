package dev.pgvitals.agent;

import dev.pgvitals.check.VmThresholds;
import dev.pgvitals.config.AgentConfig;
import dev.pgvitals.config.ListenAddress;
import dev.pgvitals.postgres.PgConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/** The agent configuration the tests start from, so a test says only what differs. */
public final class TestAgents {

  /** The fixture {@code /proc} of the agent tests: every vm check passes, on any machine. */
  public static final Path PASSING_PROC =
      Path.of("src/test/resources/agent/passing").toAbsolutePath();

  private TestAgents() {}

  /**
   * The builder's defaults, but on loopback with a free port, the disk check on {@code /} with a
   * threshold of 0 % (independent of how full this machine's disk is) and {@link #PASSING_PROC}.
   */
  public static AgentConfig.Builder config() {
    return AgentConfig.builder()
        .listen(new ListenAddress("127.0.0.1", 0))
        .dataPath("/")
        .procRoot(PASSING_PROC.toString())
        .vm(VmThresholds.DEFAULTS.withDiskMinFreePercent(0));
  }

  /** PostgreSQL at {@code url}, both pg samplers every {@code interval}, connecting within 1 s. */
  public static PgConfig pg(String url, Duration interval) {
    return PgConfig.defaults()
        .withPgUrl(url)
        .withIntervals(interval, interval)
        .withConnectTimeout(Duration.ofSeconds(1));
  }

  /** A node as on Fly.io: {@code id}, region {@code iad}, app {@code pg-app}, version 6. */
  public static AgentConfig.Identity flyIdentity(String id) {
    return new AgentConfig.Identity(
        Optional.of(id),
        Optional.of("iad"),
        Optional.of("pg-app"),
        Optional.of("6"),
        Optional.empty());
  }
}
