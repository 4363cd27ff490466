package dev.pgvitals.host;

import dev.pgvitals.host.HostSnapshot.Pressure;
import dev.pgvitals.metrics.Family;
import dev.pgvitals.metrics.SnapshotCollector;
import dev.pgvitals.sample.LatestSample;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.util.ArrayList;
import java.util.List;

/**
 * The host families, named, typed, labelled and valued as node_exporter 1.5 makes them on the same
 * input, so its dashboards and alerts work: {@code node_load1/5/15}, the pressure totals and {@code
 * node_cpu_seconds_total} here; every other family in the file of its source ({@link ProcStat},
 * {@link MemInfo}, {@link FileSystems}, {@link DiskStats}, {@link NetDev}, {@link NetClass}, {@link
 * VmStat}, {@link Uname}, {@link OsRelease}, {@link NodeStats}); see docs/host-metrics.md. Read
 * from the latest host sample only, built and encoded once per sample; absent while that sample
 * failed.
 */
public final class HostCollector extends SnapshotCollector<HostSnapshot> {

  public HostCollector(LatestSample<HostSnapshot> host) {
    super(host, HostCollector::families);
  }

  /**
   * PSI totals as node_exporter computes them: microseconds divided by 1000 twice (not by 1e6,
   * which differs in the last bit for some totals), cpu's {@code full} line left out.
   */
  private static void pressure(HostSnapshot h, List<MetricSnapshot> out) {
    Pressure cpu = h.pressure().get("cpu");
    if (cpu != null) {
      out.add(
          Family.counter(
                  "node_pressure_cpu_waiting_seconds",
                  "Total time in seconds that processes have waited for CPU time")
              .add(seconds(cpu.some()))
              .build());
    }
    Pressure io = h.pressure().get("io");
    if (io != null) {
      out.add(
          Family.counter(
                  "node_pressure_io_waiting_seconds",
                  "Total time in seconds that processes have waited due to IO congestion")
              .add(seconds(io.some()))
              .build());
      io.full()
          .ifPresent(
              full ->
                  out.add(
                      Family.counter(
                              "node_pressure_io_stalled_seconds",
                              "Total time in seconds no process could make progress due to IO congestion")
                          .add(seconds(full))
                          .build()));
    }
    Pressure memory = h.pressure().get("memory");
    if (memory != null) {
      out.add(
          Family.counter(
                  "node_pressure_memory_waiting_seconds",
                  "Total time in seconds that processes have waited for memory")
              .add(seconds(memory.some()))
              .build());
      memory
          .full()
          .ifPresent(
              full ->
                  out.add(
                      Family.counter(
                              "node_pressure_memory_stalled_seconds",
                              "Total time in seconds no process could make progress due to memory congestion")
                          .add(seconds(full))
                          .build()));
    }
  }

  private static double seconds(HostSnapshot.PsiLine line) {
    return line.totalMicros() / 1000.0 / 1000.0;
  }

  /** The families of one reading (pure). */
  public static MetricSnapshots families(HostSnapshot h) {
    List<MetricSnapshot> out = new ArrayList<>();
    h.load()
        .ifPresent(
            l -> {
              out.add(Family.gauge("node_load1", "1m load average.").add(l.load1()).build());
              out.add(Family.gauge("node_load5", "5m load average.").add(l.load5()).build());
              out.add(Family.gauge("node_load15", "15m load average.").add(l.load15()).build());
            });
    NodeStats node = h.node();
    if (node.meminfo().isPresent()) {
      node.meminfo().get().addTo(out);
    } else {
      h.memory()
          .ifPresent(
              m -> {
                out.add(
                    Family.gauge(
                            "node_memory_MemTotal_bytes",
                            "Memory information field MemTotal_bytes.")
                        .add(m.totalBytes())
                        .build());
                out.add(
                    Family.gauge(
                            "node_memory_MemAvailable_bytes",
                            "Memory information field MemAvailable_bytes.")
                        .add(m.availableBytes())
                        .build());
                out.add(
                    Family.gauge(
                            "node_memory_SwapTotal_bytes",
                            "Memory information field SwapTotal_bytes.")
                        .add(m.swapTotalBytes())
                        .build());
                out.add(
                    Family.gauge(
                            "node_memory_SwapFree_bytes",
                            "Memory information field SwapFree_bytes.")
                        .add(m.swapFreeBytes())
                        .build());
              });
    }
    if (node.filesystems().isEmpty()) {
      h.dataFs()
          .ifPresent(
              fs -> {
                String[] labels = {
                  "mountpoint", fs.mountPoint(), "fstype", fs.fsType(), "device", fs.device()
                };
                out.add(
                    Family.gauge(
                            "node_filesystem_avail_bytes",
                            "Filesystem space available to non-root users in bytes.")
                        .add(fs.availableBytes(), labels)
                        .build());
                out.add(
                    Family.gauge("node_filesystem_size_bytes", "Filesystem size in bytes.")
                        .add(fs.totalBytes(), labels)
                        .build());
              });
    }
    pressure(h, out);
    ProcStat.cpuFamilies(h.cpuTicks(), out);
    node.addTo(out);
    return new MetricSnapshots(out);
  }
}
