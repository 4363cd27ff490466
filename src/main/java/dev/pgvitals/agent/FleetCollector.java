package dev.pgvitals.agent;

import dev.pgvitals.cluster.CheckReport;
import dev.pgvitals.cluster.NodeIdentity;
import dev.pgvitals.cluster.NodeReport;
import dev.pgvitals.metrics.Family;
import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * The node report as series, so that {@code checks list}, {@code status} and {@code vm status} can
 * be rendered from a Prometheus that scrapes the agents (docs/fleet-views.md):
 *
 * <ul>
 *   <li>{@code pgvitals_node_info{node_id,node_region,node_app,node_version}} 1 — who the node is
 *       (the labels are prefixed because {@code app} and {@code region} are common target and
 *       external labels);
 *   <li>{@code pgvitals_node_created_timestamp_seconds} — PostgreSQL's postmaster start, else the
 *       agent's start (the CREATED column);
 *   <li>{@code pgvitals_node_restarts} — postmaster restarts the agent has seen;
 *   <li>{@code pgvitals_check_info{check,status,type,output}} 1 — each suite's status and text, the
 *       text cut to {@link #OUTPUT_MAX_CHARS} characters;
 *   <li>{@code pgvitals_check_last_change_timestamp_seconds{check}} — when that text or status last
 *       changed.
 * </ul>
 *
 * <p>The role is {@code pgvitals_role} ({@link CheckCollector}). The checks are the ones {@link
 * NodeApi#publishedReport()} gives: as of each suite's latest {@code [HEALTHCHECK]} line, so a new
 * {@code pgvitals_check_info} series appears at most once per log interval per suite (plus at every
 * change of status or of the set of failing checks), not at every new load reading. Series count: 1
 * + 2 + 2 per suite.
 */
public final class FleetCollector implements MultiCollector {

  /**
   * The longest {@code output} label, in characters (code points): at most 2,048 bytes of UTF-8,
   * within Mimir's default label-value limit. A longer text keeps its first 511 characters and ends
   * in {@code …}.
   */
  public static final int OUTPUT_MAX_CHARS = 512;

  private final Supplier<NodeReport> report;

  /**
   * @param report the node's report as published for Prometheus ({@link NodeApi#publishedReport()})
   */
  public FleetCollector(Supplier<NodeReport> report) {
    this.report = report;
  }

  @Override
  public MetricSnapshots collect() {
    NodeReport r = report.get();
    NodeIdentity id = r.identity();
    List<MetricSnapshot> out = new ArrayList<>();
    Family.gauge("pgvitals_node_info", "1, with the node's identity as the cluster views show it.")
        .add(
            1,
            "node_id",
            id.id(),
            "node_region",
            id.region(),
            "node_app",
            id.app(),
            "node_version",
            id.version())
        .addTo(out);
    if (id.created() != null) {
      Family.gauge(
              "pgvitals_node_created_timestamp_seconds",
              "When PostgreSQL's postmaster started, else when the agent started (Unix time).")
          .add(seconds(id.created()))
          .addTo(out);
    }
    Family.gauge(
            "pgvitals_node_restarts",
            "Times the agent saw PostgreSQL's postmaster start time change.")
        .add(id.restarts())
        .addTo(out);
    Family info =
        Family.gauge(
            "pgvitals_check_info",
            "1, with the suite's status, check type and output (cut to "
                + OUTPUT_MAX_CHARS
                + " characters) as of its latest [HEALTHCHECK] line.");
    Family changed =
        Family.gauge(
            "pgvitals_check_last_change_timestamp_seconds",
            "When the suite's status or output last changed (Unix time).");
    for (CheckReport c : r.checks()) {
      info.add(
          1,
          "check",
          c.name(),
          "status",
          c.status().label(),
          "type",
          c.type().name(),
          "output",
          truncate(c.output()));
      changed.add(seconds(c.changed()), "check", c.name());
    }
    info.addTo(out);
    changed.addTo(out);
    return new MetricSnapshots(out);
  }

  /**
   * {@code text} if at most {@link #OUTPUT_MAX_CHARS} code points, else its first 511 and {@code
   * …}.
   */
  public static String truncate(String text) {
    if (text.codePointCount(0, text.length()) <= OUTPUT_MAX_CHARS) {
      return text;
    }
    return text.substring(0, text.offsetByCodePoints(0, OUTPUT_MAX_CHARS - 1)) + "…";
  }

  private static double seconds(Instant t) {
    return t.toEpochMilli() / 1000.0;
  }
}
