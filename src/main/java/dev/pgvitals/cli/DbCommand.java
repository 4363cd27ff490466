package dev.pgvitals.cli;

import dev.pgvitals.cluster.DatabaseInfo;
import dev.pgvitals.views.DatabaseListRenderer;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code pgvitals db list}. */
@Command(
    name = "db",
    mixinStandardHelpOptions = true,
    versionProvider = Main.Version.class,
    description = "PostgreSQL databases of a cluster.",
    subcommands = DbCommand.ListCommand.class)
final class DbCommand implements Runnable {

  @Spec CommandSpec spec;

  @Override
  public void run() {
    throw ClientCommand.missingSubcommand(spec);
  }

  /** The leader's databases and the login roles that may connect to each (views.md). */
  @Command(
      name = "list",
      mixinStandardHelpOptions = true,
      versionProvider = Main.Version.class,
      description = {
        "Find the leader among the nodes and print its databases with the login roles that may "
            + "connect to each (/v1/databases; needs --api-token when the agents have one).",
        "Exit 0 on success, 1 when there is no single leader or it cannot be read."
      })
  static final class ListCommand extends ClientCommand {
    @Override
    int run(ClientSession session, List<ClientSession.Answer> answers) {
      ClientSession.Answer leader = ClientSession.leader(answers);
      List<DatabaseInfo> databases =
          session.readFromLeader(leader, "/v1/databases", "databases", DatabaseInfo::parseList);
      if (client.json) {
        print(DatabaseInfo.toJson(databases));
      } else {
        print(DatabaseListRenderer.render(databases));
      }
      return 0;
    }
  }
}
