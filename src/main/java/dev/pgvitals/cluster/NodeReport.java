package dev.pgvitals.cluster;

import dev.pgvitals.check.SuiteName;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What one node's agent serves at {@code /v1/node} and the cluster client reads: identity, the
 * latest result of each suite, recent events and recent {@code [HEALTHCHECK]} log lines.
 *
 * <p>A report the client makes for a node that did not answer has {@link #unreachable()} set to the
 * reason, the node's address as its id, and each suite {@code critical} with the reason as output
 * (see {@link #unreachable(String, String, String, Instant)}).
 *
 * <p>JSON shape ({@link #toJson()}; unknown fields are ignored when reading, times are RFC 3339
 * UTC):
 *
 * <pre>{@code
 * {"node": {"id": "da8141e7", "region": "iad", "app": "pg-app", "version": "6",
 *           "created": "2021-02-10T23:21:21Z", "restarts": 0, "role": "leader"},
 *  "checks": [{"name": "vm", "status": "passing", "output": "[✓] ...",
 *              "changed": "2021-02-19T22:54:35Z", "type": "SCRIPT"}, ...],
 *  "events": [{"time": "2021-02-10T23:21:49Z", "type": "Started", "message": "..."}],
 *  "logs": ["2021-02-19T22:54:35Z [info] [HEALTHCHECK] [vm: passing] ..."]}
 * }</pre>
 *
 * plus {@code "unreachable": "<reason>"} in a client-made report.
 *
 * @param identity who the node is
 * @param checks latest suite results; empty before the first evaluation
 * @param events recent events, oldest first; at most {@link #MAX_EVENTS} (the newest are kept)
 * @param logs recent {@code [HEALTHCHECK]} lines, oldest first; at most {@link #MAX_LOG_LINES}
 * @param unreachable null when the node answered, else why it did not
 */
public record NodeReport(
    NodeIdentity identity,
    List<CheckReport> checks,
    List<NodeEvent> events,
    List<String> logs,
    String unreachable) {

  /** The suites in the order the views show them. */
  public static final List<String> SUITES =
      List.of(SuiteName.VM.label(), SuiteName.PG.label(), SuiteName.ROLE.label());

  public static final int MAX_EVENTS = 50;

  /**
   * A bound for reading reports, not a target: an agent keeps an hour of lines, at most this many.
   */
  public static final int MAX_LOG_LINES = 2_000;

  /** Orders reports by node id, for a stable listing of DNS-discovered nodes. */
  public static final Comparator<NodeReport> BY_ID = Comparator.comparing(r -> r.identity().id());

  public NodeReport {
    Objects.requireNonNull(identity, "identity");
    checks = List.copyOf(checks);
    events = newest(events, MAX_EVENTS);
    logs = newest(logs, MAX_LOG_LINES);
  }

  /** A report from an agent that answered. */
  public static NodeReport of(
      NodeIdentity identity, List<CheckReport> checks, List<NodeEvent> events, List<String> logs) {
    return new NodeReport(identity, checks, events, logs, null);
  }

  /**
   * The client's report for a node that did not answer: id is the address it tried, region and
   * version {@code -}, and each of vm, pg and role critical with the reason as output.
   */
  public static NodeReport unreachable(String address, String app, String reason, Instant at) {
    Objects.requireNonNull(reason, "reason");
    NodeIdentity identity = new NodeIdentity(address, "-", app, "-", null, 0, null);
    List<CheckReport> checks = new ArrayList<>();
    for (String suite : SUITES) {
      checks.add(new CheckReport(suite, CheckStatus.CRITICAL, reason, at, CheckType.SCRIPT));
    }
    return new NodeReport(identity, checks, List.of(), List.of(), reason);
  }

  public boolean reachable() {
    return unreachable == null;
  }

  public Optional<CheckReport> check(String name) {
    return checks.stream().filter(c -> c.name().equals(name)).findFirst();
  }

  /** The checks with vm, pg and role first in that order, then any others as reported. */
  public List<CheckReport> checksInSuiteOrder() {
    List<CheckReport> ordered = new ArrayList<>(checks.size());
    for (String suite : SUITES) {
      check(suite).ifPresent(ordered::add);
    }
    for (CheckReport c : checks) {
      if (!SUITES.contains(c.name())) {
        ordered.add(c);
      }
    }
    return ordered;
  }

  /**
   * The node with this id, else the only node whose id starts with it; empty when none matches.
   *
   * @throws IllegalArgumentException (one line) when the prefix matches several nodes
   */
  public static Optional<NodeReport> find(List<NodeReport> nodes, String idOrPrefix) {
    for (NodeReport node : nodes) {
      if (node.identity().id().equals(idOrPrefix)) {
        return Optional.of(node);
      }
    }
    List<NodeReport> matches =
        nodes.stream().filter(n -> n.identity().id().startsWith(idOrPrefix)).toList();
    if (matches.size() > 1) {
      throw new IllegalArgumentException(
          "node id '"
              + idOrPrefix
              + "' is ambiguous: "
              + String.join(", ", matches.stream().map(n -> n.identity().id()).toList()));
    }
    return matches.stream().findFirst();
  }

  private static <T> List<T> newest(List<T> items, int max) {
    List<T> copy = List.copyOf(items);
    return copy.size() <= max ? copy : copy.subList(copy.size() - max, copy.size());
  }

  public JsonObject toJson() {
    JsonArray checkArray = new JsonArray();
    checks.forEach(c -> checkArray.add(c.toJson()));
    JsonArray eventArray = new JsonArray();
    events.forEach(e -> eventArray.add(e.toJson()));
    JsonObject json =
        new JsonObject()
            .put("node", identity.toJson())
            .put("checks", checkArray)
            .put("events", eventArray)
            .put("logs", new JsonArray(new ArrayList<>(logs)));
    if (unreachable != null) {
      json.put("unreachable", unreachable);
    }
    return json;
  }

  /** Reads a report; throws {@link ReportFormatException} with a one-line reason if invalid. */
  public static NodeReport fromJson(JsonObject json) {
    JsonFields fields = new JsonFields(json, "");
    return new NodeReport(
        NodeIdentity.fromJson(fields.requiredObject("node")),
        fields.objects("checks", false, (f, i) -> CheckReport.fromJson(f)),
        fields.objects("events", true, (f, i) -> NodeEvent.fromJson(f)),
        fields.strings("logs", true),
        fields.optionalString("unreachable"));
  }

  /** Parses JSON text; malformed text gives a {@link ReportFormatException} with one line. */
  public static NodeReport parse(String text) {
    JsonObject json = JsonFields.parseObject(text, "node report");
    try {
      return fromJson(json);
    } catch (ReportFormatException e) {
      throw new ReportFormatException("node report: " + e.getMessage());
    }
  }

  /** Encodes a list of reports as a JSON array (the client's {@code --json}). */
  public static JsonArray toJsonArray(List<NodeReport> reports) {
    JsonArray array = new JsonArray();
    reports.forEach(r -> array.add(r.toJson()));
    return array;
  }
}
