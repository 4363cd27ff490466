package dev.pgvitals.host;

import dev.pgvitals.host.HostSnapshot.CpuTimes;
import dev.pgvitals.host.HostSnapshot.LoadAverage;
import dev.pgvitals.host.HostSnapshot.Memory;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import oshi.SystemInfo;
import oshi.hardware.CentralProcessor;
import oshi.hardware.CentralProcessor.TickType;
import oshi.hardware.GlobalMemory;
import oshi.hardware.HardwareAbstractionLayer;
import oshi.hardware.VirtualMemory;

/**
 * {@link HostHardware} from OSHI. The {@link SystemInfo}, HAL, processor and memory objects are
 * created once (on first use, as OSHI's start-up reads a good deal of the system) and reused: OSHI
 * caches their static parts and re-reads the counters on each call.
 */
public final class OshiHostHardware implements HostHardware {

  private volatile Parts parts;

  private record Parts(CentralProcessor cpu, GlobalMemory memory) {}

  private Parts parts() {
    Parts p = parts;
    if (p == null) {
      synchronized (this) {
        p = parts;
        if (p == null) {
          HardwareAbstractionLayer hal = new SystemInfo().getHardware();
          p = new Parts(hal.getProcessor(), hal.getMemory());
          parts = p;
        }
      }
    }
    return p;
  }

  @Override
  public int logicalCpus() {
    return Math.max(0, parts().cpu().getLogicalProcessorCount());
  }

  /** OSHI's per-processor ticks are milliseconds; they become seconds here. */
  @Override
  public List<CpuTimes> cpuTimes() {
    long[][] ticks = parts().cpu().getProcessorCpuLoadTicks();
    if (ticks == null) {
      return List.of();
    }
    List<CpuTimes> out = new ArrayList<>(ticks.length);
    for (int i = 0; i < ticks.length; i++) {
      long[] t = ticks[i];
      if (t == null || t.length < TickType.values().length) {
        return List.of();
      }
      out.add(
          new CpuTimes(
              i,
              seconds(t, TickType.USER),
              seconds(t, TickType.NICE),
              seconds(t, TickType.SYSTEM),
              seconds(t, TickType.IDLE),
              seconds(t, TickType.IOWAIT),
              seconds(t, TickType.IRQ),
              seconds(t, TickType.SOFTIRQ),
              seconds(t, TickType.STEAL)));
    }
    return out;
  }

  private static double seconds(long[] ticks, TickType type) {
    return Math.max(0, ticks[type.getIndex()]) / 1000.0;
  }

  @Override
  public Optional<Memory> memory() {
    GlobalMemory m = parts().memory();
    long total = m.getTotal();
    if (total <= 0) {
      return Optional.empty();
    }
    VirtualMemory v = m.getVirtualMemory();
    long swapTotal = Math.max(0, v.getSwapTotal());
    long swapFree = Math.max(0, swapTotal - Math.max(0, v.getSwapUsed()));
    return Optional.of(new Memory(total, Math.max(0, m.getAvailable()), swapTotal, swapFree));
  }

  @Override
  public Optional<LoadAverage> loadAverage() {
    double[] l = parts().cpu().getSystemLoadAverage(3);
    if (l == null || l.length < 3 || l[0] < 0 || l[1] < 0 || l[2] < 0) {
      return Optional.empty();
    }
    return Optional.of(new LoadAverage(l[0], l[1], l[2]));
  }
}
