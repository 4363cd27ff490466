package dev.pgvitals.fleet;

import dev.pgvitals.cluster.NodeReport;
import java.util.List;
import java.util.Objects;

/** One app (cluster) of the fleet and its nodes, sorted by node id. */
public record FleetApp(String app, List<NodeReport> nodes) {
  public FleetApp {
    Objects.requireNonNull(app, "app");
    nodes = List.copyOf(nodes);
  }
}
