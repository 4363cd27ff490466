package dev.pgvitals.cli;

import dev.pgvitals.cluster.NodeReport;
import dev.pgvitals.fleet.FleetApp;
import java.time.Instant;
import java.util.List;

/**
 * A client command that prints an app's node reports as one block ({@code checks list}, {@code
 * status}): asked from the nodes (one app), read from Prometheus (one block per app, a blank line
 * between), or as JSON.
 */
abstract class AppReportsCommand extends ClientCommand {

  /** The block of one app's reports; {@code now} dates what the block shows as ages. */
  abstract String render(String app, List<NodeReport> reports, Instant now);

  @Override
  final int run(ClientSession session, List<ClientSession.Answer> answers) {
    List<NodeReport> reports = ClientSession.reports(answers);
    if (client.json) {
      print(NodeReport.toJsonArray(reports));
    } else {
      print(render(ClientSession.appName(client.app, reports), reports, Instant.now()));
    }
    return TwoLeaders.flag(
        spec.commandLine(), reports, ClientSession.allPassing(reports) ? 0 : CRITICAL);
  }

  @Override
  final boolean readsFleet() {
    return true;
  }

  @Override
  final int runFleet(List<FleetApp> apps) {
    if (client.json) {
      print(NodeReport.toJsonArray(nodes(apps)));
    } else {
      Instant now = Instant.now();
      print(String.join("\n", apps.stream().map(a -> render(a.app(), a.nodes(), now)).toList()));
    }
    return fleetCode(apps);
  }
}
