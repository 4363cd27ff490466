package dev.pgvitals.views;

import dev.pgvitals.cluster.NodeIdentity;
import dev.pgvitals.cluster.NodeReport;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * {@code status}: an {@code App} block with what the agents know, then the {@code Instances} table.
 *
 * <pre>
 * App
 *   Name    = pg-app
 *   Nodes   = 2
 *   Leader  = da8141e7
 *   Version = 6
 *
 * Instances
 * ID       VERSION REGION DESIRED STATUS            HEALTH CHECKS      RESTARTS CREATED
 * 6b97fa06 6       iad    run     running (replica) 3 total, 3 passing 0        2021-02-10T23:31:49Z
 * </pre>
 *
 * <p>The reference's {@code Owner}, {@code Status}, {@code Hostname} and {@code Deployment Status}
 * come from the platform, which the agents cannot know, so they are left out. {@code Nodes} adds
 * {@code (<n> unreachable)} when some did not answer; {@code Leader} lists every node that says it
 * is the leader (more than one is a split brain and must be visible) or {@code none}; {@code
 * Version} lists the distinct version labels of the nodes that answered.
 */
public final class StatusRenderer {
  private StatusRenderer() {}

  public static String render(String app, List<NodeReport> nodes) {
    List<String> lines = new ArrayList<>(appBlock(app, nodes).lines());
    lines.add("");
    lines.addAll(instances(nodes));
    return TextTable.joinLines(lines);
  }

  static KeyValueBlock appBlock(String app, List<NodeReport> nodes) {
    long unreachable = nodes.stream().filter(n -> !n.reachable()).count();
    List<String> leaders = new ArrayList<>();
    Set<String> versions = new LinkedHashSet<>();
    for (NodeReport node : nodes) {
      if (node.reachable()) {
        versions.add(node.identity().version());
        if ("leader".equals(node.identity().role())) {
          leaders.add(node.identity().id());
        }
      }
    }
    return new KeyValueBlock("App")
        .put("Name", app)
        .put("Nodes", nodes.size() + (unreachable > 0 ? " (" + unreachable + " unreachable)" : ""))
        .put("Leader", leaders.isEmpty() ? "none" : String.join(", ", leaders))
        .put("Version", versions.isEmpty() ? "-" : String.join(", ", versions));
  }

  /** The {@code Instances} title and table lines. */
  static List<String> instances(List<NodeReport> nodes) {
    TextTable table =
        new TextTable(
            "ID", "VERSION", "REGION", "DESIRED", "STATUS", "HEALTH CHECKS", "RESTARTS", "CREATED");
    for (NodeReport node : nodes) {
      NodeIdentity id = node.identity();
      table.row(
          id.id(),
          id.version(),
          id.region(),
          InstanceSummary.DESIRED,
          InstanceSummary.status(node),
          InstanceSummary.healthChecks(node),
          InstanceSummary.restarts(node),
          InstanceSummary.created(node));
    }
    List<String> lines = new ArrayList<>();
    lines.add("Instances");
    lines.addAll(table.lines());
    return lines;
  }
}
