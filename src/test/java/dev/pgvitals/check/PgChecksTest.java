package dev.pgvitals.check;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pgvitals.postgres.PgAddress;
import dev.pgvitals.postgres.PgFastSnapshot;
import dev.pgvitals.postgres.PgLeaderSnapshot;
import dev.pgvitals.sample.Sample;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/** The pg and role suites as pure functions of hand-made samples. */
class PgChecksTest {

  private static final Instant NOW = Instant.parse("2021-02-15T22:49:36Z");
  private static final Instant SERVER_NOW = Instant.parse("2021-02-15T22:49:35.500Z");
  private static final Duration TOOK = Duration.ofNanos(6_934_512);
  private static final PgCheckSettings DEFAULTS = PgCheckSettings.DEFAULTS;

  private static PgFastSnapshot leader(long used) {
    return common()
        .server("10.0.0.1:5432")
        .connections(used)
        .postmasterStartTime(Instant.parse("2021-02-10T23:21:21Z"))
        .currentWalLsn(OptionalLong.of(1000))
        .build();
  }

  private static PgFastSnapshot replica(
      String walStatus, long receive, long replay, Instant lastReplay, Instant lastCaughtUp) {
    return common()
        .server("10.0.0.2:5432")
        .inRecovery(true)
        .transactionReadOnly(true)
        .connections(7)
        .postmasterStartTime(Instant.parse("2021-02-10T23:31:49Z"))
        .clusterName("r1")
        .upstream(
            Optional.of(
                new PgFastSnapshot.Upstream(
                    Optional.of("10.0.0.1"),
                    OptionalInt.of(5433),
                    "r1",
                    Optional.empty(),
                    OptionalInt.empty())))
        .walReceiverStatus(Optional.ofNullable(walStatus))
        .receiveLsn(OptionalLong.of(receive))
        .replayLsn(OptionalLong.of(replay))
        .lastXactReplay(Optional.ofNullable(lastReplay))
        .lastCaughtUp(Optional.ofNullable(lastCaughtUp))
        .build();
  }

  /** What leader and replica fixtures share: PostgreSQL 15.14, 3 reserved of 100 connections. */
  private static PgFastSnapshot.Builder common() {
    return PgFastSnapshot.builder()
        .majorVersion(15)
        .reservedConnections(3)
        .maxConnections(100)
        .version("PostgreSQL 15.14 on x86_64")
        .serverVersion("15.14")
        .serverVersionNum(150014)
        .dataDirectory("/data/postgresql")
        .serverNow(SERVER_NOW);
  }

  private static Optional<Sample<PgFastSnapshot>> ok(PgFastSnapshot s) {
    return Optional.of(Sample.ok("pg_fast", s, NOW.minusMillis(100), TOOK));
  }

  private static Optional<Sample<PgLeaderSnapshot>> leaderSample(boolean caughtUp) {
    PgLeaderSnapshot l =
        new PgLeaderSnapshot(
            true,
            Optional.of(new PgAddress("fdaa:0:33:a7b:ab8:0:c24:2", 5433)),
            "primary_conninfo",
            OptionalLong.of(5000),
            Optional.of(SERVER_NOW),
            Optional.of(
                new PgLeaderSnapshot.StandbyRow(
                    "r1", "streaming", OptionalLong.of(caughtUp ? 5000 : 4000), Optional.empty())));
    return Optional.of(Sample.ok("pg_leader", l, NOW.minusMillis(50), Duration.ofMillis(2)));
  }

  private static List<String> seed(SuiteResult r) {
    return PgSuiteText.seed(r);
  }

  @Test
  void leaderSeedLinesMatchTheReference() {
    SuiteResult r = PgChecks.evaluate(ok(leader(37)), Optional.empty(), NOW, DEFAULTS);
    assertThat(r.passed()).isTrue();
    assertThat(seed(r))
        .containsExactly(
            "[✓] replication: currently leader", "[✓] connections: 37 used, 3 reserved, 100 max");
    assertThat(PgSuiteText.framework(r))
        .containsExactly(
            "[✓] transactions: read/write (6.93ms)",
            "[✓] replication: currently leader (6.93ms)",
            "[✓] connections: 37 used, 3 reserved, 100 max (6.93ms)");
  }

  @Test
  void replicaSeedLinesMatchTheReference() {
    Instant lastReplay = SERVER_NOW.minusNanos(246_000);
    SuiteResult r =
        PgChecks.evaluate(
            ok(replica("streaming", 2000, 1990, lastReplay, SERVER_NOW.minusSeconds(1))),
            leaderSample(false),
            NOW,
            DEFAULTS);
    assertThat(seed(r))
        .containsExactly(
            "[✓] leader check: [fdaa:0:33:a7b:ab8:0:c24:2]:5433 connected",
            "[✓] replication lag: 246µs",
            "[✓] connections: 7 used, 3 reserved, 100 max");
    assertThat(PgSuiteText.framework(r))
        .containsExactly(
            "[✓] transactions: readonly (6.93ms)",
            "[✓] leaderCheck: [fdaa:0:33:a7b:ab8:0:c24:2]:5433 connected (2ms)",
            "[✓] replicationLag: 246µs (6.93ms)",
            "[✓] connections: 7 used, 3 reserved, 100 max (6.93ms)");
  }

  @Test
  void replicaThatReplayedEverythingItReceivedHasZeroLagHoweverOldItsLastReplayIs() {
    SuiteResult r =
        PgChecks.evaluate(
            ok(replica("streaming", 2000, 2000, SERVER_NOW.minusSeconds(3600), SERVER_NOW)),
            leaderSample(true),
            NOW,
            DEFAULTS);
    assertThat(seed(r)).contains("[✓] replication lag: 0s");
  }

  @Test
  void idlePairCaughtMidReplayIsBoundedByTheLastCaughtUpSample() {
    // an hour since the last transaction, one record received but not yet replayed
    SuiteResult r =
        PgChecks.evaluate(
            ok(
                replica(
                    "streaming",
                    2000,
                    1990,
                    SERVER_NOW.minusSeconds(3600),
                    SERVER_NOW.minusMillis(5200))),
            Optional.empty(),
            NOW,
            DEFAULTS);
    assertThat(seed(r)).contains("[✓] replication lag: 5.2s");
  }

  @Test
  void leaderReportingTheStandbyCaughtUpBoundsTheLagToTheGapBetweenReadings() {
    SuiteResult r =
        PgChecks.evaluate(
            ok(replica("streaming", 2000, 1990, SERVER_NOW.minusSeconds(3600), null)),
            leaderSample(true),
            NOW,
            DEFAULTS);
    assertThat(seed(r)).contains("[✓] replication lag: 50ms");
  }

  @Test
  void lagOverTenSecondsFails() {
    SuiteResult r =
        PgChecks.evaluate(
            ok(
                replica(
                    "streaming",
                    2000,
                    1000,
                    SERVER_NOW.minusMillis(12_345),
                    SERVER_NOW.minusSeconds(60))),
            leaderSample(false),
            NOW,
            DEFAULTS);
    assertThat(r.passed()).isFalse();
    assertThat(seed(r)).first().isEqualTo("[✗] replication lag: 12.35s (over 10s)");
  }

  @Test
  void walReceiverNotStreamingFailsWithItsState() {
    SuiteResult r =
        PgChecks.evaluate(
            ok(replica(null, 2000, 2000, SERVER_NOW, SERVER_NOW)),
            leaderSample(true),
            NOW,
            DEFAULTS);
    assertThat(seed(r)).first().isEqualTo("[✗] replication lag: not streaming (stopped)");
    SuiteResult waiting =
        PgChecks.evaluate(
            ok(replica("waiting", 2000, 2000, SERVER_NOW, SERVER_NOW)),
            leaderSample(true),
            NOW,
            DEFAULTS);
    assertThat(PgSuiteText.framework(waiting))
        .contains("[✗] replicationLag: not streaming (waiting) (6.93ms)");
  }

  @Test
  void failedLeaderSampleFailsTheLeaderCheckWithItsReason() {
    Optional<Sample<PgLeaderSnapshot>> failed =
        Optional.of(
            Sample.failed(
                "pg_leader", "[10.0.0.1]:5433: Connection refused", NOW, Duration.ofMillis(3)));
    SuiteResult r =
        PgChecks.evaluate(ok(replica("streaming", 1, 1, null, null)), failed, NOW, DEFAULTS);
    assertThat(seed(r)).first().isEqualTo("[✗] leader check: [10.0.0.1]:5433: Connection refused");
  }

  @Test
  void connectionsFailWhenNoOrdinarySlotIsLeft() {
    assertThat(seed(PgChecks.evaluate(ok(leader(96)), Optional.empty(), NOW, DEFAULTS)))
        .containsExactly(
            "[✓] replication: currently leader", "[✓] connections: 96 used, 3 reserved, 100 max");
    SuiteResult full = PgChecks.evaluate(ok(leader(97)), Optional.empty(), NOW, DEFAULTS);
    assertThat(full.passed()).isFalse();
    assertThat(seed(full))
        .containsExactly(
            "[✗] connections: 97 used, 3 reserved, 100 max", "[✓] replication: currently leader");
    PgCheckSettings spare = new PgCheckSettings(Duration.ofSeconds(10), 10, Duration.ofSeconds(30));
    assertThat(PgChecks.evaluate(ok(leader(87)), Optional.empty(), NOW, spare).passed()).isFalse();
  }

  @Test
  void readOnlyLeaderFailsTransactionsAndShowsItInSeed() {
    PgFastSnapshot l = leader(5);
    PgFastSnapshot ro =
        l.toBuilder().transactionReadOnly(true).currentWalLsn(OptionalLong.of(1)).build();
    SuiteResult r = PgChecks.evaluate(ok(ro), Optional.empty(), NOW, DEFAULTS);
    assertThat(PgSuiteText.framework(r))
        .first()
        .isEqualTo("[✗] transactions: readonly but expected read/write (6.93ms)");
    assertThat(seed(r)).first().isEqualTo("[✗] transactions: readonly but expected read/write");
  }

  @Test
  void failedMissingOrStaleLocalSampleIsASetupFailure() {
    Optional<Sample<PgFastSnapshot>> failed =
        Optional.of(
            Sample.failed(
                "pg_fast", "Connection refused: /127.0.0.1:5432", NOW, Duration.ofMillis(1)));
    assertThat(PgChecks.evaluate(failed, Optional.empty(), NOW, DEFAULTS).setupError())
        .isEqualTo("failed to connect to local node: Connection refused: /127.0.0.1:5432");
    assertThat(PgChecks.evaluate(Optional.empty(), Optional.empty(), NOW, DEFAULTS).setupError())
        .isEqualTo("failed to connect to local node: no sample yet");
    Optional<Sample<PgFastSnapshot>> old =
        Optional.of(Sample.ok("pg_fast", leader(1), NOW.minusSeconds(45), TOOK));
    assertThat(PgChecks.evaluate(old, Optional.empty(), NOW, DEFAULTS).setupError())
        .isEqualTo("failed to connect to local node: last sample is 45s old");
    assertThat(RoleCheck.evaluate(failed, NOW, DEFAULTS).setupError())
        .isEqualTo("failed to connect to local node: Connection refused: /127.0.0.1:5432");
  }

  @Test
  void roleIsLeaderOrReplica() {
    assertThat(RoleCheck.evaluate(ok(leader(1)), NOW, DEFAULTS).checks())
        .singleElement()
        .satisfies(
            c -> {
              assertThat(c.name()).isEqualTo("role");
              assertThat(c.seedText()).isEqualTo("leader");
              assertThat(c.frameworkText()).isEqualTo("leader");
            });
    assertThat(
            RoleCheck.evaluate(ok(replica("streaming", 1, 1, null, null)), NOW, DEFAULTS)
                .checks()
                .get(0)
                .seedText())
        .isEqualTo("replica");
  }
}
