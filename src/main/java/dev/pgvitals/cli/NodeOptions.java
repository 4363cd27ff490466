package dev.pgvitals.cli;

import dev.pgvitals.check.CheckFormat;
import dev.pgvitals.check.VmThresholds;
import dev.pgvitals.config.AgentConfig;
import java.time.Duration;
import picocli.CommandLine.Option;

/**
 * Options shared by {@code agent} and {@code check}: what to sample and how to judge it. Every
 * option falls back to an environment variable, then to its default.
 */
final class NodeOptions {

  @Option(
      names = "--data-path",
      paramLabel = "PATH",
      defaultValue = "${env:PGVITALS_DATA_PATH}",
      description =
          "Path whose file system the disk check watches (env PGVITALS_DATA_PATH; "
              + "default /data/ if it exists, else PostgreSQL's data_directory, else /).")
  String dataPath;

  @Option(
      names = "--proc-root",
      paramLabel = "DIR",
      defaultValue = "${env:PGVITALS_PROC_ROOT:-/}",
      description =
          "Root under which proc/, sys/ and etc/os-release are read (env PGVITALS_PROC_ROOT; default /).")
  String procRoot;

  @Option(
      names = "--format",
      paramLabel = "seed|framework",
      defaultValue = "${env:PGVITALS_FORMAT:-seed}",
      converter = Converters.FormatConverter.class,
      description = "Check text format (env PGVITALS_FORMAT; default seed).")
  CheckFormat format;

  @Option(
      names = "--check-deadline",
      paramLabel = "DURATION",
      defaultValue = "${env:PGVITALS_CHECK_DEADLINE:-5s}",
      converter = Converters.DurationConverter.class,
      description =
          "Deadline of a check and of every sample (env PGVITALS_CHECK_DEADLINE; default 5s).")
  Duration checkDeadline;

  @Option(
      names = "--host-interval",
      paramLabel = "DURATION",
      defaultValue = "${env:PGVITALS_HOST_INTERVAL:-5s}",
      converter = Converters.DurationConverter.class,
      description = "Host sampling interval (env PGVITALS_HOST_INTERVAL; default 5s).")
  Duration hostInterval;

  @Option(
      names = "--disk-min-free",
      paramLabel = "PERCENT",
      defaultValue = "${env:PGVITALS_DISK_MIN_FREE:-10}",
      converter = Converters.PercentConverter.class,
      description =
          "Disk check fails below this free percentage (env PGVITALS_DISK_MIN_FREE; default 10).")
  double diskMinFree;

  @Option(
      names = "--psi-threshold",
      paramLabel = "PERCENT",
      defaultValue = "${env:PGVITALS_PSI_THRESHOLD:-10}",
      converter = Converters.PercentConverter.class,
      description =
          "memory/cpu/io checks fail when a PSI 'some' average exceeds this percentage "
              + "(env PGVITALS_PSI_THRESHOLD; default 10).")
  double psiThreshold;

  @Option(
      names = "--load-thresholds",
      paramLabel = "L1,L5,L15",
      split = ",",
      defaultValue = "${env:PGVITALS_LOAD_THRESHOLDS:-10,4,2}",
      converter = Converters.NonNegativeConverter.class,
      description =
          "Per-CPU load averages above which the load check fails "
              + "(env PGVITALS_LOAD_THRESHOLDS; default 10,4,2).")
  double[] loadThresholds;

  VmThresholds vmLimits() {
    if (loadThresholds.length != 3) {
      throw new IllegalArgumentException(
          "--load-thresholds takes three numbers (1m,5m,15m), got " + loadThresholds.length);
    }
    return new VmThresholds(
        diskMinFree,
        loadThresholds[0],
        loadThresholds[1],
        loadThresholds[2],
        psiThreshold,
        psiThreshold,
        psiThreshold);
  }

  /**
   * Sets what these options decide: data path, /proc root, format, deadline, host interval,
   * thresholds.
   */
  AgentConfig.Builder configure(AgentConfig.Builder b) {
    return b.dataPath(dataPath)
        .procRoot(procRoot)
        .format(format)
        .checkDeadline(checkDeadline)
        .hostInterval(hostInterval)
        .vm(vmLimits());
  }
}
