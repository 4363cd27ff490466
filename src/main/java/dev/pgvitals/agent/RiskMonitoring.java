package dev.pgvitals.agent;

import dev.pgvitals.check.RiskSuite;
import dev.pgvitals.check.Suite;
import dev.pgvitals.config.AgentConfig;
import dev.pgvitals.host.DiskForecastCollector;
import dev.pgvitals.host.DiskHistory;
import dev.pgvitals.host.HostSnapshot;
import dev.pgvitals.postgres.PgHealthCollector;
import dev.pgvitals.postgres.PgHealthSampler;
import dev.pgvitals.postgres.PgHealthSnapshot;
import dev.pgvitals.sample.LatestSample;
import dev.pgvitals.sample.ScheduledSampler;
import io.prometheus.metrics.model.registry.MultiCollector;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The risk suite's parts (docs/risk-checks.md): the {@code pg_health} sampler on its own slow
 * interval (when PostgreSQL is configured), the disk history fed by every host sample, the {@code
 * risk} suite over them, and their collectors (the {@code pg_health} families, the disk forecast
 * and {@code pgvitals_risk_check_passing}).
 */
public final class RiskMonitoring {

  private final Optional<ScheduledSampler<PgHealthSnapshot>> pgHealth;
  private final DiskHistory disk;
  private final RiskSuite suite;
  private final List<MultiCollector> collectors = new ArrayList<>();

  RiskMonitoring(
      AgentConfig config, LatestSample<HostSnapshot> host, Optional<PgMonitoring> pg, Clock clock) {
    this.disk = DiskHistory.defaults();
    host.onSample(disk::accept);
    this.pgHealth =
        pg.map(
            p ->
                ScheduledSampler.of(
                    new PgHealthSampler(p.localPool(), p.localSettings().serverLabel()),
                    config.risk().pgHealthInterval()));
    Duration pgMaxAge =
        config
            .risk()
            .pgHealthInterval()
            .multipliedBy(3)
            .plus(pg.map(PgMonitoring::samplerDeadline).orElse(Duration.ZERO));
    Duration hostMaxAge = config.hostInterval().multipliedBy(3).plus(config.checkDeadline());
    this.suite =
        new RiskSuite(
            pgHealth.map(ScheduledSampler::latest),
            pgMaxAge,
            host,
            hostMaxAge,
            disk,
            config.risk().thresholds());
    pgHealth.ifPresent(s -> collectors.add(new PgHealthCollector(s.latest())));
    collectors.add(new DiskForecastCollector(disk));
    collectors.add(new RiskCheckCollector(suite, clock));
  }

  /** The {@code pg_health} sampler, when PostgreSQL is configured. */
  public Optional<ScheduledSampler<PgHealthSnapshot>> sampler() {
    return pgHealth;
  }

  public Suite suite() {
    return suite;
  }

  public DiskHistory disk() {
    return disk;
  }

  public List<MultiCollector> collectors() {
    return collectors;
  }
}
