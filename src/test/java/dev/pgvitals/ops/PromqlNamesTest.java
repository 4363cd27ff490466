package dev.pgvitals.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pgvitals.ops.PromqlNames.Selector;
import org.junit.jupiter.api.Test;

class PromqlNamesTest {

  @Test
  void plainSelectorIsAMetricName() {
    assertThat(PromqlNames.metricNames("pg_up")).containsExactly("pg_up");
    assertThat(PromqlNames.metricNames("pg_up == 0")).containsExactly("pg_up");
  }

  @Test
  void functionsAndAggregationsAreNotMetricNames() {
    assertThat(
            PromqlNames.metricNames(
                "sum by (instance) (rate(pg_stat_database_xact_commit{datname=~\"$datname\"}[$__rate_interval]))"))
        .containsExactly("pg_stat_database_xact_commit");
    assertThat(PromqlNames.metricNames("time() - pg_postmaster_start_time_seconds"))
        .containsExactly("pg_postmaster_start_time_seconds");
    assertThat(PromqlNames.metricNames("topk (5, node_load1)")).containsExactly("node_load1");
    assertThat(
            PromqlNames.metricNames(
                "sum without (cpu) (node_cpu_seconds_total) + max by(instance) (node_load1)"))
        .containsExactly("node_cpu_seconds_total", "node_load1");
    assertThat(PromqlNames.metricNames("by_metric + without_metric"))
        .containsExactly("by_metric", "without_metric");
  }

  @Test
  void groupingClauseLabelsAreLabelsNotMetrics() {
    PromqlNames.Scan scan =
        PromqlNames.scan(
            "sum by (instance, mode) (rate(node_cpu_seconds_total{mode!=\"idle\"}[5m])) / on (instance) group_left () "
                + "count without (cpu) (node_cpu_seconds_total{mode=\"idle\"})");
    assertThat(scan.metricNames()).containsExactly("node_cpu_seconds_total");
    assertThat(scan.labels()).containsExactlyInAnyOrder("instance", "mode", "cpu");
  }

  @Test
  void setOperatorsKeywordsNumbersAndDurationsAreSkipped() {
    assertThat(
            PromqlNames.metricNames(
                "a_metric > bool 1e3 and b_metric offset 5m or c_metric unless d_metric > 0x1F + 2.5e-3 + Inf"))
        .containsExactly("a_metric", "b_metric", "c_metric", "d_metric");
    assertThat(PromqlNames.metricNames("predict_linear(x_bytes[6h:5m], 86400) * 1h30m"))
        .containsExactly("x_bytes");
  }

  @Test
  void stringsAreSkippedEvenWhenTheyLookLikeNamesOrBraces() {
    PromqlNames.Scan scan =
        PromqlNames.scan(
            "label_replace(pg_up{server=\"a}b\", job=~\"pg_up_fake|x\"}, \"node\", \"$1\", \"instance\", \"(.*):.*\")");
    assertThat(scan.metricNames()).containsExactly("pg_up");
    assertThat(scan.labels()).containsExactlyInAnyOrder("server", "job");
  }

  @Test
  void selectorsKeepTheirMatchersText() {
    assertThat(PromqlNames.scan("up{job=~\"pgvitals.*\"} == 0 or {__name__=\"pg_up\"}").selectors())
        .containsExactly(
            new Selector("up", "job=~\"pgvitals.*\""), new Selector(null, "__name__=\"pg_up\""));
  }

  @Test
  void recordingRuleStyleNamesWithColonsAreMetricNames() {
    assertThat(PromqlNames.metricNames("instance:node_cpu:rate5m > 0.5"))
        .containsExactly("instance:node_cpu:rate5m");
  }

  @Test
  void unbalancedExpressionIsRejected() {
    assertThatThrownBy(() -> PromqlNames.scan("pg_up{instance=\"x}"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("unterminated");
    assertThatThrownBy(() -> PromqlNames.scan("sum by (instance (pg_up)"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("unbalanced");
  }
}
