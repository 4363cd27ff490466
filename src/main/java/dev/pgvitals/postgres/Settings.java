package dev.pgvitals.postgres;

import dev.pgvitals.metrics.Family;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Server settings from {@code pg_settings}, one gauge family per {@code bool}, {@code integer} or
 * {@code real} setting, named and converted as postgres_exporter's {@code settings} collector does:
 * {@code pg_settings_<name>} with {@code .} and {@code -} in the name replaced by {@code _}; a bool
 * is 1 when {@code on}, else 0; a setting with a time unit is converted to seconds and named {@code
 * pg_settings_<name>_seconds}, one with a size unit (including block units such as {@code 8kB}) to
 * bytes and named {@code pg_settings_<name>_bytes}; the special value -1 stays -1. A setting with a
 * unit postgres_exporter does not know is left out. The same on PostgreSQL 13–18 (the set of
 * settings differs by major, as the server reports it).
 *
 * <p>{@code pg_settings_max_connections} and {@code pg_settings_superuser_reserved_connections} are
 * made from the fresher {@code pg_fast} sample ({@link PgFastCollector}), which the connections
 * check reads, and are not repeated here. Label: {@code server}.
 *
 * @param name the setting's name
 * @param setting its value as text
 * @param unit its unit, {@code ""} without one
 * @param vartype {@code bool}, {@code integer} or {@code real}
 */
public record Settings(String name, String setting, String unit, String vartype) {

  /** Settings whose families another collector makes. */
  static final Set<String> MADE_ELSEWHERE =
      Set.of("max_connections", "superuser_reserved_connections");

  static final PgView<List<Settings>> VIEW =
      PgView.of("pg_settings", Settings::sql, Settings::read, Settings::metrics);

  static String sql(int major) {
    return """
        SELECT name, setting, COALESCE(unit, '') AS unit, vartype
        FROM pg_settings
        WHERE vartype IN ('bool', 'integer', 'real')
        ORDER BY name""";
  }

  static List<Settings> read(RowSet<Row> rows) {
    List<Settings> out = new ArrayList<>(rows.size());
    for (Row r : rows) {
      out.add(
          new Settings(
              r.getString("name"),
              r.getString("setting"),
              r.getString("unit"),
              r.getString("vartype")));
    }
    return List.copyOf(out);
  }

  /** A setting as exposed: its family name, HELP and value. */
  record Exposed(String name, String help, double value) {}

  /** How this setting is exposed; empty when it cannot be (unknown unit, unparsable value). */
  Optional<Exposed> exposed() {
    String base = "pg_settings_" + name.replace('.', '_').replace('-', '_');
    String help = "Server Parameter: " + name;
    if (vartype.equals("bool")) {
      return Optional.of(new Exposed(base, help, "on".equals(setting) ? 1 : 0));
    }
    double v;
    try {
      v = Double.parseDouble(setting.strip());
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
    if (unit.isEmpty()) {
      return Optional.of(new Exposed(base, help, v));
    }
    double factor;
    String suffix;
    switch (unit) {
      case "ms" -> {
        factor = 1e-3;
        suffix = "seconds";
      }
      case "s" -> {
        factor = 1;
        suffix = "seconds";
      }
      case "min" -> {
        factor = 60;
        suffix = "seconds";
      }
      case "h" -> {
        factor = 3600;
        suffix = "seconds";
      }
      case "d" -> {
        factor = 86400;
        suffix = "seconds";
      }
      case "B" -> {
        factor = 1;
        suffix = "bytes";
      }
      case "kB", "1kB" -> {
        factor = 1L << 10;
        suffix = "bytes";
      }
      case "2kB" -> {
        factor = 1L << 11;
        suffix = "bytes";
      }
      case "4kB" -> {
        factor = 1L << 12;
        suffix = "bytes";
      }
      case "8kB" -> {
        factor = 1L << 13;
        suffix = "bytes";
      }
      case "16kB" -> {
        factor = 1L << 14;
        suffix = "bytes";
      }
      case "32kB" -> {
        factor = 1L << 15;
        suffix = "bytes";
      }
      case "64kB" -> {
        factor = 1L << 16;
        suffix = "bytes";
      }
      case "MB" -> {
        factor = 1L << 20;
        suffix = "bytes";
      }
      case "16MB" -> {
        factor = 1L << 24;
        suffix = "bytes";
      }
      case "32MB" -> {
        factor = 1L << 25;
        suffix = "bytes";
      }
      case "64MB" -> {
        factor = 1L << 26;
        suffix = "bytes";
      }
      case "GB" -> {
        factor = 1L << 30;
        suffix = "bytes";
      }
      case "TB" -> {
        factor = 1L << 40;
        suffix = "bytes";
      }
      default -> {
        return Optional.empty();
      }
    }
    double value = v == -1 ? -1 : v * factor;
    return Optional.of(
        new Exposed(base + "_" + suffix, help + " [Units converted to " + suffix + ".]", value));
  }

  static void metrics(List<Settings> rows, String server, List<MetricSnapshot> out) {
    Set<String> names = new HashSet<>();
    for (Settings s : rows) {
      if (MADE_ELSEWHERE.contains(s.name)) {
        continue;
      }
      s.exposed()
          .filter(e -> names.add(e.name()))
          .ifPresent(
              e ->
                  // family name: "pg_settings_" + the setting's name [+ "_seconds" | "_bytes"], see
                  // exposed()
                  Family.gauge(e.name(), e.help()).add(e.value(), "server", server).addTo(out));
    }
  }
}
