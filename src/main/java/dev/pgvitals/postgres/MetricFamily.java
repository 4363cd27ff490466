package dev.pgvitals.postgres;

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
 * keyed by label values.
 *
 * <p>The kinds follow metrics.md: a {@link Kind#GAUGE gauge} becomes a {@link GaugeSnapshot}; a
 * legacy {@link Kind#COUNTER counter} whose name has no {@code _total} becomes an {@link
 * UnknownSnapshot} (exposed as {@code untyped} / {@code unknown}, so the Prometheus client does not
 * append {@code _total}) whose HELP ends in {@code (counter)}. Label values are never null (null
 * becomes {@code ""}), and a second point with label values already present is dropped, so one
 * family never holds two series with equal labels (the reference exporter failed whole scrapes on
 * that). A family with no points is not emitted at all.
 */
final class MetricFamily {

  enum Kind { GAUGE, COUNTER }

  private final String name;
  private final String help;
  private final Kind kind;
  private final Map<Labels, Double> points = new LinkedHashMap<>();

  private MetricFamily(String name, String help, Kind kind) {
    this.name = name;
    this.help = kind == Kind.COUNTER ? help + " (counter)" : help;
    this.kind = kind;
  }

  static MetricFamily gauge(String name, String help) {
    return new MetricFamily(name, help, Kind.GAUGE);
  }

  static MetricFamily counter(String name, String help) {
    return new MetricFamily(name, help, Kind.COUNTER);
  }

  String name() {
    return name;
  }

  /**
   * Adds one point; {@code labelNamesAndValues} alternates names and values, values may be null.
   * Returns false (and keeps the first point) when a point with the same labels already exists.
   */
  boolean add(double value, String... labelNamesAndValues) {
    String[] nv = labelNamesAndValues.clone();
    for (int i = 1; i < nv.length; i += 2) {
      if (nv[i] == null) {
        nv[i] = "";
      }
    }
    return points.putIfAbsent(Labels.of(nv), value) == null;
  }

  boolean isEmpty() {
    return points.isEmpty();
  }

  /** Appends the built family to {@code out} unless it has no points. */
  void addTo(List<MetricSnapshot> out) {
    if (points.isEmpty()) {
      return;
    }
    if (kind == Kind.GAUGE) {
      GaugeSnapshot.Builder b = GaugeSnapshot.builder().name(name).help(help);
      points.forEach((l, v) -> b.dataPoint(GaugeDataPointSnapshot.builder().labels(l).value(v).build()));
      out.add(b.build());
    } else {
      UnknownSnapshot.Builder b = UnknownSnapshot.builder().name(name).help(help);
      points.forEach((l, v) -> b.dataPoint(UnknownDataPointSnapshot.builder().labels(l).value(v).build()));
      out.add(b.build());
    }
  }
}
