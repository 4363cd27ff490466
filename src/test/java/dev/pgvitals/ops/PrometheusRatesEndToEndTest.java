package dev.pgvitals.ops;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pgvitals.agent.Agent;
import dev.pgvitals.check.CheckFormat;
import dev.pgvitals.check.VmThresholds;
import dev.pgvitals.config.AgentConfig;
import dev.pgvitals.config.ListenAddress;
import dev.pgvitals.ops.PrometheusServer.QueryResult;
import dev.pgvitals.postgres.PgConfig;
import dev.pgvitals.postgres.PgStatsSampler;
import dev.pgvitals.testpg.PgCluster;
import dev.pgvitals.testpg.PgClusters;
import dev.pgvitals.testpg.PgVersions;
import dev.pgvitals.testpg.Wait;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgConnection;
import io.vertx.sqlclient.SqlConnection;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Collections;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Rates right at a scrape interval far below the statistics interval: a real Prometheus scrapes
 * one agent (default intervals: statistics every 15 s) every second while a client commits about
 * 50 transactions a second. The {@code pg_stat_*} points carry the time of their sample, so
 * Prometheus stores one point per sample and {@code irate(pg_stat_database_xact_commit[1m])} is
 * never 0 while commits happen. A second job scrapes the same agent with {@code honor_timestamps:
 * false}, i.e. as if the exposition had no timestamps: there most {@code irate} points are 0 and
 * the others several times the true rate (printed as the measurement docs/metrics-mapping.md
 * quotes; not asserted).
 *
 * <p>Needs the {@code prometheus} binary (Debian package {@code prometheus}); skipped without it,
 * failed without it under CI. About 70 s.
 */
class PrometheusRatesEndToEndTest {

  static final String COMMITS = "pg_stat_database_xact_commit{datname=\"postgres\",job=\"%s\"}";
  /** How long the irate points are looked at. */
  static final int WINDOW_SECONDS = 30;

  @Test
  void irateOfXactCommitIsNeverZeroWhileTransactionsCommitAtAOneSecondScrape(@TempDir Path dir) throws Exception {
    Path binary = ExternalTool.require("prometheus", "apt-get install -y prometheus");
    PgCluster pg = PgClusters.shared(Collections.max(PgVersions.majorsUnderTest()));
    Vertx vertx = Vertx.vertx();
    Agent agent = null;
    PrometheusServer prometheus = null;
    AtomicLong commits = new AtomicLong();
    SqlConnection load = PgConnection.connect(vertx, pg.primary().superuserOptions()).await(30, TimeUnit.SECONDS);
    // a write in each transaction: a backend flushes its transaction counts with its table
    // statistics (at most once a second), and a transaction that touched no table has none
    load.query("create table if not exists rates_load (i int)").execute().await(30, TimeUnit.SECONDS);
    long timer = vertx.setPeriodic(20, id -> load.query("insert into rates_load values (1)").execute()
        .onSuccess(r -> commits.incrementAndGet()));
    try {
      agent = Agent.start(agentConfig(pg), vertx, Clock.systemUTC()).await(30, TimeUnit.SECONDS);
      prometheus = PrometheusServer.start(binary, dir, prometheusConfig("127.0.0.1:" + agent.port()));
      PrometheusServer p = prometheus;
      long started = System.nanoTime();
      long commitsAtStart = commits.get();
      String stamped = COMMITS.formatted("stamped");
      // irate over [1m] needs two stored samples (15 s apart); then WINDOW_SECONDS of 1 s points
      Wait.until(WINDOW_SECONDS + " s of irate points on the stamped job", Duration.ofSeconds(120), () ->
          value(p, "count_over_time(irate(" + stamped + "[1m])[" + WINDOW_SECONDS + "s:1s])") >= WINDOW_SECONDS);
      double trueRate = (commits.get() - commitsAtStart) / ((System.nanoTime() - started) / 1e9);

      double zeros = value(p, "count_over_time((irate(" + stamped + "[1m]) == 0)[" + WINDOW_SECONDS + "s:1s])");
      double min = value(p, "min_over_time(irate(" + stamped + "[1m])[" + WINDOW_SECONDS + "s:1s])");
      double max = value(p, "max_over_time(irate(" + stamped + "[1m])[" + WINDOW_SECONDS + "s:1s])");
      String plain = COMMITS.formatted("unstamped");
      double plainPoints = value(p, "count_over_time(irate(" + plain + "[1m])[" + WINDOW_SECONDS + "s:1s])");
      double plainZeros = value(p, "count_over_time((irate(" + plain + "[1m]) == 0)[" + WINDOW_SECONDS + "s:1s])");
      double plainMax = value(p, "max_over_time(irate(" + plain + "[1m])[" + WINDOW_SECONDS + "s:1s])");
      System.err.printf("[rates] client commits %.1f/s; with sample timestamps: irate min %.1f max %.1f, 0 zero"
              + " points of %d; without (honor_timestamps: false): %.0f of %.0f points zero, max %.1f (%.1fx)%n",
          trueRate, min, max, WINDOW_SECONDS, plainZeros, plainPoints, plainMax, plainMax / trueRate);

      assertThat(zeros).as("irate points that are 0 while commits happen").isZero();
      // never below the client's own commits (the agent's own sampling transactions come on top)
      assertThat(min).as("lowest irate vs the client's %.1f commits/s", trueRate).isGreaterThan(trueRate * 0.5);
      assertThat(max).as("highest irate vs the client's %.1f commits/s", trueRate).isLessThan(trueRate * 3);
    } finally {
      vertx.cancelTimer(timer);
      load.query("drop table if exists rates_load").execute().await(30, TimeUnit.SECONDS);
      load.close().await(10, TimeUnit.SECONDS);
      if (prometheus != null) {
        prometheus.close();
      }
      if (agent != null) {
        agent.close();
      }
      vertx.close().await(10, TimeUnit.SECONDS);
    }
  }

  /** The instant value of a query with one series, 0 when it returns none. */
  static double value(PrometheusServer p, String promql) {
    QueryResult r = p.query(promql);
    assertThat(r.success()).as(r.describe()).isTrue();
    return r.series().isEmpty() ? 0 : Double.parseDouble(r.series().get(0).getJsonArray("value").getString(1));
  }

  static String prometheusConfig(String target) {
    return """
        global:
          scrape_interval: 1s
          scrape_timeout: 1s
          evaluation_interval: 1s
        scrape_configs:
          - job_name: stamped
            static_configs:
              - targets: ['%1$s']
          - job_name: unstamped
            honor_timestamps: false
            static_configs:
              - targets: ['%1$s']
        """.formatted(target);
  }

  /** The leader with the agent's default PostgreSQL intervals (statistics every 15 s). */
  static AgentConfig agentConfig(PgCluster pg) {
    PgConfig pgConfig = PgConfig.defaults().withPgUrl(pg.primary().monitorUrl());
    Path procRoot = Path.of("src/test/resources/agent/passing").toAbsolutePath();
    return new AgentConfig(new ListenAddress("127.0.0.1", 0), Optional.of("/"), procRoot.toString(),
        CheckFormat.SEED, Duration.ofSeconds(5), Duration.ofSeconds(5), VmThresholds.DEFAULTS.withDiskMinFreePercent(0),
        AgentConfig.Identity.none(), Optional.of(pgConfig), PgStatsSampler.DEFAULT_INTERVAL, Duration.ofSeconds(60),
        Optional.empty());
  }
}
