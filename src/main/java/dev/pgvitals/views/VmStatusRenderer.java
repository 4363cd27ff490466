package dev.pgvitals.views;

import dev.pgvitals.cluster.CheckReport;
import dev.pgvitals.cluster.NodeEvent;
import dev.pgvitals.cluster.NodeIdentity;
import dev.pgvitals.cluster.NodeReport;
import dev.pgvitals.cluster.Rfc3339;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code vm status <id>}: one node's {@code Instance} block, {@code Recent Events}, {@code Checks}
 * (each output's lines stacked under OUTPUT, each check followed by an empty line as in the
 * reference) and {@code Recent Logs} (its latest {@code [HEALTHCHECK]} lines, indented two spaces).
 * Sections are separated by one empty line; an empty events list prints only the header, an empty
 * log list only the title.
 */
public final class VmStatusRenderer {
  /** The SERVICE column: the reference attached every check to the {@code app} service. */
  public static final String SERVICE = "app";

  private VmStatusRenderer() {}

  public static String render(NodeReport node) {
    NodeIdentity id = node.identity();
    List<String> lines =
        new ArrayList<>(
            new KeyValueBlock("Instance")
                .put("ID", id.id())
                .put("Version", id.version())
                .put("Region", id.region())
                .put("Desired", InstanceSummary.DESIRED)
                .put("Status", InstanceSummary.status(node))
                .put("Health Checks", InstanceSummary.healthChecks(node))
                .put("Restarts", InstanceSummary.restarts(node))
                .put("Created", InstanceSummary.created(node))
                .lines());

    lines.add("");
    lines.add("Recent Events");
    TextTable events = new TextTable("TIMESTAMP", "TYPE", "MESSAGE");
    for (NodeEvent event : node.events()) {
      events.row(Rfc3339.seconds(event.time()), oneLine(event.type()), oneLine(event.message()));
    }
    lines.addAll(events.lines());

    lines.add("");
    lines.add("Checks");
    TextTable checks = new TextTable("ID", "SERVICE", "STATE", "OUTPUT");
    for (CheckReport check : node.checksInSuiteOrder()) {
      List<String> output =
          new ArrayList<>(List.of(InstanceSummary.trimOutput(check.output()).split("\n", -1)));
      output.add(""); // the reference printed an empty line after every check's output
      checks.rowOfLines(
          List.of(
              List.of(check.name()), List.of(SERVICE), List.of(check.status().label()), output));
    }
    lines.addAll(checks.lines());

    lines.add("");
    lines.add("Recent Logs");
    for (String log : node.logs()) {
      lines.add(TextTable.stripTrailingSpaces("  " + oneLine(log)));
    }
    return TextTable.joinLines(lines);
  }

  private static String oneLine(String s) {
    return s.replace("\r\n", " ").replace('\n', ' ').replace('\r', ' ');
  }
}
