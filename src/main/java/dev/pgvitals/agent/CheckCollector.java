package dev.pgvitals.agent;

import dev.pgvitals.agent.SuiteMonitor.SuiteState;
import dev.pgvitals.check.SuiteName;
import dev.pgvitals.metrics.Family;
import dev.pgvitals.postgres.Role;
import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What the health checks see, for dashboards and alerts: {@code pgvitals_check_passing{check}} per
 * suite and {@code pgvitals_role{role}} (1 for the current role, 0 for the other; absent while the
 * role is unknown).
 */
public final class CheckCollector implements MultiCollector {

  private final SuiteMonitor monitor;

  public CheckCollector(SuiteMonitor monitor) {
    this.monitor = monitor;
  }

  @Override
  public MetricSnapshots collect() {
    Map<String, SuiteState> states = monitor.states();
    List<MetricSnapshot> out = new ArrayList<>();
    Family passing =
        Family.gauge("pgvitals_check_passing", "1 when the health-check suite passes, else 0.");
    states.forEach((suite, state) -> passing.add(state.passing() ? 1 : 0, "check", suite));
    passing.addTo(out);
    SuiteState roleSuite = states.get(SuiteName.ROLE.label());
    Optional<Role> role = roleSuite == null ? Optional.empty() : roleSuite.result().role();
    if (role.isPresent()) {
      Family family = Family.gauge("pgvitals_role", "1 for the node's current role, else 0.");
      for (Role r : Role.values()) {
        family.add(r == role.get() ? 1 : 0, "role", r.word());
      }
      out.add(family.build());
    }
    return new MetricSnapshots(out);
  }
}
