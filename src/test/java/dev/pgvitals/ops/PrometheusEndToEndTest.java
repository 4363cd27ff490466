package dev.pgvitals.ops;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pgvitals.agent.Agent;
import dev.pgvitals.agent.TestAgents;
import dev.pgvitals.config.AgentConfig;
import dev.pgvitals.ops.DashboardExpressions.PanelQuery;
import dev.pgvitals.ops.DashboardExpressions.VariableQuery;
import dev.pgvitals.ops.PrometheusServer.QueryResult;
import dev.pgvitals.postgres.PgConfig;
import dev.pgvitals.testpg.PgCluster;
import dev.pgvitals.testpg.PgClusters;
import dev.pgvitals.testpg.PgNode;
import dev.pgvitals.testpg.PgSql;
import dev.pgvitals.testpg.PgVersions;
import dev.pgvitals.testpg.Wait;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * End to end: a real Prometheus scrapes two in-process agents watching a real PostgreSQL primary
 * and streaming replica (the newest major of {@code -Dpg.majors}) every second and evaluates the
 * repository's alert rules every second; then every panel expression of every dashboard and every
 * alert expression is run against it.
 *
 * <p>Run alone: {@code mvn -B test -Dtest=PrometheusEndToEndTest}. Needs the {@code prometheus}
 * binary on PATH (Debian package {@code prometheus}); skipped without it, failed without it under
 * CI.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PrometheusEndToEndTest {

  /** Sampler, scrape and rule evaluation interval: short, so data appears within seconds. */
  private static final Duration INTERVAL = Duration.ofSeconds(1);

  /** What {@code $__rate_interval} becomes: several 1 s scrapes, as Grafana would pick. */
  private static final String RATE_INTERVAL = "15s";

  /** The second database the load writes to. */
  private static final String LOAD_DB = "pgvitals_e2e";

  private static final int MIN_SCRAPES = 5;

  /**
   * How long an empty panel may take to fill (a sample missed by one scrape is not a broken panel).
   */
  private static final Duration SETTLE = Duration.ofSeconds(15);

  private static final HttpClient HTTP =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(2))
          .build();

  private PgCluster pg;
  private Vertx vertx;
  private Agent leader;
  private Agent replica;
  private PrometheusServer prometheus;
  private String leaderInstance;
  private String replicaInstance;
  private Instant prometheusReady;
  private long clusterUpNanos;
  private int loadRounds;

  @BeforeAll
  void startPairAgentsAndPrometheus(@TempDir Path dir) throws Exception {
    Path binary = ExternalTool.require("prometheus", "apt-get install -y prometheus");
    int major = Collections.max(PgVersions.majorsUnderTest());
    pg = PgClusters.shared(major);
    clusterUpNanos = System.nanoTime();
    createLoadDatabase();

    vertx = Vertx.vertx();
    leader =
        Agent.start(agentConfig(pg.primary()), vertx, Clock.systemUTC())
            .await(30, TimeUnit.SECONDS);
    replica =
        Agent.start(agentConfig(pg.replica()), vertx, Clock.systemUTC())
            .await(30, TimeUnit.SECONDS);
    leaderInstance = "127.0.0.1:" + leader.port();
    replicaInstance = "127.0.0.1:" + replica.port();
    // A healthy pair before Prometheus looks: the replica's pg suite passes once it found its
    // leader.
    for (Agent a : List.of(leader, replica)) {
      for (String check : List.of("vm", "pg", "role")) {
        Wait.until(
            check + " check passes on :" + a.port(),
            Duration.ofSeconds(30),
            () -> agentGet(a, "/flycheck/" + check) == 200);
      }
    }

    prometheus = PrometheusServer.start(binary, dir, prometheusConfig());
    prometheusReady = Instant.now();
    // Counters must move between scrapes: write while waiting for the scrapes.
    long[] lastLoad = {0};
    Wait.until(
        MIN_SCRAPES + " scrapes of both agents",
        Duration.ofSeconds(45),
        () -> {
          if (System.nanoTime() - lastLoad[0] > 300_000_000L) {
            loadRound();
            lastLoad[0] = System.nanoTime();
          }
          return prometheus
                  .query("count_over_time(up{job=\"pgvitals\"}[1m]) >= " + MIN_SCRAPES)
                  .series()
                  .size()
              == 2;
        });
    System.err.printf(
        "[e2e] PostgreSQL %d pair, agents :%d (leader) :%d (replica), prometheus :%d; "
            + "%d scrapes each after %d ms (%d load rounds)%n",
        major,
        leader.port(),
        replica.port(),
        prometheus.port(),
        MIN_SCRAPES,
        (System.nanoTime() - clusterUpNanos) / 1_000_000,
        loadRounds);
  }

  @AfterAll
  void stopEverything() {
    List<Throwable> errors = new ArrayList<>();
    run(
        errors,
        () -> {
          if (prometheus != null) {
            prometheus.close();
          }
        });
    run(
        errors,
        () -> {
          if (leader != null) {
            leader.close();
          }
        });
    run(
        errors,
        () -> {
          if (replica != null) {
            replica.close();
          }
        });
    run(
        errors,
        () -> {
          if (vertx != null) {
            vertx.close().await(10, TimeUnit.SECONDS);
          }
        });
    run(
        errors,
        () -> {
          if (pg != null && !pg.isClosed()) {
            // Leave the shared cluster as other tests expect it.
            pg.primary().execute("drop database if exists " + LOAD_DB + " with (force)");
          }
        });
    if (clusterUpNanos != 0) {
      System.err.printf(
          "[e2e] done %d ms after the cluster was up%n",
          (System.nanoTime() - clusterUpNanos) / 1_000_000);
    }
    if (!errors.isEmpty()) {
      AssertionError e = new AssertionError("clean-up failed: " + errors);
      errors.forEach(e::addSuppressed);
      throw e;
    }
  }

  private interface Step {
    void run() throws Exception;
  }

  private static void run(List<Throwable> errors, Step step) {
    try {
      step.run();
    } catch (Exception | AssertionError e) {
      errors.add(e);
    }
  }

  // ---- the tests -------------------------------------------------------------------------------

  @Test
  void prometheusScrapesBothAgentsUnderJobPgvitals() {
    List<JsonObject> targets = prometheus.activeTargets();
    assertThat(targets)
        .as("active targets")
        .hasSize(2)
        .allSatisfy(
            t -> {
              assertThat(t.getJsonObject("labels").getString("job")).isEqualTo("pgvitals");
              assertThat(t.getString("health")).as(t.encode()).isEqualTo("up");
            });
    QueryResult up = prometheus.query("up{job=\"pgvitals\"} == 1");
    assertThat(labelValues(up, "instance"))
        .as(up.describe())
        .containsExactlyInAnyOrder(leaderInstance, replicaInstance);
  }

  @Test
  void dashboardVariablesOfferTheLiveInstancesAndDatabases() {
    Map<String, String> values = Map.of("instance", instanceValue());
    List<String> problems = new ArrayList<>();
    int checked = 0;
    for (Path file : DashboardExpressions.dashboardFiles(RepoFiles.resolve("dashboards"))) {
      for (VariableQuery v : DashboardExpressions.variableQueriesOf(file, values)) {
        String selector =
            v.seriesSelector().orElseThrow(() -> new AssertionError(v + ": no series selector"));
        Set<String> expected =
            switch (v.label()) {
              case "instance" -> Set.of(leaderInstance, replicaInstance);
              case "datname" -> Set.of("postgres", LOAD_DB);
              default ->
                  throw new AssertionError(
                      v + ": a variable this test does not know; give it values");
            };
        Set<String> offered = labelValues(prometheus.series(selector), v.label());
        if (!offered.containsAll(expected)) {
          problems.add(
              v.file()
                  + " $"
                  + v.name()
                  + " = "
                  + v.query()
                  + " offers "
                  + offered
                  + ", expected at least "
                  + expected);
        }
        checked++;
      }
    }
    assertThat(checked).as("variable queries").isGreaterThanOrEqualTo(5);
    assertThat(problems).as("dashboard variables without the live values").isEmpty();
  }

  @Test
  void everyPanelExpressionOfEveryDashboardReturnsASeries() {
    List<PanelQuery> queries = panelQueries();
    assertThat(queries).as("panel queries").hasSizeGreaterThan(50);
    Map<PanelQuery, QueryResult> failing = failingQueries(queries);
    long deadline = System.nanoTime() + SETTLE.toNanos();
    while (failing.values().stream().anyMatch(QueryResult::success)
        && System.nanoTime() - deadline < 0) {
      // Empty results get a few more scrapes: a sample that missed one scrape is not a broken
      // panel.
      awaitNextScrape();
      failing = failingQueries(new ArrayList<>(failing.keySet()));
    }
    List<String> report =
        failing.entrySet().stream()
            .map(
                e ->
                    e.getKey()
                        + "\n      -> "
                        + (e.getValue().success() ? "no series" : e.getValue().describe()))
            .toList();
    assertThat(report)
        .as("%d of %d panel queries without data on a healthy pair", report.size(), queries.size())
        .isEmpty();
  }

  @Test
  void panelsShowTheRolesAndTheLoad() {
    // The Role panel: 0 = leader, 1 = replica.
    Map<String, Double> role = valuesByInstance(panel("pgvitals-checks.json", "Role").expr());
    assertThat(role).containsEntry(leaderInstance, 0.0).containsEntry(replicaInstance, 1.0);
    Map<String, Double> pgUp =
        valuesByInstance(panel("pgvitals-postgresql.json", "PostgreSQL").expr());
    assertThat(pgUp).containsEntry(leaderInstance, 1.0).containsEntry(replicaInstance, 1.0);
    // The load's inserts reached the leader's statistics between scrapes.
    Map<String, Double> inserted =
        valuesByInstance(
            "sum by (instance) (increase(pg_stat_database_tup_inserted{datname=\""
                + LOAD_DB
                + "\"}[1m]))");
    assertThat(inserted.get(leaderInstance))
        .as("rows inserted on the leader in the last minute")
        .isPositive();
    // The leader reports its streaming standby; the replica reports a lag.
    QueryResult standbys = prometheus.query(panel("pgvitals-postgresql.json", "Standbys").expr());
    assertThat(labelValues(standbys, "instance"))
        .as(standbys.describe())
        .containsExactly(leaderInstance);
    assertThat(labelValues(standbys, "application_name"))
        .containsExactly(PgCluster.REPLICA_APPLICATION_NAME);
    assertThat(valuesByInstance(panel("pgvitals-postgresql.json", "Replication lag").expr()))
        .containsKeys(leaderInstance, replicaInstance);
  }

  @Test
  void everyAlertExpressionEvaluatesWithoutError() {
    List<Map<String, Object>> rules = alertRules();
    assertThat(rules).as("rules in alerts/pgvitals.rules.yml").isNotEmpty();
    List<String> errors = new ArrayList<>();
    for (Map<String, Object> rule : rules) {
      QueryResult r = prometheus.query(Yaml.string(rule, "expr"));
      if (!r.success()) {
        errors.add(Yaml.string(rule, "alert") + ": " + r.describe() + "\n      " + r.query());
      }
    }
    assertThat(errors).as("alert expressions Prometheus rejects").isEmpty();
  }

  @Test
  void prometheusLoadsEveryRuleAndEvaluatesItHealthyWithNothingFiringOnAHealthyPair() {
    Instant twoEvaluationsIn = prometheusReady.plus(INTERVAL.multipliedBy(2));
    List<JsonObject> loaded =
        Wait.untilValue(
            "every rule evaluated twice",
            Duration.ofSeconds(20),
            prometheus::rules,
            rules ->
                !rules.isEmpty()
                    && rules.stream()
                        .allMatch(
                            r ->
                                OffsetDateTime.parse(r.getString("lastEvaluation"))
                                    .toInstant()
                                    .isAfter(twoEvaluationsIn)));
    assertThat(loaded.stream().map(r -> r.getString("name")).toList())
        .as("rules Prometheus loaded")
        .containsExactlyInAnyOrderElementsOf(
            alertRules().stream().map(r -> Yaml.string(r, "alert")).toList());
    assertThat(
            loaded.stream()
                .filter(r -> !"ok".equals(r.getString("health")))
                .map(
                    r ->
                        r.getString("name")
                            + " "
                            + r.getString("health")
                            + ": "
                            + r.getString("lastError", "")))
        .as("rules that are not healthy")
        .isEmpty();
    assertThat(
            loaded.stream()
                .filter(r -> !"inactive".equals(r.getString("state")))
                .map(
                    r ->
                        r.getString("name")
                            + " is "
                            + r.getString("state")
                            + ": "
                            + r.getJsonArray("alerts")))
        .as("alerts pending or firing on a healthy pair")
        .isEmpty();
  }

  // ---- set-up --------------------------------------------------------------------------------

  private static AgentConfig agentConfig(PgNode node) {
    PgConfig pgConfig =
        PgConfig.defaults()
            .withPgUrl(node.monitorUrl())
            .withIntervals(INTERVAL, INTERVAL)
            .withConnectTimeout(Duration.ofSeconds(2));
    // Host side from the fixture /proc of the agent tests (PSI and load present on any machine).
    return TestAgents.config()
        .hostInterval(INTERVAL)
        .pg(pgConfig)
        .pgStatsInterval(INTERVAL)
        .pgSizesInterval(INTERVAL)
        .build();
  }

  private String prometheusConfig() {
    return """
                global:
                  scrape_interval: %1$s
                  scrape_timeout: %1$s
                  evaluation_interval: %1$s
                rule_files:
                  - '%2$s'
                scrape_configs:
                  - job_name: pgvitals
                    static_configs:
                      - targets: ['%3$s', '%4$s']
                """
        .formatted(
            INTERVAL.toSeconds() + "s",
            RepoFiles.resolve("alerts/pgvitals.rules.yml"),
            leaderInstance,
            replicaInstance);
  }

  private void createLoadDatabase() {
    if (pg.primary()
        .queryString("select count(*) from pg_database where datname = '" + LOAD_DB + "'")
        .equals("0")) {
      pg.primary().execute("create database " + LOAD_DB);
    }
    loadSql("create table if not exists load (id bigserial primary key, v text not null)");
  }

  /**
   * Inserts, updates, deletes and reads in the load database and rolls one transaction back in
   * postgres.
   */
  private void loadRound() {
    loadSql(
        "insert into load (v) select md5(g::text) from generate_series(1, 200) g;"
            + "update load set v = v || 'x' where id % 10 = 0;"
            + "delete from load where id % 7 = 0;"
            + "select count(*) from load");
    pg.primary()
        .execute(
            "begin; create temp table scratch (i int); insert into scratch values (1); rollback");
    loadRounds++;
  }

  private void loadSql(String sql) {
    PgSql.query(pg.primary().superuserOptions().setDatabase(LOAD_DB), sql, PgSql.DEFAULT_TIMEOUT);
  }

  private static int agentGet(Agent agent, String path) throws Exception {
    HttpRequest req =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + agent.port() + path))
            .timeout(Duration.ofSeconds(10))
            .build();
    return HTTP.send(req, HttpResponse.BodyHandlers.ofString()).statusCode();
  }

  // ---- helpers -------------------------------------------------------------------------------

  /** {@code $instance} as Grafana fills it with both nodes selected. */
  private String instanceValue() {
    return DashboardExpressions.regexValue(List.of(leaderInstance, replicaInstance));
  }

  private List<PanelQuery> panelQueries() {
    Map<String, String> values =
        Map.of(
            "instance", instanceValue(),
            "datname", DashboardExpressions.regexValue(List.of("postgres", LOAD_DB)),
            "__rate_interval", RATE_INTERVAL);
    return DashboardExpressions.panelQueries(RepoFiles.resolve("dashboards"), values);
  }

  private PanelQuery panel(String file, String title) {
    return panelQueries().stream()
        .filter(q -> q.file().equals(file) && q.panelTitle().equals(title))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no panel \"" + title + "\" in " + file));
  }

  /** The queries that return an error or no series, in the order given. */
  private Map<PanelQuery, QueryResult> failingQueries(List<PanelQuery> queries) {
    Map<PanelQuery, QueryResult> failing = new LinkedHashMap<>();
    for (PanelQuery q : queries) {
      QueryResult r = prometheus.query(q.expr());
      if (!r.success() || r.series().isEmpty()) {
        failing.put(q, r);
      }
    }
    return failing;
  }

  /** Waits for one more scrape of both agents (the newest {@code up} sample of each gets newer). */
  private void awaitNextScrape() {
    double before = newestUpTimestamp();
    Wait.until("one more scrape", Duration.ofSeconds(10), () -> newestUpTimestamp() > before);
  }

  private double newestUpTimestamp() {
    return prometheus.query("min(timestamp(up{job=\"pgvitals\"}))").series().stream()
        .mapToDouble(s -> Double.parseDouble(s.getJsonArray("value").getString(1)))
        .max()
        .orElse(0);
  }

  private Map<String, Double> valuesByInstance(String promql) {
    QueryResult r = prometheus.query(promql);
    assertThat(r.success()).as(r.describe()).isTrue();
    Map<String, Double> out = new LinkedHashMap<>();
    for (JsonObject s : r.series()) {
      out.put(
          s.getJsonObject("metric").getString("instance"),
          Double.parseDouble(s.getJsonArray("value").getString(1)));
    }
    return out;
  }

  private static Set<String> labelValues(QueryResult r, String label) {
    return labelValues(r.series().stream().map(s -> s.getJsonObject("metric")).toList(), label);
  }

  private static Set<String> labelValues(List<JsonObject> labelSets, String label) {
    Set<String> out = new TreeSet<>();
    for (JsonObject labels : labelSets) {
      String v = labels.getString(label);
      if (v != null) {
        out.add(v);
      }
    }
    return out;
  }

  private static List<Map<String, Object>> alertRules() {
    List<Map<String, Object>> rules = new ArrayList<>();
    for (Object group :
        Yaml.list(Yaml.load(RepoFiles.resolve("alerts/pgvitals.rules.yml")), "groups")) {
      for (Object rule : Yaml.list(Yaml.map(group, "group"), "rules")) {
        rules.add(Yaml.map(rule, "rule"));
      }
    }
    return rules;
  }
}
