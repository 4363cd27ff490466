package dev.pgvitals.check;

import dev.pgvitals.postgres.PgFastSnapshot;
import dev.pgvitals.sample.LatestSample;
import java.time.Instant;
import java.util.Set;

/** The role suite over the latest {@code pg_fast} sample ({@link RoleCheck}). */
public final class RoleSuite implements Suite {

  private final LatestSample<PgFastSnapshot> local;
  private final PgCheckSettings settings;

  public RoleSuite(LatestSample<PgFastSnapshot> local, PgCheckSettings settings) {
    this.local = local;
    this.settings = settings;
  }

  @Override
  public String name() {
    return RoleCheck.SUITE;
  }

  @Override
  public Set<String> reads() {
    return Set.of(local.sampler());
  }

  @Override
  public SuiteResult evaluate(Instant now) {
    return RoleCheck.evaluate(local.get(), now, settings);
  }
}
