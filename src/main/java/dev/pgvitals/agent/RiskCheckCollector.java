package dev.pgvitals.agent;

import dev.pgvitals.check.CheckResult;
import dev.pgvitals.check.Suite;
import dev.pgvitals.check.SuiteResult;
import dev.pgvitals.metrics.Family;
import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.time.Clock;

/**
 * {@code pgvitals_risk_check_passing{check}}: 1 or 0 per check of the risk suite ({@code
 * wraparound}, {@code replicationSlots}, …), so alert rules judge with the agent's own thresholds.
 * Evaluated at scrape time from the latest samples (pure, no I/O), whether or not the suite is
 * listed with the node's suites.
 */
final class RiskCheckCollector implements MultiCollector {

  private final Suite suite;
  private final Clock clock;

  RiskCheckCollector(Suite suite, Clock clock) {
    this.suite = suite;
    this.clock = clock;
  }

  @Override
  public MetricSnapshots collect() {
    SuiteResult r = suite.evaluate(clock.instant());
    Family passing =
        Family.gauge(
            "pgvitals_risk_check_passing",
            "1 when the risk suite's check passes, else 0 (thresholds: the agent's risk-check flags)");
    for (CheckResult c : r.checks()) {
      passing.add(c.passed() ? 1 : 0, "check", c.name());
    }
    return passing.isEmpty() ? MetricSnapshots.of() : MetricSnapshots.of(passing.build());
  }
}
