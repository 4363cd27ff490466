package dev.pgvitals.host;

import dev.pgvitals.metrics.Metrics;
import dev.pgvitals.sample.LatestSample;
import dev.pgvitals.sample.Sample;
import io.netty.buffer.ByteBuf;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import io.vertx.core.Vertx;
import java.io.ByteArrayOutputStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;

/**
 * Cost of the host sampler and of its part of {@code /metrics}, before and after the node_exporter
 * sources, in one run on this machine. "Before" is the same sampler over a root that holds only
 * what it read until now ({@code proc/loadavg}, {@code proc/pressure}, {@code proc/self/mounts}
 * linked to the real ones), so memory and CPU come from OSHI and no node_exporter-only source
 * exists; "after" is the machine's own root. Not a test: run {@code bench/host-bench.sh}; figures
 * go to docs/benchmarks.md.
 */
public final class HostBench {

  public static void main(String[] args) throws Exception {
    int reads = args.length > 0 ? Integer.parseInt(args[0]) : 200;
    int scrapes = args.length > 1 ? Integer.parseInt(args[1]) : 2000;
    Path old = Files.createTempDirectory("host-bench");
    Files.createDirectories(old.resolve("proc/self"));
    Files.createSymbolicLink(old.resolve("proc/loadavg"), Path.of("/proc/loadavg"));
    Files.createSymbolicLink(old.resolve("proc/pressure"), Path.of("/proc/pressure"));
    Files.createSymbolicLink(old.resolve("proc/self/mounts"), Path.of("/proc/self/mounts"));
    Vertx vertx = Vertx.vertx();
    try {
      OshiHostHardware hw = new OshiHostHardware();
      HostSampler before = new HostSampler(vertx, new ProcFs(old), hw, () -> "/");
      HostSampler after = new HostSampler(vertx, ProcFs.system(), hw, () -> "/");
      for (int i = 0; i < 50; i++) { // warm-up: OSHI's start, JIT
        before.read();
        after.read();
      }
      System.out.printf(
          "%-7s %12s %12s %8s %9s %12s %12s%n",
          "", "CPU/sample", "wall/sample", "series", "bytes", "encode/sample", "CPU/scrape");
      for (int round = 0; round < 2; round++) { // interleaved twice, so drift shows
        report("before", before, reads, scrapes);
        report("after", after, reads, scrapes);
      }
      perSource(reads);
    } finally {
      vertx.close();
    }
  }

  private interface Read {
    Object run() throws Exception;
  }

  /** Each source alone on this thread: its CPU and wall time per reading. */
  private static void perSource(int reads) throws Exception {
    ProcFs fs = ProcFs.system();
    FileSystems.Reader mounts =
        new FileSystems.Reader(fs, FileSystems.StatVfs.LIBC, Duration.ofSeconds(1));
    java.util.Map<String, Read> sources = new java.util.LinkedHashMap<>();
    sources.put("stat", () -> ProcStat.parse(fs.read("proc/stat").orElseThrow()));
    sources.put("meminfo", () -> MemInfo.parse(fs.read("proc/meminfo").orElseThrow()));
    sources.put("diskstats", () -> DiskStats.parse(fs.read("proc/diskstats").orElseThrow()));
    sources.put("net/dev", () -> NetDev.parse(fs.read("proc/net/dev").orElseThrow()));
    sources.put("sys/class/net", () -> NetClass.read(fs));
    sources.put("vmstat", () -> VmStat.parse(fs.read("proc/vmstat").orElseThrow()));
    sources.put("uname", () -> Uname.read(fs));
    sources.put("os-release", () -> OsRelease.read(fs));
    sources.put("mounts+statfs", () -> mounts.read(java.util.Set.of()));
    java.lang.management.ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    System.out.printf(
        "%n%-14s %12s %12s  (this thread; statfs runs on the pool)%n",
        "source", "CPU/read", "wall/read");
    for (var e : sources.entrySet()) {
      for (int i = 0; i < reads; i++) {
        e.getValue().run();
      }
      long c = threads.getCurrentThreadCpuTime();
      long w = System.nanoTime();
      for (int i = 0; i < reads; i++) {
        e.getValue().run();
      }
      System.out.printf(
          "%-14s %9.3f ms %9.3f ms%n",
          e.getKey(),
          (threads.getCurrentThreadCpuTime() - c) / 1e6 / reads,
          (System.nanoTime() - w) / 1e6 / reads);
    }
  }

  private static void report(String name, HostSampler sampler, int reads, int scrapes)
      throws Exception {
    com.sun.management.OperatingSystemMXBean os =
        (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    long cpu0 = os.getProcessCpuTime();
    long wall0 = System.nanoTime();
    HostSnapshot last = null;
    for (int i = 0; i < reads; i++) {
      last = sampler.read();
    }
    double cpuPerRead = (os.getProcessCpuTime() - cpu0) / 1e6 / reads;
    double wallPerRead = (System.nanoTime() - wall0) / 1e6 / reads;

    long enc0 = os.getProcessCpuTime();
    ByteArrayOutputStream text = null;
    for (int i = 0; i < reads; i++) {
      text = new ByteArrayOutputStream();
      PrometheusTextFormatWriter.create().write(text, HostCollector.families(last));
    }
    double encodePerSample = (os.getProcessCpuTime() - enc0) / 1e6 / reads;
    MetricSnapshots families = HostCollector.families(last);
    int series = 0;
    for (MetricSnapshot f : families) {
      series += f.getDataPoints().size();
    }

    LatestSample<HostSnapshot> latest = new LatestSample<>("host");
    latest.set(Sample.ok("host", last, Instant.now(), Duration.ZERO));
    try (Metrics metrics = new Metrics()) {
      metrics.register(new HostCollector(latest));
      for (int i = 0; i < 200; i++) {
        metrics.scrapeBuffer(Metrics.TEXT_004).release();
      }
      long s0 = os.getProcessCpuTime();
      for (int i = 0; i < scrapes; i++) {
        ByteBuf b = metrics.scrapeBuffer(Metrics.TEXT_004);
        b.release();
      }
      double cpuPerScrape = (os.getProcessCpuTime() - s0) / 1e6 / scrapes;
      System.out.printf(
          "%-7s %9.3f ms %9.3f ms %8d %9d %9.3f ms %9.3f ms%n",
          name, cpuPerRead, wallPerRead, series, text.size(), encodePerSample, cpuPerScrape);
    }
  }
}
