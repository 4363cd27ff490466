package dev.pgvitals.check;

import dev.pgvitals.postgres.PgFastSnapshot;
import dev.pgvitals.sample.Sample;
import java.time.Instant;
import java.util.Optional;

/**
 * The role suite: one check named {@code role} whose text (seed and framework) is {@code leader}
 * (writable, not in recovery) or {@code replica} (in recovery), from the latest {@code pg_fast}
 * sample. When the local node can't be read (no sample, failed, stale) the suite is a setup failure
 * {@code failed to connect to local node: <reason>}; the renderers print {@code offline} for it in
 * the seed format and that text in the framework format.
 */
public final class RoleCheck {

  public static final String SUITE = SuiteName.ROLE.label();

  private RoleCheck() {}

  public static SuiteResult evaluate(
      Optional<Sample<PgFastSnapshot>> local, Instant now, PgCheckSettings settings) {
    Optional<String> problem = PgChecks.localProblem(local, now, settings);
    if (problem.isPresent()) {
      return SuiteResult.setupFailed(SUITE, PgChecks.LOCAL_FAILURE + problem.get());
    }
    Sample<PgFastSnapshot> s = local.get();
    return SuiteResult.role(s.value().role(), s.took());
  }
}
