package dev.pgvitals.ops;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pgvitals.agent.Agent;
import dev.pgvitals.agent.TestAgents;
import dev.pgvitals.config.AgentConfig;
import dev.pgvitals.ops.DashboardExpressions.PanelQuery;
import dev.pgvitals.ops.PrometheusServer.QueryResult;
import dev.pgvitals.postgres.PgConfig;
import dev.pgvitals.postgres.PgStatsSampler;
import dev.pgvitals.testpg.PgCluster;
import dev.pgvitals.testpg.PgClusters;
import dev.pgvitals.testpg.PgNode;
import dev.pgvitals.testpg.PgVersions;
import dev.pgvitals.testpg.Wait;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgConnection;
import io.vertx.sqlclient.SqlConnection;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * pgvitals as a drop-in for postgres_exporter, end to end: a real Prometheus scrapes two agents
 * with their default intervals (statistics every 15 s) on a real primary and streaming replica
 * (newest major of {@code -Dpg.majors}) every second, while a client commits about 50 write
 * transactions a second on the primary.
 *
 * <ul>
 *   <li>Rates: the {@code pg_stat_*} points carry the time of their sample, so {@code
 *       irate(pg_stat_database_xact_commit[1m])} is never 0 while commits happen. A second job
 *       scrapes the leader with {@code honor_timestamps: false}, as if the exposition had none; its
 *       zeros and peaks are printed (the figures docs/metrics-mapping.md quotes), not asserted.
 *   <li>Community expressions: every panel and alert expression of postgres_exporter's {@code
 *       postgres_mixin} and awesome-prometheus-alerts' PostgreSQL rules (vendored under {@code
 *       src/test/resources/community/} with their licences) is evaluated; each is fed (every metric
 *       it names has a series) unless it needs a metric postgres_exporter's default collectors do
 *       not produce either ({@link #NOT_BY_DEFAULT}).
 * </ul>
 *
 * Needs the {@code prometheus} binary (Debian package {@code prometheus}); skipped without it,
 * failed without it under CI. About 70 s.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PostgresExporterDropInEndToEndTest {

  static final String COMMITS =
      "pg_stat_database_xact_commit{datname=\"postgres\",job=\"%s\",instance=\"%s\"}";

  /** How long the irate points are looked at. */
  static final int WINDOW_SECONDS = 30;

  static final Path COMMUNITY = Path.of("src/test/resources/community");

  /**
   * Metrics the community expressions name that postgres_exporter's default collectors (0.10 to
   * today) do not produce either, with the reason; expressions needing them are not expected to
   * have data.
   */
  static final Map<String, String> NOT_BY_DEFAULT =
      Map.ofEntries(
          Map.entry("pg_txid_current", "a custom queries.yaml query, no default collector"),
          Map.entry("pg_stat_ssl_compression", "a custom queries.yaml query, no default collector"),
          Map.entry("pg_bloat_btree_bloat_pct", "a custom bloat query, no default collector"),
          Map.entry("pg_bloat_btree_real_size", "a custom bloat query, no default collector"),
          Map.entry("pg_bloat_table_bloat_pct", "a custom bloat query, no default collector"),
          Map.entry("pg_bloat_table_real_size", "a custom bloat query, no default collector"),
          Map.entry(
              "pg_general_index_info_pg_relation_size",
              "a custom index query, no default collector"));

  private PgCluster pg;
  private Vertx vertx;
  private Agent leader;
  private Agent replica;
  private PrometheusServer prometheus;
  private SqlConnection load;
  private long loadTimer;
  private final AtomicLong commits = new AtomicLong();
  private double clientRate;
  private String leaderInstance;

  @BeforeAll
  void startPairAgentsLoadAndPrometheus(@TempDir Path dir) throws Exception {
    Path binary = ExternalTool.require("prometheus", "apt-get install -y prometheus");
    pg = PgClusters.shared(Collections.max(PgVersions.majorsUnderTest()));
    pg.awaitStreaming();
    vertx = Vertx.vertx();
    load = PgConnection.connect(vertx, pg.primary().superuserOptions()).await(30, TimeUnit.SECONDS);
    // a write in each transaction: a backend flushes its transaction counts with its table
    // statistics (at most once a second); a transaction that touched no table has none to flush
    load.query("create table if not exists dropin_load (i int)")
        .execute()
        .await(30, TimeUnit.SECONDS);
    loadTimer =
        vertx.setPeriodic(
            20,
            id ->
                load.query("insert into dropin_load values (1)")
                    .execute()
                    .onSuccess(r -> commits.incrementAndGet()));
    leader =
        Agent.start(agentConfig(pg.primary()), vertx, Clock.systemUTC())
            .await(30, TimeUnit.SECONDS);
    replica =
        Agent.start(agentConfig(pg.replica()), vertx, Clock.systemUTC())
            .await(30, TimeUnit.SECONDS);
    leaderInstance = "127.0.0.1:" + leader.port();
    prometheus =
        PrometheusServer.start(
            binary, dir, prometheusConfig(leaderInstance, "127.0.0.1:" + replica.port()));
    long started = System.nanoTime();
    long commitsAtStart = commits.get();
    String stamped = COMMITS.formatted("pgvitals", leaderInstance);
    // irate over [1m] needs two stored samples (15 s apart); then WINDOW_SECONDS of 1 s points
    Wait.until(
        WINDOW_SECONDS + " s of irate points",
        Duration.ofSeconds(150),
        () ->
            value("count_over_time(irate(" + stamped + "[1m])[" + WINDOW_SECONDS + "s:1s])")
                >= WINDOW_SECONDS);
    clientRate = (commits.get() - commitsAtStart) / ((System.nanoTime() - started) / 1e9);
  }

  @AfterAll
  void stopEverything() throws Exception {
    if (vertx != null) {
      vertx.cancelTimer(loadTimer);
    }
    if (prometheus != null) {
      prometheus.close();
    }
    for (Agent a : new Agent[] {leader, replica}) {
      if (a != null) {
        a.close();
      }
    }
    if (load != null) {
      load.query("drop table if exists dropin_load").execute().await(30, TimeUnit.SECONDS);
      load.close().await(10, TimeUnit.SECONDS);
    }
    if (vertx != null) {
      vertx.close().await(10, TimeUnit.SECONDS);
    }
  }

  @Test
  void irateOfXactCommitIsNeverZeroWhileTransactionsCommitAtAOneSecondScrape() {
    String stamped = COMMITS.formatted("pgvitals", leaderInstance);
    String range = "[" + WINDOW_SECONDS + "s:1s]";
    double zeros = value("count_over_time((irate(" + stamped + "[1m]) == 0)" + range + ")");
    double min = value("min_over_time(irate(" + stamped + "[1m])" + range + ")");
    double max = value("max_over_time(irate(" + stamped + "[1m])" + range + ")");
    String plain = COMMITS.formatted("pgvitals_unstamped", leaderInstance);
    double plainPoints = value("count_over_time(irate(" + plain + "[1m])" + range + ")");
    double plainZeros = value("count_over_time((irate(" + plain + "[1m]) == 0)" + range + ")");
    double plainMax = value("max_over_time(irate(" + plain + "[1m])" + range + ")");
    System.err.printf(
        "[rates] client commits %.1f/s; with sample timestamps: irate min %.1f max %.1f, %.0f zero"
            + " points of %d; without (honor_timestamps: false): %.0f of %.0f points zero, max %.1f (%.1fx)%n",
        clientRate,
        min,
        max,
        zeros,
        WINDOW_SECONDS,
        plainZeros,
        plainPoints,
        plainMax,
        plainMax / clientRate);

    assertThat(zeros).as("irate points that are 0 while commits happen").isZero();
    // never below the client's own commits (the agents' own sampling transactions come on top)
    assertThat(min)
        .as("lowest irate vs the client's %.1f commits/s", clientRate)
        .isGreaterThan(clientRate * 0.5);
    assertThat(max)
        .as("highest irate vs the client's %.1f commits/s", clientRate)
        .isLessThan(clientRate * 3);
  }

  @Test
  void communityDashboardAndAlertExpressionsHaveDataUnlessPostgresExporterCouldNotFeedThemEither()
      throws IOException {
    Map<String, List<String>> sources = new LinkedHashMap<>();
    sources.put("postgres_mixin dashboard", mixinDashboardExpressions());
    sources.put("postgres_mixin alerts", mixinAlertExpressions());
    sources.put("awesome-prometheus-alerts", awesomeAlertExpressions());
    List<String> problems = new ArrayList<>();
    StringBuilder report = new StringBuilder();
    for (Map.Entry<String, List<String>> source : sources.entrySet()) {
      int fed = 0;
      List<String> excused = new ArrayList<>();
      for (String expr : source.getValue()) {
        QueryResult r = prometheus.query(expr);
        if (!r.success()) {
          problems.add(source.getKey() + ": error " + r.describe() + " in " + expr);
          continue;
        }
        Set<String> missing = new TreeSet<>();
        for (String name : PromqlNames.metricNames(expr)) {
          if (value("count(" + name + ")") == 0) {
            missing.add(name);
          }
        }
        if (missing.isEmpty()) {
          fed++;
        } else if (NOT_BY_DEFAULT.keySet().containsAll(missing)) {
          excused.add(
              missing.iterator().next()
                  + " ("
                  + NOT_BY_DEFAULT.get(missing.iterator().next())
                  + ")");
        } else {
          problems.add(source.getKey() + ": no series of " + missing + " for " + expr);
        }
      }
      report.append(
          String.format(
              "%n  %s: %d of %d expressions have data; without: %s",
              source.getKey(), fed, source.getValue().size(), excused));
    }
    System.err.println("[community]" + report);
    assertThat(problems).isEmpty();
  }

  // ---- the vendored expressions -----------------------------------------------------------------

  static List<String> mixinDashboardExpressions() {
    Map<String, String> values =
        Map.of(
            "db",
            ".*",
            "job",
            ".*",
            "instance",
            ".*",
            "__rate_interval",
            "1m",
            "interval",
            "1m",
            "datasource",
            "prometheus");
    return DashboardExpressions.panelQueriesOf(
            COMMUNITY.resolve("postgres_mixin/postgres-overview.json"), values)
        .stream()
        .map(PanelQuery::expr)
        .toList();
  }

  /**
   * The {@code expr} of every rule of postgres_mixin's alerts, with its config placeholders filled.
   */
  static List<String> mixinAlertExpressions() throws IOException {
    String text = Files.readString(COMMUNITY.resolve("postgres_mixin/postgres.libsonnet"));
    List<String> out = new ArrayList<>();
    Matcher m =
        Pattern.compile("expr: (?:\\|\\|\\|(.*?)\\|\\|\\||'(.*?)')", Pattern.DOTALL).matcher(text);
    while (m.find()) {
      String expr = m.group(1) != null ? m.group(1) : m.group(2);
      out.add(
          expr.replace("%(agg)s", "job, instance, server")
              .replace("%(aggWithoutServer)s", "job,instance")
              .replace("%(dbNameFilter)s", "datname!~\"template.*\"")
              .replace(", %(postgresExporterSelector)s", "")
              .replace("%(postgresExporterSelector)s", "")
              .strip());
    }
    return out;
  }

  /** The {@code expr} of every rule of awesome-prometheus-alerts' postgres_exporter rules. */
  static List<String> awesomeAlertExpressions() throws IOException {
    List<String> out = new ArrayList<>();
    Matcher m =
        Pattern.compile("^\\s+expr: '(.*)'\\s*$", Pattern.MULTILINE)
            .matcher(
                Files.readString(
                    COMMUNITY.resolve("awesome-prometheus-alerts/postgres-exporter.yml")));
    while (m.find()) {
      out.add(m.group(1).replace("''", "'"));
    }
    return out;
  }

  // ---- helpers
  // ------------------------------------------------------------------------------------

  /** The instant value of a query with at most one series, 0 when it returns none. */
  private double value(String promql) {
    QueryResult r = prometheus.query(promql);
    assertThat(r.success()).as(r.describe()).isTrue();
    return r.series().isEmpty()
        ? 0
        : Double.parseDouble(r.series().get(0).getJsonArray("value").getString(1));
  }

  static String prometheusConfig(String leader, String replica) {
    return """
        global:
          scrape_interval: 1s
          scrape_timeout: 1s
          evaluation_interval: 1s
        scrape_configs:
          - job_name: pgvitals
            static_configs:
              - targets: ['%1$s', '%2$s']
          - job_name: pgvitals_unstamped
            honor_timestamps: false
            static_configs:
              - targets: ['%1$s']
        """
        .formatted(leader, replica);
  }

  /** One node with the agent's default PostgreSQL intervals (statistics every 15 s). */
  static AgentConfig agentConfig(PgNode node) {
    return TestAgents.config()
        .pg(PgConfig.defaults().withPgUrl(node.monitorUrl()))
        .pgStatsInterval(PgStatsSampler.DEFAULT_INTERVAL)
        .build();
  }
}
