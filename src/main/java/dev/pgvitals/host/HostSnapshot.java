package dev.pgvitals.host;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One reading of the host: everything the vm suite and the {@code node_*} metrics need. Values that
 * a platform cannot supply are {@link Optional#empty()}, never zeros.
 *
 * @param load load averages from {@code /proc/loadavg} (or OSHI off Linux)
 * @param logicalCpus logical CPUs available to the OS
 * @param pressure PSI per resource name ({@code cpu}, {@code memory}, {@code io}); a resource whose
 *     file is missing or unreadable is absent from the map
 * @param memory memory and swap, empty when unavailable
 * @param dataFs the file system that holds the data path, empty when it could not be read
 * @param cpuTicks per-logical-CPU cumulative time by mode, empty list when unavailable
 * @param node the sources that feed only node_exporter's families ({@link NodeStats#NONE} when not
 *     read)
 */
public record HostSnapshot(
    Optional<LoadAverage> load,
    int logicalCpus,
    Map<String, Pressure> pressure,
    Optional<Memory> memory,
    Optional<FileSystemUsage> dataFs,
    List<CpuTimes> cpuTicks,
    NodeStats node) {

  /** The PSI resources, in vm-suite order. */
  public static final List<String> PSI_RESOURCES = List.of("memory", "cpu", "io");

  public HostSnapshot {
    Objects.requireNonNull(load, "load");
    pressure = Map.copyOf(pressure);
    Objects.requireNonNull(memory, "memory");
    Objects.requireNonNull(dataFs, "dataFs");
    cpuTicks = List.copyOf(cpuTicks);
    Objects.requireNonNull(node, "node");
  }

  /** A reading without the node_exporter-only sources. */
  public HostSnapshot(
      Optional<LoadAverage> load,
      int logicalCpus,
      Map<String, Pressure> pressure,
      Optional<Memory> memory,
      Optional<FileSystemUsage> dataFs,
      List<CpuTimes> cpuTicks) {
    this(load, logicalCpus, pressure, memory, dataFs, cpuTicks, NodeStats.NONE);
  }

  /** {@code /proc/loadavg}'s first three fields. */
  public record LoadAverage(double load1, double load5, double load15) {}

  /** One PSI line: {@code some|full avg10=… avg60=… avg300=… total=…}. */
  public record PsiLine(double avg10, double avg60, double avg300, long totalMicros) {}

  /** A PSI file: its {@code some} line and, where the kernel writes one, its {@code full} line. */
  public record Pressure(PsiLine some, Optional<PsiLine> full) {
    public Pressure {
      Objects.requireNonNull(some, "some");
      Objects.requireNonNull(full, "full");
    }
  }

  /** Memory in bytes. */
  public record Memory(
      long totalBytes, long availableBytes, long swapTotalBytes, long swapFreeBytes) {}

  /**
   * statvfs of the data path: {@code availableBytes = f_bavail × f_frsize} (space for non-root),
   * {@code totalBytes = f_blocks × f_frsize}.
   *
   * @param path the data path exactly as configured (printed by the disk check)
   * @param mountPoint the mount point of the file system holding it
   * @param fsType e.g. {@code ext4}
   * @param device e.g. {@code /dev/vda1}
   */
  public record FileSystemUsage(
      String path,
      String mountPoint,
      String fsType,
      String device,
      long totalBytes,
      long availableBytes) {}

  /**
   * Cumulative CPU time of one logical CPU, in seconds, by the node_exporter modes {@code user nice
   * system idle iowait irq softirq steal}.
   */
  public record CpuTimes(
      int cpu,
      double user,
      double nice,
      double system,
      double idle,
      double iowait,
      double irq,
      double softirq,
      double steal) {}
}
