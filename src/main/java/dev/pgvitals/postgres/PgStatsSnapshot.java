package dev.pgvitals.postgres;

import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One statistics reading of one PostgreSQL node, taken by {@link PgStatsSampler} in a single round
 * trip: one reading per {@link PgView} of {@link PgViews#STATS} that exists on the node's major
 * version, in list order. Versions are normalized away in the per-view readings.
 *
 * @param server the {@code server} label value, {@code host:port} of the monitored node
 * @param majorVersion PostgreSQL major version, e.g. 17
 * @param readings each view's reading, in the order its families are written
 */
public record PgStatsSnapshot(String server, int majorVersion, Map<PgView<?>, Object> readings) {

  public PgStatsSnapshot {
    Objects.requireNonNull(server, "server");
    readings = Collections.unmodifiableMap(new LinkedHashMap<>(readings));
  }

  /** A view's reading; empty when the view does not exist on this major (or was not sampled). */
  @SuppressWarnings("unchecked")
  public <T> Optional<T> reading(PgView<T> view) {
    return Optional.ofNullable((T) readings.get(view));
  }

  /** Appends every view's families, both generations of names, in view order. */
  public void families(List<MetricSnapshot> out) {
    families(ExporterNames.BOTH, out);
  }

  /**
   * Appends every view's families, in view order; the second generation only if {@code names} says
   * so.
   */
  public void families(ExporterNames names, List<MetricSnapshot> out) {
    readings.forEach((view, reading) -> write(view, reading, names, out));
  }

  @SuppressWarnings("unchecked")
  private <T> void write(
      PgView<T> view, Object reading, ExporterNames names, List<MetricSnapshot> out) {
    view.families((T) reading, server, names, out);
  }

  public static Builder builder(String server, int majorVersion) {
    return new Builder(server, majorVersion);
  }

  /** Builds a snapshot view by view (the sampler, and tests with hand-made readings). */
  public static final class Builder {
    private final String server;
    private final int majorVersion;
    private final Map<PgView<?>, Object> readings = new LinkedHashMap<>();

    private Builder(String server, int majorVersion) {
      this.server = server;
      this.majorVersion = majorVersion;
    }

    public <T> Builder with(PgView<T> view, T reading) {
      readings.put(
          Objects.requireNonNull(view, "view"), Objects.requireNonNull(reading, view.name()));
      return this;
    }

    public PgStatsSnapshot build() {
      return new PgStatsSnapshot(server, majorVersion, readings);
    }
  }
}
