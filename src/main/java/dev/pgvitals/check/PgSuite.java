package dev.pgvitals.check;

import dev.pgvitals.postgres.PgFastSnapshot;
import dev.pgvitals.postgres.PgLeaderSnapshot;
import dev.pgvitals.sample.LatestSample;
import java.time.Instant;
import java.util.Set;

/**
 * The pg suite over the latest {@code pg_fast} and {@code pg_leader} samples ({@link PgChecks}).
 */
public final class PgSuite implements Suite {

  private final LatestSample<PgFastSnapshot> local;
  private final LatestSample<PgLeaderSnapshot> leader;
  private final PgCheckSettings settings;

  public PgSuite(
      LatestSample<PgFastSnapshot> local,
      LatestSample<PgLeaderSnapshot> leader,
      PgCheckSettings settings) {
    this.local = local;
    this.leader = leader;
    this.settings = settings;
  }

  @Override
  public String name() {
    return PgChecks.SUITE;
  }

  @Override
  public Set<String> reads() {
    return Set.of(local.sampler(), leader.sampler());
  }

  @Override
  public SuiteResult evaluate(Instant now) {
    return PgChecks.evaluate(local.get(), leader.get(), now, settings);
  }
}
