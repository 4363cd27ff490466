package dev.pgvitals.cli;

import dev.pgvitals.agent.Node;
import dev.pgvitals.check.CheckFormat;
import dev.pgvitals.check.SuiteName;
import dev.pgvitals.check.SuiteResult;
import dev.pgvitals.config.AgentConfig;
import dev.pgvitals.config.ListenAddress;
import dev.pgvitals.render.SuiteRenderer;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code pgvitals check [vm] [pg] [role]}: samples once, prints the suites' text and exits 0 when
 * all pass, 2 when any fails (the reference's script-check convention). {@code check role} alone
 * prints the role word, or {@code offline} with exit 1 when the node can't be read.
 */
@Command(
    name = "check",
    mixinStandardHelpOptions = true,
    versionProvider = Main.Version.class,
    description = "Run health-check suites once and print them (exit 0 passing, 2 failing).")
final class CheckCommand implements Callable<Integer> {

  @Spec CommandSpec spec;
  @Mixin NodeOptions node;
  @Mixin PgOptions pg;
  @Mixin RiskOptions risk;

  @Parameters(
      paramLabel = "SUITE",
      arity = "0..*",
      description = "vm, pg, role and/or risk (default: pg vm).")
  List<String> names = new ArrayList<>();

  @Override
  public Integer call() throws Exception {
    Set<String> wanted =
        new LinkedHashSet<>(
            names.isEmpty() ? List.of(SuiteName.PG.label(), SuiteName.VM.label()) : names);
    for (String n : wanted) {
      if (SuiteName.of(n).isEmpty()) {
        String shown =
            n.matches("[a-z]{1,20}") ? "'" + n + "'" : "(not shown: it may hold a secret)";
        throw new ParameterException(
            spec.commandLine(), "unknown suite " + shown + " (expected vm, pg, role or risk)");
      }
    }
    FlagLimits.check(node, pg);
    AgentConfig config =
        node.configure(AgentConfig.builder())
            .listen(new ListenAddress("127.0.0.1", 0))
            .pg(pg.config(System.getenv()))
            .risk(risk.config())
            .build();
    Clock clock = Clock.systemUTC();
    Vertx vertx = Vertx.vertx(AgentCommand.smallVertx());
    Node n = null;
    try {
      n = Node.create(config, vertx, clock);
      // The whole run stays within the check deadline: what has not been sampled by then is
      // reported as missing by the suites.
      io.vertx.core.Future<Void> once =
          wanted.contains("risk") ? n.sampleOnceWithRisk() : n.sampleOnce();
      once.timeout(config.checkDeadline().toMillis(), TimeUnit.MILLISECONDS)
          .otherwiseEmpty()
          .await();
      Instant now = clock.instant();
      boolean allPassed = true;
      StringBuilder out = new StringBuilder();
      for (String name : wanted) {
        SuiteResult r =
            n.allSuites().stream()
                .filter(s -> s.name().equals(name))
                .findFirst()
                .map(s -> s.evaluate(now))
                .orElseGet(() -> SuiteResult.setupFailed(name, name + " checks are not available"));
        allPassed &= r.passed();
        String text = SuiteRenderer.render(r, node.format);
        out.append(text);
        if (node.format == CheckFormat.FRAMEWORK && !text.isEmpty()) {
          out.append('\n');
        }
      }
      spec.commandLine().getOut().print(out);
      spec.commandLine().getOut().flush();
      if (allPassed) {
        return 0;
      }
      return wanted.equals(Set.of(SuiteName.ROLE.label())) ? 1 : 2;
    } finally {
      if (n != null) {
        n.close().otherwiseEmpty().await(5, TimeUnit.SECONDS); // the pools first, while Vert.x runs
      }
      vertx.close().await(5, TimeUnit.SECONDS);
    }
  }
}
