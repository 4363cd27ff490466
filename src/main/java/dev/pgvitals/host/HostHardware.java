package dev.pgvitals.host;

import dev.pgvitals.host.HostSnapshot.CpuTimes;
import dev.pgvitals.host.HostSnapshot.LoadAverage;
import dev.pgvitals.host.HostSnapshot.Memory;
import java.util.List;
import java.util.Optional;

/**
 * What the host sampler takes from OSHI, behind an interface of our own so tests can hand in a
 * machine of their choosing (OSHI's {@code /proc} root is fixed). Calls may block (they read {@code
 * /proc} or call the OS); {@link HostSampler} makes them on a worker thread. "Unavailable" is a
 * value (empty, 0), never an exception.
 */
public interface HostHardware {

  /** Logical CPUs the OS schedules on; 0 when unknown. */
  int logicalCpus();

  /** Cumulative time per logical CPU in seconds by mode; empty when unavailable. */
  List<CpuTimes> cpuTimes();

  /** Physical memory and swap; empty when unavailable. */
  Optional<Memory> memory();

  /** 1, 5 and 15 minute load averages; empty where the platform has none (Windows). */
  Optional<LoadAverage> loadAverage();
}
