package dev.pgvitals.host;

import dev.pgvitals.metrics.Family;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code /proc/net/dev}: the 16 counters of every interface, exposed as node_exporter's {@code
 * netdev} collector exposes them ({@code node_network_<column>_total{device}}, no device excluded
 * by default). node_exporter 1.5 reads the same counters over netlink; the kernel's {@code
 * /proc/net/dev} columns are the sums its "legacy" names stand for (drop = dropped + missed, frame
 * = length + over + crc + frame errors, carrier = carrier + aborted + window + heartbeat errors),
 * so the values agree. {@code receive_nohandler}, which only netlink and sysfs carry, comes from
 * {@code /sys/class/net/<dev>/statistics/rx_nohandler} where readable.
 *
 * @param devices per interface in file order
 * @param noHandler {@code rx_nohandler} per interface, where sysfs has it
 */
public record NetDev(List<Interface> devices, Map<String, Long> noHandler) {

  /** One interface's columns, in file order (receive 8, transmit 8). */
  public record Interface(String name, long[] counters) {}

  /** node_exporter's names of the 16 columns, in file order. */
  static final String[] COLUMNS = {
    "receive_bytes",
    "receive_packets",
    "receive_errs",
    "receive_drop",
    "receive_fifo",
    "receive_frame",
    "receive_compressed",
    "receive_multicast",
    "transmit_bytes",
    "transmit_packets",
    "transmit_errs",
    "transmit_drop",
    "transmit_fifo",
    "transmit_colls",
    "transmit_carrier",
    "transmit_compressed",
  };

  public NetDev {
    devices = List.copyOf(devices);
    noHandler = Map.copyOf(noHandler);
  }

  /**
   * @throws IllegalArgumentException with a one-line reason on a malformed line
   */
  public static NetDev parse(String text) {
    List<Interface> out = new ArrayList<>();
    String[] lines = text.split("\n");
    for (int i = 2; i < lines.length; i++) { // two header lines
      String line = lines[i];
      if (line.isBlank()) {
        continue;
      }
      int colon = line.lastIndexOf(':');
      if (colon < 0) {
        throw new IllegalArgumentException(
            "malformed /proc/net/dev: no ':' in '" + LoadAvgParser.abbreviate(line.strip()) + "'");
      }
      String name = line.substring(0, colon).strip();
      String[] f = line.substring(colon + 1).strip().split("\\s+");
      if (name.isEmpty() || f.length < COLUMNS.length) {
        throw new IllegalArgumentException(
            "malformed /proc/net/dev: short line '" + LoadAvgParser.abbreviate(line.strip()) + "'");
      }
      long[] c = new long[COLUMNS.length];
      for (int k = 0; k < c.length; k++) {
        try {
          c[k] = Long.parseUnsignedLong(f[k]);
        } catch (NumberFormatException e) {
          throw new IllegalArgumentException(
              "malformed /proc/net/dev: "
                  + LoadAvgParser.abbreviate(name)
                  + " has '"
                  + LoadAvgParser.abbreviate(f[k])
                  + "' where a number belongs");
        }
      }
      out.add(new Interface(name, c));
    }
    if (out.isEmpty()) {
      throw new IllegalArgumentException("malformed /proc/net/dev: no interfaces");
    }
    return new NetDev(out, Map.of());
  }

  NetDev withNoHandler(Map<String, Long> noHandler) {
    return new NetDev(devices, noHandler);
  }

  void addTo(List<MetricSnapshot> out) {
    Family[] f = new Family[COLUMNS.length];
    for (int k = 0; k < f.length; k++) {
      f[k] =
          Family.counter(
              "node_network_" + COLUMNS[k], "Network device statistic " + COLUMNS[k] + ".");
    }
    Family noHandlerFamily =
        Family.counter(
            "node_network_receive_nohandler", "Network device statistic receive_nohandler.");
    for (Interface d : devices) {
      for (int k = 0; k < f.length; k++) {
        f[k].add(DiskStats.unsigned(d.counters()[k]), "device", d.name());
      }
      Long nh = noHandler.get(d.name());
      if (nh != null) {
        noHandlerFamily.add(DiskStats.unsigned(nh), "device", d.name());
      }
    }
    for (Family family : f) {
      family.addTo(out);
    }
    noHandlerFamily.addTo(out);
  }
}
