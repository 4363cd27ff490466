package dev.pgvitals.metrics;

import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.CounterSnapshot.CounterDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot.GaugeDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.prometheus.metrics.model.snapshots.UnknownSnapshot;
import io.prometheus.metrics.model.snapshots.UnknownSnapshot.UnknownDataPointSnapshot;
import java.util.ArrayList;
import java.util.List;

/**
 * Builds one metric family from values that collectors read off a snapshot.
 *
 * <p>The kind decides the exposed name, because the Prometheus client appends {@code _total} to
 * every counter:
 *
 * <ul>
 *   <li>{@link #gauge} — {@code # TYPE name gauge}
 *   <li>{@link #legacyCounter} — a counter whose established name has no {@code _total}
 *       ({@code pg_stat_database_xact_commit}); exposed as {@code untyped} (OpenMetrics
 *       {@code unknown}) so the name stays byte-exact, and the HELP says it is a counter
 *   <li>{@link #counter} — a counter named without its {@code _total}, which the writer appends
 *       ({@code node_cpu_seconds} becomes {@code node_cpu_seconds_total})
 * </ul>
 *
 * <pre>{@code
 * Family.gauge("node_filesystem_avail_bytes", "Free bytes.", "mountpoint", "fstype", "device")
 *     .add(1.2e9, "/", "ext4", "/dev/vda1")
 *     .build();
 * }</pre>
 */
public final class Family {

  private enum Kind { GAUGE, LEGACY_COUNTER, COUNTER }

  private final Kind kind;
  private final String name;
  private final String help;
  private final String[] labelNames;
  private final List<Labels> labels = new ArrayList<>();
  private final List<Double> values = new ArrayList<>();

  private Family(Kind kind, String name, String help, String... labelNames) {
    this.kind = kind;
    this.name = name;
    this.help = help;
    this.labelNames = labelNames;
  }

  public static Family gauge(String name, String help, String... labelNames) {
    return new Family(Kind.GAUGE, name, help, labelNames);
  }

  /** A counter whose exposed name must not gain {@code _total}; see the class comment. */
  public static Family legacyCounter(String name, String help, String... labelNames) {
    return new Family(Kind.LEGACY_COUNTER, name, "Counter: " + help, labelNames);
  }

  /** A counter; {@code name} is given without {@code _total}, which the writer appends. */
  public static Family counter(String name, String help, String... labelNames) {
    if (name.endsWith("_total")) {
      throw new IllegalArgumentException("give the counter name without _total: " + name);
    }
    return new Family(Kind.COUNTER, name, help, labelNames);
  }

  /** Adds one series; label values in the order of the label names, {@code null} becomes {@code ""}. */
  public Family add(double value, String... labelValues) {
    if (labelValues.length != labelNames.length) {
      throw new IllegalArgumentException(name + " takes " + labelNames.length + " label values");
    }
    String[] v = new String[labelValues.length];
    for (int i = 0; i < v.length; i++) {
      v[i] = labelValues[i] == null ? "" : labelValues[i];
    }
    labels.add(Labels.of(labelNames, v));
    values.add(value);
    return this;
  }

  public boolean isEmpty() {
    return values.isEmpty();
  }

  public MetricSnapshot build() {
    switch (kind) {
      case GAUGE: {
        GaugeSnapshot.Builder b = GaugeSnapshot.builder().name(name).help(help);
        for (int i = 0; i < values.size(); i++) {
          b.dataPoint(GaugeDataPointSnapshot.builder().labels(labels.get(i)).value(values.get(i)).build());
        }
        return b.build();
      }
      case LEGACY_COUNTER: {
        UnknownSnapshot.Builder b = UnknownSnapshot.builder().name(name).help(help);
        for (int i = 0; i < values.size(); i++) {
          b.dataPoint(UnknownDataPointSnapshot.builder().labels(labels.get(i)).value(values.get(i)).build());
        }
        return b.build();
      }
      default: {
        CounterSnapshot.Builder b = CounterSnapshot.builder().name(name).help(help);
        for (int i = 0; i < values.size(); i++) {
          b.dataPoint(CounterDataPointSnapshot.builder().labels(labels.get(i)).value(values.get(i)).build());
        }
        return b.build();
      }
    }
  }
}
