package dev.pgvitals.metrics;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.system.FileDescriptorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufOutputStream;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.CompositeByteBuf;
import io.netty.buffer.Unpooled;
import io.prometheus.metrics.expositionformats.ExpositionFormatWriter;
import io.prometheus.metrics.expositionformats.OpenMetricsTextFormatWriter;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.zip.CRC32;

/**
 * The {@code /metrics} registry: Micrometer's Prometheus registry for the agent's own JVM and
 * process meters, with the snapshot-driven families registered underneath it as Prometheus {@link
 * MultiCollector}s (see {@link Family} for how legacy names keep their exact spelling). {@link
 * SampledCollector}s are kept apart: their text is encoded once per sample and appended to every
 * scrape until the next sample, so large per-database families cost a scrape nothing.
 */
public final class Metrics implements AutoCloseable {

  /** Prometheus text exposition 0.0.4. */
  public static final String TEXT_004 = "text/plain; version=0.0.4; charset=utf-8";

  /** OpenMetrics 1.0.0 text. */
  public static final String OPENMETRICS =
      "application/openmetrics-text; version=1.0.0; charset=utf-8";

  private final PrometheusMeterRegistry registry =
      new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final List<SampledCollector> sampled = new CopyOnWriteArrayList<>();
  private final Map<SampledCollector, Map<String, Encoded>> encoded = new ConcurrentHashMap<>();

  /**
   * The text of one sampled collector for one version, in a read-only direct buffer that the cache
   * holds one reference to; each scrape adds its own (released when written). Its gzip segment is
   * made on the first scrape that asks for gzip, also once per version. Guarded by the Metrics
   * lock.
   */
  private static final class Encoded {
    final Object version;
    final ByteBuf text;
    private ByteBuf deflated;
    private long crc = -1;

    Encoded(Object version, ByteBuf text) {
      this.version = version;
      this.text = text;
    }

    ByteBuf deflated() {
      if (deflated == null) {
        deflated = direct(GzipSegments.deflate(text.nioBuffer()));
      }
      return deflated;
    }

    /** The text's CRC-32, for the gzip trailer; computed once per version. */
    long crc() {
      if (crc < 0) {
        crc = crcOf(text.nioBuffer());
      }
      return crc;
    }

    void release() {
      text.release();
      if (deflated != null) {
        deflated.release();
      }
    }
  }

  private static final byte[] EOF = "# EOF\n".getBytes(StandardCharsets.UTF_8);
  private static final long EOF_CRC = crcOf(ByteBuffer.wrap(EOF));

  /** A first capacity for the live families' text (JVM, host, checks, sampler health). */
  private static final int LIVE_BYTES = 16 * 1024;

  private static final ByteBuf EOF_BUF = Unpooled.unreleasableBuffer(direct(EOF));
  private static final ByteBuf EOF_DEFLATED =
      Unpooled.unreleasableBuffer(direct(GzipSegments.deflate(EOF)));
  private static final ByteBuf GZIP_HEADER =
      Unpooled.unreleasableBuffer(direct(GzipSegments.HEADER));

  public Metrics() {
    new JvmMemoryMetrics().bindTo(registry);
    new ClassLoaderMetrics().bindTo(registry);
    // Not ProcessorMetrics: its system/process CPU gauges read /proc on every scrape (a quarter
    // of a scrape's CPU, on the event loop); the host's CPU is node_cpu_seconds_total and the
    // agent's own CPU time is a cheap getrusage-backed counter.
    if (ManagementFactory.getOperatingSystemMXBean()
        instanceof com.sun.management.OperatingSystemMXBean os) {
      FunctionCounter.builder("process.cpu.time", os, o -> o.getProcessCpuTime() / 1e9)
          .baseUnit("seconds")
          .description("CPU time used by the pgvitals process")
          .register(registry);
    }
    new UptimeMetrics().bindTo(registry);
    new FileDescriptorMetrics().bindTo(registry);
  }

  public PrometheusMeterRegistry registry() {
    return registry;
  }

  /** Registers a collector; a {@link SampledCollector} is encoded once per sample. */
  public void register(MultiCollector collector) {
    if (collector instanceof SampledCollector s) {
      sampled.add(s);
    } else {
      registry.getPrometheusRegistry().register(collector);
    }
  }

  /** The content type to answer with for a request's {@code Accept} header. */
  public static String contentTypeFor(String accept) {
    return accept != null && accept.contains("application/openmetrics-text")
        ? OPENMETRICS
        : TEXT_004;
  }

  /**
   * Writes the exposition in the given content type (one of {@link #TEXT_004}, {@link
   * #OPENMETRICS}).
   */
  public String scrape(String contentType) {
    ByteBuf buf = scrapeBuffer(contentType);
    try {
      return buf.toString(StandardCharsets.UTF_8);
    } finally {
      buf.release();
    }
  }

  /**
   * The exposition as one direct buffer for the socket; the caller releases it once written. The
   * live families (JVM, host, checks, sampler health) encoded now, then each sampled collector's
   * text as encoded for its current sample, shared without copying. Both text formats are sequences
   * of self-contained families, so the parts concatenate; OpenMetrics' closing {@code # EOF} is
   * written once, at the end.
   */
  public synchronized ByteBuf scrapeBuffer(String contentType) {
    return scrape(contentType, false);
  }

  /**
   * The same exposition as one gzip member ({@code Content-Encoding: gzip}), what Prometheus asks
   * for on every scrape: the live families compressed now, each sampled collector's text compressed
   * once per sample and shared like the text ({@link GzipSegments}). Compressing the whole body per
   * scrape cost 21 ms of CPU with 500 databases (docs/benchmarks.md).
   */
  public synchronized ByteBuf scrapeGzip(String contentType) {
    return scrape(contentType, true);
  }

  private ByteBuf scrape(String contentType, boolean gzip) {
    boolean openMetrics = OPENMETRICS.equals(contentType);
    ByteBuf live = encodeDirect(registry.getPrometheusRegistry().scrape(), openMetrics, LIVE_BYTES);
    CompositeByteBuf out = Unpooled.compositeBuffer(sampled.size() + 5);
    long size = live.readableBytes();
    long crc = 0;
    if (gzip) {
      crc = crcOf(live.nioBuffer());
      out.addComponent(true, GZIP_HEADER.duplicate());
      out.addComponent(true, direct(GzipSegments.deflate(live.nioBuffer())));
      live.release();
    } else {
      out.addComponent(true, live);
    }
    for (SampledCollector c : sampled) {
      Encoded e = current(c, contentType, openMetrics);
      if (!e.text.isReadable()) {
        continue;
      }
      if (gzip) {
        crc = GzipSegments.crc32Combine(crc, e.crc(), e.text.readableBytes());
        size += e.text.readableBytes();
        out.addComponent(true, e.deflated().retainedDuplicate());
      } else {
        out.addComponent(true, e.text.retainedDuplicate());
      }
    }
    if (openMetrics) {
      if (gzip) {
        crc = GzipSegments.crc32Combine(crc, EOF_CRC, EOF.length);
        size += EOF.length;
      }
      out.addComponent(true, (gzip ? EOF_DEFLATED : EOF_BUF).duplicate());
    }
    if (gzip) {
      out.addComponent(true, direct(GzipSegments.end(crc, size)));
    }
    return out;
  }

  /** The collector's text for its current sample, encoded now if the sample is new. */
  private Encoded current(SampledCollector c, String contentType, boolean openMetrics) {
    Object version = c.version();
    Map<String, Encoded> byType = encoded.computeIfAbsent(c, k -> new ConcurrentHashMap<>());
    Encoded e = byType.get(contentType);
    if (e == null || e.version != version) {
      ByteBuf text = encodeDirect(c.collect(), openMetrics, e == null ? 0 : e.text.readableBytes());
      Encoded old = byType.put(contentType, e = new Encoded(version, text));
      if (old != null) {
        old.release(); // freed once the scrapes still writing it have released theirs
      }
    }
    return e;
  }

  /**
   * Families encoded straight into a direct buffer (without OpenMetrics' {@code # EOF}), sized from
   * {@code sizeHint}, the previous sample's text for a sampled collector: with 500 databases the
   * text is 2.7 MB, and encoding it on the heap (a growing array, then its copy) put several such
   * arrays per sample straight into the old generation and grew the heap by 5 MB over 10,000
   * scrapes (docs/benchmarks.md §3).
   */
  private static ByteBuf encodeDirect(
      MetricSnapshots snapshots, boolean openMetrics, int sizeHint) {
    ByteBuf buf = Unpooled.directBuffer(Math.max(1024, sizeHint + sizeHint / 16));
    try {
      if (snapshots.size() > 0) {
        ExpositionFormatWriter writer = openMetrics ? OPEN_METRICS_WRITER : TEXT_WRITER;
        writer.write(new ByteBufOutputStream(buf), snapshots);
        int end = buf.writerIndex();
        if (openMetrics
            && end >= EOF.length
            && ByteBufUtil.equals(buf, end - EOF.length, EOF_BUF, 0, EOF.length)) {
          buf.writerIndex(end - EOF.length); // OpenMetrics' # EOF is written once, at the end
        }
      }
      return buf.asReadOnly();
    } catch (IOException e) {
      buf.release();
      throw new UncheckedIOException(e); // a buffer's stream doesn't fail
    } catch (RuntimeException e) {
      buf.release();
      throw e;
    }
  }

  private static long crcOf(ByteBuffer b) {
    CRC32 crc = new CRC32();
    crc.update(b);
    return crc.getValue();
  }

  private static ByteBuf direct(byte[] b) {
    return Unpooled.directBuffer(b.length).writeBytes(b).asReadOnly();
  }

  private static final ExpositionFormatWriter TEXT_WRITER = PrometheusTextFormatWriter.create();
  private static final ExpositionFormatWriter OPEN_METRICS_WRITER =
      OpenMetricsTextFormatWriter.create();

  @Override
  public synchronized void close() {
    registry.close();
    encoded.values().forEach(byType -> byType.values().forEach(Encoded::release));
    encoded.clear();
  }
}
