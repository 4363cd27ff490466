package dev.pgvitals.metrics;

import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.CounterSnapshot.CounterDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot.GaugeDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.prometheus.metrics.model.snapshots.UnknownSnapshot;
import io.prometheus.metrics.model.snapshots.UnknownSnapshot.UnknownDataPointSnapshot;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One metric family being built from a snapshot: a name, a kind, a HELP text and its data points
 * keyed by label values. Every collector of pgvitals builds its families with this class.
 *
 * <p>The kind decides the exposed name, because the Prometheus client appends {@code _total} to
 * every counter:
 *
 * <ul>
 *   <li>{@link #gauge} — {@code # TYPE name gauge};
 *   <li>{@link #legacyCounter} — a counter whose established name has no {@code _total} ({@code
 *       pg_stat_database_xact_commit}): exposed as {@code untyped} (OpenMetrics {@code unknown}) so
 *       the name stays byte-exact, with a HELP that ends in {@code (counter)};
 *   <li>{@link #counter} — a counter named without its {@code _total}, which the writer appends
 *       ({@code node_cpu_seconds} becomes {@code node_cpu_seconds_total}).
 * </ul>
 *
 * <p>Label values are never null (null becomes {@code ""}), and a second point with label values
 * already present is dropped, so one family never holds two series with equal labels (the old
 * exporter failed whole scrapes on that). A family with no points is not emitted at all.
 *
 * <pre>{@code
 * Family.gauge("node_filesystem_avail_bytes", "Free bytes.")
 *     .add(1.2e9, "mountpoint", "/", "fstype", "ext4", "device", "/dev/vda1")
 *     .addTo(out);
 * }</pre>
 */
public final class Family {

  private enum Kind {
    GAUGE,
    LEGACY_COUNTER,
    COUNTER,
    UNTYPED
  }

  private final String name;
  private final String help;
  private final Kind kind;
  private final Map<Labels, Double> points = new LinkedHashMap<>();

  private Family(String name, String help, Kind kind) {
    this.name = name;
    this.help = help;
    this.kind = kind;
  }

  public static Family gauge(String name, String help) {
    return new Family(name, help, Kind.GAUGE);
  }

  /** A counter whose exposed name must not gain {@code _total}; see the class comment. */
  public static Family legacyCounter(String name, String help) {
    return new Family(name, help + " (counter)", Kind.LEGACY_COUNTER);
  }

  /**
   * An untyped family ({@code # TYPE name untyped}) with its HELP exactly as given, for exporters'
   * families that are untyped at their source (node_exporter's {@code node_vmstat_*}).
   */
  public static Family untyped(String name, String help) {
    return new Family(name, help, Kind.UNTYPED);
  }

  /** A counter; {@code name} is given without {@code _total}, which the writer appends. */
  public static Family counter(String name, String help) {
    if (name.endsWith("_total")) {
      throw new IllegalArgumentException("give the counter name without _total: " + name);
    }
    return new Family(name, help, Kind.COUNTER);
  }

  /**
   * A counter given by its full exposed name, which ends in {@code _total} (the writer appends
   * {@code _total} to the base name), so that the name a dashboard queries is the one written where
   * the family is made.
   */
  public static Family total(String exposedName, String help) {
    if (!exposedName.endsWith("_total")) {
      throw new IllegalArgumentException(
          "the exposed name of a counter ends in _total: " + exposedName);
    }
    return new Family(
        exposedName.substring(0, exposedName.length() - "_total".length()), help, Kind.COUNTER);
  }

  public String name() {
    return name;
  }

  /**
   * Adds one point; {@code labelNamesAndValues} alternates names and values, values may be null. A
   * point whose labels are already present is dropped (the first one stays).
   */
  public Family add(double value, String... labelNamesAndValues) {
    String[] nv = labelNamesAndValues.clone();
    for (int i = 1; i < nv.length; i += 2) {
      if (nv[i] == null) {
        nv[i] = "";
      }
    }
    points.putIfAbsent(Labels.of(nv), value);
    return this;
  }

  public boolean isEmpty() {
    return points.isEmpty();
  }

  /** Appends the built family to {@code out} unless it has no points. */
  public void addTo(List<MetricSnapshot> out) {
    if (!points.isEmpty()) {
      out.add(build());
    }
  }

  /** The family as a snapshot (also when it has no points). */
  public MetricSnapshot build() {
    switch (kind) {
      case GAUGE:
        {
          GaugeSnapshot.Builder b = GaugeSnapshot.builder().name(name).help(help);
          points.forEach(
              (l, v) -> b.dataPoint(GaugeDataPointSnapshot.builder().labels(l).value(v).build()));
          return b.build();
        }
      case LEGACY_COUNTER:
      case UNTYPED:
        {
          UnknownSnapshot.Builder b = UnknownSnapshot.builder().name(name).help(help);
          points.forEach(
              (l, v) -> b.dataPoint(UnknownDataPointSnapshot.builder().labels(l).value(v).build()));
          return b.build();
        }
      default:
        {
          CounterSnapshot.Builder b = CounterSnapshot.builder().name(name).help(help);
          points.forEach(
              (l, v) -> b.dataPoint(CounterDataPointSnapshot.builder().labels(l).value(v).build()));
          return b.build();
        }
    }
  }
}
