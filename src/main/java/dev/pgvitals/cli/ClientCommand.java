package dev.pgvitals.cli;

import dev.pgvitals.cluster.NodeReport;
import dev.pgvitals.fleet.FleetApp;
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
 * passing; {@value #CRITICAL} a check critical or a node unreachable or without results; {@value
 * #FAILED} the data could not be read at all; {@value Main#USAGE} bad usage).
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
    if (target instanceof ClientOptions.Prometheus store && !readsFleet()) {
      throw new ParameterException(
          spec.commandLine(),
          "--prometheus works with checks list, status and vm status; ask the agents for this one");
    }
    try (ClientSession session = ClientSession.open(client.deadline, transport)) {
      if (target instanceof ClientOptions.Prometheus store) {
        List<FleetApp> apps =
            session.fleet(
                store, System.getenv(ClientOptions.ENV_PROMETHEUS_TOKEN), transport.options());
        return runFleet(apps);
      }
      List<ClientSession.Answer> answers = session.gather(target);
      return run(session, answers);
    }
  }

  /** The command's work on the gathered nodes; returns the exit code. */
  abstract int run(ClientSession session, List<ClientSession.Answer> answers);

  /** Whether the command can render from Prometheus ({@link #runFleet}). */
  boolean readsFleet() {
    return false;
  }

  /** The command's work on the apps read from Prometheus; returns the exit code. */
  int runFleet(List<FleetApp> apps) {
    throw new UnsupportedOperationException("not a fleet view");
  }

  /** Every node of every app, app after app. */
  static List<NodeReport> nodes(List<FleetApp> apps) {
    return apps.stream().flatMap(a -> a.nodes().stream()).toList();
  }

  /**
   * Exit code over several apps: 0 when all pass, 2 on a critical check, an unreachable node or two
   * leaders in one app.
   */
  int fleetCode(List<FleetApp> apps) {
    int code = ClientSession.allPassing(nodes(apps)) ? 0 : CRITICAL;
    for (FleetApp app : apps) {
      code = Math.max(code, TwoLeaders.flag(spec.commandLine(), app.nodes(), 0));
    }
    return code;
  }

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
    return new ParameterException(
        spec.commandLine(),
        "missing subcommand: "
            + String.join(
                " or ",
                spec.subcommands().keySet().stream()
                    .filter(n -> !n.equals("help"))
                    .map(n -> "'" + spec.qualifiedName(" ") + " " + n + "'")
                    .toList()));
  }
}
