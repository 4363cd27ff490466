package dev.pgvitals.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pgvitals.sample.LatestSample;
import dev.pgvitals.sample.Sample;
import dev.pgvitals.testpg.PgCluster;
import dev.pgvitals.testpg.PgMajors;
import dev.pgvitals.testpg.PgNode;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;

/**
 * A leader listed among its own {@code --peers} (a shared peer list) is never its own second
 * leader, also in the seconds after a restart when the fast sample still holds the postmaster start
 * of the previous run (SplitBrainTest met that race: the restarted old primary named itself "also
 * writable").
 */
class PgLeaderSelfTest {

  static Vertx vertx;

  @BeforeAll
  static void startVertx() {
    vertx = Vertx.vertx();
  }

  @AfterAll
  static void stopVertx() throws Exception {
    vertx.close().await(10, TimeUnit.SECONDS);
  }

  @ParameterizedTest(name = "PG {0}")
  @PgMajors
  void aLeaderAmongItsPeersIsItselfEvenWithAFastSampleFromBeforeARestart(PgCluster pg)
      throws Exception {
    PgNode primary = pg.primary();
    PgConnectionSettings local =
        PgConnectionSettingsResolver.fromConnInfo(
            primary.monitorUrl(),
            "--pg-url",
            Map.of(),
            Duration.ofSeconds(2),
            Duration.ofSeconds(2),
            w -> {});
    Pool pool = PgPools.local(vertx, local);
    try {
      PgFastSnapshot now = new PgFastSampler(pool, local).sample().await(30, TimeUnit.SECONDS);
      assertThat(now.inRecovery()).isFalse();
      PgFastSnapshot beforeRestart =
          now.toBuilder().postmasterStartTime(now.postmasterStartTime().minusSeconds(60)).build();
      LatestSample<PgFastSnapshot> fast = new LatestSample<>(PgFastSampler.NAME);
      fast.set(Sample.ok(PgFastSampler.NAME, beforeRestart, Instant.now(), Duration.ZERO));
      PgLeaderSampler sampler =
          new PgLeaderSampler(
              vertx,
              local,
              null,
              List.of(new LeaderCandidates.Peer(primary.host(), OptionalInt.of(primary.port()))),
              fast);
      try {
        PgLeaderSnapshot leaderSide = sampler.sample().await(30, TimeUnit.SECONDS);
        assertThat(leaderSide.otherLeaders()).isEmpty();
        assertThat(SplitBrain.of(leaderSide)).isEmpty();
      } finally {
        sampler.close().await(10, TimeUnit.SECONDS);
      }
    } finally {
      pool.close().await(10, TimeUnit.SECONDS);
    }
  }
}
