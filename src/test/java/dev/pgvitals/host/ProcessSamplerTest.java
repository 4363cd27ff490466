package dev.pgvitals.host;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pgvitals.metrics.Exposition;
import dev.pgvitals.metrics.Exposition.Family;
import dev.pgvitals.sample.LatestSample;
import dev.pgvitals.sample.Sample;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Vertx;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The agent's process_* families from /proc/self files (a fake one, and this JVM's real one). */
class ProcessSamplerTest {

  static final String STATUS =
      """
      Name:\tjava
      VmPeak:\t 3567892 kB
      VmSize:\t 3501234 kB
      VmRSS:\t   98765 kB
      Threads:\t31
      """;
  static final String LIMITS =
      """
      Limit                     Soft Limit           Hard Limit           Units
      Max cpu time              unlimited            unlimited            seconds
      Max open files            1024                 524288               files
      """;

  @Test
  void readsStatusLimitsAndFdEntries(@TempDir Path self) throws Exception {
    Files.writeString(self.resolve("status"), STATUS);
    Files.writeString(self.resolve("limits"), LIMITS);
    Files.createDirectories(self.resolve("fd"));
    for (int i = 0; i < 7; i++) {
      Files.createFile(self.resolve("fd").resolve(Integer.toString(i)));
    }

    ProcessSnapshot p = new ProcessSampler(null, self, () -> 12.5).read();

    assertThat(p).isEqualTo(new ProcessSnapshot(12.5, 98765.0 * 1024, 3501234.0 * 1024, 7, 1024));
  }

  @Test
  void unlimitedOpenFilesIsMinusOne() {
    assertThat(
            ProcessSampler.maxOpenFiles(
                LIMITS.replace("1024                 524288", "unlimited unlimited")))
        .isEqualTo(-1);
  }

  @Test
  void thisJvmsOwnProcessAsPrometheusSeesIt() throws Exception {
    Vertx vertx = Vertx.vertx();
    try {
      ProcessSnapshot p =
          new ProcessSampler(vertx).sample().toCompletionStage().toCompletableFuture().get();
      LatestSample<ProcessSnapshot> latest = new LatestSample<>(ProcessSampler.NAME);
      latest.set(Sample.ok(ProcessSampler.NAME, p, Instant.now(), Duration.ZERO));
      PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
      registry.getPrometheusRegistry().register(new ProcessCollector(latest));

      Map<String, Family> f = Exposition.parse(registry.scrape()).families();

      assertThat(f.get("process_cpu_seconds_total").type()).isEqualTo("counter");
      assertThat(f.get("process_cpu_seconds_total").value()).isGreaterThan(0);
      assertThat(f.get("process_resident_memory_bytes").value()).isGreaterThan(10e6);
      assertThat(f.get("process_virtual_memory_bytes").value())
          .isGreaterThan(f.get("process_resident_memory_bytes").value());
      assertThat(f.get("process_open_fds").value()).isGreaterThan(2);
      assertThat(f.get("process_max_fds").value())
          .satisfiesAnyOf(
              v -> assertThat(v).isEqualTo(-1),
              v -> assertThat(v).isGreaterThanOrEqualTo(f.get("process_open_fds").value()));
    } finally {
      vertx.close().toCompletionStage().toCompletableFuture().get();
    }
  }
}
