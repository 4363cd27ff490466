package dev.pgvitals.agent;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pgvitals.postgres.PgFastSampler;
import dev.pgvitals.testpg.PgCluster;
import dev.pgvitals.testpg.PgClusters;
import dev.pgvitals.testpg.PgVersions;
import dev.pgvitals.testpg.Wait;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.time.Duration;
import java.util.Collections;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Recovery after an outage longer than the reconnect back-off's cap (30 s): once PostgreSQL
 * accepts connections again, the leader's {@code /primary} answers 200 within one fast-sampling
 * interval (plus {@link #SLACK}), because the sampler probes reachability inside its back-off
 * window instead of waiting it out; and during the outage it connected only when the back-off
 * allowed (no connection storm). The newest major of {@code -Dpg.majors} only.
 */
class RecoveryAfterOutageTest {

  static final Duration FAST = Duration.ofSeconds(2);
  static final Duration BACKOFF_CAP = Duration.ofSeconds(30);
  static final Duration SLACK = Duration.ofMillis(500);

  @Test
  void primaryIs200WithinOneFastIntervalOfPostgresAcceptingConnectionsAfterALongOutage() throws Exception {
    PgCluster pg = PgClusters.shared(Collections.max(PgVersions.majorsUnderTest()));
    Vertx vertx = Vertx.vertx();
    Agent agent = Agent.start(RoutingEndpointsTest.config(pg.primary().monitorUrl(), FAST), vertx, Clock.systemUTC())
        .await(30, TimeUnit.SECONDS);
    try {
      PgFastSampler sampler = agent.node().pg().orElseThrow().fastSampler();
      assertThat(RoutingEndpointsTest.call(agent, "GET", "/primary").statusCode()).isEqualTo(200);

      pg.primary().stop();
      long stopped = System.nanoTime();
      long attemptsBefore = sampler.connectionAttempts();
      Wait.until("/primary 503 with PostgreSQL stopped", FAST.plus(Duration.ofSeconds(2)),
          () -> RoutingEndpointsTest.call(agent, "GET", "/primary").statusCode() == 503);
      // the outage lasts until the back-off has grown to its cap: longer than any window
      Wait.until("back-off window at its cap", Duration.ofSeconds(90),
          () -> sampler.backoffWindow().equals(BACKOFF_CAP));
      long outageMillis = (System.nanoTime() - stopped) / 1_000_000;
      long attemptsDuringOutage = sampler.connectionAttempts() - attemptsBefore;
      int ticks = (int) (outageMillis / FAST.toMillis());

      pg.primary().start(); // returns once the server accepts connections (pg_isready would succeed)
      long accepting = System.nanoTime();
      Wait.until("/primary 200 after the outage", Duration.ofSeconds(60),
          () -> RoutingEndpointsTest.call(agent, "GET", "/primary").statusCode() == 200);
      Duration recovered = Duration.ofNanos(System.nanoTime() - accepting);
      System.err.printf("[recovery] outage %d ms (%d fast intervals, %d connection attempts, back-off at %d s);"
              + " /primary 200 %d ms after PostgreSQL accepted connections (fast interval %d ms)%n",
          outageMillis, ticks, attemptsDuringOutage, BACKOFF_CAP.toSeconds(), recovered.toMillis(), FAST.toMillis());
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
