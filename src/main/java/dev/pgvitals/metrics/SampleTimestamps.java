package dev.pgvitals.metrics;

import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.CounterSnapshot.CounterDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot.GaugeDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import io.prometheus.metrics.model.snapshots.UnknownSnapshot;
import io.prometheus.metrics.model.snapshots.UnknownSnapshot.UnknownDataPointSnapshot;
import java.util.ArrayList;
import java.util.List;

/**
 * Gives every data point of a set of families the time its sample was taken, so the exposition
 * carries {@code value timestamp} and Prometheus stores each sample once, at the time it was read,
 * however often it scrapes (see docs/metrics-mapping.md, "Rates at any scrape interval").
 */
public final class SampleTimestamps {

  private SampleTimestamps() {}

  /** The families with every point stamped {@code epochMillis}. */
  public static MetricSnapshots stamp(MetricSnapshots families, long epochMillis) {
    List<MetricSnapshot> out = new ArrayList<>(families.size());
    for (MetricSnapshot m : families) {
      out.add(stamp(m, epochMillis));
    }
    return new MetricSnapshots(out);
  }

  private static MetricSnapshot stamp(MetricSnapshot m, long ts) {
    String name = m.getMetadata().getName();
    String help = m.getMetadata().getHelp();
    if (m instanceof GaugeSnapshot g) {
      GaugeSnapshot.Builder b = GaugeSnapshot.builder().name(name).help(help);
      for (GaugeDataPointSnapshot p : g.getDataPoints()) {
        b.dataPoint(
            GaugeDataPointSnapshot.builder()
                .labels(p.getLabels())
                .value(p.getValue())
                .scrapeTimestampMillis(ts)
                .build());
      }
      return b.build();
    }
    if (m instanceof UnknownSnapshot u) {
      UnknownSnapshot.Builder b = UnknownSnapshot.builder().name(name).help(help);
      for (UnknownDataPointSnapshot p : u.getDataPoints()) {
        b.dataPoint(
            UnknownDataPointSnapshot.builder()
                .labels(p.getLabels())
                .value(p.getValue())
                .scrapeTimestampMillis(ts)
                .build());
      }
      return b.build();
    }
    if (m instanceof CounterSnapshot c) {
      CounterSnapshot.Builder b = CounterSnapshot.builder().name(name).help(help);
      for (CounterDataPointSnapshot p : c.getDataPoints()) {
        b.dataPoint(
            CounterDataPointSnapshot.builder()
                .labels(p.getLabels())
                .value(p.getValue())
                .scrapeTimestampMillis(ts)
                .build());
      }
      return b.build();
    }
    return m; // no other kind is built from samples
  }
}
