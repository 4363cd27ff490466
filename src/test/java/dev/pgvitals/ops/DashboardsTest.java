package dev.pgvitals.ops;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pgvitals.ops.DashboardExpressions.PanelQuery;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The Grafana dashboards in dashboards/ are provisioning-ready and query only documented metrics.
 */
class DashboardsTest {

  private static final Path DIR = RepoFiles.resolve("dashboards");
  private static final Map<String, String> UIDS =
      Map.of(
          "pgvitals-postgresql.json", "pgvitals-postgresql",
          "pgvitals-host.json", "pgvitals-host",
          "pgvitals-checks.json", "pgvitals-checks");
  private static final String DATASOURCE_REF = "${datasource}";

  /** Grafana 11.0 writes schemaVersion 39, 12.0 writes 41. */
  private static final int MIN_SCHEMA_VERSION = 39;

  private static JsonObject dashboard(String file) {
    return DashboardExpressions.read(DIR.resolve(file));
  }

  private static Optional<JsonObject> variable(JsonObject dashboard, String name) {
    return DashboardExpressions.variables(dashboard).stream()
        .filter(v -> name.equals(v.getString("name")))
        .findFirst();
  }

  private static List<PanelQuery> queries(String file) {
    return DashboardExpressions.panelQueriesOf(
        DIR.resolve(file), Map.of("instance", ".+", "datname", ".+"));
  }

  @Test
  void theDirectoryHoldsExactlyTheThreeDashboards() {
    assertThat(DashboardExpressions.dashboardFiles(DIR))
        .extracting(p -> p.getFileName().toString())
        .containsExactlyInAnyOrderElementsOf(UIDS.keySet());
  }

  @ParameterizedTest
  @ValueSource(strings = {"pgvitals-postgresql.json", "pgvitals-host.json", "pgvitals-checks.json"})
  void isAProvisioningReadyDashboardWithAFixedUid(String file) {
    JsonObject d = dashboard(file);

    assertThat(d.getString("uid")).isEqualTo(UIDS.get(file));
    assertThat(d.getString("title")).startsWith("pgvitals / ");
    assertThat(d.containsKey("__inputs"))
        .as("__inputs is for UI import, provisioning cannot fill it")
        .isFalse();
    assertThat(d.getValue("id")).as("id is assigned by Grafana").isNull();
    assertThat(d.getInteger("schemaVersion")).isGreaterThanOrEqualTo(MIN_SCHEMA_VERSION);
    assertThat(d.getJsonArray("tags").getList()).contains("pgvitals");
  }

  @ParameterizedTest
  @ValueSource(strings = {"pgvitals-postgresql.json", "pgvitals-host.json", "pgvitals-checks.json"})
  void hasADatasourceVariableAndAnInstanceVariableQueriedThroughIt(String file) {
    JsonObject d = dashboard(file);

    JsonObject ds =
        variable(d, "datasource")
            .orElseThrow(() -> new AssertionError(file + ": no datasource variable"));
    assertThat(ds.getString("type")).isEqualTo("datasource");
    assertThat(ds.getString("query")).isEqualTo("prometheus");

    JsonObject instance =
        variable(d, "instance")
            .orElseThrow(() -> new AssertionError(file + ": no instance variable"));
    assertThat(instance.getString("type")).isEqualTo("query");
    assertThat(instance.getJsonObject("datasource").getString("uid")).isEqualTo(DATASOURCE_REF);
    assertThat(instance.getBoolean("multi")).isTrue();
    assertThat(instance.getBoolean("includeAll")).isTrue();
    assertThat(instance.getString("allValue"))
        .as("All must be a regex, not a list of every value")
        .isEqualTo(".+");
    assertThat(DashboardExpressions.variables(d))
        .extracting(v -> v.getString("name"))
        .doesNotHaveDuplicates();
  }

  @ParameterizedTest
  @ValueSource(strings = {"pgvitals-postgresql.json", "pgvitals-host.json", "pgvitals-checks.json"})
  void aDashboardQueryingPerDatabaseFamiliesHasADatnameVariableAndFiltersByIt(String file) {
    JsonObject d = dashboard(file);
    List<PromqlNames.Selector> perDatabase = new ArrayList<>();
    for (PanelQuery q :
        DashboardExpressions.panelQueriesOf(
            DIR.resolve(file), Map.of("instance", ".+", "datname", ".+"))) {
      PromqlNames.scan(q.rawExpr()).selectors().stream()
          .filter(s -> DocumentedMetrics.WITH_DATNAME.contains(s.metric()))
          .forEach(perDatabase::add);
    }
    if (file.equals("pgvitals-checks.json")) {
      assertThat(perDatabase).as("the checks dashboard has nothing per database").isEmpty();
      return;
    }
    assertThat(perDatabase).isNotEmpty();
    JsonObject datname =
        variable(d, "datname")
            .orElseThrow(() -> new AssertionError(file + ": no datname variable"));
    assertThat(datname.getString("type")).isEqualTo("query");
    assertThat(datname.getJsonObject("datasource").getString("uid")).isEqualTo(DATASOURCE_REF);
    assertThat(datname.getBoolean("multi")).isTrue();
    assertThat(datname.getString("allValue")).isEqualTo(".+");
    assertThat(perDatabase)
        .allSatisfy(s -> assertThat(s.matchers()).contains("datname=~\"$datname\""));
  }

  @ParameterizedTest
  @ValueSource(strings = {"pgvitals-postgresql.json", "pgvitals-host.json", "pgvitals-checks.json"})
  void panelIdsAreUniqueAndPanelsFitTheGridWithoutOverlapping(String file) {
    List<JsonObject> panels = DashboardExpressions.panels(dashboard(file));

    assertThat(panels).isNotEmpty();
    assertThat(panels)
        .extracting(p -> p.getLong("id"))
        .doesNotContainNull()
        .doesNotHaveDuplicates();
    List<int[]> boxes = new ArrayList<>();
    for (JsonObject p : panels) {
      JsonObject g = p.getJsonObject("gridPos");
      int x = g.getInteger("x");
      int y = g.getInteger("y");
      int w = g.getInteger("w");
      int h = g.getInteger("h");
      assertThat(x).as("panel %s x", p.getValue("id")).isBetween(0, 23);
      assertThat(x + w).as("panel %s right edge", p.getValue("id")).isBetween(1, 24);
      assertThat(h).isPositive();
      for (int[] b : boxes) {
        boolean overlap = x < b[0] + b[2] && b[0] < x + w && y < b[1] + b[3] && b[1] < y + h;
        assertThat(overlap).as("panel %s overlaps panel %s", p.getValue("id"), b[4]).isFalse();
      }
      boxes.add(new int[] {x, y, w, h, p.getInteger("id")});
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"pgvitals-postgresql.json", "pgvitals-host.json", "pgvitals-checks.json"})
  void everyPanelAndTargetUsesTheDatasourceVariable(String file) {
    for (JsonObject p : DashboardExpressions.panels(dashboard(file))) {
      JsonObject ds = p.getJsonObject("datasource");
      assertThat(ds)
          .as("panel %s \"%s\" datasource", p.getValue("id"), p.getString("title"))
          .isNotNull();
      assertThat(ds.getString("uid"))
          .as("panel %s datasource uid", p.getValue("id"))
          .isEqualTo(DATASOURCE_REF);
      JsonArray targets = p.getJsonArray("targets", new JsonArray());
      for (int i = 0; i < targets.size(); i++) {
        JsonObject t = targets.getJsonObject(i);
        if (t.containsKey("datasource")) {
          assertThat(t.getJsonObject("datasource").getString("uid"))
              .as("panel %s target %s datasource uid", p.getValue("id"), t.getString("refId"))
              .isEqualTo(DATASOURCE_REF);
        }
      }
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"pgvitals-postgresql.json", "pgvitals-host.json", "pgvitals-checks.json"})
  void everyPanelExceptRowsHasATitleADescriptionAndQueriesWithDistinctRefIds(String file) {
    for (JsonObject p : DashboardExpressions.panels(dashboard(file))) {
      assertThat(p.getString("title")).as("panel %s title", p.getValue("id")).isNotBlank();
      if ("row".equals(p.getString("type"))) {
        continue;
      }
      assertThat(p.getString("description"))
          .as("panel %s description", p.getValue("id"))
          .isNotBlank();
      JsonArray targets = p.getJsonArray("targets", new JsonArray());
      assertThat(targets)
          .as("panel %s \"%s\" targets", p.getValue("id"), p.getString("title"))
          .isNotEmpty();
      Set<String> refIds = new HashSet<>();
      for (int i = 0; i < targets.size(); i++) {
        JsonObject t = targets.getJsonObject(i);
        assertThat(t.getString("expr")).as("panel %s expr", p.getValue("id")).isNotBlank();
        assertThat(refIds.add(t.getString("refId")))
            .as("panel %s refId %s repeated", p.getValue("id"), t.getString("refId"))
            .isTrue();
      }
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"pgvitals-postgresql.json", "pgvitals-host.json", "pgvitals-checks.json"})
  void everyExpressionUsesOnlyDocumentedMetricsAndLabels(String file) {
    for (PanelQuery q : queries(file)) {
      PromqlNames.Scan scan = PromqlNames.scan(q.expr());
      assertThat(scan.metricNames()).as("%s", q).isNotEmpty();
      assertThat(DocumentedMetrics.ALLOWED).as("metrics of %s", q).containsAll(scan.metricNames());
      assertThat(DocumentedMetrics.LABELS).as("labels of %s", q).containsAll(scan.labels());
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"pgvitals-postgresql.json", "pgvitals-host.json", "pgvitals-checks.json"})
  void everySelectorFiltersByTheInstanceVariable(String file) {
    for (PanelQuery q :
        DashboardExpressions.panelQueriesOf(
            DIR.resolve(file), Map.of("instance", ".+", "datname", ".+"))) {
      for (PromqlNames.Selector s : PromqlNames.scan(q.rawExpr()).selectors()) {
        assertThat(s.matchers())
            .as("%s selector %s", q, s.metric())
            .contains("instance=~\"$instance\"");
      }
    }
  }

  @Test
  void thePostgresqlDashboardShowsEveryPostgresqlFamilyButTheResetTimesAndTheConflictTotal() {
    Set<String> used = usedMetrics("pgvitals-postgresql.json");
    Set<String> expected = new TreeSet<>(DocumentedMetrics.POSTGRESQL);
    expected.removeAll(Set.of("pg_stat_database_stats_reset", "pg_stat_database_conflicts"));
    // shown under the name both exporters have (pg_replication_lag_seconds, the same value)
    expected.remove("pg_replication_lag");
    assertThat(used).containsAll(expected);
  }

  @Test
  void theHostDashboardShowsEveryHostFamily() {
    assertThat(usedMetrics("pgvitals-host.json")).containsAll(DocumentedMetrics.HOST);
  }

  @Test
  void theChecksDashboardShowsEveryAgentFamily() {
    assertThat(usedMetrics("pgvitals-checks.json")).containsAll(DocumentedMetrics.AGENT);
  }

  @Test
  void theChecksDashboardShowsTheRiskVerdictsAndTheReadingsBehindThem() {
    assertThat(usedMetrics("pgvitals-checks.json"))
        .contains(
            "pgvitals_risk_check_passing",
            "pgvitals_wraparound_xid_age",
            "pgvitals_wraparound_mxid_age",
            "pgvitals_slot_retained_wal_bytes",
            "pgvitals_archive_oldest_pending_age_seconds",
            "pgvitals_archive_failing",
            "pgvitals_oldest_transaction_age_seconds",
            "pgvitals_oldest_idle_in_transaction_age_seconds",
            "pgvitals_disk_full_forecast_seconds");
  }

  private static Set<String> usedMetrics(String file) {
    Set<String> used = new TreeSet<>();
    queries(file).forEach(q -> used.addAll(PromqlNames.metricNames(q.expr())));
    return used;
  }

  /**
   * promtool has no "check expression": every expression becomes a recording rule that promtool
   * parses.
   */
  @Test
  void everyExpressionIsValidPromqlForPromtool(@TempDir Path tmp)
      throws IOException, InterruptedException {
    Path promtool = ExternalTool.require("promtool", "apt-get install -y prometheus");
    List<PanelQuery> queries =
        DashboardExpressions.panelQueries(
            DIR,
            Map.of(
                "instance",
                DashboardExpressions.regexValue(List.of("db1:5500", "db2.example:5500")),
                "datname",
                ".+"));
    StringBuilder rules =
        new StringBuilder("groups:\n  - name: dashboard_expressions\n    rules:\n");
    for (PanelQuery q : queries) {
      String record =
          "dashboard:" + q.uid().replace('-', '_') + ":panel_" + q.panelId() + "_" + q.refId();
      rules
          .append("      - record: ")
          .append(record)
          .append('\n')
          .append("        expr: ")
          .append(Json.encode(q.expr())) // a JSON string is a YAML double-quoted scalar
          .append('\n');
    }
    Path file = tmp.resolve("dashboard-expressions.rules.yml");
    Files.writeString(file, rules);

    ExternalTool.Result result =
        ExternalTool.run(
            List.of(promtool.toString(), "check", "rules", file.toString()),
            tmp,
            Map.of(),
            Duration.ofSeconds(60));

    assertThat(result.exitCode()).as(result.output()).isZero();
    assertThat(result.output()).contains("SUCCESS: " + queries.size() + " rules found");
  }
}
