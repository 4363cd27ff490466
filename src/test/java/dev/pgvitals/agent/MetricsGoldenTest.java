package dev.pgvitals.agent;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pgvitals.check.CheckFormat;
import dev.pgvitals.check.SuiteResult;
import dev.pgvitals.cluster.CheckReport;
import dev.pgvitals.cluster.CheckStatus;
import dev.pgvitals.cluster.CheckType;
import dev.pgvitals.cluster.NodeIdentity;
import dev.pgvitals.cluster.NodeReport;
import dev.pgvitals.host.HostCollector;
import dev.pgvitals.host.HostSnapshot;
import dev.pgvitals.metrics.Exposition;
import dev.pgvitals.metrics.Metrics;
import dev.pgvitals.metrics.SamplerCollector;
import dev.pgvitals.postgres.PgFastCollector;
import dev.pgvitals.postgres.PgFastSnapshot;
import dev.pgvitals.postgres.PgLeaderSnapshot;
import dev.pgvitals.postgres.Role;
import dev.pgvitals.sample.LatestSample;
import dev.pgvitals.sample.Sample;
import dev.pgvitals.sample.SteppingClock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The agent's own /metrics families, byte for byte, from hand-made samples and a stopped clock:
 * host ({@code node_*}), {@code pg_fast} ({@code pg_up}, {@code pg_static}, …), sampler health and
 * check results, as a golden file ({@code src/test/resources/golden-metrics/agent.prom}). JVM and
 * process families, whose values no test can fix, are left out. A deliberate change of a family is
 * made by re-running with {@code -Dgolden.update=true} and reviewing the file's diff.
 */
class MetricsGoldenTest {

  static final Path GOLDEN = Path.of("src/test/resources/golden-metrics/agent.prom");
  static final Instant T0 = Instant.parse("2021-02-19T22:53:35Z");
  static final Set<String> OWN = Set.of("node_", "pg_", "pgvitals_");

  static HostSnapshot host() {
    return new HostSnapshot(
        Optional.of(new HostSnapshot.LoadAverage(0.29, 0.35, 0.5)),
        2,
        Map.of(
            "cpu",
            new HostSnapshot.Pressure(
                new HostSnapshot.PsiLine(31.9, 2.5, 0.8, 1_500_000), Optional.empty()),
            "memory",
            new HostSnapshot.Pressure(
                new HostSnapshot.PsiLine(0, 1.5, 0.3, 900_000),
                Optional.of(new HostSnapshot.PsiLine(0, 1.0, 0.2, 600_000)))),
        Optional.of(new HostSnapshot.Memory(8L << 30, 6L << 30, 1L << 30, 1L << 30)),
        Optional.of(
            new HostSnapshot.FileSystemUsage(
                "/data/", "/data", "ext4", "/dev/vdb", 24_574_619_648L, 22_043_509_146L)),
        List.of(
            new HostSnapshot.CpuTimes(0, 100.5, 1, 20.25, 5000, 3.5, 0, 0.75, 0),
            new HostSnapshot.CpuTimes(1, 90, 0, 18, 5100, 2, 0, 0.5, 0.25)));
  }

  static PgFastSnapshot replica() {
    return PgFastSnapshot.builder()
        .server("10.0.0.2:5432")
        .majorVersion(17)
        .inRecovery(true)
        .transactionReadOnly(true)
        .connections(7)
        .reservedConnections(3)
        .maxConnections(100)
        .postmasterStartTime(Instant.parse("2021-02-10T23:31:49Z"))
        .version("PostgreSQL 17.6 on x86_64-pc-linux-gnu")
        .serverVersion("17.6")
        .serverVersionNum(170006)
        .dataDirectory("/data/postgresql")
        .walReceiverStatus(Optional.of("streaming"))
        .receiveLsn(OptionalLong.of(5000))
        .replayLsn(OptionalLong.of(5000))
        .lastXactReplay(Optional.of(T0.minusSeconds(30)))
        .serverNow(T0)
        .lastCaughtUp(Optional.of(T0))
        .build();
  }

  static String exposition() {
    SteppingClock clock = new SteppingClock(T0);
    LatestSample<HostSnapshot> host = new LatestSample<>("host");
    LatestSample<PgFastSnapshot> fast = new LatestSample<>("pg_fast");
    LatestSample<PgLeaderSnapshot> leader = new LatestSample<>("pg_leader");
    host.set(Sample.ok("host", host(), T0.minusSeconds(2), Duration.ofMillis(7)));
    fast.set(Sample.ok("pg_fast", replica(), T0.minusSeconds(1), Duration.ofMillis(3)));
    leader.set(
        Sample.failed(
            "pg_leader",
            "[10.0.0.1]:5432: Connection refused",
            T0.minusSeconds(1),
            Duration.ofMillis(12)));
    SuiteMonitor monitor =
        new SuiteMonitor(
            List.of(
                new SuiteMonitorTest.FakeSuite(
                    "vm", Set.of("host"), SuiteMonitorTest.vm(true, "20.53 GB free")),
                new SuiteMonitorTest.FakeSuite(
                    "pg",
                    Set.of("pg_fast"),
                    SuiteResult.setupFailed(
                        "pg", "failed to connect to local node: connection refused")),
                new SuiteMonitorTest.FakeSuite(
                    "role",
                    Set.of("pg_fast"),
                    SuiteResult.role(Role.REPLICA, Duration.ofMillis(3)))),
            CheckFormat.SEED,
            Duration.ofMinutes(5));
    monitor.refresh(clock);
    try (Metrics metrics = new Metrics()) {
      metrics.register(new HostCollector(host));
      metrics.register(new PgFastCollector("10.0.0.2:5432", fast, leader));
      metrics.register(new SamplerCollector(List.of(host, fast, leader), clock));
      metrics.register(new CheckCollector(monitor));
      metrics.register(new FleetCollector(MetricsGoldenTest::published));
      return ownFamilies(metrics.scrape(Metrics.TEXT_004));
    }
  }

  /**
   * A node report as NodeApi publishes it: identity and the three suites (FleetCollector's input).
   */
  static NodeReport published() {
    NodeIdentity id =
        new NodeIdentity(
            "6b97fa06",
            "iad",
            "pg-app",
            "6",
            Instant.parse("2021-02-10T23:31:49.250Z"),
            1,
            "replica");
    return NodeReport.of(
        id,
        List.of(
            new CheckReport(
                "vm",
                CheckStatus.PASSING,
                "[✓] 20.53 GB (89.7%) free space on /data/\n[✓] load averages: 0.29 0.35 0.50\n",
                T0.minusSeconds(72),
                CheckType.SCRIPT),
            new CheckReport(
                "pg",
                CheckStatus.CRITICAL,
                "failed to connect to local node: \"connection refused\" \\ retrying\n",
                T0.minusSeconds(5),
                CheckType.SCRIPT),
            new CheckReport(
                "role", CheckStatus.PASSING, "replica", T0.minusSeconds(3600), CheckType.SCRIPT)),
        List.of(),
        List.of());
  }

  /** The families this project makes (HELP, TYPE and samples), in exposition order. */
  static String ownFamilies(String text) {
    return text.lines()
        .filter(
            l -> {
              String name = l.startsWith("# ") ? l.split(" ", 4)[2] : l;
              return OWN.stream().anyMatch(name::startsWith);
            })
        .collect(Collectors.joining("\n", "", "\n"));
  }

  @Test
  void ownFamiliesMatchTheGoldenFile() throws Exception {
    String actual = exposition();
    Exposition.parse(actual); // valid exposition on its own
    if (Boolean.getBoolean("golden.update") || !Files.exists(GOLDEN)) {
      Files.writeString(GOLDEN, actual, StandardCharsets.UTF_8);
    }
    assertThat(actual).isEqualTo(Files.readString(GOLDEN, StandardCharsets.UTF_8));
  }

  @Test
  void aFailedPgFastSampleLeavesOnlyPgUp() {
    LatestSample<PgFastSnapshot> fast = new LatestSample<>("pg_fast");
    fast.set(Sample.failed("pg_fast", "connection refused", T0, Duration.ofMillis(1)));
    try (Metrics metrics = new Metrics()) {
      metrics.register(new PgFastCollector("10.0.0.2:5432", fast, null));
      String text = ownFamilies(metrics.scrape(Metrics.TEXT_004));
      assertThat(text.lines().filter(l -> !l.startsWith("#")))
          .containsExactly("pg_up{server=\"10.0.0.2:5432\"} 0.0");
    }
  }
}
