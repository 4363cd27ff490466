package dev.pgvitals.ops;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pgvitals.agent.Agent;
import dev.pgvitals.agent.TestAgents;
import dev.pgvitals.cli.Main;
import dev.pgvitals.config.AgentConfig;
import dev.pgvitals.testpg.Wait;
import io.vertx.core.Vertx;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The fleet views against a real Prometheus scraping two live agents every second: {@code checks
 * list}, {@code status} and {@code vm status} with {@code --prometheus} print what the same
 * commands print when they ask the agents. The agents run without PostgreSQL (their pg suite fails
 * with the same text on both sides, their role is unknown) on the agent tests' fixture /proc and a
 * host interval longer than the test, so every check text is fixed for its duration and the
 * comparison can be exact. Columns that cannot match: none in checks list and status (LAST UPDATED
 * is relative to the moment each command renders: the commands are rerun until both render within
 * the same second); vm status has no Recent Events and Recent Logs from Prometheus, so only its
 * Instance and Checks sections are compared.
 *
 * <p>Needs the {@code prometheus} binary (Debian package {@code prometheus}); skipped without it,
 * failed without it under CI.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class FleetViewsEndToEndTest {

  private static final Duration SCRAPE = Duration.ofSeconds(1);

  /** Longer than the test: one host sample at start, so the vm text never changes under it. */
  private static final Duration HOST_INTERVAL = Duration.ofMinutes(10);

  private static final Duration SETTLE = Duration.ofSeconds(20);

  private Vertx vertx;
  private Agent first;
  private Agent second;
  private PrometheusServer prometheus;

  @BeforeAll
  void startAgentsAndPrometheus(@TempDir Path dir) throws Exception {
    Path binary = ExternalTool.require("prometheus", "apt-get install -y prometheus");
    vertx = Vertx.vertx();
    first = Agent.start(config("6b97fa06"), vertx, Clock.systemUTC()).await(30, TimeUnit.SECONDS);
    second = Agent.start(config("da8141e7"), vertx, Clock.systemUTC()).await(30, TimeUnit.SECONDS);
    prometheus =
        PrometheusServer.start(
            binary,
            dir,
            """
        global:
          scrape_interval: 1s
          scrape_timeout: 1s
        scrape_configs:
          - job_name: pgvitals
            static_configs:
              - targets: ['%s', '%s']
        """
                .formatted(address(first), address(second)));
  }

  @AfterAll
  void stop() throws Exception {
    List<AutoCloseable> all = new ArrayList<>();
    all.add(
        () -> {
          if (prometheus != null) {
            prometheus.close();
          }
        });
    for (Agent a : new Agent[] {first, second}) {
      all.add(
          () -> {
            if (a != null) {
              a.close();
            }
          });
    }
    all.add(() -> vertx.close().await(10, TimeUnit.SECONDS));
    for (AutoCloseable c : all) {
      c.close();
    }
  }

  private static AgentConfig config(String id) {
    Path procRoot = Path.of("src/test/resources/agent/passing").toAbsolutePath();
    return TestAgents.config()
        .procRoot(procRoot.toString())
        .hostInterval(HOST_INTERVAL)
        .identity(TestAgents.flyIdentity(id))
        .build();
  }

  private static String address(Agent agent) {
    return "127.0.0.1:" + agent.port();
  }

  private String nodes() {
    return address(first) + "," + address(second); // id order, as Prometheus' nodes are listed
  }

  private String store() {
    return "http://127.0.0.1:" + prometheus.port();
  }

  record Run(int code, String out, String err) {}

  private static Run run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = Main.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
    return new Run(code, out.toString(), err.toString());
  }

  /**
   * Both runs, until they print the same (Prometheus has scraped the latest results, same second).
   */
  private Run[] sameAnswer(
      String what,
      java.util.function.Function<String, String> comparable,
      List<String> direct,
      List<String> fromPrometheus) {
    return Wait.untilValue(
        what + " from Prometheus equals the agents'",
        SETTLE,
        () ->
            new Run[] {
              run(direct.toArray(String[]::new)), run(fromPrometheus.toArray(String[]::new))
            },
        r ->
            r[0].code() == r[1].code()
                && r[0].err().equals(r[1].err())
                && comparable.apply(r[0].out()).equals(comparable.apply(r[1].out())));
  }

  @Test
  void checksListStatusAndVmStatusFromPrometheusEqualTheAgentsOwn() {
    long start = System.nanoTime();
    Run[] checks =
        sameAnswer(
            "checks list",
            s -> s,
            List.of("checks", "list", "--nodes", nodes()),
            List.of("checks", "list", "--prometheus", store(), "--app", "pg-app"));
    assertThat(checks[1].code()).isEqualTo(2); // the pg suites fail: no PostgreSQL
    assertThat(checks[1].out())
        .startsWith("Health Checks for pg-app\n")
        .contains("vm   passing  6b97fa06   iad    SCRIPT ")
        .contains("pg   critical da8141e7   iad    SCRIPT ");
    System.err.printf(
        "[fleet-e2e] checks list equal after %d ms:%n%s",
        (System.nanoTime() - start) / 1_000_000, checks[1].out());

    Run[] status =
        sameAnswer(
            "status",
            s -> s,
            List.of("status", "--nodes", nodes()),
            List.of("status", "--prometheus", store())); // without --app: every app, here the one
    assertThat(status[1].out())
        .contains("  Nodes   = 2\n")
        .contains(
            "6b97fa06 6       iad    run     running (unknown) 3 total, 1 passing, 2 critical 0");

    Run[] vm =
        sameAnswer(
            "vm status",
            FleetViewsEndToEndTest::instanceAndChecks,
            List.of("vm", "status", "da81", "--nodes", nodes()),
            List.of("vm", "status", "da81", "--prometheus", store()));
    assertThat(vm[0].out())
        .contains("pgvitals ")
        .contains("[HEALTHCHECK]"); // events and logs: agents only
    assertThat(vm[1].out())
        .contains("Recent Events\nTIMESTAMP TYPE MESSAGE\n\nChecks\n")
        .endsWith("Recent Logs\n");
  }

  @Test
  void aStoppedAgentTurnsUnreachableOnceItsScrapeFails(@TempDir Path ownDir) throws Exception {
    // a third agent of its own app, so the other test's nodes stay up
    Agent doomed =
        Agent.start(config("0e2c8a11"), vertx, Clock.systemUTC()).await(30, TimeUnit.SECONDS);
    String doomedAddress = address(doomed);
    try (PrometheusServer own =
        PrometheusServer.start(
            ExternalTool.require("prometheus", "apt-get install -y prometheus"),
            ownDir,
            """
            global:
              scrape_interval: 1s
              scrape_timeout: 1s
            scrape_configs:
              - job_name: pgvitals
                static_configs:
                  - targets: ['%s']
            """
                .formatted(doomedAddress))) {
      String url = "http://127.0.0.1:" + own.port();
      Wait.until(
          "the node in Prometheus",
          SETTLE,
          () -> run("status", "--prometheus", url).out().contains("0e2c8a11 6"));
      doomed.close();
      Run down =
          Wait.untilValue(
              "the node unreachable in Prometheus",
              SETTLE,
              () -> run("checks", "list", "--prometheus", url),
              r -> r.out().contains("Prometheus cannot scrape"));
      assertThat(down.code()).isEqualTo(2);
      assertThat(down.out())
          .contains("vm   critical 0e2c8a11   -      SCRIPT just now     Prometheus cannot scrape")
          .contains(doomedAddress);
      assertThat(run("status", "--prometheus", url).out())
          .contains("  Nodes   = 1 (1 unreachable)\n");
    }
  }

  /** vm status without its Recent Events and Recent Logs sections, which Prometheus cannot hold. */
  private static String instanceAndChecks(String vmStatus) {
    int events = vmStatus.indexOf("Recent Events\n");
    int checks = vmStatus.indexOf("\nChecks\n");
    int logs = vmStatus.indexOf("Recent Logs\n");
    if (events < 0 || checks < 0 || logs < 0) {
      return vmStatus;
    }
    return vmStatus.substring(0, events) + vmStatus.substring(checks + 1, logs);
  }
}
