package dev.pgvitals.cli;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.PrintWriter;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * Base of the client commands: options, gathering, printing and the exit codes (0 all checks
 * passing; {@value #CRITICAL} a check critical or a node unreachable or without results;
 * {@value #FAILED} the data could not be read at all; {@value Main#USAGE} bad usage).
 */
abstract class ClientCommand implements Callable<Integer> {

  /** Exit code when a check is critical or a node did not answer (the script-check convention). */
  static final int CRITICAL = 2;
  /** Exit code when the leader's users or databases could not be read. */
  static final int FAILED = 1;

  @Spec CommandSpec spec;
  @Mixin ClientOptions client;

  @Override
  public final Integer call() {
    ClientOptions.Target target;
    ClientSession.Transport transport;
    try {
      target = client.target(Optional.ofNullable(System.getenv(ClientOptions.ENV_NODES)));
      transport = client.transport();
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), e.getMessage());
    }
    try (ClientSession session = ClientSession.open(client.deadline, transport)) {
      List<ClientSession.Answer> answers = session.gather(target);
      return run(session, answers);
    }
  }

  /** The command's work on the gathered nodes; returns the exit code. */
  abstract int run(ClientSession session, List<ClientSession.Answer> answers);

  PrintWriter out() {
    return spec.commandLine().getOut();
  }

  void print(String text) {
    out().print(text.endsWith("\n") ? text : text + "\n");
    out().flush();
  }

  void print(JsonObject json) {
    print(json.encodePrettily());
  }

  void print(JsonArray json) {
    print(json.encodePrettily());
  }

  /** Thrown for a command without its subcommand, e.g. {@code pgvitals checks}. */
  static ParameterException missingSubcommand(CommandSpec spec) {
    return new ParameterException(spec.commandLine(), "missing subcommand: "
        + String.join(" or ", spec.subcommands().keySet().stream()
            .filter(n -> !n.equals("help")).map(n -> "'" + spec.qualifiedName(" ") + " " + n + "'").toList()));
  }
}
