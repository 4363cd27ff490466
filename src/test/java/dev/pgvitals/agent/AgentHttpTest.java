package dev.pgvitals.agent;

import static dev.pgvitals.agent.AgentTest.call;
import static org.assertj.core.api.Assertions.assertThat;

import dev.pgvitals.config.AgentConfig;
import dev.pgvitals.metrics.Exposition;
import io.vertx.core.Vertx;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The agent's HTTP side, end to end on a real port: a host sampler reading a fixture /proc tree
 * (PSI and load) and the real machine (CPU, memory, disk), the vm suite, /metrics.
 */
class AgentHttpTest {

  static Vertx vertx;
  static Agent passing;
  static Agent failing;

  static AgentConfig config(String fixture) {
    Path root = Path.of("src/test/resources/agent", fixture).toAbsolutePath();
    return TestAgents.config().procRoot(root.toString()).build();
  }

  @BeforeAll
  static void start() throws Exception {
    vertx = Vertx.vertx();
    passing = Agent.start(config("passing"), vertx, Clock.systemUTC()).await(30, TimeUnit.SECONDS);
    failing = Agent.start(config("failing"), vertx, Clock.systemUTC()).await(30, TimeUnit.SECONDS);
  }

  @AfterAll
  static void stop() throws Exception {
    passing.close().await(10, TimeUnit.SECONDS);
    failing.close().await(10, TimeUnit.SECONDS);
    vertx.close().await(10, TimeUnit.SECONDS);
  }

  @Test
  void vmSuitePassesWith200AndSeedText() throws Exception {
    HttpResponse<String> r = call(passing, "GET", "/flycheck/vm");
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.headers().firstValue("content-type")).hasValue("text/plain; charset=utf-8");
    assertThat(r.body().split("\n", -1)).hasSize(6).endsWith("");
    assertThat(r.body())
        .startsWith("[✓] ")
        .contains("%) free space on /\n")
        .contains("[✓] load averages: 0.29 0.35 0.50\n")
        .contains("[✓] memory: 0.9s waiting over the last 60s\n")
        .contains("[✓] cpu: 1.5s waiting over the last 60s\n")
        .contains("[✓] io: 0.1s waiting over the last 60s\n");
  }

  @Test
  void vmSuiteFailsWith500AndFailureFirst() throws Exception {
    HttpResponse<String> r = call(failing, "GET", "/flycheck/vm");
    assertThat(r.statusCode()).isEqualTo(500);
    assertThat(r.body())
        .startsWith("[✗] system spent 3.2s of the last 10 seconds waiting for cpu\n[✓] ");
  }

  @Test
  void formatParameterSwitchesToFrameworkText() throws Exception {
    HttpResponse<String> r = call(failing, "GET", "/flycheck/vm?format=framework");
    assertThat(r.statusCode()).isEqualTo(500);
    String[] lines = r.body().split("\n", -1);
    assertThat(lines).hasSize(5);
    assertThat(r.body()).doesNotEndWith("\n");
    assertThat(lines[0]).matches("\\[✓] checkDisk: .* free space on / \\(.+\\)");
    assertThat(lines[3])
        .matches("\\[✗] cpu: system spent 3\\.19s of the last 10 seconds waiting on cpu \\(.+\\)");
  }

  @Test
  void unknownFormatIs400WithReason() throws Exception {
    HttpResponse<String> r = call(passing, "GET", "/flycheck/vm?format=xml");
    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(r.body()).isEqualTo("unknown check format 'xml' (expected seed or framework)\n");
  }

  @Test
  void headAnswersStatusAndLengthWithoutBody() throws Exception {
    HttpResponse<String> get = call(passing, "GET", "/flycheck/vm");
    HttpResponse<String> head = call(passing, "HEAD", "/flycheck/vm");
    assertThat(head.statusCode()).isEqualTo(200);
    assertThat(head.body()).isEmpty();
    assertThat(head.headers().firstValueAsLong("content-length").orElse(-1))
        .isEqualTo(get.body().getBytes(java.nio.charset.StandardCharsets.UTF_8).length);
    assertThat(call(failing, "HEAD", "/flycheck/vm").statusCode()).isEqualTo(500);
  }

  @Test
  void unknownPathIs404AndOtherMethodsAre405() throws Exception {
    HttpResponse<String> notFound = call(passing, "GET", "/nope");
    assertThat(notFound.statusCode()).isEqualTo(404);
    assertThat(notFound.body()).isEqualTo("not found: /nope\n");
    HttpResponse<String> post = call(passing, "POST", "/metrics");
    assertThat(post.statusCode()).isEqualTo(405);
    assertThat(post.headers().firstValue("allow")).hasValue("GET, HEAD");
    assertThat(post.body()).startsWith("method not allowed: POST");
  }

  @Test
  void pgSuiteWithoutPostgresConfiguredIs500WithOneLine() throws Exception {
    HttpResponse<String> r = call(passing, "GET", "/flycheck/pg");
    assertThat(r.statusCode()).isEqualTo(500);
    assertThat(r.body().lines()).hasSize(1);
  }

  @Test
  void landingPageListsEndpointsForABrowser() throws Exception {
    // "/" is Patroni's primary check: a browser gets the list, with the check's status (503: no
    // PostgreSQL)
    HttpResponse<String> r =
        call(passing, "GET", "/", "Accept", "text/html,application/xhtml+xml,*/*;q=0.8");
    assertThat(r.statusCode()).isEqualTo(503);
    assertThat(r.headers().firstValue("content-type")).hasValue("text/html; charset=utf-8");
    assertThat(r.body())
        .contains(
            "href=\"/metrics\"",
            "href=\"/flycheck/vm\"",
            "href=\"/flycheck/pg\"",
            "href=\"/flycheck/role\"");
  }

  @Test
  void metricsIsValidExpositionWithHostSelfAndCheckFamilies() throws Exception {
    HttpResponse<String> r = call(failing, "GET", "/metrics");
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.headers().firstValue("content-type"))
        .hasValue("text/plain; version=0.0.4; charset=utf-8");
    Exposition e = Exposition.parse(r.body());

    assertThat(e.family("node_load1").type()).isEqualTo("gauge");
    assertThat(e.family("node_load1").value()).isEqualTo(0.29);
    assertThat(e.family("node_load15").value()).isEqualTo(0.50);
    assertThat(e.family("node_pressure_cpu_waiting_seconds_total").type()).isEqualTo("counter");
    assertThat(e.family("node_pressure_cpu_waiting_seconds_total").value()).isEqualTo(34.999659);
    // node_exporter divides µs by 1000 twice, which gives 1.9796980000000002 here; so does pgvitals
    assertThat(e.family("node_pressure_io_stalled_seconds_total").value())
        .isEqualTo(1979698 / 1000.0 / 1000.0);
    assertThat(e.family("node_pressure_memory_stalled_seconds_total").value()).isEqualTo(0.765432);
    assertThat(e.has("node_pressure_cpu_stalled_seconds_total")).isFalse();
    assertThat(e.family("node_memory_MemTotal_bytes").value()).isPositive();
    assertThat(e.family("node_memory_MemAvailable_bytes").value()).isPositive();
    Exposition.Family avail = e.family("node_filesystem_avail_bytes");
    assertThat(avail.samples()).hasSize(1);
    assertThat(avail.samples().get(0).labels())
        .containsOnlyKeys("mountpoint", "fstype", "device")
        .containsEntry("mountpoint", "/");
    assertThat(e.family("node_filesystem_size_bytes").value("mountpoint", "/"))
        .isGreaterThanOrEqualTo(avail.value());
    Exposition.Family cpu = e.family("node_cpu_seconds_total");
    assertThat(cpu.type()).isEqualTo("counter");
    assertThat(cpu.where("cpu", "0").stream().map(s -> s.label("mode")))
        .containsExactlyInAnyOrder(
            "user", "nice", "system", "idle", "iowait", "irq", "softirq", "steal");
    assertThat(cpu.value("cpu", "0", "mode", "idle")).isPositive();

    assertThat(e.family("pgvitals_sample_success").value("sampler", "host")).isEqualTo(1);
    assertThat(e.family("pgvitals_sample_duration_seconds").value("sampler", "host")).isPositive();
    assertThat(e.family("pgvitals_sample_age_seconds").value("sampler", "host"))
        .isGreaterThanOrEqualTo(0);
    assertThat(e.family("pgvitals_check_passing").value("check", "vm")).isEqualTo(0);

    assertThat(e.family("jvm_memory_used_bytes").samples()).isNotEmpty();
    assertThat(e.family("process_cpu_time_seconds_total").type()).isEqualTo("counter");
    assertThat(e.family("process_cpu_time_seconds_total").value()).isPositive();
    e.families().values().forEach(f -> assertThat(f.help()).as("HELP of " + f.name()).isNotBlank());
  }

  @Test
  void metricsNeverReadNaNAfterGarbageCollection() throws Exception {
    // Micrometer gauges hold their state objects weakly and read NaN once those are collected;
    // pgvitals' families come from collectors over the latest samples, which nothing can collect.
    // The disk forecast reads NaN by design until it has 30 minutes of samples
    // (docs/risk-checks.md).
    for (int i = 0; i < 3; i++) {
      System.gc();
    }
    Exposition e = Exposition.parse(call(passing, "GET", "/metrics").body());
    e.families().values().stream()
        .filter(f -> f.name().startsWith("node_") || f.name().startsWith("pgvitals_"))
        .filter(f -> !f.name().startsWith("pgvitals_disk_f"))
        .flatMap(f -> f.samples().stream())
        .forEach(s -> assertThat(s.value()).as(s.name() + s.labels()).isNotNaN());
  }

  @Test
  void headOfMetricsAnswersTheLengthOfTheBody() throws Exception {
    HttpResponse<String> head = call(passing, "HEAD", "/metrics");
    assertThat(head.statusCode()).isEqualTo(200);
    assertThat(head.body()).isEmpty();
    assertThat(head.headers().firstValueAsLong("content-length").orElse(-1)).isGreaterThan(1000);
  }

  @Test
  void metricsSpeakOpenMetricsWhenAsked() throws Exception {
    HttpResponse<String> r =
        call(passing, "GET", "/metrics", "Accept", "application/openmetrics-text; version=1.0.0");
    assertThat(r.headers().firstValue("content-type"))
        .hasValue("application/openmetrics-text; version=1.0.0; charset=utf-8");
    assertThat(r.body()).contains("# TYPE node_load1 gauge\n").endsWith("# EOF\n");
  }

  @Test
  void metricsAreGzippedWhenAsked() throws Exception {
    HttpRequest req =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + passing.port() + "/metrics"))
            .header("Accept-Encoding", "gzip")
            .build();
    HttpResponse<byte[]> r = AgentTest.HTTP.send(req, HttpResponse.BodyHandlers.ofByteArray());
    assertThat(r.headers().firstValue("content-encoding")).hasValue("gzip");
    String text =
        new String(
            new java.util.zip.GZIPInputStream(new java.io.ByteArrayInputStream(r.body()))
                .readAllBytes(),
            java.nio.charset.StandardCharsets.UTF_8);
    assertThat(Exposition.parse(text).has("node_load1")).isTrue();
  }

  @Test
  void metricsRefusedGzipIsPlainText() throws Exception {
    HttpResponse<String> r = AgentTest.get(passing, "/metrics", "Accept-Encoding", "gzip;q=0");
    assertThat(r.headers().firstValue("content-encoding")).isEmpty();
    assertThat(r.headers().firstValue("vary")).hasValue("Accept-Encoding");
    assertThat(Exposition.parse(r.body()).has("node_load1")).isTrue();
  }
}
