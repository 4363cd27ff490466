package dev.pgvitals.postgres;

import dev.pgvitals.metrics.Family;
import dev.pgvitals.sample.LatestSample;
import dev.pgvitals.sample.Sample;
import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

/**
 * postgres_exporter's self-monitoring families, which its dashboards and alert rules query, mapped
 * onto pgvitals' PostgreSQL samplers. postgres_exporter queries PostgreSQL when scraped, so its
 * "scrape" is a round of queries; pgvitals' equivalent is a sampler round, and a "collector" is a
 * sampler ({@code pg_fast}, {@code pg_stats}, {@code pg_sizes}): every view of a sampler travels in
 * one statement string, so its views succeed or fail together and have no separate result.
 *
 * <ul>
 *   <li>{@code pg_exporter_last_scrape_error} (gauge): 1 when the latest sample of any of these
 *       samplers failed or none was taken yet, else 0;
 *   <li>{@code pg_exporter_last_scrape_duration_seconds} (gauge): how long the latest {@code
 *       pg_stats} round took (the round that reads the statistics views);
 *   <li>{@code pg_exporter_scrapes_total} (counter): {@code pg_stats} rounds since the agent
 *       started, failed ones included;
 *   <li>{@code pg_scrape_collector_success{collector}} and {@code
 *       pg_scrape_collector_duration_seconds{collector}} (gauges): per sampler, whether its latest
 *       sample succeeded and how long it took ({@code pgvitals_sample_*} say the same under
 *       pgvitals' own names). A {@code pg_tables} round in which a named database could not be read
 *       counts as failed here (and in {@code pg_exporter_last_scrape_error}), while its sample, and
 *       {@code pgvitals_sample_success}, stay ok so the other databases' tables stay exposed.
 * </ul>
 *
 * Built at scrape time from the latest samples (no I/O).
 */
public final class PgExporterHealthCollector implements MultiCollector {

  private final LatestSample<?> stats;
  private final List<LatestSample<?>> samplers;
  private final AtomicLong statsRounds = new AtomicLong();

  /**
   * @param stats the {@code pg_stats} sampler's latest sample (rounds are counted from now on)
   * @param samplers the local PostgreSQL samplers, {@code stats} among them
   */
  public PgExporterHealthCollector(LatestSample<?> stats, List<LatestSample<?>> samplers) {
    this.stats = stats;
    this.samplers = List.copyOf(samplers);
    stats.onSample(s -> statsRounds.incrementAndGet());
  }

  /**
   * A sample succeeded when it is ok and, for {@code pg_tables}, every named database was read:
   * postgres_exporter reports a scrape error when one of its servers fails, and its alerts on
   * {@code pg_exporter_last_scrape_error} should fire for a named database that cannot be read.
   */
  static boolean succeeded(Sample<?> s) {
    return s.ok() && !(s.value() instanceof PgTableStatsSnapshot t && !t.complete());
  }

  @Override
  public MetricSnapshots collect() {
    boolean error = false;
    Family success =
        Family.gauge(
            "pg_scrape_collector_success",
            "Whether the latest sample of this PostgreSQL sampler succeeded (1) or not (0).");
    Family duration =
        Family.gauge(
            "pg_scrape_collector_duration_seconds",
            "How long the latest sample of this PostgreSQL sampler took, in seconds.");
    for (LatestSample<?> l : samplers) {
      Optional<? extends Sample<?>> s = l.get();
      boolean ok = s.map(PgExporterHealthCollector::succeeded).orElse(false);
      error |= !ok;
      success.add(ok ? 1 : 0, "collector", l.sampler());
      s.ifPresent(x -> duration.add(x.took().toNanos() / 1e9, "collector", l.sampler()));
    }
    Family lastError =
        Family.gauge(
            "pg_exporter_last_scrape_error",
            "1 when the latest sample of any local PostgreSQL sampler failed (or none was taken yet), else 0.");
    lastError.add(error ? 1 : 0);
    Family lastDuration =
        Family.gauge(
            "pg_exporter_last_scrape_duration_seconds",
            "How long the latest pg_stats round (the statistics views) took, in seconds.");
    stats.get().ifPresent(s -> lastDuration.add(s.took().toNanos() / 1e9));
    Family scrapes =
        Family.total(
            "pg_exporter_scrapes_total",
            "pg_stats rounds (the statistics views) taken since the agent started, failed ones included.");
    scrapes.add(statsRounds.get());
    List<MetricSnapshot> out = new ArrayList<>(5);
    for (Family f : List.of(lastError, lastDuration, scrapes, success, duration)) {
      f.addTo(out);
    }
    return new MetricSnapshots(out);
  }
}
