package dev.pgvitals.views;

import dev.pgvitals.cluster.CheckReport;
import dev.pgvitals.cluster.NodeReport;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code checks list}: one row per node and suite (vm, pg, role), OUTPUT word-wrapped at 30 columns
 * with {@link WordWrap minimum raggedness}.
 *
 * <pre>
 * Health Checks for pg-app
 * NAME STATUS  ALLOCATION REGION TYPE   LAST UPDATED         OUTPUT
 * vm   passing 6b97fa06   iad    SCRIPT 1m12s ago            [✓] 20.68 GB (84.5%) free
 *                                                            space on /data/ [✓] load
 * </pre>
 */
public final class ChecksListRenderer {
  private ChecksListRenderer() {}

  /** Renders the view; nodes in the order given, {@code now} for LAST UPDATED. */
  public static String render(String app, List<NodeReport> nodes, Instant now) {
    TextTable table =
        new TextTable("NAME", "STATUS", "ALLOCATION", "REGION", "TYPE", "LAST UPDATED", "OUTPUT");
    for (NodeReport node : nodes) {
      for (CheckReport check : node.checksInSuiteOrder()) {
        List<List<String>> cells = new ArrayList<>();
        cells.add(List.of(check.name()));
        cells.add(List.of(check.status().label()));
        cells.add(List.of(node.identity().id()));
        cells.add(List.of(node.identity().region()));
        cells.add(List.of(check.type().name()));
        cells.add(List.of(InstanceSummary.lastUpdated(check.changed(), now)));
        cells.add(
            WordWrap.wrap(InstanceSummary.trimOutput(check.output()), WordWrap.DEFAULT_LIMIT));
        table.rowOfLines(cells);
      }
    }
    return "Health Checks for " + app + "\n" + table.render();
  }
}
