package dev.pgvitals.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.util.List;
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
  void theAgentsOwnJvmFamiliesAreMemoryClassesAndProcessOnly() {
    // issue 14: no shipped dashboard or alert reads the GC or thread binders' families, and those
    // binders loaded 181 classes (JMX notifications, GC timers); memory stays for diagnosing OOMs
    Exposition e = Exposition.parse(metrics.scrape(Metrics.TEXT_004));
    assertThat(e.has("jvm_memory_used_bytes")).isTrue();
    assertThat(e.has("jvm_classes_loaded_classes")).isTrue();
    assertThat(e.has("process_cpu_time_seconds_total")).isTrue();
    assertThat(e.families().keySet())
        .noneMatch(name -> name.startsWith("jvm_gc_") || name.startsWith("jvm_threads_"));
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

  /** A sampled source of {@code n} series, large enough to take several deflate output buffers. */
  static SampledCollector many(int n) {
    Object version = new Object();
    return new SampledCollector() {
      @Override
      public MetricSnapshots collect() {
        Family f = Family.gauge("pg_locks_count", "Number of locks.");
        for (int i = 0; i < n; i++) {
          f.add(i % 7, "datname", "db" + i, "mode", "accesssharelock");
        }
        return MetricSnapshots.of(f.build());
      }

      @Override
      public Object version() {
        return version;
      }
    };
  }

  /**
   * Reads {@code gz} as exactly one gzip member: header, one DEFLATE stream to its final block,
   * then a trailer whose CRC-32 and size match the inflated text, and nothing after it.
   */
  static String oneGzipMember(io.netty.buffer.ByteBuf gz) throws Exception {
    byte[] b = new byte[gz.readableBytes()];
    gz.getBytes(gz.readerIndex(), b);
    gz.release();
    assertThat(b[0] & 0xff).isEqualTo(0x1f);
    assertThat(b[1] & 0xff).isEqualTo(0x8b);
    assertThat(b[3]).as("no optional header fields").isZero();
    java.util.zip.Inflater inflater = new java.util.zip.Inflater(true);
    inflater.setInput(b, 10, b.length - 10);
    java.io.ByteArrayOutputStream text = new java.io.ByteArrayOutputStream();
    byte[] buf = new byte[8192];
    while (!inflater.finished()) {
      int n = inflater.inflate(buf);
      assertThat(n > 0 || !inflater.needsInput()).as("the stream reaches its final block").isTrue();
      text.write(buf, 0, n);
    }
    assertThat(inflater.getRemaining()).as("an 8-byte trailer and nothing after it").isEqualTo(8);
    inflater.end();
    java.nio.ByteBuffer trailer =
        java.nio.ByteBuffer.wrap(b, b.length - 8, 8).order(java.nio.ByteOrder.LITTLE_ENDIAN);
    java.util.zip.CRC32 crc = new java.util.zip.CRC32();
    crc.update(text.toByteArray());
    assertThat(Integer.toUnsignedLong(trailer.getInt())).isEqualTo(crc.getValue());
    assertThat(trailer.getInt()).isEqualTo(text.size());
    return text.toString(java.nio.charset.StandardCharsets.UTF_8);
  }

  @Test
  void gzipIsOneMemberWithTheSampledTextCompressedOncePerSample() throws Exception {
    Source source = new Source();
    metrics.register(source);
    metrics.register(many(2_000));

    String text = metrics.scrape(Metrics.TEXT_004);
    String first = oneGzipMember(metrics.scrapeGzip(Metrics.TEXT_004));
    String second = oneGzipMember(metrics.scrapeGzip(Metrics.TEXT_004));
    assertThat(source.collects).as("gzip reuses the sample's text").hasValue(1);
    for (String gz : List.of(first, second)) {
      Exposition e = Exposition.parse(gz);
      assertThat(e.family("pg_locks_count").samples()).hasSize(2_000);
      assertThat(e.family("pg_stat_database_xact_commit").value()).isEqualTo(1);
      assertThat(e.family("jvm_memory_used_bytes").samples()).isNotEmpty();
      // the sampled part is the plain scrape's, byte for byte
      assertThat(gz.substring(gz.indexOf("# HELP pg_stat_database_xact_commit")))
          .isEqualTo(text.substring(text.indexOf("# HELP pg_stat_database_xact_commit")));
    }

    source.value = 2;
    source.version = new Object();
    assertThat(
            Exposition.parse(oneGzipMember(metrics.scrapeGzip(Metrics.TEXT_004)))
                .family("pg_stat_database_xact_commit")
                .value())
        .isEqualTo(2);

    String om = oneGzipMember(metrics.scrapeGzip(Metrics.OPENMETRICS));
    assertThat(om).endsWith("# EOF\n");
    assertThat(om.indexOf("# EOF")).isEqualTo(om.length() - "# EOF\n".length());
    assertThat(Exposition.parse(om).family("pg_locks_count").samples()).hasSize(2_000);
  }
}
