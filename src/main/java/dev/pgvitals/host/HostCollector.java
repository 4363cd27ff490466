package dev.pgvitals.host;

import dev.pgvitals.metrics.Family;
import dev.pgvitals.metrics.SnapshotCollector;

import dev.pgvitals.host.HostSnapshot.CpuTimes;
import dev.pgvitals.host.HostSnapshot.Pressure;
import dev.pgvitals.sample.LatestSample;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.util.ArrayList;
import java.util.List;

/**
 * The host families, named as node_exporter names them so its dashboards work:
 * {@code node_load1/5/15}, {@code node_memory_*_bytes}, {@code node_filesystem_{avail,size}_bytes},
 * {@code node_pressure_*_seconds_total} and {@code node_cpu_seconds_total}. Read from the latest
 * host sample only, built and encoded once per sample; absent while that sample failed.
 */
public final class HostCollector extends SnapshotCollector<HostSnapshot> {

  private static final String[] CPU_MODES = {
    "user", "nice", "system", "idle", "iowait", "irq", "softirq", "steal"
  };

  public HostCollector(LatestSample<HostSnapshot> host) {
    super(host, HostCollector::families);
  }

  static MetricSnapshots families(HostSnapshot h) {
    List<MetricSnapshot> out = new ArrayList<>();
    h.load().ifPresent(l -> {
      out.add(Family.gauge("node_load1", "1m load average.").add(l.load1()).build());
      out.add(Family.gauge("node_load5", "5m load average.").add(l.load5()).build());
      out.add(Family.gauge("node_load15", "15m load average.").add(l.load15()).build());
    });
    h.memory().ifPresent(m -> {
      out.add(Family.gauge("node_memory_MemTotal_bytes", "Memory information field MemTotal_bytes.")
          .add(m.totalBytes()).build());
      out.add(Family.gauge("node_memory_MemAvailable_bytes", "Memory information field MemAvailable_bytes.")
          .add(m.availableBytes()).build());
      out.add(Family.gauge("node_memory_SwapTotal_bytes", "Memory information field SwapTotal_bytes.")
          .add(m.swapTotalBytes()).build());
      out.add(Family.gauge("node_memory_SwapFree_bytes", "Memory information field SwapFree_bytes.")
          .add(m.swapFreeBytes()).build());
    });
    h.dataFs().ifPresent(fs -> {
      String[] labels = {"mountpoint", fs.mountPoint(), "fstype", fs.fsType(), "device", fs.device()};
      out.add(Family.gauge("node_filesystem_avail_bytes", "Filesystem space available to non-root users in bytes.")
          .add(fs.availableBytes(), labels).build());
      out.add(Family.gauge("node_filesystem_size_bytes", "Filesystem size in bytes.")
          .add(fs.totalBytes(), labels).build());
    });
    for (String resource : HostSnapshot.PSI_RESOURCES) {
      Pressure p = h.pressure().get(resource);
      if (p == null) {
        continue;
      }
      out.add(Family.counter("node_pressure_" + resource + "_waiting_seconds",
              "Total time in seconds that processes have waited for " + resource + " (PSI some).")
          .add(p.some().totalMicros() / 1e6).build());
      // The kernel writes a "full" line for cpu too (all zeros); node_exporter exposes only memory and io.
      if (!"cpu".equals(resource)) {
        p.full().ifPresent(full -> out.add(Family.counter("node_pressure_" + resource + "_stalled_seconds",
                "Total time in seconds no process could make progress due to " + resource + " (PSI full).")
            .add(full.totalMicros() / 1e6).build()));
      }
    }
    if (!h.cpuTicks().isEmpty()) {
      Family cpu = Family.counter("node_cpu_seconds", "Seconds the CPUs spent in each mode.");
      for (CpuTimes t : h.cpuTicks()) {
        double[] v = {t.user(), t.nice(), t.system(), t.idle(), t.iowait(), t.irq(), t.softirq(), t.steal()};
        String c = Integer.toString(t.cpu());
        for (int i = 0; i < CPU_MODES.length; i++) {
          cpu.add(v[i], "cpu", c, "mode", CPU_MODES[i]);
        }
      }
      out.add(cpu.build());
    }
    return new MetricSnapshots(out);
  }
}
