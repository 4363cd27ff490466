package dev.pgvitals.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** alerts/pgvitals.rules.yml: promtool-clean, unit-tested per rule, documented metrics only. */
class AlertRulesTest {

  private static final Path ALERTS = RepoFiles.resolve("alerts");
  private static final Path RULES = ALERTS.resolve("pgvitals.rules.yml");
  private static final Set<String> SEVERITIES = Set.of("critical", "warning");
  private static final Pattern DURATION = Pattern.compile("\\d+[smh]");

  private static Path promtool() {
    return ExternalTool.require("promtool", "apt-get install -y prometheus");
  }

  private static List<Map<String, Object>> alertRules() {
    List<Map<String, Object>> rules = new ArrayList<>();
    for (Object group : Yaml.list(Yaml.load(RULES), "groups")) {
      for (Object rule : Yaml.list(Yaml.map(group, "group"), "rules")) {
        rules.add(Yaml.map(rule, "rule"));
      }
    }
    return rules;
  }

  private static List<Path> testFiles() throws IOException {
    try (Stream<Path> files = Files.list(ALERTS.resolve("tests"))) {
      return files.filter(p -> p.getFileName().toString().endsWith(".test.yml")).sorted().toList();
    }
  }

  @Test
  void promtoolCheckRulesIsClean() throws IOException, InterruptedException {
    ExternalTool.Result result =
        ExternalTool.run(
            List.of(promtool().toString(), "check", "rules", RULES.toString()), RepoFiles.root());

    assertThat(result.exitCode()).as(result.output()).isZero();
    assertThat(result.output())
        .contains("SUCCESS: " + alertRules().size() + " rules found")
        .doesNotContainIgnoringCase("warning");
  }

  @Test
  void promtoolTestRulesIsGreen() throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of(promtool().toString(), "test", "rules"));
    testFiles().forEach(p -> command.add(p.toString()));

    ExternalTool.Result result =
        ExternalTool.run(command, RepoFiles.root(), Map.of(), Duration.ofSeconds(120));

    assertThat(result.exitCode()).as(result.output()).isZero();
    assertThat(result.output()).doesNotContain("FAILED");
  }

  /** The unit tests are worth something only if a changed rule makes them fail. */
  @Test
  void promtoolTestRulesFailsWhenARuleStopsFiring(@TempDir Path tmp)
      throws IOException, InterruptedException {
    Files.createDirectories(tmp.resolve("tests"));
    String rules = Files.readString(RULES);
    assertThat(rules).contains("expr: pg_up == 0");
    Files.writeString(
        tmp.resolve("pgvitals.rules.yml"), rules.replace("expr: pg_up == 0", "expr: pg_up == 2"));
    List<String> command = new ArrayList<>(List.of(promtool().toString(), "test", "rules"));
    for (Path test : testFiles()) {
      Path copy = tmp.resolve("tests").resolve(test.getFileName());
      Files.copy(test, copy);
      command.add(copy.toString());
    }

    ExternalTool.Result result = ExternalTool.run(command, tmp, Map.of(), Duration.ofSeconds(120));

    assertThat(result.exitCode()).isNotZero();
    assertThat(result.output()).contains("FAILED").contains("alertname: PostgresqlDown");
  }

  @Test
  void everyRuleIsAnAlertWithSeveritySummaryDescriptionAndAForDuration() {
    List<Map<String, Object>> rules = alertRules();
    assertThat(rules).hasSizeGreaterThanOrEqualTo(15);
    for (Map<String, Object> rule : rules) {
      String name = Yaml.string(rule, "alert");
      assertThat(Yaml.map(rule, "labels").get("severity")).as(name + " severity").isIn(SEVERITIES);
      Map<String, Object> annotations = Yaml.map(rule, "annotations");
      assertThat(Yaml.string(annotations, "summary")).as(name + " summary").isNotBlank();
      assertThat(Yaml.string(annotations, "description"))
          .as(name + " description")
          .isNotBlank()
          .endsWith(".");
      assertThat(Yaml.string(rule, "for"))
          .as(name + " for: one bad scrape must not page")
          .matches(DURATION);
    }
    assertThat(rules).extracting(r -> r.get("alert")).doesNotHaveDuplicates();
  }

  @Test
  void everyRuleUsesOnlyDocumentedMetricsAndLabels() {
    for (Map<String, Object> rule : alertRules()) {
      PromqlNames.Scan scan = PromqlNames.scan(Yaml.string(rule, "expr"));
      assertThat(scan.metricNames()).as(rule.get("alert") + " metrics").isNotEmpty();
      assertThat(DocumentedMetrics.ALLOWED)
          .as(rule.get("alert") + " metrics")
          .containsAll(scan.metricNames());
      assertThat(DocumentedMetrics.LABELS)
          .as(rule.get("alert") + " labels")
          .containsAll(scan.labels());
    }
  }

  @Test
  void theRulesCoverWhatTheOperatorsAskedFor() {
    Map<String, String> exprByAlert = new TreeMap<>();
    alertRules().forEach(r -> exprByAlert.put(Yaml.string(r, "alert"), Yaml.string(r, "expr")));
    assertThat(exprByAlert)
        .containsKeys(
            "PostgresqlDown",
            "PgvitalsCheckFailing",
            "PostgresqlNoLeader",
            "PostgresqlMultipleLeaders",
            "PostgresqlReplicationLagHigh",
            "PostgresqlReplicaDisconnected",
            "PostgresqlStandbyNotStreaming",
            "PostgresqlConnectionsNearMax",
            "HostDataPathLowSpace",
            "HostCpuPressure",
            "HostMemoryPressure",
            "HostIoPressure",
            "PgvitalsSamplerFailing",
            "PgvitalsSamplerStale",
            "PgvitalsAgentDown",
            "PostgresqlDatabaseGrowthWillFillDisk");
    assertThat(exprByAlert.get("PostgresqlDown")).contains("pg_up");
    assertThat(exprByAlert.get("PgvitalsAgentDown")).contains("up{");
    assertThat(exprByAlert.get("PostgresqlDatabaseGrowthWillFillDisk"))
        .contains("predict_linear(pg_database_size_bytes");
    assertThat(exprByAlert.get("HostDataPathLowSpace")).contains("< 0.10");
  }

  @Test
  void everyAlertHasAFiringAndASilentCaseInThePromtoolTests() throws IOException {
    Set<String> firing = new HashSet<>();
    Set<String> silent = new HashSet<>();
    for (Path file : testFiles()) {
      Map<String, Object> doc = Yaml.load(file);
      assertThat(Yaml.list(doc, "rule_files"))
          .as(file + " rule_files")
          .allSatisfy(
              rf ->
                  assertThat(file.getParent().resolve(String.valueOf(rf)).normalize())
                      .isEqualTo(RULES.normalize()));
      for (Object test : Yaml.list(doc, "tests")) {
        for (Object art : Yaml.listOrEmpty(Yaml.map(test, "test"), "alert_rule_test")) {
          Map<String, Object> check = Yaml.map(art, "alert_rule_test");
          String alert = Yaml.string(check, "alertname");
          if (Yaml.listOrEmpty(check, "exp_alerts").isEmpty()) {
            silent.add(alert);
          } else {
            firing.add(alert);
          }
        }
      }
    }
    List<String> alerts = alertRules().stream().map(r -> Yaml.string(r, "alert")).toList();
    assertThat(firing).as("alerts with a firing case").containsAll(alerts);
    assertThat(silent).as("alerts with a silent case").containsAll(alerts);
  }
}
