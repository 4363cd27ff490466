package dev.pgvitals.fleet;

import dev.pgvitals.cluster.CheckReport;
import dev.pgvitals.cluster.CheckStatus;
import dev.pgvitals.cluster.CheckType;
import dev.pgvitals.cluster.NodeIdentity;
import dev.pgvitals.cluster.NodeReport;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Turns the answers of the {@link FleetQueries} into the same {@link NodeReport}s the agents serve
 * at {@code /v1/node}, grouped by app. Pure: the clock is an argument.
 *
 * <p>A target (job, instance) is a node. Its identity comes from {@code pgvitals_node_info},
 * CREATED from {@code pgvitals_node_created_timestamp_seconds}, RESTARTS from {@code
 * pgvitals_node_restarts}, the role from the {@code pgvitals_role} series whose value is 1, each
 * check from {@code pgvitals_check_info} and {@code pgvitals_check_last_change_timestamp_seconds}.
 * A node known from the look-back but without a current {@code pgvitals_node_info} is unreachable
 * (its {@code up} says whether Prometheus fails to scrape it or has lost it). Events and log lines
 * are not in Prometheus: those lists are empty.
 */
public final class FleetMapper {

  private FleetMapper() {}

  /** Everything one target exposes. */
  private static final class Target {
    final String instance;
    PromSeries known;
    PromSeries info;
    Double up;
    Double created;
    Double restarts;
    String role;
    final Map<String, PromSeries> checks = new LinkedHashMap<>();
    final Map<String, Double> changed = new LinkedHashMap<>();

    Target(String instance) {
      this.instance = instance;
    }
  }

  /**
   * @param known the answer of {@link FleetQueries#known}
   * @param current the answer of {@link FleetQueries#current}
   * @param now stamps the checks of unreachable nodes
   * @return the apps in name order, each with its nodes in id order; a node id seen on several
   *     targets (one agent scraped by two jobs) is listed once, reachable first
   */
  public static List<FleetApp> map(List<PromSeries> known, List<PromSeries> current, Instant now) {
    Map<String, Target> targets = new TreeMap<>();
    for (PromSeries s : known) {
      Target t = targets.computeIfAbsent(key(s), k -> new Target(s.label("instance")));
      if (t.known == null || compare(s, t.known) < 0) {
        t.known = s; // several identities within the look-back (a relabelled node): a stable choice
      }
    }
    for (PromSeries s : current) {
      Target t = targets.get(key(s));
      if (t == null) {
        continue; // the query joins on the known targets; anything else is not ours
      }
      switch (s.name()) {
        case "up" -> t.up = s.value();
        case "pgvitals_node_info" -> {
          if (t.info == null) {
            t.info = s;
          }
        }
        case "pgvitals_node_created_timestamp_seconds" -> t.created = s.value();
        case "pgvitals_node_restarts" -> t.restarts = s.value();
        case "pgvitals_role" -> {
          if (s.value() == 1) {
            t.role = s.label("role");
          }
        }
        case "pgvitals_check_info" -> t.checks.putIfAbsent(s.label("check"), s);
        case "pgvitals_check_last_change_timestamp_seconds" ->
            t.changed.putIfAbsent(s.label("check"), s.value());
        default -> {}
      }
    }
    List<NodeReport> reports = new ArrayList<>();
    for (Target t : targets.values()) {
      reports.add(report(t, now));
    }
    reports.sort(NodeReport.BY_ID.thenComparing(r -> r.reachable() ? 0 : 1));
    Map<String, List<NodeReport>> byApp = new TreeMap<>();
    Set<String> seen = new LinkedHashSet<>();
    for (NodeReport r : reports) {
      if (seen.add(r.identity().app() + "\0" + r.identity().id())) {
        byApp.computeIfAbsent(r.identity().app(), a -> new ArrayList<>()).add(r);
      }
    }
    List<FleetApp> apps = new ArrayList<>();
    byApp.forEach((app, nodes) -> apps.add(new FleetApp(app, nodes)));
    return apps;
  }

  private static NodeReport report(Target t, Instant now) {
    PromSeries who = t.info != null ? t.info : t.known;
    String id = orElse(who.label("node_id"), t.instance);
    String app = orElse(who.label("node_app"), NodeIdentity.DEFAULT_APP);
    if (t.info == null) {
      String reason =
          t.up != null && t.up == 0
              ? "Prometheus cannot scrape " + t.instance + " (up 0)"
              : "no current series from " + t.instance + " in Prometheus";
      return NodeReport.unreachable(id, app, reason, now);
    }
    NodeIdentity identity =
        new NodeIdentity(
            id,
            orElse(who.label("node_region"), "-"),
            app,
            orElse(who.label("node_version"), "-"),
            t.created == null || t.created.isNaN() ? null : instant(t.created),
            t.restarts == null || !(t.restarts >= 0)
                ? 0
                : (int) Math.min(Integer.MAX_VALUE, t.restarts),
            t.role);
    List<CheckReport> checks = new ArrayList<>();
    for (Map.Entry<String, PromSeries> e : t.checks.entrySet()) {
      PromSeries s = e.getValue();
      Double changed = t.changed.get(e.getKey());
      try {
        checks.add(
            new CheckReport(
                e.getKey(),
                CheckStatus.parse(s.label("status")),
                s.label("output"),
                changed == null || changed.isNaN() ? now : instant(changed),
                CheckType.parse(s.label("type"))));
      } catch (IllegalArgumentException invalid) {
        return NodeReport.unreachable(
            id,
            app,
            "invalid pgvitals_check_info{check=\""
                + e.getKey()
                + "\"} from "
                + t.instance
                + ": "
                + invalid.getMessage(),
            now);
      }
    }
    checks.sort(Comparator.comparingInt(FleetMapper::suiteRank).thenComparing(CheckReport::name));
    return NodeReport.of(identity, checks, List.of(), List.of());
  }

  private static int suiteRank(CheckReport c) {
    int i = NodeReport.SUITES.indexOf(c.name());
    return i < 0 ? NodeReport.SUITES.size() : i;
  }

  private static String key(PromSeries s) {
    return s.label("job") + "\0" + s.label("instance");
  }

  private static int compare(PromSeries a, PromSeries b) {
    return new TreeMap<>(a.labels()).toString().compareTo(new TreeMap<>(b.labels()).toString());
  }

  private static Instant instant(double seconds) {
    return Instant.ofEpochMilli(Math.round(seconds * 1000));
  }

  private static String orElse(String value, String fallback) {
    return value == null || value.isEmpty() ? fallback : value;
  }
}
