package dev.pgvitals.cli;

import dev.pgvitals.sample.ErrorSummary;
import java.io.PrintWriter;
import java.util.Set;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * {@code pgvitals [agent|check|…]}: the agent (the default command) and its script and client
 * commands. Bad input exits 2 with one line naming the option and what is wrong.
 */
@Command(
    name = "pgvitals",
    mixinStandardHelpOptions = true,
    versionProvider = Main.Version.class,
    description = "Health-check and metrics sidecar for PostgreSQL VMs.",
    subcommands = {
      AgentCommand.class,
      CheckCommand.class,
      ChecksCommand.class,
      StatusCommand.class,
      VmCommand.class,
      UsersCommand.class,
      DbCommand.class,
      DemoCommand.class,
      CommandLine.HelpCommand.class
    })
public final class Main implements Runnable {

  /** Exit code of a usage error (bad flag or value). */
  public static final int USAGE = 2;

  private static final Set<String> TOP_LEVEL_FLAGS = Set.of("-h", "--help", "-V", "--version");

  public static void main(String[] args) {
    onExit(() -> {}); // installs the exit hook, which flushes the log however the JVM ends
    System.exit(run(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
  }

  private static final java.util.List<Runnable> ON_EXIT =
      new java.util.concurrent.CopyOnWriteArrayList<>();
  private static final java.util.concurrent.atomic.AtomicBoolean HOOKED =
      new java.util.concurrent.atomic.AtomicBoolean();

  /**
   * Runs {@code action} when the JVM exits (SIGTERM, SIGINT, {@code System.exit}), before the log
   * is flushed: one exit hook runs the actions in the order given and then writes what the
   * asynchronous appender still holds. (A logging shutdown hook of its own would race with the
   * agent's stop and could drop its last line, {@code pgvitals stopped}.)
   */
  static void onExit(Runnable action) {
    ON_EXIT.add(action);
    if (HOOKED.compareAndSet(false, true)) {
      Runtime.getRuntime()
          .addShutdownHook(
              new Thread(
                  () -> {
                    for (Runnable r : ON_EXIT) {
                      try {
                        r.run();
                      } catch (RuntimeException ignored) {
                        // exiting anyway
                      }
                    }
                    if (org.slf4j.LoggerFactory.getILoggerFactory()
                        instanceof ch.qos.logback.classic.LoggerContext context) {
                      context.stop();
                    }
                  },
                  "pgvitals-exit"));
    }
  }

  /** Runs the command line and returns the exit code; {@code agent} blocks until stopped. */
  public static int run(String[] args, PrintWriter out, PrintWriter err) {
    CommandLine cli = commandLine(out, err);
    try {
      return cli.execute(withDefaultCommand(args, cli));
    } catch (Error e) {
      // picocli's handler sees Exceptions only; an Error (a native library that can't load, no
      // memory) still gets one line, not a stack trace
      err.println(
          "pgvitals: "
              + e.getClass().getSimpleName()
              + (e.getMessage() == null ? "" : ": " + ErrorSummary.firstLine(e.getMessage())));
      return 1;
    }
  }

  static CommandLine commandLine(PrintWriter out, PrintWriter err) {
    CommandLine cli = new CommandLine(new Main());
    cli.setOut(out);
    cli.setErr(err);
    cli.setParameterExceptionHandler(Main::oneLineError);
    cli.setExecutionExceptionHandler(
        (e, cmd, parsed) -> {
          cmd.getErr().println("pgvitals: " + ErrorSummary.of(e));
          return e instanceof IllegalArgumentException ? USAGE : 1;
        });
    return cli;
  }

  /** With no subcommand (or only options), run {@code agent}. */
  static String[] withDefaultCommand(String[] args, CommandLine cli) {
    if (args.length == 0) {
      return new String[] {"agent"};
    }
    String first = args[0];
    if (first.startsWith("-") && !TOP_LEVEL_FLAGS.contains(first)) {
      String[] withAgent = new String[args.length + 1];
      withAgent[0] = "agent";
      System.arraycopy(args, 0, withAgent, 1, args.length);
      return withAgent;
    }
    return args;
  }

  private static int oneLineError(ParameterException e, String[] args) {
    CommandLine cmd = e.getCommandLine();
    String message = e.getMessage() == null ? "invalid arguments" : e.getMessage();
    if (e instanceof UnmatchedArgumentException u) {
      // picocli quotes the argument, which may be a connection string or token: name only an
      // option, never a value
      String first = u.getUnmatched().isEmpty() ? "" : u.getUnmatched().get(0);
      java.util.List<String> commands = cmd.getSubcommands().keySet().stream().toList();
      if (first.startsWith("-")) {
        message = "unknown option '" + first.split("=", 2)[0] + "'";
      } else if (!commands.isEmpty() && cmd.getCommandSpec().positionalParameters().isEmpty()) {
        message = CommandSuggestion.unknownCommand(first, commands);
      } else {
        message =
            "unexpected argument (not shown: it may hold a secret; quote values that contain spaces)";
      }
    }
    cmd.getErr()
        .println(
            "pgvitals: "
                + message.lines().findFirst().orElse(message)
                + " (see 'pgvitals "
                + qualifiedName(cmd)
                + "--help')");
    return USAGE;
  }

  private static String qualifiedName(CommandLine cmd) {
    String q = cmd.getCommandSpec().qualifiedName(" ");
    String rest = q.startsWith("pgvitals") ? q.substring("pgvitals".length()).trim() : q;
    return rest.isEmpty() ? "" : rest + " ";
  }

  @Override
  public void run() {
    // Only reached for "pgvitals" with top-level flags that picocli handles itself.
  }

  /** The version from the jar's manifest ({@code dev} when run from classes). */
  public static final class Version implements IVersionProvider {
    @Override
    public String[] getVersion() {
      return new String[] {"pgvitals " + version()};
    }
  }

  public static String version() {
    return dev.pgvitals.agent.Version.current();
  }
}
