package dev.pgvitals.agent;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pgvitals.check.CheckFormat;
import dev.pgvitals.cluster.CheckReport;
import dev.pgvitals.cluster.NodeReport;
import dev.pgvitals.config.AgentConfig;
import dev.pgvitals.sample.SteppingClock;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * What the fleet families expose: each suite as of its latest [HEALTHCHECK] line, so a text that
 * changes at every sample (load averages) does not make a new series each time, while a change of
 * status shows at once.
 */
class PublishedReportTest {

  static final Instant T0 = Instant.parse("2021-02-19T22:53:35Z");
  static final Duration LOG_INTERVAL = Duration.ofMinutes(1);

  final Vertx vertx = Vertx.vertx();
  final SteppingClock clock = new SteppingClock(T0);
  final SuiteMonitorTest.FakeSuite vm =
      new SuiteMonitorTest.FakeSuite(
          "vm", Set.of("host"), SuiteMonitorTest.vm(true, "20.53 GB free"));
  final SuiteMonitor monitor = new SuiteMonitor(List.of(vm), CheckFormat.SEED, LOG_INTERVAL);
  final NodeApi api = new NodeApi(config(), Node.create(config(), vertx, clock), monitor, clock);

  @AfterEach
  void close() throws Exception {
    vertx.close().await(10, TimeUnit.SECONDS);
  }

  static AgentConfig config() {
    return TestAgents.config().build();
  }

  static CheckReport vmOf(NodeReport report) {
    return report.check("vm").orElseThrow();
  }

  @Test
  void aNewTextOfTheSameStatusIsPublishedOncePerLogIntervalAStatusChangeAtOnce() {
    monitor.refresh(clock);
    assertThat(vmOf(api.publishedReport())).isEqualTo(vmOf(api.report()));

    clock.advance(Duration.ofSeconds(5));
    vm.next = SuiteMonitorTest.vm(true, "20.52 GB free");
    monitor.refresh(clock);
    assertThat(vmOf(api.report()).output()).contains("20.52 GB free");
    assertThat(vmOf(api.publishedReport()).output()).contains("20.53 GB free");
    assertThat(vmOf(api.publishedReport()).changed()).isEqualTo(T0);

    clock.advance(LOG_INTERVAL);
    vm.next = SuiteMonitorTest.vm(true, "20.51 GB free");
    monitor.refresh(clock);
    assertThat(vmOf(api.publishedReport())).isEqualTo(vmOf(api.report()));
    assertThat(vmOf(api.publishedReport()).output()).contains("20.51 GB free");

    clock.advance(Duration.ofSeconds(1));
    vm.next = SuiteMonitorTest.vm(false, "0 B free");
    monitor.refresh(clock);
    assertThat(vmOf(api.publishedReport())).isEqualTo(vmOf(api.report()));
    assertThat(vmOf(api.publishedReport()).passing()).isFalse();
    assertThat(api.publishedReport().events()).isEmpty();
    assertThat(api.publishedReport().logs()).isEmpty();
    assertThat(api.publishedReport().identity()).isEqualTo(api.report().identity());
  }
}
