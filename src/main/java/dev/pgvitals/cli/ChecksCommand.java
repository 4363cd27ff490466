package dev.pgvitals.cli;

import dev.pgvitals.cluster.NodeReport;
import dev.pgvitals.fleet.FleetApp;
import dev.pgvitals.views.ChecksListRenderer;
import java.time.Instant;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code pgvitals checks list}. */
@Command(
    name = "checks",
    mixinStandardHelpOptions = true,
    versionProvider = Main.Version.class,
    description = "Health checks of every node of a cluster.",
    subcommands = ChecksCommand.ListCommand.class)
final class ChecksCommand implements Runnable {

  @Spec CommandSpec spec;

  @Override
  public void run() {
    throw ClientCommand.missingSubcommand(spec);
  }

  /** Every node's vm, pg and role check as one table (views.md, {@code checks list}). */
  @Command(
      name = "list",
      mixinStandardHelpOptions = true,
      versionProvider = Main.Version.class,
      description = {
        "Ask every node for its checks and print them as one table (with --prometheus: read them from "
            + "Prometheus, one table per app).",
        "Exit 0 when every check of every node passes, 2 when one is critical, a node did not answer or two nodes are leader; 1 when --prometheus cannot be read."
      })
  static final class ListCommand extends ClientCommand {
    @Override
    int run(ClientSession session, List<ClientSession.Answer> answers) {
      List<NodeReport> reports = ClientSession.reports(answers);
      if (client.json) {
        print(NodeReport.toJsonArray(reports));
      } else {
        print(
            ChecksListRenderer.render(
                ClientSession.appName(client.app, reports), reports, Instant.now()));
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
        Instant now = Instant.now();
        print(
            String.join(
                "\n",
                apps.stream()
                    .map(a -> ChecksListRenderer.render(a.app(), a.nodes(), now))
                    .toList()));
      }
      return fleetCode(apps);
    }
  }
}
