package dev.pgvitals.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pgvitals.ops.DashboardExpressions.PanelQuery;
import dev.pgvitals.ops.DashboardExpressions.VariableQuery;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DashboardExpressionsTest {

  private static final String DASHBOARD =
      """
            {
              "uid": "t1",
              "templating": {"list": [
                {"type": "datasource", "name": "datasource", "query": "prometheus"},
                {"type": "query", "name": "instance",
                 "query": {"query": "label_values(pg_up, instance)", "refId": "V"}},
                {"type": "query", "name": "datname",
                 "query": "label_values(pg_stat_database_numbackends{instance=~\\"$instance\\"}, datname)"},
                {"type": "query", "name": "job", "query": "label_values(job)"}
              ]},
              "panels": [
                {"id": 1, "type": "timeseries", "title": "Commits",
                 "datasource": {"type": "prometheus", "uid": "${datasource}"},
                 "targets": [
                   {"refId": "A", "expr": "rate(pg_stat_database_xact_commit{instance=~\\"$instance\\", datname=~\\"${datname:regex}\\"}[$__rate_interval])"},
                   {"refId": "B", "expr": "pg_up{instance=~\\"[[instance]]\\"}", "instant": true},
                   {"refId": "C", "expr": "hidden_metric", "hide": true}
                 ]},
                {"id": 2, "type": "row", "title": "Collapsed", "collapsed": true, "panels": [
                  {"id": 3, "type": "stat", "title": "Nested",
                   "targets": [{"refId": "A", "expr": "max_over_time(pg_up[$__range]) * $__interval_ms"}]}
                ]},
                {"id": 4, "type": "text", "title": "Notes"}
              ]
            }
            """;

  @TempDir Path dir;

  private Path write(String name, String json) throws IOException {
    Path file = dir.resolve(name);
    Files.writeString(file, json);
    return file;
  }

  @Test
  void substitutesDashboardAndBuiltInVariablesInEveryVisibleTargetIncludingNestedRows()
      throws IOException {
    write("a.json", DASHBOARD);

    List<PanelQuery> queries =
        DashboardExpressions.panelQueries(dir, Map.of("instance", "db1:5500", "datname", ".+"));

    assertThat(queries)
        .extracting(PanelQuery::panelId, PanelQuery::refId, PanelQuery::expr, PanelQuery::instant)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(
                1L,
                "A",
                "rate(pg_stat_database_xact_commit{instance=~\"db1:5500\", datname=~\".+\"}[1m])",
                false),
            org.assertj.core.groups.Tuple.tuple(1L, "B", "pg_up{instance=~\"db1:5500\"}", true),
            org.assertj.core.groups.Tuple.tuple(
                3L, "A", "max_over_time(pg_up[1h]) * 15000", false));
    assertThat(queries.get(0).rawExpr()).contains("$__rate_interval");
    assertThat(queries.get(2).panelTitle()).isEqualTo("Nested");
    assertThat(queries)
        .allSatisfy(
            q -> {
              assertThat(q.file()).isEqualTo("a.json");
              assertThat(q.uid()).isEqualTo("t1");
            });
  }

  @Test
  void callerValuesOverrideBuiltInIntervals() throws IOException {
    Path file = write("a.json", DASHBOARD);

    List<PanelQuery> queries =
        DashboardExpressions.panelQueriesOf(
            file, Map.of("instance", ".+", "datname", ".+", "__rate_interval", "30s"));

    assertThat(queries.get(0).expr()).endsWith("[30s])");
  }

  @Test
  void aVariableWithoutValueIsAnErrorThatNamesItAndThePanel() throws IOException {
    Path file = write("a.json", DASHBOARD);

    assertThatThrownBy(() -> DashboardExpressions.panelQueriesOf(file, Map.of("instance", ".+")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("a.json panel 1 A")
        .hasMessageContaining("$datname");
  }

  @Test
  void variableQueriesAreSubstitutedAndSplitIntoSelectorAndLabel() throws IOException {
    Path file = write("a.json", DASHBOARD);

    List<VariableQuery> vars =
        DashboardExpressions.variableQueriesOf(file, Map.of("instance", "db1:5500"));

    assertThat(vars).extracting(VariableQuery::name).containsExactly("instance", "datname", "job");
    assertThat(vars.get(0).seriesSelector()).contains("pg_up");
    assertThat(vars.get(0).label()).isEqualTo("instance");
    assertThat(vars.get(1).seriesSelector())
        .contains("pg_stat_database_numbackends{instance=~\"db1:5500\"}");
    assertThat(vars.get(1).label()).isEqualTo("datname");
    assertThat(vars.get(2).seriesSelector()).isEmpty();
    assertThat(vars.get(2).label()).isEqualTo("job");
  }

  @Test
  void regexValueEscapesMetacharactersForARegexInsideAPromqlString() {
    assertThat(DashboardExpressions.regexValue(List.of("db1.example:5500", "[::1]:5500")))
        .isEqualTo("db1\\\\.example:5500|\\\\[::1\\\\]:5500");
    assertThatThrownBy(() -> DashboardExpressions.regexValue(List.of()))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void onlyJsonFilesAreDashboards() throws IOException {
    write("b.json", DASHBOARD);
    write("a.json", DASHBOARD);
    Files.createDirectory(dir.resolve("provisioning"));
    write("provisioning.yml", "apiVersion: 1");

    assertThat(DashboardExpressions.dashboardFiles(dir))
        .extracting(p -> p.getFileName().toString())
        .containsExactly("a.json", "b.json");
  }

  @Test
  void everyShippedDashboardExpressionSubstitutesWithTheDocumentedVariables() {
    List<PanelQuery> queries =
        DashboardExpressions.panelQueries(
            RepoFiles.resolve("dashboards"), Map.of("instance", ".+", "datname", ".+"));

    assertThat(queries).hasSizeGreaterThan(40);
    assertThat(queries)
        .allSatisfy(q -> assertThat(q.expr()).doesNotContain("$").doesNotContain("[["));
  }
}
