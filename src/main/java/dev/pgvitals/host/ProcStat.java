package dev.pgvitals.host;

import dev.pgvitals.host.HostSnapshot.CpuTimes;
import dev.pgvitals.metrics.Family;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code /proc/stat}, parsed as node_exporter's {@code stat} and {@code cpu} collectors read it
 * (through prometheus/procfs): per-CPU times in {@code USER_HZ} ticks divided by 100, {@code intr}
 * (its total only), {@code ctxt}, {@code btime}, {@code processes}, {@code procs_running} and
 * {@code procs_blocked}. Families: {@code node_cpu_seconds_total}, {@code
 * node_cpu_guest_seconds_total}, {@code node_intr_total}, {@code node_context_switches_total},
 * {@code node_forks_total}, {@code node_boot_time_seconds}, {@code node_procs_running}, {@code
 * node_procs_blocked}.
 *
 * @param cpus per logical CPU by number: user nice system idle iowait irq softirq steal guest
 *     guest_nice, in seconds
 * @param intr {@code intr}'s first field, or -1 when the line is absent (as for every scalar)
 */
public record ProcStat(
    Map<Integer, double[]> cpus,
    long intr,
    long ctxt,
    long btime,
    long forks,
    long procsRunning,
    long procsBlocked) {

  /** The kernel's {@code USER_HZ}: 100 on every Linux architecture, as procfs assumes. */
  static final double USER_HZ = 100;

  private static final String[] MODES = {
    "user", "nice", "system", "idle", "iowait", "irq", "softirq", "steal"
  };

  public ProcStat {
    cpus = java.util.Collections.unmodifiableMap(new TreeMap<>(cpus));
  }

  /**
   * @throws IllegalArgumentException with a one-line reason on a malformed line
   */
  public static ProcStat parse(String text) {
    Map<Integer, double[]> cpus = new TreeMap<>();
    long intr = -1, ctxt = -1, btime = -1, forks = -1, running = -1, blocked = -1;
    for (String line : text.split("\n")) {
      String[] f = line.strip().split("\\s+");
      if (f.length < 2) {
        continue;
      }
      switch (f[0]) {
        case "intr" -> intr = number(f[1], "intr");
        case "ctxt" -> ctxt = number(f[1], "ctxt");
        case "btime" -> btime = number(f[1], "btime");
        case "processes" -> forks = number(f[1], "processes");
        case "procs_running" -> running = number(f[1], "procs_running");
        case "procs_blocked" -> blocked = number(f[1], "procs_blocked");
        default -> {
          if (f[0].startsWith("cpu") && f[0].length() > 3) {
            int cpu;
            try {
              cpu = Integer.parseInt(f[0].substring(3));
            } catch (NumberFormatException e) {
              throw new IllegalArgumentException(
                  "malformed /proc/stat: bad cpu line '"
                      + LoadAvgParser.abbreviate(line.strip())
                      + "'");
            }
            double[] t = new double[10];
            for (int i = 0; i < t.length && i + 1 < f.length; i++) {
              t[i] = number(f[i + 1], f[0]) / USER_HZ;
            }
            cpus.put(cpu, t);
          }
        }
      }
    }
    if (cpus.isEmpty() && ctxt < 0 && btime < 0) {
      throw new IllegalArgumentException("malformed /proc/stat: no cpu, ctxt or btime line");
    }
    return new ProcStat(cpus, intr, ctxt, btime, forks, running, blocked);
  }

  private static long number(String s, String key) {
    try {
      return Long.parseUnsignedLong(s);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          "malformed /proc/stat: "
              + key
              + " value '"
              + LoadAvgParser.abbreviate(s)
              + "' is not a number");
    }
  }

  /** The per-CPU times as the vm suite and the old OSHI path had them. */
  public List<CpuTimes> cpuTimes() {
    List<CpuTimes> out = new ArrayList<>(cpus.size());
    cpus.forEach(
        (cpu, t) -> out.add(new CpuTimes(cpu, t[0], t[1], t[2], t[3], t[4], t[5], t[6], t[7])));
    return out;
  }

  /** Adds this file's families (the CPU families come from {@link #cpuFamilies}). */
  void addTo(List<MetricSnapshot> out) {
    if (btime >= 0) {
      out.add(
          Family.gauge("node_boot_time_seconds", "Node boot time, in unixtime.")
              .add(btime)
              .build());
    }
    if (ctxt >= 0) {
      out.add(
          Family.counter("node_context_switches", "Total number of context switches.")
              .add(ctxt)
              .build());
    }
    if (forks >= 0) {
      out.add(Family.counter("node_forks", "Total number of forks.").add(forks).build());
    }
    if (intr >= 0) {
      out.add(
          Family.counter("node_intr", "Total number of interrupts serviced.").add(intr).build());
    }
    if (procsBlocked >= 0) {
      out.add(
          Family.gauge(
                  "node_procs_blocked", "Number of processes blocked waiting for I/O to complete.")
              .add(procsBlocked)
              .build());
    }
    if (procsRunning >= 0) {
      out.add(
          Family.gauge("node_procs_running", "Number of processes in runnable state.")
              .add(procsRunning)
              .build());
    }
    if (!cpus.isEmpty()) {
      Family guest =
          Family.counter(
              "node_cpu_guest_seconds", "Seconds the CPUs spent in guests (VMs) for each mode.");
      cpus.forEach(
          (cpu, t) -> {
            String c = Integer.toString(cpu);
            guest.add(t[8], "cpu", c, "mode", "user");
            guest.add(t[9], "cpu", c, "mode", "nice");
          });
      out.add(guest.build());
    }
  }

  /** {@code node_cpu_seconds_total} from per-CPU times (from this file, or OSHI off Linux). */
  static void cpuFamilies(List<CpuTimes> times, List<MetricSnapshot> out) {
    if (times.isEmpty()) {
      return;
    }
    Family cpu = Family.counter("node_cpu_seconds", "Seconds the CPUs spent in each mode.");
    for (CpuTimes t : times) {
      double[] v = {
        t.user(), t.nice(), t.system(), t.idle(), t.iowait(), t.irq(), t.softirq(), t.steal()
      };
      String c = Integer.toString(t.cpu());
      for (int i = 0; i < MODES.length; i++) {
        cpu.add(v[i], "cpu", c, "mode", MODES[i]);
      }
    }
    out.add(cpu.build());
  }
}
