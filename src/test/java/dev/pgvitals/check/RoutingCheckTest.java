package dev.pgvitals.check;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pgvitals.check.RoutingCheck.Answer;
import dev.pgvitals.check.RoutingCheck.Endpoint;
import dev.pgvitals.check.RoutingCheck.Freshness;
import dev.pgvitals.check.RoutingCheck.Query;
import dev.pgvitals.config.LagLimits;
import dev.pgvitals.postgres.PgAddress;
import dev.pgvitals.postgres.PgFastSnapshot;
import dev.pgvitals.postgres.PgLeaderSnapshot;
import dev.pgvitals.sample.LatestSample;
import dev.pgvitals.sample.Sample;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/**
 * The load-balancer answers as a pure function of hand-made samples, against Patroni's api.py
 * rules.
 */
class RoutingCheckTest {

  private static final Instant NOW = Instant.parse("2026-01-15T12:00:00Z");
  private static final Duration TOOK = Duration.ofMillis(3);
  private static final Freshness FRESH = Freshness.of(Duration.ofSeconds(5), Duration.ofSeconds(5));
  private static final long MB = 1024 * 1024;

  private static PgFastSnapshot leader(boolean readOnly) {
    return common()
        .server("10.0.0.1:5432")
        .transactionReadOnly(readOnly)
        .connections(9)
        .currentWalLsn(OptionalLong.of(100 * MB))
        .build();
  }

  private static PgFastSnapshot replica(String walStatus, long receive, long replay) {
    return common()
        .server("10.0.0.2:5432")
        .inRecovery(true)
        .transactionReadOnly(true)
        .connections(7)
        .clusterName("r1")
        .upstream(
            Optional.of(
                new PgFastSnapshot.Upstream(
                    Optional.of("10.0.0.1"),
                    OptionalInt.of(5432),
                    "r1",
                    Optional.empty(),
                    OptionalInt.empty())))
        .walReceiverStatus(Optional.ofNullable(walStatus))
        .receiveLsn(OptionalLong.of(receive))
        .replayLsn(OptionalLong.of(replay))
        .lastXactReplay(Optional.of(NOW.minusSeconds(30)))
        .lastCaughtUp(Optional.of(NOW.minusSeconds(30)))
        .build();
  }

  /**
   * What leader and replica share: PostgreSQL 16.10 up for an hour, 3 reserved of 100 connections.
   */
  private static PgFastSnapshot.Builder common() {
    return PgFastSnapshot.builder()
        .majorVersion(16)
        .reservedConnections(3)
        .maxConnections(100)
        .postmasterStartTime(NOW.minusSeconds(3600))
        .version("PostgreSQL 16.10")
        .serverVersion("16.10")
        .serverVersionNum(160010)
        .dataDirectory("/data")
        .serverNow(NOW);
  }

  private static LatestSample<PgFastSnapshot> fast(PgFastSnapshot s, Duration age) {
    LatestSample<PgFastSnapshot> l = new LatestSample<>("pg_fast");
    l.set(Sample.ok("pg_fast", s, NOW.minus(age), TOOK));
    return l;
  }

  private static LatestSample<PgLeaderSnapshot> leaderAt(long walLsn, String syncState) {
    LatestSample<PgLeaderSnapshot> l = new LatestSample<>("pg_leader");
    l.set(
        Sample.ok(
            "pg_leader",
            new PgLeaderSnapshot(
                true,
                Optional.of(new PgAddress("10.0.0.1", 5432)),
                "primary_conninfo",
                OptionalLong.of(walLsn),
                Optional.of(NOW),
                Optional.of(
                    new PgLeaderSnapshot.StandbyRow(
                        "r1", "streaming", OptionalLong.of(walLsn), Optional.empty(), syncState))),
            NOW.minusMillis(200),
            TOOK));
    return l;
  }

  private static final LatestSample<PgLeaderSnapshot> NO_LEADER = new LatestSample<>("pg_leader");

  private static Answer ask(
      Endpoint e, Query q, LatestSample<PgFastSnapshot> f, LatestSample<PgLeaderSnapshot> l) {
    return RoutingCheck.answer(e, q, f, l, NOW, FRESH);
  }

  private static Answer ask(Endpoint e, LatestSample<PgFastSnapshot> f) {
    return ask(e, Query.NONE, f, NO_LEADER);
  }

  private static Query lag(String text) {
    return new Query(LagLimits.parse(text), Optional.empty(), List.of(), false);
  }

  @Test
  void writableLeaderIsPrimaryAndReadOnlyButNotReplica() {
    LatestSample<PgFastSnapshot> l = fast(leader(false), Duration.ofSeconds(1));
    assertThat(ask(Endpoint.PRIMARY, l)).isEqualTo(new Answer(200, "leader"));
    assertThat(ask(Endpoint.LEADER, l).status()).isEqualTo(200);
    assertThat(ask(Endpoint.READ_ONLY, l).status()).isEqualTo(200);
    assertThat(ask(Endpoint.READ_ONLY_SYNC, l).status()).isEqualTo(200);
    assertThat(ask(Endpoint.READ_ONLY_QUORUM, l).status()).isEqualTo(200);
    assertThat(ask(Endpoint.READINESS, l).status()).isEqualTo(200);
    assertThat(ask(Endpoint.HEALTH, l)).isEqualTo(new Answer(200, "up"));
    assertThat(ask(Endpoint.REPLICA, l))
        .isEqualTo(new Answer(503, "not a replica: this node is the leader"));
    assertThat(ask(Endpoint.ASYNC, l).status()).isEqualTo(503);
    assertThat(ask(Endpoint.STANDBY_LEADER, l))
        .isEqualTo(new Answer(503, "not a standby leader: this node is the leader"));
  }

  @Test
  void fencedLeaderIsNotPrimary() {
    LatestSample<PgFastSnapshot> l = fast(leader(true), Duration.ofSeconds(1));
    assertThat(ask(Endpoint.PRIMARY, l))
        .isEqualTo(new Answer(503, "not writable: transaction_read_only is on"));
    assertThat(ask(Endpoint.LEADER, l).status()).isEqualTo(503);
  }

  @Test
  void aLeaderSampleOlderThanOneIntervalAndGraceIsNoLongerPrimary() {
    assertThat(ask(Endpoint.PRIMARY, fast(leader(false), Duration.ofMillis(5900))).status())
        .isEqualTo(200);
    Answer stale = ask(Endpoint.PRIMARY, fast(leader(false), Duration.ofMillis(6100)));
    assertThat(stale.status()).isEqualTo(503);
    assertThat(stale.reason())
        .isEqualTo("PostgreSQL not readable: pg_fast sample is stale (taken 6s ago)");
    assertThat(ask(Endpoint.HEALTH, fast(leader(false), Duration.ofMillis(6100))).status())
        .isEqualTo(503);
  }

  @Test
  void aFailedSampleAnswers503AtOnce() {
    LatestSample<PgFastSnapshot> f = fast(leader(false), Duration.ofSeconds(1));
    f.set(
        Sample.failed("pg_fast", "Connection refused: /127.0.0.1:5432", NOW.minusMillis(10), TOOK));
    assertThat(ask(Endpoint.PRIMARY, f))
        .isEqualTo(new Answer(503, "PostgreSQL not readable: Connection refused: /127.0.0.1:5432"));
    assertThat(ask(Endpoint.PRIMARY, new LatestSample<>("pg_fast")))
        .isEqualTo(new Answer(503, "PostgreSQL not readable: no pg_fast sample yet"));
  }

  @Test
  void replicaIs200EvenWithItsWalReceiverStoppedUnlessAskedForStreaming() {
    // Patroni: /replica is 200 for any running replica; ?replication_state=streaming narrows it.
    LatestSample<PgFastSnapshot> stopped =
        fast(replica(null, 5 * MB, 5 * MB), Duration.ofSeconds(1));
    assertThat(ask(Endpoint.REPLICA, stopped)).isEqualTo(new Answer(200, "replica"));
    assertThat(ask(Endpoint.READ_ONLY, stopped).status()).isEqualTo(200);
    Query streaming = new Query(LagLimit.NONE, Optional.of("streaming"), List.of(), false);
    assertThat(ask(Endpoint.REPLICA, streaming, stopped, NO_LEADER))
        .isEqualTo(new Answer(503, "replication state is stopped, not streaming"));
    LatestSample<PgFastSnapshot> live =
        fast(replica("streaming", 5 * MB, 5 * MB), Duration.ofSeconds(1));
    assertThat(ask(Endpoint.REPLICA, streaming, live, NO_LEADER).status()).isEqualTo(200);
    assertThat(ask(Endpoint.PRIMARY, live))
        .isEqualTo(new Answer(503, "not the leader: in recovery"));
    assertThat(ask(Endpoint.STANDBY_LEADER, live))
        .isEqualTo(
            new Answer(503, "not a standby leader: pgvitals does not know standby clusters"));
  }

  @Test
  void byteLagIsMeasuredAgainstTheLeadersWalPosition() {
    LatestSample<PgFastSnapshot> r =
        fast(replica("streaming", 90 * MB, 80 * MB), Duration.ofSeconds(1));
    LatestSample<PgLeaderSnapshot> l = leaderAt(100 * MB, "async");
    assertThat(ask(Endpoint.REPLICA, lag("16MB"), r, l))
        .isEqualTo(new Answer(503, "lagging 20971520 bytes behind (allowed 16777216)"));
    assertThat(ask(Endpoint.REPLICA, lag("20MB"), r, l).status()).isEqualTo(200);
    assertThat(ask(Endpoint.REPLICA, lag(Long.toString(20 * MB)), r, l).status()).isEqualTo(200);
    assertThat(ask(Endpoint.REPLICA, lag("1GB"), r, l).status()).isEqualTo(200);
    // Without a leader reading, a streaming replica counts against what it received.
    assertThat(ask(Endpoint.REPLICA, lag("16MB"), r, NO_LEADER).status()).isEqualTo(200);
    assertThat(ask(Endpoint.REPLICA, lag("9MB"), r, NO_LEADER).status()).isEqualTo(503);
  }

  @Test
  void aDisconnectedReplicaWithoutALeaderReadingHasNoKnownByteLag() {
    LatestSample<PgFastSnapshot> r = fast(replica(null, 80 * MB, 80 * MB), Duration.ofSeconds(1));
    assertThat(ask(Endpoint.REPLICA, lag("16MB"), r, NO_LEADER))
        .isEqualTo(
            new Answer(
                503,
                "lag unknown: not streaming (stopped) and the leader's WAL position was not read"));
    assertThat(ask(Endpoint.REPLICA, lag("16MB"), r, leaderAt(90 * MB, "async")).status())
        .isEqualTo(200);
  }

  @Test
  void timeLagNeedsAStreamingReplica() {
    LatestSample<PgFastSnapshot> stopped =
        fast(replica(null, 80 * MB, 80 * MB), Duration.ofSeconds(1));
    assertThat(ask(Endpoint.REPLICA, lag("10s"), stopped, NO_LEADER))
        .isEqualTo(new Answer(503, "lag unknown: not streaming (stopped)"));
    LatestSample<PgFastSnapshot> behind =
        fast(replica("streaming", 90 * MB, 80 * MB), Duration.ofSeconds(1));
    assertThat(ask(Endpoint.REPLICA, lag("10s"), behind, NO_LEADER))
        .isEqualTo(new Answer(503, "lagging 30s behind (allowed 10s)"));
    assertThat(ask(Endpoint.REPLICA, lag("1m"), behind, NO_LEADER).status()).isEqualTo(200);
  }

  @Test
  void readinessDefaultsToOneMegabyteAndKnowsWriteMode() {
    LatestSample<PgLeaderSnapshot> l = leaderAt(100 * MB, "async");
    LatestSample<PgFastSnapshot> r =
        fast(replica("streaming", 100 * MB, 98 * MB), Duration.ofSeconds(1));
    assertThat(ask(Endpoint.READINESS, Query.NONE, r, l))
        .isEqualTo(new Answer(503, "lagging 2097152 bytes behind (allowed 1048576)"));
    Query write = new Query(LagLimit.NONE, Optional.empty(), List.of(), true);
    assertThat(ask(Endpoint.READINESS, write, r, l))
        .isEqualTo(new Answer(200, "replica streaming"));
    assertThat(ask(Endpoint.READINESS, lag("4MB"), r, l).status()).isEqualTo(200);
    LatestSample<PgFastSnapshot> stopped =
        fast(replica("waiting", 100 * MB, 100 * MB), Duration.ofSeconds(1));
    assertThat(ask(Endpoint.READINESS, Query.NONE, stopped, l))
        .isEqualTo(new Answer(503, "replication state is waiting, not streaming"));
  }

  @Test
  void syncEndpointsFollowTheLeadersSyncState() {
    LatestSample<PgFastSnapshot> r =
        fast(replica("streaming", 100 * MB, 100 * MB), Duration.ofSeconds(1));
    assertThat(ask(Endpoint.ASYNC, Query.NONE, r, leaderAt(100 * MB, "async")).status())
        .isEqualTo(200);
    assertThat(ask(Endpoint.ASYNC, Query.NONE, r, leaderAt(100 * MB, "potential")).status())
        .isEqualTo(200);
    assertThat(ask(Endpoint.SYNC, Query.NONE, r, leaderAt(100 * MB, "async")))
        .isEqualTo(new Answer(503, "not a sync standby: the leader lists it as async"));
    assertThat(ask(Endpoint.SYNC, Query.NONE, r, leaderAt(100 * MB, "sync")).status())
        .isEqualTo(200);
    assertThat(ask(Endpoint.READ_ONLY_SYNC, Query.NONE, r, leaderAt(100 * MB, "sync")).status())
        .isEqualTo(200);
    assertThat(ask(Endpoint.ASYNC, Query.NONE, r, leaderAt(100 * MB, "sync")).status())
        .isEqualTo(503);
    assertThat(ask(Endpoint.QUORUM, Query.NONE, r, leaderAt(100 * MB, "quorum")).status())
        .isEqualTo(200);
    assertThat(ask(Endpoint.READ_ONLY_QUORUM, Query.NONE, r, leaderAt(100 * MB, "sync")).status())
        .isEqualTo(503);
    assertThat(ask(Endpoint.ASYNC, Query.NONE, r, NO_LEADER))
        .isEqualTo(
            new Answer(
                503,
                "synchronous state unknown: the leader's pg_stat_replication has no row for this standby (leader not read)"));
  }

  @Test
  void tagsNeverMatchBecausePgvitalsHasNone() {
    LatestSample<PgFastSnapshot> r = fast(replica("streaming", MB, MB), Duration.ofSeconds(1));
    Query tagged = new Query(LagLimit.NONE, Optional.empty(), List.of("zone"), false);
    assertThat(ask(Endpoint.REPLICA, tagged, r, NO_LEADER))
        .isEqualTo(new Answer(503, "no tag 'zone' on this node (pgvitals has no node tags)"));
  }

  @Test
  void lagLimitsInPatronisUnitsAndDurations() {
    assertThat(LagLimits.parse(null)).isEqualTo(LagLimit.NONE);
    assertThat(LagLimits.parse("")).isEqualTo(LagLimit.NONE);
    assertThat(LagLimits.parse("1048576")).isEqualTo(LagLimit.ofBytes(1_048_576));
    assertThat(LagLimits.parse("1024kB")).isEqualTo(LagLimit.ofBytes(1_048_576));
    assertThat(LagLimits.parse("16kB")).isEqualTo(LagLimit.ofBytes(16_384));
    assertThat(LagLimits.parse("10MB")).isEqualTo(LagLimit.ofBytes(10 * MB));
    assertThat(LagLimits.parse("10mb")).isEqualTo(LagLimit.ofBytes(10 * MB));
    assertThat(LagLimits.parse("1GB")).isEqualTo(LagLimit.ofBytes(1024 * MB));
    assertThat(LagLimits.parse("1.5MB")).isEqualTo(LagLimit.ofBytes(3 * MB / 2));
    assertThat(LagLimits.parse("100 B")).isEqualTo(LagLimit.ofBytes(100));
    assertThat(LagLimits.parse("500ms")).isEqualTo(LagLimit.ofTime(Duration.ofMillis(500)));
    assertThat(LagLimits.parse("10s")).isEqualTo(LagLimit.ofTime(Duration.ofSeconds(10)));
    assertThat(LagLimits.parse("1m")).isEqualTo(LagLimit.ofTime(Duration.ofMinutes(1)));
    assertThat(LagLimits.parse("2min")).isEqualTo(LagLimit.ofTime(Duration.ofMinutes(2)));
    assertThat(LagLimits.parse("1h")).isEqualTo(LagLimit.ofTime(Duration.ofHours(1)));
    assertThatThrownBy(() -> LagLimits.parse("soon"))
        .hasMessage(
            "bad lag 'soon' (expected bytes like 1048576, 16kB, 64MB, 1GB or a duration like 500ms, 10s, 1m)");
    assertThatThrownBy(() -> LagLimits.parse("ab\ncd")).hasMessageStartingWith("bad lag 'ab?cd'");
    assertThatThrownBy(() -> LagLimits.parse("-1")).hasMessageStartingWith("bad lag '-1'");
  }
}
