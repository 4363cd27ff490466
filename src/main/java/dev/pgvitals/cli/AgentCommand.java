package dev.pgvitals.cli;

import dev.pgvitals.agent.Agent;
import dev.pgvitals.config.AgentConfig;
import dev.pgvitals.config.ListenAddress;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code pgvitals agent}: runs the sidecar until SIGTERM/SIGINT. */
@Command(name = "agent", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
    description = "Run the sidecar: sample the host and PostgreSQL, serve /flycheck/* and /metrics.")
final class AgentCommand implements Callable<Integer> {

  @Mixin NodeOptions node;
  @Mixin PgOptions pg;
  @Mixin IdentityOptions identity;
  @Mixin RiskOptions risk;

  @Option(names = "--listen", paramLabel = "HOST:PORT", defaultValue = "${env:PGVITALS_LISTEN:-0.0.0.0:5500}",
      converter = Converters.ListenConverter.class,
      description = "HTTP listen address (env PGVITALS_LISTEN; default 0.0.0.0:5500).")
  ListenAddress listen;

  @Option(names = "--api-token", paramLabel = "TOKEN", defaultValue = "${env:PGVITALS_API_TOKEN}",
      description = "Require 'Authorization: Bearer TOKEN' on /v1/users and /v1/databases "
          + "(env PGVITALS_API_TOKEN; prefer the variable: flags show in ps).")
  String apiToken;

  @Override
  public Integer call() throws Exception {
    AgentConfig config = config();
    Vertx vertx = Vertx.vertx(smallVertx());
    Agent agent;
    try {
      agent = Agent.start(config, vertx, Clock.systemUTC()).await(30, TimeUnit.SECONDS);
    } catch (IllegalArgumentException e) {
      vertx.close().await(10, TimeUnit.SECONDS);
      throw e; // bad settings: one line, exit 2
    } catch (Exception e) {
      vertx.close().await(10, TimeUnit.SECONDS);
      throw new IllegalStateException("cannot start: " + e.getMessage(), e);
    }
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      try {
        vertx.close().await(5, TimeUnit.SECONDS);
      } catch (Exception ignored) {
        // exiting anyway
      }
      agent.close();
      stopped.countDown();
    }, "pgvitals-shutdown"));
    stopped.await();
    return 0;
  }

  AgentConfig config() {
    return new AgentConfig(listen, node.dataPath(), node.procRoot, node.format, node.checkDeadline,
        node.hostInterval, node.vmLimits(), identity.identity(), pg.config(System.getenv()),
        pg.statsInterval, pg.sizesInterval,
        apiToken == null || apiToken.isBlank() ? Optional.empty() : Optional.of(apiToken), risk.config());
  }

  /** One event loop and a couple of workers are plenty for a sidecar; they also keep RSS small. */
  static VertxOptions smallVertx() {
    return new VertxOptions()
        .setEventLoopPoolSize(1)
        .setWorkerPoolSize(2)
        .setInternalBlockingPoolSize(1)
        // epoll where Netty's native library loads: Unix-domain sockets to PostgreSQL
        .setPreferNativeTransport(true);
  }
}
