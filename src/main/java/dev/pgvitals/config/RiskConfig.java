package dev.pgvitals.config;

import dev.pgvitals.check.CheckFormat;
import dev.pgvitals.check.RiskThresholds;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * The risk suite's settings (docs/risk-checks.md).
 *
 * @param listed {@code --risk-checks on|off}: whether the suite is one of the node's suites in
 *     {@code checks list}, {@code vm status}, {@code /v1/node}, {@code [HEALTHCHECK]} lines and
 *     {@code pgvitals_check_passing}; empty = on in the framework format, off in the seed format
 *     (whose suites are fixed). {@code /flycheck/risk} and the metrics are served either way.
 * @param pgHealthInterval the {@code pg_health} sampler's interval (default 60 s)
 * @param thresholds where the checks fail
 */
public record RiskConfig(
    Optional<Boolean> listed, Duration pgHealthInterval, RiskThresholds thresholds) {

  public static final RiskConfig DEFAULTS =
      new RiskConfig(Optional.empty(), Duration.ofSeconds(60), RiskThresholds.DEFAULTS);

  public RiskConfig {
    Objects.requireNonNull(listed, "listed");
    Objects.requireNonNull(thresholds, "thresholds");
    if (pgHealthInterval == null || pgHealthInterval.isNegative() || pgHealthInterval.isZero()) {
      throw new IllegalArgumentException("the pg_health interval must be positive");
    }
  }

  /** Whether the suite is listed with the node's suites under this check format. */
  public boolean listed(CheckFormat format) {
    return listed.orElse(format == CheckFormat.FRAMEWORK);
  }
}
