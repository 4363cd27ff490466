package dev.pgvitals.fleet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pgvitals.cluster.NodeReport;
import dev.pgvitals.views.ChecksListRenderer;
import dev.pgvitals.views.StatusRenderer;
import dev.pgvitals.views.VmStatusRenderer;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Prometheus answers, written by hand as the HTTP API returns them, mapped to node reports and
 * rendered by the views' own renderers: the text must be what the agents' /v1/node would give.
 */
public class FleetMapperTest {

  static final Instant NOW = Instant.parse("2021-02-19T22:55:47Z");

  /**
   * {@code last_over_time(pgvitals_node_info[15m])}: two nodes of pg-app, one of other-app, one
   * gone.
   */
  public static final String KNOWN =
      """
      {"status":"success","data":{"resultType":"vector","result":[
        {"metric":{"job":"pgvitals","instance":"10.0.0.5:5500","node_id":"da8141e7","node_region":"iad","node_app":"pg-app","node_version":"6"},"value":[1613775347,"1"]},
        {"metric":{"job":"pgvitals","instance":"10.0.0.6:5500","node_id":"6b97fa06","node_region":"iad","node_app":"pg-app","node_version":"6"},"value":[1613775347,"1"]},
        {"metric":{"job":"pgvitals","instance":"10.0.0.7:5500","node_id":"0e2c8a11","node_region":"ams","node_app":"pg-app","node_version":"6"},"value":[1613775347,"1"]},
        {"metric":{"job":"other","instance":"10.1.0.5:5500","node_id":"77aa0b3c","node_region":"ams","node_app":"other-app","node_version":"7"},"value":[1613775347,"1"]}
      ]}}
      """;

  /** {@code {__name__=~"up|pgvitals_…"} and on(job, instance) last_over_time(…)}. */
  public static final String CURRENT =
      """
      {"status":"success","data":{"resultType":"vector","result":[
        {"metric":{"__name__":"up","job":"pgvitals","instance":"10.0.0.5:5500"},"value":[1613775347,"1"]},
        {"metric":{"__name__":"pgvitals_node_info","job":"pgvitals","instance":"10.0.0.5:5500","node_id":"da8141e7","node_region":"iad","node_app":"pg-app","node_version":"6"},"value":[1613775347,"1"]},
        {"metric":{"__name__":"pgvitals_node_created_timestamp_seconds","job":"pgvitals","instance":"10.0.0.5:5500"},"value":[1613775347,"1612999909.25"]},
        {"metric":{"__name__":"pgvitals_node_restarts","job":"pgvitals","instance":"10.0.0.5:5500"},"value":[1613775347,"0"]},
        {"metric":{"__name__":"pgvitals_role","job":"pgvitals","instance":"10.0.0.5:5500","role":"leader"},"value":[1613775347,"1"]},
        {"metric":{"__name__":"pgvitals_role","job":"pgvitals","instance":"10.0.0.5:5500","role":"replica"},"value":[1613775347,"0"]},
        {"metric":{"__name__":"pgvitals_check_info","job":"pgvitals","instance":"10.0.0.5:5500","check":"role","status":"passing","type":"SCRIPT","output":"leader"},"value":[1613775347,"1"]},
        {"metric":{"__name__":"pgvitals_check_info","job":"pgvitals","instance":"10.0.0.5:5500","check":"vm","status":"passing","type":"SCRIPT","output":"[✓] 20.68 GB (84.5%) free space on /data/\\n[✓] load averages: 0.29 0.35 0.50\\n"},"value":[1613775347,"1"]},
        {"metric":{"__name__":"pgvitals_check_info","job":"pgvitals","instance":"10.0.0.5:5500","check":"pg","status":"passing","type":"SCRIPT","output":"[✓] replication: currently leader\\n[✓] connections: 7 used, 3 reserved, 100 max\\n"},"value":[1613775347,"1"]},
        {"metric":{"__name__":"pgvitals_check_last_change_timestamp_seconds","job":"pgvitals","instance":"10.0.0.5:5500","check":"vm"},"value":[1613775347,"1613775275"]},
        {"metric":{"__name__":"pgvitals_check_last_change_timestamp_seconds","job":"pgvitals","instance":"10.0.0.5:5500","check":"pg"},"value":[1613775347,"1613775335.5"]},
        {"metric":{"__name__":"pgvitals_check_last_change_timestamp_seconds","job":"pgvitals","instance":"10.0.0.5:5500","check":"role"},"value":[1613775347,"1613000000"]},

        {"metric":{"__name__":"up","job":"pgvitals","instance":"10.0.0.6:5500"},"value":[1613775347,"1"]},
        {"metric":{"__name__":"pgvitals_node_info","job":"pgvitals","instance":"10.0.0.6:5500","node_id":"6b97fa06","node_region":"iad","node_app":"pg-app","node_version":"6"},"value":[1613775347,"1"]},
        {"metric":{"__name__":"pgvitals_node_created_timestamp_seconds","job":"pgvitals","instance":"10.0.0.6:5500"},"value":[1613775347,"1613000109"]},
        {"metric":{"__name__":"pgvitals_node_restarts","job":"pgvitals","instance":"10.0.0.6:5500"},"value":[1613775347,"2"]},
        {"metric":{"__name__":"pgvitals_role","job":"pgvitals","instance":"10.0.0.6:5500","role":"leader"},"value":[1613775347,"0"]},
        {"metric":{"__name__":"pgvitals_role","job":"pgvitals","instance":"10.0.0.6:5500","role":"replica"},"value":[1613775347,"1"]},
        {"metric":{"__name__":"pgvitals_check_info","job":"pgvitals","instance":"10.0.0.6:5500","check":"vm","status":"critical","type":"SCRIPT","output":"[✗] system spent 3.2s of the last 10 seconds waiting for cpu\\n[✓] 20.53 GB (83.9%) free space on /data/\\n"},"value":[1613775347,"1"]},
        {"metric":{"__name__":"pgvitals_check_info","job":"pgvitals","instance":"10.0.0.6:5500","check":"pg","status":"passing","type":"SCRIPT","output":"[✓] leader check: [fdaa:0:33:a7b:ab8:0:c24:2]:5433 connected\\n[✓] replication lag: 246µs\\n"},"value":[1613775347,"1"]},
        {"metric":{"__name__":"pgvitals_check_info","job":"pgvitals","instance":"10.0.0.6:5500","check":"role","status":"passing","type":"SCRIPT","output":"replica"},"value":[1613775347,"1"]},
        {"metric":{"__name__":"pgvitals_check_last_change_timestamp_seconds","job":"pgvitals","instance":"10.0.0.6:5500","check":"vm"},"value":[1613775347,"1613775346.2"]},
        {"metric":{"__name__":"pgvitals_check_last_change_timestamp_seconds","job":"pgvitals","instance":"10.0.0.6:5500","check":"pg"},"value":[1613775347,"1613771000"]},
        {"metric":{"__name__":"pgvitals_check_last_change_timestamp_seconds","job":"pgvitals","instance":"10.0.0.6:5500","check":"role"},"value":[1613775347,"1613000000"]},

        {"metric":{"__name__":"up","job":"pgvitals","instance":"10.0.0.7:5500"},"value":[1613775347,"0"]},

        {"metric":{"__name__":"up","job":"other","instance":"10.1.0.5:5500"},"value":[1613775347,"1"]},
        {"metric":{"__name__":"pgvitals_node_info","job":"other","instance":"10.1.0.5:5500","node_id":"77aa0b3c","node_region":"ams","node_app":"other-app","node_version":"7"},"value":[1613775347,"1"]},
        {"metric":{"__name__":"pgvitals_node_created_timestamp_seconds","job":"other","instance":"10.1.0.5:5500"},"value":[1613775347,"1613775000"]},
        {"metric":{"__name__":"pgvitals_node_restarts","job":"other","instance":"10.1.0.5:5500"},"value":[1613775347,"0"]}
      ]}}
      """;

  static List<FleetApp> fleet() {
    return FleetMapper.map(PromSeries.parseVector(KNOWN), PromSeries.parseVector(CURRENT), NOW);
  }

  static FleetApp app(String name) {
    return fleet().stream().filter(a -> a.app().equals(name)).findFirst().orElseThrow();
  }

  @Test
  void appsInNameOrderEachWithItsNodesInIdOrder() {
    List<FleetApp> apps = fleet();
    assertThat(apps).extracting(FleetApp::app).containsExactly("other-app", "pg-app");
    assertThat(app("pg-app").nodes())
        .extracting(n -> n.identity().id())
        .containsExactly("0e2c8a11", "6b97fa06", "da8141e7");
  }

  @Test
  void checksListIsTheAgentsTableWithTheGoneNodeUnreachable() {
    FleetApp pgApp = app("pg-app");
    assertThat(ChecksListRenderer.render(pgApp.app(), pgApp.nodes(), NOW))
        .isEqualTo(
            """
        Health Checks for pg-app
        NAME STATUS   ALLOCATION REGION TYPE   LAST UPDATED         OUTPUT
        vm   critical 0e2c8a11   -      SCRIPT just now             Prometheus cannot scrape
                                                                    10.0.0.7:5500 (up 0)
        pg   critical 0e2c8a11   -      SCRIPT just now             Prometheus cannot scrape
                                                                    10.0.0.7:5500 (up 0)
        role critical 0e2c8a11   -      SCRIPT just now             Prometheus cannot scrape
                                                                    10.0.0.7:5500 (up 0)
        vm   critical 6b97fa06   iad    SCRIPT just now             [✗] system spent 3.2s of the
                                                                    last 10 seconds waiting for
                                                                    cpu [✓] 20.53 GB (83.9%) free
                                                                    space on /data/
        pg   passing  6b97fa06   iad    SCRIPT 1h12m ago            [✓] leader check:
                                                                    [fdaa:0:33:a7b:ab8:0:c24:2]:5433
                                                                    connected [✓] replication lag:
                                                                    246µs
        role passing  6b97fa06   iad    SCRIPT 2021-02-10T23:33:20Z replica
        vm   passing  da8141e7   iad    SCRIPT 1m12s ago            [✓] 20.68 GB (84.5%) free
                                                                    space on /data/ [✓] load
                                                                    averages: 0.29 0.35 0.50
        pg   passing  da8141e7   iad    SCRIPT 11s ago              [✓] replication: currently
                                                                    leader [✓] connections: 7
                                                                    used, 3 reserved, 100 max
        role passing  da8141e7   iad    SCRIPT 2021-02-10T23:33:20Z leader
        """);
  }

  @Test
  void statusShowsRolesRestartsAndCreatedFromTheirSeries() {
    FleetApp pgApp = app("pg-app");
    assertThat(StatusRenderer.render(pgApp.app(), pgApp.nodes()))
        .isEqualTo(
            """
        App
          Name    = pg-app
          Nodes   = 3 (1 unreachable)
          Leader  = da8141e7
          Version = 6

        Instances
        ID       VERSION REGION DESIRED STATUS            HEALTH CHECKS                  RESTARTS CREATED
        0e2c8a11 -       -      run     unreachable       3 total, 3 critical            -        -
        6b97fa06 6       iad    run     running (replica) 3 total, 2 passing, 1 critical 2        2021-02-10T23:35:09Z
        da8141e7 6       iad    run     running (leader)  3 total, 3 passing             0        2021-02-10T23:31:49Z
        """);
  }

  @Test
  void aNodeWithIdentityButNoResultsYetIsStarting() {
    FleetApp other = app("other-app");
    assertThat(StatusRenderer.render(other.app(), other.nodes()))
        .contains("77aa0b3c 7       ams    run     running (starting) 0 total");
  }

  @Test
  void vmStatusHasNoEventsOrLogsFromPrometheus() {
    NodeReport leader = NodeReport.find(app("pg-app").nodes(), "da81").orElseThrow();
    assertThat(VmStatusRenderer.render(leader))
        .isEqualTo(
            """
        Instance
          ID            = da8141e7
          Version       = 6
          Region        = iad
          Desired       = run
          Status        = running (leader)
          Health Checks = 3 total, 3 passing
          Restarts      = 0
          Created       = 2021-02-10T23:31:49Z

        Recent Events
        TIMESTAMP TYPE MESSAGE

        Checks
        ID   SERVICE STATE   OUTPUT
        vm   app     passing [✓] 20.68 GB (84.5%) free space on /data/
                             [✓] load averages: 0.29 0.35 0.50

        pg   app     passing [✓] replication: currently leader
                             [✓] connections: 7 used, 3 reserved, 100 max

        role app     passing leader


        Recent Logs
        """);
  }

  @Test
  void aTargetThatLostItsSeriesButIsStillUpSaysSo() {
    String known =
        """
        {"status":"success","data":{"resultType":"vector","result":[
          {"metric":{"job":"pgvitals","instance":"10.0.0.5:5500","node_id":"da8141e7","node_region":"iad","node_app":"pg-app","node_version":"6"},"value":[1613775347,"1"]}]}}
        """;
    List<FleetApp> apps = FleetMapper.map(PromSeries.parseVector(known), List.of(), NOW);
    assertThat(apps)
        .singleElement()
        .satisfies(
            a ->
                assertThat(a.nodes())
                    .singleElement()
                    .satisfies(
                        n ->
                            assertThat(n.unreachable())
                                .isEqualTo("no current series from 10.0.0.5:5500 in Prometheus")));
  }

  @Test
  void oneAgentScrapedByTwoJobsIsListedOnce() {
    String twice =
        KNOWN.replace(
            "{\"metric\":{\"job\":\"other\"",
            "{\"metric\":{\"job\":\"pgvitals-copy\",\"instance\":\"10.0.0.5:5500\",\"node_id\":\"da8141e7\",\"node_app\":\"pg-app\"},\"value\":[1,\"1\"]},\n"
                + "{\"metric\":{\"job\":\"other\"");
    List<FleetApp> apps =
        FleetMapper.map(PromSeries.parseVector(twice), PromSeries.parseVector(CURRENT), NOW);
    FleetApp pgApp = apps.stream().filter(a -> a.app().equals("pg-app")).findFirst().orElseThrow();
    assertThat(pgApp.nodes())
        .extracting(n -> n.identity().id())
        .containsExactly("0e2c8a11", "6b97fa06", "da8141e7");
    assertThat(pgApp.nodes().get(2).reachable()).isTrue();
  }

  @Test
  void anInvalidStatusLabelMakesThatNodeUnreachableWithTheReason() {
    String bad =
        CURRENT.replace(
            "\"check\":\"role\",\"status\":\"passing\",\"type\":\"SCRIPT\",\"output\":\"leader\"",
            "\"check\":\"role\",\"status\":\"ok\",\"type\":\"SCRIPT\",\"output\":\"leader\"");
    NodeReport leader =
        NodeReport.find(
                FleetMapper.map(PromSeries.parseVector(KNOWN), PromSeries.parseVector(bad), NOW)
                    .get(1)
                    .nodes(),
                "da81")
            .orElseThrow();
    assertThat(leader.unreachable())
        .isEqualTo(
            "invalid pgvitals_check_info{check=\"role\"} from 10.0.0.5:5500: "
                + "unknown check status 'ok' (expected passing, warning or critical)");
  }

  @Test
  void queriesSelectOneAppWithItsNameEscaped() {
    assertThat(FleetQueries.known(Optional.empty()))
        .isEqualTo("last_over_time(pgvitals_node_info[15m])");
    assertThat(FleetQueries.known(Optional.of("pg-app")))
        .isEqualTo("last_over_time(pgvitals_node_info{node_app=\"pg-app\"}[15m])");
    assertThat(FleetQueries.current(Optional.of("a\"b\\c")))
        .isEqualTo(
            "{__name__=~\"up|pgvitals_node_info|pgvitals_node_created_timestamp_seconds|pgvitals_node_restarts"
                + "|pgvitals_check_info|pgvitals_check_last_change_timestamp_seconds|pgvitals_role\"}"
                + " and on(job, instance) last_over_time(pgvitals_node_info{node_app=\"a\\\"b\\\\c\"}[15m])");
  }

  @Test
  void answersThatAreNotAVectorAreOneLineErrors() {
    assertThatThrownBy(() -> PromSeries.parseVector("<html>502</html>"))
        .hasMessage("not a JSON object");
    assertThatThrownBy(
            () ->
                PromSeries.parseVector(
                    """
        {"status":"error","errorType":"bad_data","error":"invalid parameter \\"query\\": 1:2: parse error\\nmore"}"""))
        .hasMessage("query failed: bad_data: invalid parameter \"query\": 1:2: parse error");
    assertThatThrownBy(
            () ->
                PromSeries.parseVector(
                    """
        {"status":"success","data":{"resultType":"matrix","result":[]}}"""))
        .hasMessage("resultType matrix, expected vector");
    assertThatThrownBy(
            () ->
                PromSeries.parseVector(
                    """
        {"status":"success","data":{"resultType":"vector","result":[{"metric":{},"value":[1,"x"]}]}}"""))
        .hasMessage("data.result[0].value: not a number");
    assertThat(
            PromSeries.parseVector(
                    """
        {"status":"success","data":{"resultType":"vector","result":[{"metric":{"a":"b"},"value":[1,"NaN"]}]}}""")
                .get(0)
                .value())
        .isNaN();
  }
}
