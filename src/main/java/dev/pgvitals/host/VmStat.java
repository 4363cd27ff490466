package dev.pgvitals.host;

import dev.pgvitals.metrics.Family;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * {@code /proc/vmstat}, the fields node_exporter's {@code vmstat} collector exposes by default
 * ({@code --collector.vmstat.fields} {@code ^(oom_kill|pgpg|pswp|pg.*fault).*}: pgpgin, pgpgout,
 * pswpin, pswpout, pgfault, pgmajfault, oom_kill), each as the untyped family {@code
 * node_vmstat_<field>} with HELP {@code /proc/vmstat information field <field>.}.
 *
 * @param fields the selected fields in file order
 */
public record VmStat(Map<String, Double> fields) {

  /** node_exporter's default field selection. */
  public static final Pattern DEFAULT_FIELDS = Pattern.compile("^(oom_kill|pgpg|pswp|pg.*fault).*");

  public VmStat {
    fields = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(fields));
  }

  /**
   * @throws IllegalArgumentException with a one-line reason on a malformed line
   */
  public static VmStat parse(String text) {
    Map<String, Double> fields = new LinkedHashMap<>();
    for (String line : text.split("\n")) {
      String[] f = line.strip().split("\\s+");
      if (f.length == 1 && f[0].isEmpty()) {
        continue;
      }
      if (f.length < 2) {
        throw new IllegalArgumentException(
            "malformed vmstat: line '" + LoadAvgParser.abbreviate(line.strip()) + "' has no value");
      }
      double value;
      try {
        value = Double.parseDouble(f[1]);
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(
            "malformed vmstat: "
                + LoadAvgParser.abbreviate(f[0])
                + " value '"
                + LoadAvgParser.abbreviate(f[1])
                + "' is not a number");
      }
      if (DEFAULT_FIELDS.matcher(f[0]).find()) {
        fields.put(f[0], value);
      }
    }
    return new VmStat(fields);
  }

  void addTo(List<MetricSnapshot> out) {
    fields.forEach(
        (field, value) ->
            out.add(
                Family.untyped(
                        "node_vmstat_" + field, "/proc/vmstat information field " + field + ".")
                    .add(value)
                    .build()));
  }
}
