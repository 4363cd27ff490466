package dev.pgvitals.cli;

import dev.pgvitals.cluster.NodeReport;
import dev.pgvitals.fleet.FleetApp;
import dev.pgvitals.views.StatusRenderer;
import java.util.List;
import picocli.CommandLine.Command;

/** {@code pgvitals status}: the App block and the Instances table (views.md). */
@Command(
    name = "status",
    mixinStandardHelpOptions = true,
    versionProvider = Main.Version.class,
    description = {
      "Ask every node about itself and print the cluster's instances (with --prometheus: read them "
          + "from Prometheus, one block per app).",
      "Exit 0 when every check of every node passes, 2 when one is critical, a node did not answer or two nodes are leader; 1 when --prometheus cannot be read."
    })
final class StatusCommand extends ClientCommand {
  @Override
  int run(ClientSession session, List<ClientSession.Answer> answers) {
    List<NodeReport> reports = ClientSession.reports(answers);
    if (client.json) {
      print(NodeReport.toJsonArray(reports));
    } else {
      print(StatusRenderer.render(ClientSession.appName(client.app, reports), reports));
    }
    return TwoLeaders.flag(
        spec.commandLine(), reports, ClientSession.allPassing(reports) ? 0 : CRITICAL);
  }

  @Override
  boolean readsFleet() {
    return true;
  }

  @Override
  int runFleet(List<FleetApp> apps) {
    if (client.json) {
      print(NodeReport.toJsonArray(nodes(apps)));
    } else {
      print(
          String.join(
              "\n", apps.stream().map(a -> StatusRenderer.render(a.app(), a.nodes())).toList()));
    }
    return fleetCode(apps);
  }
}
