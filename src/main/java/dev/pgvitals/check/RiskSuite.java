package dev.pgvitals.check;

import dev.pgvitals.host.DiskHistory;
import dev.pgvitals.host.HostSnapshot;
import dev.pgvitals.postgres.PgHealthSnapshot;
import dev.pgvitals.sample.LatestSample;
import dev.pgvitals.sample.Sample;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * The risk suite over the latest {@code pg_health} and host samples and the disk history ({@link
 * RiskChecks}). A {@code pg_health} sample counts for three intervals plus its deadline.
 */
public final class RiskSuite implements Suite {

  private final Optional<LatestSample<PgHealthSnapshot>> pg;
  private final Duration pgMaxAge;
  private final LatestSample<HostSnapshot> host;
  private final Duration hostMaxAge;
  private final DiskHistory disk;
  private final RiskThresholds thresholds;

  /**
   * @param pg the {@code pg_health} sampler's latest sample, empty when PostgreSQL is not
   *     configured
   */
  public RiskSuite(
      Optional<LatestSample<PgHealthSnapshot>> pg,
      Duration pgMaxAge,
      LatestSample<HostSnapshot> host,
      Duration hostMaxAge,
      DiskHistory disk,
      RiskThresholds thresholds) {
    this.pg = pg;
    this.pgMaxAge = pgMaxAge;
    this.host = host;
    this.hostMaxAge = hostMaxAge;
    this.disk = disk;
    this.thresholds = thresholds;
  }

  @Override
  public String name() {
    return RiskChecks.SUITE;
  }

  @Override
  public java.util.Set<String> reads() {
    java.util.Set<String> read = new java.util.HashSet<>();
    read.add(host.sampler());
    pg.ifPresent(p -> read.add(p.sampler()));
    return read;
  }

  @Override
  public SuiteResult evaluate(Instant now) {
    Optional<SampleFreshness.Result<PgHealthSnapshot>> judged =
        pg.map(p -> SampleFreshness.judge(p, pgMaxAge, now));
    SampleFreshness.Result<HostSnapshot> h = SampleFreshness.judge(host, hostMaxAge, now);
    Optional<HostSnapshot.FileSystemUsage> fs =
        h.usable() ? h.sample().value().dataFs() : Optional.empty();
    Duration hostTook = host.get().map(Sample::took).orElse(Duration.ZERO);
    return RiskChecks.evaluate(judged, fs, disk.forecast(), hostTook, thresholds);
  }
}
