package dev.pgvitals.agent;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pgvitals.postgres.PgFastSampler;
import dev.pgvitals.postgres.PgFastSnapshot;
import dev.pgvitals.sample.Sample;
import dev.pgvitals.testpg.PgCluster;
import dev.pgvitals.testpg.PgClusters;
import dev.pgvitals.testpg.PgVersions;
import dev.pgvitals.testpg.Wait;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Recovery after an outage longer than the reconnect back-off's cap (30 s): once PostgreSQL accepts
 * connections again, the leader's {@code /primary} answers 200 within one fast-sampling interval
 * (plus {@link #SLACK}) — and, whatever the machine's load, the first fast sample begun after that
 * succeeds — because the sampler probes reachability inside its back-off window instead of waiting
 * it out; and during the outage it connected only when the back-off allowed (no connection storm).
 * The newest major of {@code -Dpg.majors} only.
 */
class RecoveryAfterOutageTest {

  static final Duration FAST = Duration.ofSeconds(2);
  static final Duration BACKOFF_CAP = Duration.ofSeconds(30);

  /** Scheduling slack; {@code -Dpgvitals.timing.slack=3000} (ms) on an overloaded machine. */
  static final Duration SLACK = Duration.ofMillis(Long.getLong("pgvitals.timing.slack", 1000));

  @Test
  void primaryIs200WithinOneFastIntervalOfPostgresAcceptingConnectionsAfterALongOutage()
      throws Exception {
    PgCluster pg = PgClusters.shared(Collections.max(PgVersions.majorsUnderTest()));
    Vertx vertx = Vertx.vertx();
    Agent agent =
        Agent.start(
                RoutingEndpointsTest.config(pg.primary().monitorUrl(), FAST),
                vertx,
                Clock.systemUTC())
            .await(30, TimeUnit.SECONDS);
    try {
      PgFastSampler sampler = agent.node().pg().orElseThrow().fastSampler();
      assertThat(RoutingEndpointsTest.call(agent, "GET", "/primary").statusCode()).isEqualTo(200);

      pg.primary().stop();
      long stopped = System.nanoTime();
      long attemptsBefore = sampler.connectionAttempts();
      Wait.until(
          "/primary 503 with PostgreSQL stopped",
          FAST.plus(Duration.ofSeconds(2)),
          () -> RoutingEndpointsTest.call(agent, "GET", "/primary").statusCode() == 503);
      // the outage lasts until the back-off has grown to its cap: longer than any window
      Wait.until(
          "back-off window at its cap",
          Duration.ofSeconds(90),
          () -> sampler.backoffWindow().equals(BACKOFF_CAP));
      long outageMillis = (System.nanoTime() - stopped) / 1_000_000;
      long attemptsDuringOutage = sampler.connectionAttempts() - attemptsBefore;
      int ticks = (int) (outageMillis / FAST.toMillis());

      java.util.List<Sample<PgFastSnapshot>> after =
          new java.util.concurrent.CopyOnWriteArrayList<>();
      agent.node().pg().orElseThrow().fast().onSample(after::add);
      pg.primary()
          .start(); // returns once the server accepts connections (pg_isready would succeed)
      long accepting = System.nanoTime();
      Instant acceptingAt = Instant.now();
      Wait.until(
          "/primary 200 after the outage",
          Duration.ofSeconds(60),
          () -> RoutingEndpointsTest.call(agent, "GET", "/primary").statusCode() == 200);
      Duration recovered = Duration.ofNanos(System.nanoTime() - accepting);
      System.err.printf(
          "[recovery] outage %d ms (%d fast intervals, %d connection attempts, back-off at %d s);"
              + " /primary 200 %d ms after PostgreSQL accepted connections (fast interval %d ms)%n",
          outageMillis,
          ticks,
          attemptsDuringOutage,
          BACKOFF_CAP.toSeconds(),
          recovered.toMillis(),
          FAST.toMillis());
      // load-independent: the first sample begun after PostgreSQL accepted connections succeeded
      // (without the probe it would only repeat the failure until the 30 s window closes)
      Sample<PgFastSnapshot> first =
          after.stream()
              .filter(x -> !x.at().minus(x.took()).isBefore(acceptingAt))
              .findFirst()
              .orElseThrow();
      assertThat(first.ok())
          .as("first pg_fast sample begun after PostgreSQL accepted connections: " + first.error())
          .isTrue();
      assertThat(recovered).isLessThanOrEqualTo(FAST.plus(SLACK));
      // one attempt per back-off window (1, 2, 4, 8, 16 s … ), not one per interval
      assertThat(attemptsDuringOutage).isLessThanOrEqualTo(7).isLessThan(ticks);
    } finally {
      agent.close();
      vertx.close().await(10, TimeUnit.SECONDS);
      if (!pg.primary().isRunning()) {
        pg.primary().start();
      }
    }
  }
}
