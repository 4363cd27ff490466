package dev.pgvitals.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pgvitals.sample.Sample;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/** The rule that keeps a silent WAL receiver's lag from hiding behind "streaming, all replayed". */
class ReplicationLagSilenceTest {

  private static final Instant NOW = Instant.parse("2026-12-02T18:00:00Z");

  /** A replica streaming, everything received replayed (what a frozen receiver shows). */
  private static Sample<PgFastSnapshot> replica(long received, Instant lastMsg) {
    PgFastSnapshot s =
        PgFastSnapshot.builder()
            .server("127.0.0.1:5433")
            .majorVersion(18)
            .inRecovery(true)
            .transactionReadOnly(true)
            .connections(5)
            .reservedConnections(3)
            .maxConnections(100)
            .postmasterStartTime(NOW.minusSeconds(3600))
            .version("PostgreSQL 18.1")
            .serverVersion("18.1")
            .serverVersionNum(180001)
            .dataDirectory("/data")
            .clusterName("replica")
            .upstream(
                Optional.of(
                    new PgFastSnapshot.Upstream(
                        Optional.of("127.0.0.1"),
                        OptionalInt.of(5432),
                        "replica",
                        Optional.empty(),
                        OptionalInt.empty())))
            .walReceiverStatus(Optional.of("streaming"))
            .receiveLsn(OptionalLong.of(received))
            .replayLsn(OptionalLong.of(received))
            .serverNow(NOW)
            .lastCaughtUp(Optional.of(NOW))
            .lastMsgReceipt(Optional.ofNullable(lastMsg))
            .build();
    return Sample.ok("pg_fast", s, NOW, Duration.ofMillis(2));
  }

  private static Optional<Sample<PgLeaderSnapshot>> leader(
      long lsn, PgLeaderSnapshot.Behind behind) {
    PgLeaderSnapshot l =
        new PgLeaderSnapshot(
                true,
                Optional.of(new PgAddress("127.0.0.1", 5432)),
                "primary_conninfo",
                OptionalLong.of(lsn),
                Optional.of(NOW),
                Optional.empty())
            .withBehind(Optional.ofNullable(behind));
    return Optional.of(Sample.ok("pg_leader", l, NOW, Duration.ofMillis(2)));
  }

  @Test
  void aReceiverThatNeverGotWhatTheLeaderHadLagsSinceTheLeaderWasSeenAhead() {
    ReplicationLag lag =
        ReplicationLag.of(
            replica(1000, NOW.minusSeconds(40)),
            leader(9000, new PgLeaderSnapshot.Behind(5000, NOW.minusSeconds(12))));
    assertThat(lag.lag()).isEqualTo(Duration.ofSeconds(12));
    assertThat(lag.notStreaming()).isEmpty();
  }

  @Test
  void theLagIsCappedByTheTimeSinceTheReceiverLastHeardFromItsSender() {
    ReplicationLag lag =
        ReplicationLag.of(
            replica(1000, NOW.minusSeconds(3)),
            leader(9000, new PgLeaderSnapshot.Behind(5000, NOW.minusSeconds(12))));
    assertThat(lag.lag()).isEqualTo(Duration.ofSeconds(3));
  }

  @Test
  void aReceiverThatGotPastTheMarkHasNoSilenceLag() {
    ReplicationLag lag =
        ReplicationLag.of(
            replica(5000, NOW.minusSeconds(40)),
            leader(9000, new PgLeaderSnapshot.Behind(5000, NOW.minusSeconds(12))));
    assertThat(lag.lag()).isZero();
  }

  @Test
  void anIdlePairWithoutMarkHasNoLag() {
    assertThat(ReplicationLag.of(replica(9000, NOW.minusSeconds(40)), leader(9000, null)).lag())
        .isZero();
    assertThat(ReplicationLag.of(replica(9000, NOW.minusSeconds(40)), Optional.empty()).lag())
        .isZero();
  }
}
