package dev.pgvitals.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class NodeReportJsonTest {

  @Test
  void reportRoundTripsThroughJsonText() {
    NodeReport report = Samples.leaderWithCpuPressure();
    assertThat(NodeReport.parse(report.toJson().encode())).isEqualTo(report);
  }

  @Test
  void unreachableReportRoundTrips() {
    NodeReport down =
        NodeReport.unreachable("10.0.0.1:5500", "pg", "connection refused", Samples.NOW);
    NodeReport back = NodeReport.parse(down.toJson().encode());
    assertThat(back).isEqualTo(down);
    assertThat(back.reachable()).isFalse();
  }

  @Test
  void gatheredReportsEncodeAsAnArrayInOrder() {
    List<NodeReport> reports = List.of(Samples.replica(), Samples.leader());
    io.vertx.core.json.JsonArray array = NodeReport.toJsonArray(reports);
    assertThat(array).hasSize(2);
    assertThat(NodeReport.fromJson(array.getJsonObject(0))).isEqualTo(reports.get(0));
    assertThat(NodeReport.fromJson(array.getJsonObject(1))).isEqualTo(reports.get(1));
  }

  @Test
  void encodesTheDocumentedShapeWithRfc3339UtcTimes() {
    NodeReport report =
        NodeReport.of(
            new NodeIdentity(
                "da8141e7",
                "iad",
                "pg-app",
                "6",
                Instant.parse("2021-02-10T23:21:21Z"),
                2,
                "leader"),
            List.of(
                new CheckReport(
                    "role",
                    CheckStatus.PASSING,
                    "leader",
                    Instant.parse("2021-02-15T22:49:38.250Z"),
                    CheckType.HTTP)),
            List.of(
                new NodeEvent(Instant.parse("2021-02-10T23:21:49Z"), "Started", "agent started")),
            List.of("line"));
    assertThat(report.toJson())
        .isEqualTo(
            new JsonObject(
                """
        {"node": {"id": "da8141e7", "region": "iad", "app": "pg-app", "version": "6",
                  "created": "2021-02-10T23:21:21Z", "restarts": 2, "role": "leader"},
         "checks": [{"name": "role", "status": "passing", "output": "leader",
                     "changed": "2021-02-15T22:49:38.250Z", "type": "HTTP"}],
         "events": [{"time": "2021-02-10T23:21:49Z", "type": "Started", "message": "agent started"}],
         "logs": ["line"]}
        """));
  }

  @Test
  void decodeIgnoresUnknownFieldsAndAcceptsOffsetsAndMissingOptionalLists() {
    NodeReport report =
        NodeReport.parse(
            """
        {"future": {"x": 1},
         "node": {"id": "abc", "region": "local", "app": "pg", "version": "0.1.0",
                  "restarts": 0, "colour": "blue"},
         "checks": [{"name": "vm", "status": "critical", "output": "x",
                     "changed": "2021-02-15T23:49:38+01:00", "type": "script", "extra": true}]}
        """);
    assertThat(report.identity().created()).isNull();
    assertThat(report.identity().role()).isNull();
    assertThat(report.checks().get(0).changed()).isEqualTo(Instant.parse("2021-02-15T22:49:38Z"));
    assertThat(report.checks().get(0).type()).isEqualTo(CheckType.SCRIPT);
    assertThat(report.events()).isEmpty();
    assertThat(report.logs()).isEmpty();
    assertThat(report.reachable()).isTrue();
  }

  private static String errorOf(String json) {
    Throwable t = catchThrowable(() -> NodeReport.parse(json));
    assertThat(t).isInstanceOf(ReportFormatException.class);
    assertThat(t.getMessage()).doesNotContain("\n");
    return t.getMessage();
  }

  @Test
  void malformedJsonGivesOneLineError() {
    assertThat(errorOf("{\"node\": {\"id\": \n\"x\",")).startsWith("node report: not valid JSON (");
    assertThat(errorOf("")).isEqualTo("node report: empty document");
    assertThat(errorOf("[1,2]")).isEqualTo("node report: expected a JSON object");
  }

  @Test
  void invalidFieldsAreNamedInTheError() {
    String node =
        "\"node\": {\"id\": \"a\", \"region\": \"r\", \"app\": \"p\", \"version\": \"1\", \"restarts\": 0}";
    assertThat(errorOf("{\"checks\": []}")).isEqualTo("node report: node: missing");
    assertThat(errorOf("{" + node + "}")).isEqualTo("node report: checks: missing");
    assertThat(
            errorOf(
                "{"
                    + node
                    + ", \"checks\": [{\"name\": \"vm\", \"status\": \"ok\", \"output\": \"\","
                    + " \"changed\": \"2021-02-15T22:49:38Z\", \"type\": \"SCRIPT\"}]}"))
        .isEqualTo(
            "node report: checks[0].status: unknown check status 'ok' (expected passing, warning or critical)");
    assertThat(
            errorOf(
                "{"
                    + node
                    + ", \"checks\": [{\"name\": \"vm\", \"status\": \"passing\", \"output\": \"\","
                    + " \"changed\": \"yesterday\", \"type\": \"SCRIPT\"}]}"))
        .isEqualTo("node report: checks[0].changed: not an RFC 3339 timestamp: 'yesterday'");
    assertThat(
            errorOf(
                "{\"node\": {\"id\": \"a\", \"region\": \"r\", \"app\": \"p\", \"version\": 1, \"restarts\": 0},"
                    + " \"checks\": []}"))
        .isEqualTo("node report: node.version: expected a string");
    assertThat(
            errorOf(
                "{\"node\": {\"id\": \"a\", \"region\": \"r\", \"app\": \"p\", \"version\": \"1\", \"restarts\": -1},"
                    + " \"checks\": []}"))
        .isEqualTo("node report: node.restarts: expected a non-negative integer");
    assertThat(errorOf("{" + node + ", \"checks\": [], \"logs\": [1]}"))
        .isEqualTo("node report: logs[0]: expected a string");
  }

  @Test
  void eventsAndLogsAreBoundedKeepingTheNewest() {
    List<NodeEvent> events = new ArrayList<>();
    List<String> logs = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      events.add(new NodeEvent(Samples.NOW.plusSeconds(i), "T", "event " + i));
    }
    int lines = NodeReport.MAX_LOG_LINES + 10;
    for (int i = 0; i < lines; i++) {
      logs.add("log " + i);
    }
    NodeReport report = NodeReport.of(Samples.leader().identity(), List.of(), events, logs);
    assertThat(report.events()).hasSize(NodeReport.MAX_EVENTS);
    assertThat(report.events().get(NodeReport.MAX_EVENTS - 1).message()).isEqualTo("event 199");
    assertThat(report.logs()).hasSize(NodeReport.MAX_LOG_LINES).endsWith("log " + (lines - 1));
  }

  @Test
  void checksAreShownInSuiteOrderWhateverOrderTheyCameIn() {
    NodeReport leader = Samples.leader();
    List<CheckReport> reversed = new ArrayList<>(leader.checks());
    java.util.Collections.reverse(reversed);
    NodeReport report = NodeReport.of(leader.identity(), reversed, List.of(), List.of());
    assertThat(report.checksInSuiteOrder())
        .extracting(CheckReport::name)
        .containsExactly("vm", "pg", "role");
  }

  @Test
  void findByIdOrUniquePrefix() {
    List<NodeReport> nodes = List.of(Samples.replica(), Samples.leader());
    assertThat(NodeReport.find(nodes, "da8141e7")).contains(nodes.get(1));
    assertThat(NodeReport.find(nodes, "6b9")).contains(nodes.get(0));
    assertThat(NodeReport.find(nodes, "ffff")).isEmpty();
    NodeReport other =
        NodeReport.of(
            new NodeIdentity("da000000", "iad", "pg", "6", null, 0, null),
            List.of(),
            List.of(),
            List.of());
    assertThat(catchThrowable(() -> NodeReport.find(List.of(nodes.get(1), other), "da")))
        .hasMessage("node id 'da' is ambiguous: da8141e7, da000000");
  }
}
