package dev.pgvitals.host;

import dev.pgvitals.metrics.Family;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code /proc/meminfo}, every field, named as node_exporter 1.5 (Debian's) names them: the field
 * with a parenthesised part turned into {@code _part} ({@code Active(anon)} becomes {@code
 * Active_anon}), and {@code _bytes} appended to fields with a unit, whose kB are multiplied by
 * 1024; unitless fields ({@code HugePages_Total}) keep their name and value. Each field is the
 * family {@code node_memory_<name>} with HELP {@code Memory information field <name>.}.
 *
 * @param fields mangled name to value, in file order
 */
public record MemInfo(Map<String, Double> fields) {

  public MemInfo {
    fields = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(fields));
  }

  /**
   * @throws IllegalArgumentException with a one-line reason on a malformed line
   */
  public static MemInfo parse(String text) {
    Map<String, Double> fields = new LinkedHashMap<>();
    for (String line : text.split("\n")) {
      String[] parts = line.strip().split("\\s+");
      if (parts.length == 0 || parts[0].isEmpty()) {
        continue; // empty lines occur on some kernels; node_exporter skips them too
      }
      if (parts.length < 2 || parts.length > 3 || !parts[0].endsWith(":")) {
        throw new IllegalArgumentException(
            "malformed meminfo: invalid line '" + LoadAvgParser.abbreviate(line.strip()) + "'");
      }
      double value;
      try {
        value = Double.parseDouble(parts[1]);
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(
            "malformed meminfo: value '"
                + LoadAvgParser.abbreviate(parts[1])
                + "' is not a number");
      }
      String key = mangle(parts[0].substring(0, parts[0].length() - 1));
      if (parts.length == 3) { // node_exporter presumes kB
        value *= 1024;
        key += "_bytes";
      }
      fields.put(key, value);
    }
    if (fields.isEmpty()) {
      throw new IllegalArgumentException("malformed meminfo: no fields");
    }
    return new MemInfo(fields);
  }

  /** {@code Active(anon)} → {@code Active_anon}: Go's {@code \((.*)\)} → {@code _$1}, greedy. */
  static String mangle(String key) {
    int open = key.indexOf('(');
    int close = key.lastIndexOf(')');
    if (open < 0 || close < open) {
      return key;
    }
    return key.substring(0, open) + "_" + key.substring(open + 1, close) + key.substring(close + 1);
  }

  /** A field in bytes, e.g. {@code bytes("MemTotal")}. */
  public Optional<Long> bytes(String field) {
    Double v = fields.get(field + "_bytes");
    return v == null ? Optional.empty() : Optional.of(v.longValue());
  }

  void addTo(List<MetricSnapshot> out) {
    fields.forEach(
        (key, value) -> {
          // node_exporter types a field ending in _total as a counter; no kernel writes one today
          Family f =
              key.endsWith("_total")
                  ? Family.counter(
                      "node_memory_" + key.substring(0, key.length() - 6),
                      "Memory information field " + key + ".")
                  : Family.gauge("node_memory_" + key, "Memory information field " + key + ".");
          out.add(f.add(value).build());
        });
  }
}
