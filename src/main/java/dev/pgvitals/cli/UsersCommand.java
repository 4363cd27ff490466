package dev.pgvitals.cli;

import dev.pgvitals.cluster.UserInfo;
import dev.pgvitals.views.UsersListRenderer;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code pgvitals users list}. */
@Command(
    name = "users",
    mixinStandardHelpOptions = true,
    versionProvider = Main.Version.class,
    description = "PostgreSQL login roles of a cluster.",
    subcommands = UsersCommand.ListCommand.class)
final class UsersCommand implements Runnable {

  @Spec CommandSpec spec;

  @Override
  public void run() {
    throw ClientCommand.missingSubcommand(spec);
  }

  /** The leader's login roles and the databases each may connect to (views.md). */
  @Command(
      name = "list",
      mixinStandardHelpOptions = true,
      versionProvider = Main.Version.class,
      description = {
        "Find the leader among the nodes and print its login roles with the databases each may "
            + "connect to (/v1/users; needs --api-token when the agents have one).",
        "Exit 0 on success, 1 when there is no single leader or it cannot be read."
      })
  static final class ListCommand extends ClientCommand {
    @Override
    int run(ClientSession session, List<ClientSession.Answer> answers) {
      ClientSession.Answer leader = ClientSession.leader(answers);
      List<UserInfo> users =
          session.readFromLeader(leader, "/v1/users", "users", UserInfo::parseList);
      if (client.json) {
        print(UserInfo.toJson(users));
      } else {
        print(UsersListRenderer.render(users));
      }
      return 0;
    }
  }
}
