package dev.pgvitals.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The /metrics registry: live families encoded per scrape, sampled families once per sample. */
class MetricsTest {

  /** A sampled source with a version the test moves, counting how often it is asked. */
  static final class Source implements SampledCollector {
    final AtomicInteger collects = new AtomicInteger();
    volatile Object version = new Object();
    volatile double value = 1;

    @Override
    public MetricSnapshots collect() {
      collects.incrementAndGet();
      return MetricSnapshots.of(
          Family.legacyCounter("pg_stat_database_xact_commit", "Transactions committed.")
              .add(value, "datname", "postgres")
              .build(),
          Family.gauge("pg_database_size_bytes", "Size.")
              .add(value * 10, "datname", "postgres")
              .build());
    }

    @Override
    public Object version() {
      return version;
    }
  }

  final Metrics metrics = new Metrics();

  @AfterEach
  void close() {
    metrics.close();
  }

  @Test
  void sampledFamiliesAreEncodedOncePerVersionAndContentType() {
    Source source = new Source();
    metrics.register(source);

    Exposition first = Exposition.parse(metrics.scrape(Metrics.TEXT_004));
    metrics.scrape(Metrics.TEXT_004);
    metrics.scrape(Metrics.TEXT_004);
    assertThat(source.collects).hasValue(1);
    assertThat(first.family("pg_stat_database_xact_commit").type()).isEqualTo("untyped");
    assertThat(first.family("pg_stat_database_xact_commit").value("datname", "postgres"))
        .isEqualTo(1);
    assertThat(first.family("jvm_memory_used_bytes").samples()).isNotEmpty();

    source.value = 2;
    assertThat(
            Exposition.parse(metrics.scrape(Metrics.TEXT_004))
                .family("pg_stat_database_xact_commit")
                .value())
        .as("same version, same text")
        .isEqualTo(1);
    source.version = new Object();
    assertThat(
            Exposition.parse(metrics.scrape(Metrics.TEXT_004))
                .family("pg_stat_database_xact_commit")
                .value())
        .isEqualTo(2);
    assertThat(source.collects).hasValue(2);

    metrics.scrape(Metrics.OPENMETRICS);
    assertThat(source.collects).as("each content type is encoded once").hasValue(3);
  }

  @Test
  void anExpositionInFlightStaysReadableWhenItsSampleIsReplaced() {
    Source source = new Source();
    metrics.register(source);
    io.netty.buffer.ByteBuf inFlight = metrics.scrapeBuffer(Metrics.TEXT_004);
    source.value = 2;
    source.version = new Object();
    io.netty.buffer.ByteBuf next = metrics.scrapeBuffer(Metrics.TEXT_004);
    // the cache dropped the first text, but the first scrape still holds its own reference
    String first = inFlight.toString(java.nio.charset.StandardCharsets.UTF_8);
    assertThat(Exposition.parse(first).family("pg_stat_database_xact_commit").value()).isEqualTo(1);
    assertThat(inFlight.release()).isTrue();
    String second = next.toString(java.nio.charset.StandardCharsets.UTF_8);
    assertThat(Exposition.parse(second).family("pg_stat_database_xact_commit").value())
        .isEqualTo(2);
    assertThat(next.release()).isTrue();
  }

  @Test
  void openMetricsEndsWithOneEofAfterTheSampledFamilies() {
    metrics.register(new Source());
    String text = metrics.scrape(Metrics.OPENMETRICS);
    assertThat(text).endsWith("# EOF\n");
    assertThat(text.indexOf("# EOF")).isEqualTo(text.length() - "# EOF\n".length());
    Exposition e = Exposition.parse(text);
    assertThat(e.family("pg_stat_database_xact_commit").type()).isEqualTo("unknown");
    assertThat(e.family("pg_database_size_bytes").value()).isEqualTo(10);
  }

  @Test
  void aSampledCollectorWithNothingToSayAddsNothing() {
    metrics.register(
        new SampledCollector() {
          @Override
          public MetricSnapshots collect() {
            return MetricSnapshots.of();
          }

          @Override
          public Object version() {
            return null;
          }
        });
    assertThat(Exposition.parse(metrics.scrape(Metrics.TEXT_004)).has("pg_database_size_bytes"))
        .isFalse();
    assertThat(metrics.scrape(Metrics.OPENMETRICS)).endsWith("# EOF\n");
  }
}
