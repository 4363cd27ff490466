package dev.pgvitals.host;

import dev.pgvitals.metrics.Family;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code /etc/os-release}, else {@code /usr/lib/os-release} (below the root), as node_exporter's
 * {@code os} collector reads it: {@code node_os_info} labelled by its twelve fields, and {@code
 * node_os_version} (the leading {@code major.minor} of {@code VERSION_ID}) when that is above 0.
 * Values may be double-quoted (with backslash escapes), single-quoted or bare.
 *
 * @param fields the file's variables
 */
public record OsRelease(Map<String, String> fields) {

  private static final Pattern VERSION = Pattern.compile("^[0-9]+\\.?[0-9]*");

  public OsRelease {
    fields = Map.copyOf(fields);
  }

  /** Empty when neither file exists. */
  static Optional<OsRelease> read(ProcFs fs) {
    Optional<String> text = fs.read("etc/os-release");
    if (text.isEmpty()) {
      text = fs.read("usr/lib/os-release");
    }
    return text.map(OsRelease::parse);
  }

  /** Lines that are not {@code KEY=value} are skipped. */
  public static OsRelease parse(String text) {
    Map<String, String> fields = new HashMap<>();
    for (String raw : text.split("\n")) {
      String line = raw.strip();
      int eq = line.indexOf('=');
      if (line.isEmpty() || line.startsWith("#") || eq <= 0) {
        continue;
      }
      fields.put(line.substring(0, eq).strip(), value(line.substring(eq + 1).strip()));
    }
    return new OsRelease(fields);
  }

  private static String value(String v) {
    if (v.length() >= 2 && v.startsWith("'") && v.endsWith("'")) {
      return v.substring(1, v.length() - 1);
    }
    if (v.length() >= 2 && v.startsWith("\"") && v.endsWith("\"")) {
      v = v.substring(1, v.length() - 1);
    }
    StringBuilder b = new StringBuilder(v.length());
    for (int i = 0; i < v.length(); i++) {
      char c = v.charAt(i);
      if (c == '\\' && i + 1 < v.length()) {
        b.append(v.charAt(++i));
      } else {
        b.append(c);
      }
    }
    return b.toString();
  }

  private String get(String key) {
    return fields.getOrDefault(key, "");
  }

  void addTo(List<MetricSnapshot> out) {
    out.add(
        Family.gauge(
                "node_os_info",
                "A metric with a constant '1' value labeled by build_id, id, id_like, "
                    + "image_id, image_version, name, pretty_name, variant, variant_id, version, version_codename, version_id.")
            .add(
                1,
                "build_id",
                get("BUILD_ID"),
                "id",
                get("ID"),
                "id_like",
                get("ID_LIKE"),
                "image_id",
                get("IMAGE_ID"),
                "image_version",
                get("IMAGE_VERSION"),
                "name",
                get("NAME"),
                "pretty_name",
                get("PRETTY_NAME"),
                "variant",
                get("VARIANT"),
                "variant_id",
                get("VARIANT_ID"),
                "version",
                get("VERSION"),
                "version_codename",
                get("VERSION_CODENAME"),
                "version_id",
                get("VERSION_ID"))
            .build());
    Matcher m = VERSION.matcher(get("VERSION_ID"));
    if (m.find()) {
      double version = Double.parseDouble(m.group());
      if (version > 0) {
        out.add(
            Family.gauge(
                    "node_os_version", "Metric containing the major.minor part of the OS version.")
                .add(version, "id", get("ID"), "id_like", get("ID_LIKE"), "name", get("NAME"))
                .build());
      }
    }
  }
}
