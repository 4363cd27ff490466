package dev.pgvitals.check;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pgvitals.host.HostSnapshot;
import dev.pgvitals.host.HostSnapshot.FileSystemUsage;
import dev.pgvitals.host.HostSnapshot.LoadAverage;
import dev.pgvitals.host.HostSnapshot.Pressure;
import dev.pgvitals.host.HostSnapshot.PsiLine;
import dev.pgvitals.postgres.PgAddress;
import dev.pgvitals.postgres.PgFastSnapshot;
import dev.pgvitals.postgres.PgLeaderSnapshot;
import dev.pgvitals.sample.Sample;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/**
 * The texts behind each reference-fidelity decision of the README's "Where pgvitals deliberately
 * differs from the reference" (fly-apps/postgres-ha {@code cmd/flycheck} at the seed's era, its
 * later {@code pkg/flycheck}, fly-apps/postgres-flex {@code internal/flycheck}): what matches the
 * reference, and the exact text where pgvitals keeps its own behaviour.
 */
class ReferenceFidelityTest {

  private static final Instant NOW = Instant.parse("2021-02-15T22:49:36Z");
  private static final Duration TOOK = Duration.ofMillis(7);

  private static PgFastSnapshot replica() {
    return PgFastSnapshot.builder()
        .server("10.0.0.2:5432")
        .majorVersion(15)
        .inRecovery(true)
        .transactionReadOnly(true)
        .connections(7)
        .reservedConnections(3)
        .maxConnections(100)
        .postmasterStartTime(Instant.parse("2021-02-10T23:31:49Z"))
        .version("PostgreSQL 15.14")
        .serverVersion("15.14")
        .serverVersionNum(150014)
        .dataDirectory("/data")
        .clusterName("r1")
        .upstream(
            Optional.of(
                new PgFastSnapshot.Upstream(
                    Optional.of("10.0.0.1"),
                    OptionalInt.of(5433),
                    "r1",
                    Optional.empty(),
                    OptionalInt.empty())))
        .walReceiverStatus(Optional.of("streaming"))
        .receiveLsn(OptionalLong.of(2000))
        .replayLsn(OptionalLong.of(2000))
        .lastXactReplay(Optional.of(NOW.minusSeconds(1)))
        .serverNow(NOW)
        .lastCaughtUp(Optional.of(NOW))
        .build();
  }

  private static Optional<Sample<PgFastSnapshot>> ok(PgFastSnapshot s) {
    return Optional.of(Sample.ok("pg_fast", s, NOW.minusMillis(100), TOOK));
  }

  private static Optional<Sample<PgLeaderSnapshot>> leaderAt(PgAddress address) {
    return Optional.of(
        Sample.ok(
            "pg_leader",
            new PgLeaderSnapshot(
                true,
                Optional.of(address),
                "primary_conninfo",
                OptionalLong.of(2000),
                Optional.of(NOW),
                Optional.of(
                    new PgLeaderSnapshot.StandbyRow(
                        "r1", "streaming", OptionalLong.of(2000), Optional.empty()))),
            NOW.minusMillis(50),
            TOOK));
  }

  private static CheckResult pressure(double avg10, double avg60, double avg300) {
    HostSnapshot h =
        new HostSnapshot(
            Optional.of(new LoadAverage(0.1, 0.1, 0.1)),
            2,
            Map.of("memory", psi(0, 0, 0), "cpu", psi(avg10, avg60, avg300), "io", psi(0, 0, 0)),
            Optional.empty(),
            Optional.of(
                new FileSystemUsage("/data/", "/data", "ext4", "/dev/vdb", 100L << 30, 50L << 30)),
            List.of());
    return VmChecks.evaluate(h, VmThresholds.DEFAULTS, TOOK).checks().stream()
        .filter(c -> c.name().equals("cpu"))
        .findFirst()
        .orElseThrow();
  }

  private static Pressure psi(double avg10, double avg60, double avg300) {
    return new Pressure(new PsiLine(avg10, avg60, avg300, 1), Optional.empty());
  }

  @Test
  void matchesTheReference_leaderAddressPrintsLikeGoJoinHostPort() {
    SuiteResult v4 =
        PgChecks.evaluate(
            ok(replica()),
            leaderAt(new PgAddress("127.0.0.1", 5433)),
            NOW,
            PgCheckSettings.DEFAULTS);
    assertThat(PgSuiteText.seed(v4))
        .first()
        .isEqualTo("[✓] leader check: 127.0.0.1:5433 connected");
    SuiteResult v6 =
        PgChecks.evaluate(
            ok(replica()),
            leaderAt(new PgAddress("fdaa:0:33:a7b:ab8:0:c24:2", 5433)),
            NOW,
            PgCheckSettings.DEFAULTS);
    assertThat(PgSuiteText.seed(v6))
        .first()
        .isEqualTo("[✓] leader check: [fdaa:0:33:a7b:ab8:0:c24:2]:5433 connected");
  }

  @Test
  void deviation_pressureThresholdsAreTheLaterReferences10PercentOnEveryWindow() {
    // seed era: avg10 > 5 failed; pgvitals passes it
    assertThat(pressure(7, 1, 1).outcome()).isEqualTo(Outcome.PASSED);
    assertThat(pressure(7, 1, 1).seedText()).isEqualTo("cpu: 0.6s waiting over the last 60s");
    // seed era: avg300 up to 50 passed; pgvitals fails above 10
    CheckResult slow = pressure(1, 1, 20);
    assertThat(slow.outcome()).isEqualTo(Outcome.FAILED);
    assertThat(slow.seedText())
        .isEqualTo("system spent 60.0s of the last 300 seconds waiting for cpu");
  }

  @Test
  void deviation_aFailingLeaderCheckStillPrintsTheOtherLinesAfterIt() {
    // the seed returned after the failed leader connection and printed that one line only
    Optional<Sample<PgLeaderSnapshot>> failed =
        Optional.of(Sample.failed("pg_leader", "10.0.0.1:5433: Connection refused", NOW, TOOK));
    SuiteResult r = PgChecks.evaluate(ok(replica()), failed, NOW, PgCheckSettings.DEFAULTS);
    assertThat(PgSuiteText.seed(r))
        .containsExactly(
            "[✗] leader check: 10.0.0.1:5433: Connection refused",
            "[✓] replication lag: 0s",
            "[✓] connections: 7 used, 3 reserved, 100 max");
  }

  @Test
  void deviation_roleIsLeaderOrReplicaEvenOnAFullDisk() {
    // the later framework answered "readonly" above 90 % disk use; the role check reads no disk
    SuiteResult role = RoleCheck.evaluate(ok(replica()), NOW, PgCheckSettings.DEFAULTS);
    assertThat(role.checks())
        .singleElement()
        .satisfies(c -> assertThat(c.seedText()).isEqualTo("replica"));
  }
}
