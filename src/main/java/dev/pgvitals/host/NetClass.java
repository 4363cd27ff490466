package dev.pgvitals.host;

import dev.pgvitals.metrics.Family;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code /sys/class/net/<iface>/*}, as node_exporter's {@code netclass} collector reads it (through
 * prometheus/procfs' sysfs package): {@code node_network_up}, {@code node_network_info} and one
 * family per numeric attribute. An attribute that is missing or cannot be read (the kernel answers
 * {@code EINVAL} for the speed of a link that is down) or does not parse is left out, as there;
 * numbers parse with Go's base prefixes ({@code 0x1003}). Negative speeds are left out
 * (node_exporter's {@code --collector.netclass.ignore-invalid-speed}, its end-to-end test's setting
 * and the default of its 2.x).
 *
 * @param devices per interface, sorted by name: attribute file name to its trimmed text
 */
public record NetClass(Map<String, Map<String, String>> devices) {

  /** The attribute files read, in the order node_exporter emits them. */
  static final List<String> ATTRIBUTES =
      List.of(
          "operstate",
          "address",
          "broadcast",
          "duplex",
          "ifalias",
          "addr_assign_type",
          "carrier",
          "carrier_changes",
          "carrier_up_count",
          "carrier_down_count",
          "dev_id",
          "dormant",
          "flags",
          "ifindex",
          "iflink",
          "link_mode",
          "mtu",
          "name_assign_type",
          "netdev_group",
          "speed",
          "tx_queue_len",
          "type");

  public NetClass {
    devices = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(devices));
  }

  /**
   * Reads every interface directory below {@code sys/class/net} (regular files there, such as
   * {@code bonding_masters}, are not interfaces). Empty when the directory cannot be listed.
   */
  static Optional<NetClass> read(ProcFs fs) {
    List<String> names = fs.list("sys/class/net");
    if (names.isEmpty()) {
      return Optional.empty();
    }
    Map<String, Map<String, String>> devices = new LinkedHashMap<>();
    for (String name : names) {
      String dir = "sys/class/net/" + name + "/";
      if (fs.isFile("sys/class/net/" + name)) {
        continue;
      }
      Map<String, String> attrs = new LinkedHashMap<>();
      for (String a : ATTRIBUTES) {
        fs.read(dir + a).ifPresent(v -> attrs.put(a, v.strip()));
      }
      devices.put(name, attrs);
    }
    return Optional.of(new NetClass(devices));
  }

  /**
   * Go's {@code strconv.ParseInt(s, 0, 64)}: decimal, {@code 0x} hex, {@code 0} octal; empty when
   * invalid.
   */
  static Optional<Long> goInt(String s) {
    if (s == null || s.isEmpty()) {
      return Optional.empty();
    }
    boolean negative = s.startsWith("-");
    String digits = negative || s.startsWith("+") ? s.substring(1) : s;
    int radix = 10;
    if (digits.startsWith("0x") || digits.startsWith("0X")) {
      radix = 16;
      digits = digits.substring(2);
    } else if (digits.startsWith("0b") || digits.startsWith("0B")) {
      radix = 2;
      digits = digits.substring(2);
    } else if (digits.startsWith("0o") || digits.startsWith("0O")) {
      radix = 8;
      digits = digits.substring(2);
    } else if (digits.length() > 1 && digits.startsWith("0")) {
      radix = 8;
      digits = digits.substring(1);
    }
    digits = digits.replace("_", "");
    try {
      long v = Long.parseLong(digits, radix);
      return Optional.of(negative ? -v : v);
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }

  void addTo(List<MetricSnapshot> out) {
    if (devices.isEmpty()) {
      return;
    }
    Family up = Family.gauge("node_network_up", "Value is 1 if operstate is 'up', 0 otherwise.");
    Family info =
        Family.gauge(
            "node_network_info",
            "Non-numeric data from /sys/class/net/<iface>, value is always 1.");
    Map<String, Family> numeric = new LinkedHashMap<>();
    numeric.put("addr_assign_type", property("node_network_address_assign_type", false));
    numeric.put("carrier", property("node_network_carrier", false));
    numeric.put("carrier_changes", property("node_network_carrier_changes_total", true));
    numeric.put("carrier_up_count", property("node_network_carrier_up_changes_total", true));
    numeric.put("carrier_down_count", property("node_network_carrier_down_changes_total", true));
    numeric.put("dev_id", property("node_network_device_id", false));
    numeric.put("dormant", property("node_network_dormant", false));
    numeric.put("flags", property("node_network_flags", false));
    numeric.put("ifindex", property("node_network_iface_id", false));
    numeric.put("iflink", property("node_network_iface_link", false));
    numeric.put("link_mode", property("node_network_iface_link_mode", false));
    numeric.put("mtu", property("node_network_mtu_bytes", false));
    numeric.put("name_assign_type", property("node_network_name_assign_type", false));
    numeric.put("netdev_group", property("node_network_net_dev_group", false));
    numeric.put("speed", property("node_network_speed_bytes", false));
    numeric.put("tx_queue_len", property("node_network_transmit_queue_length", false));
    numeric.put("type", property("node_network_protocol_type", false));
    devices.forEach(
        (device, a) -> {
          String operstate = a.getOrDefault("operstate", "");
          up.add("up".equals(operstate) ? 1 : 0, "device", device);
          info.add(
              1,
              "device",
              device,
              "address",
              a.getOrDefault("address", ""),
              "broadcast",
              a.getOrDefault("broadcast", ""),
              "duplex",
              a.getOrDefault("duplex", ""),
              "operstate",
              operstate,
              "ifalias",
              a.getOrDefault("ifalias", ""));
          numeric.forEach(
              (attr, family) ->
                  goInt(a.get(attr))
                      .ifPresent(
                          v -> {
                            if (attr.equals("speed")) {
                              if (v >= 0) {
                                family.add((double) (v * 1000 * 1000 / 8), "device", device);
                              }
                            } else {
                              family.add(v, "device", device);
                            }
                          }));
        });
    List<Family> all = new ArrayList<>();
    all.add(up);
    all.add(info);
    all.addAll(numeric.values());
    all.forEach(f -> f.addTo(out));
  }

  /** {@code Network device property: <name>}, the HELP node_exporter gives these families. */
  private static Family property(String fullName, boolean counter) {
    String property = fullName.substring("node_network_".length());
    String help = "Network device property: " + property;
    return counter
        ? Family.counter(fullName.substring(0, fullName.length() - "_total".length()), help)
        : Family.gauge(fullName, help);
  }
}
