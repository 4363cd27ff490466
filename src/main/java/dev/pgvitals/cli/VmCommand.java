package dev.pgvitals.cli;

import dev.pgvitals.cluster.NodeReport;
import dev.pgvitals.fleet.FleetApp;
import dev.pgvitals.views.VmStatusRenderer;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code pgvitals vm status <id>}. */
@Command(
    name = "vm",
    mixinStandardHelpOptions = true,
    versionProvider = Main.Version.class,
    description = "One node of a cluster in detail.",
    subcommands = VmCommand.StatusCommand.class)
final class VmCommand implements Runnable {

  @Spec CommandSpec spec;

  @Override
  public void run() {
    throw ClientCommand.missingSubcommand(spec);
  }

  /** One node's Instance block, recent events, checks and [HEALTHCHECK] lines (views.md). */
  @Command(
      name = "status",
      mixinStandardHelpOptions = true,
      versionProvider = Main.Version.class,
      description = {
        "Print one node's instance, recent events, checks and recent [HEALTHCHECK] lines.",
        "ID is the node id or a unique prefix of it (an unreachable node's id is its address).",
        "With --prometheus: the node among every app's (or --app's); no events or log lines, which Prometheus does not hold.",
        "Exit 0 when all its checks pass, 2 when one is critical or the node did not answer; 1 when --prometheus cannot be read."
      })
  static final class StatusCommand extends ClientCommand {
    @Parameters(index = "0", paramLabel = "ID", description = "Node id, or a unique prefix of it.")
    String id;

    @Override
    int run(ClientSession session, List<ClientSession.Answer> answers) {
      return show(ClientSession.reports(answers));
    }

    @Override
    boolean readsFleet() {
      return true;
    }

    @Override
    int runFleet(List<FleetApp> apps) {
      return show(nodes(apps));
    }

    private int show(List<NodeReport> reports) {
      NodeReport node =
          NodeReport.find(reports, id)
              .orElseThrow(
                  () ->
                      new IllegalArgumentException(
                          "no node '"
                              + id
                              + "' among "
                              + String.join(
                                  ", ", reports.stream().map(r -> r.identity().id()).toList())));
      if (client.json) {
        print(node.toJson());
      } else {
        print(VmStatusRenderer.render(node));
      }
      return ClientSession.allPassing(List.of(node)) ? 0 : CRITICAL;
    }
  }
}
