package dev.pgvitals.host;

import dev.pgvitals.metrics.Family;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * {@code /proc/diskstats}, as node_exporter's {@code diskstats} collector reads it: devices
 * matching its default exclusion {@code ^(ram|loop|fd|(h|s|v|xv)d[a-z]|nvme\d+n\d+p)\d+$}
 * (partitions, RAM and loop devices) are left out, lines with fewer than 14 fields are skipped, and
 * a device exposes as many of the 17 statistics as its line has (discards from kernel 4.18, flushes
 * from 5.5). Sectors are 512 bytes, times milliseconds.
 *
 * @param devices per device in file order: its name and up to 17 raw statistics
 */
public record DiskStats(List<Device> devices) {

  /** node_exporter's {@code --collector.diskstats.device-exclude} default. */
  public static final Pattern DEFAULT_EXCLUDE =
      Pattern.compile("^(ram|loop|fd|(h|s|v|xv)d[a-z]|nvme\\d+n\\d+p)\\d+$");

  /** One line: {@code name} and the statistics after it (between 11 and 17 values). */
  public record Device(String name, long[] stats) {}

  public DiskStats {
    devices = List.copyOf(devices);
  }

  /**
   * @throws IllegalArgumentException with a one-line reason on a malformed line
   */
  public static DiskStats parse(String text) {
    List<Device> devices = new ArrayList<>();
    for (String line : text.split("\n")) {
      String[] f = line.strip().split("\\s+");
      if (f.length < 14) {
        continue;
      }
      if (DEFAULT_EXCLUDE.matcher(f[2]).find()) {
        continue;
      }
      int n = Math.min(f.length, 20) - 3;
      long[] stats = new long[n];
      for (int i = 0; i < n; i++) {
        try {
          stats[i] = Long.parseUnsignedLong(f[i + 3]);
        } catch (NumberFormatException e) {
          throw new IllegalArgumentException(
              "malformed diskstats: device "
                  + LoadAvgParser.abbreviate(f[2])
                  + " has '"
                  + LoadAvgParser.abbreviate(f[i + 3])
                  + "' where a number belongs");
        }
      }
      devices.add(new Device(f[2], stats));
    }
    return new DiskStats(devices);
  }

  private static final double SECONDS_PER_TICK = 1.0 / 1000.0;
  private static final double SECTOR = 512.0;

  void addTo(List<MetricSnapshot> out) {
    if (devices.isEmpty()) {
      return;
    }
    Family[] f = {
      Family.counter(
          "node_disk_reads_completed", "The total number of reads completed successfully."),
      Family.counter("node_disk_reads_merged", "The total number of reads merged."),
      Family.counter("node_disk_read_bytes", "The total number of bytes read successfully."),
      Family.counter(
          "node_disk_read_time_seconds", "The total number of seconds spent by all reads."),
      Family.counter(
          "node_disk_writes_completed", "The total number of writes completed successfully."),
      Family.counter("node_disk_writes_merged", "The number of writes merged."),
      Family.counter("node_disk_written_bytes", "The total number of bytes written successfully."),
      Family.counter(
          "node_disk_write_time_seconds",
          "This is the total number of seconds spent by all writes."),
      Family.gauge("node_disk_io_now", "The number of I/Os currently in progress."),
      Family.counter("node_disk_io_time_seconds", "Total seconds spent doing I/Os."),
      Family.counter(
          "node_disk_io_time_weighted_seconds", "The weighted # of seconds spent doing I/Os."),
      Family.counter(
          "node_disk_discards_completed", "The total number of discards completed successfully."),
      Family.counter("node_disk_discards_merged", "The total number of discards merged."),
      Family.counter(
          "node_disk_discarded_sectors", "The total number of sectors discarded successfully."),
      Family.counter(
          "node_disk_discard_time_seconds",
          "This is the total number of seconds spent by all discards."),
      Family.counter(
          "node_disk_flush_requests", "The total number of flush requests completed successfully"),
      Family.counter(
          "node_disk_flush_requests_time_seconds",
          "This is the total number of seconds spent by all flush requests."),
    };
    for (Device d : devices) {
      long[] s = d.stats();
      for (int i = 0; i < s.length && i < f.length; i++) {
        f[i].add(value(i, s[i]), "device", d.name());
      }
    }
    for (Family family : f) {
      family.addTo(out);
    }
  }

  /** Statistic {@code i} in node_exporter's unit: sectors to bytes, ticks (ms) to seconds. */
  private static double value(int i, long raw) {
    double v = unsigned(raw);
    return switch (i) {
      case 2, 6 -> v * SECTOR;
      case 3, 7, 9, 10, 14, 16 -> v * SECONDS_PER_TICK;
      default -> v;
    };
  }

  static double unsigned(long v) {
    return v >= 0 ? v : (double) (v >>> 1) * 2.0 + (v & 1);
  }
}
