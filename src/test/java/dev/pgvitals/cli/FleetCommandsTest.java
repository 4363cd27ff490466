package dev.pgvitals.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pgvitals.fleet.FleetMapperTest;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code --prometheus} on the command line: what may be combined, the exit codes, one-line errors
 * without credentials. The store is a real HTTP server answering FleetMapperTest's hand-written
 * answers (an unknown app gets empty vectors). The end-to-end test against a real Prometheus is
 * ops.FleetViewsEndToEndTest.
 */
class FleetCommandsTest {

  static Vertx vertx;
  static HttpServer store;

  @BeforeAll
  static void startStore() throws Exception {
    vertx = Vertx.vertx();
    store =
        vertx
            .createHttpServer()
            .requestHandler(
                req -> {
                  String query = req.getParam("query");
                  String body;
                  if (query.contains("nobody")) {
                    body =
                        "{\"status\":\"success\",\"data\":{\"resultType\":\"vector\",\"result\":[]}}";
                  } else if (query.startsWith("last_over_time")) {
                    body = FleetMapperTest.KNOWN;
                  } else {
                    body = FleetMapperTest.CURRENT;
                  }
                  req.response().putHeader("Content-Type", "application/json").end(body);
                })
            .listen(0, "127.0.0.1")
            .await(10, TimeUnit.SECONDS);
  }

  @AfterAll
  static void stop() throws Exception {
    vertx.close().await(10, TimeUnit.SECONDS);
  }

  static String url() {
    return "http://127.0.0.1:" + store.actualPort();
  }

  @Test
  void statusWithoutAppPrintsEveryAppAndExits2OnTheCriticalNode() {
    MainTest.Run r = MainTest.run("status", "--prometheus", url());
    assertThat(r.code()).as(r.err()).isEqualTo(2);
    assertThat(r.err()).isEmpty();
    assertThat(r.out())
        .startsWith("App\n  Name    = other-app\n")
        .contains("\n\nApp\n  Name    = pg-app\n")
        .contains(
            "6b97fa06 6       iad    run     running (replica) 3 total, 2 passing, 1 critical 2");
  }

  @Test
  void checksListOfOneAppAsksForThatAppOnly() {
    MainTest.Run r = MainTest.run("checks", "list", "--prometheus", url(), "--app", "nobody");
    assertThat(r.code()).isEqualTo(1);
    assertThat(r.err().lines())
        .singleElement()
        .isEqualTo(
            "pgvitals: Prometheus at "
                + url()
                + " has no pgvitals_node_info series of app 'nobody' within the last 15m (does it scrape the agents?)");
  }

  @Test
  void withAppOnlyThatAppIsPrintedEvenWhenTheStoreAnswersMore() {
    // the stub answers every app whatever the query; a real store filters by node_app already
    MainTest.Run r = MainTest.run("checks", "list", "--prometheus", url(), "--app", "pg-app");
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.out())
        .startsWith("Health Checks for pg-app\n")
        .doesNotContain("other-app")
        .doesNotContain("77aa0b3c");
  }

  @Test
  void vmStatusFindsTheNodeAmongAllApps() {
    MainTest.Run r = MainTest.run("vm", "status", "77aa", "--prometheus", url());
    assertThat(r.code()).isEqualTo(2); // no check results yet
    assertThat(r.out())
        .contains("  ID            = 77aa0b3c\n")
        .contains("Status        = running (starting)");
  }

  @Test
  void jsonIsEveryNodeOfEveryApp() {
    MainTest.Run r = MainTest.run("status", "--prometheus", url(), "--json");
    assertThat(new io.vertx.core.json.JsonArray(r.out())).hasSize(4);
  }

  @Test
  void anUnreachableStoreIsOneLineWithoutTheCredentialsAndExit1() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = s.getLocalPort();
    }
    MainTest.Run r =
        MainTest.run("checks", "list", "--prometheus", "http://me:hunter2@127.0.0.1:" + port);
    assertThat(r.code()).isEqualTo(1);
    assertThat(r.err().lines())
        .singleElement()
        .asString()
        .startsWith("pgvitals: Prometheus at http://127.0.0.1:" + port + ": Connection refused")
        .doesNotContain("hunter2");
  }

  @Test
  void prometheusWithNodesOrForUsersIsAUsageError() {
    ClientUsageTest.assertUsageError(
        MainTest.run("status", "--prometheus", url(), "--nodes", "a:1"),
        "either --prometheus or --nodes");
    ClientUsageTest.assertUsageError(
        MainTest.run("users", "list", "--prometheus", url()),
        "--prometheus works with checks list, status and vm status");
    ClientUsageTest.assertUsageError(
        MainTest.run("status", "--prometheus", "prometheus:9090"),
        "--prometheus: expected http://");
  }
}
