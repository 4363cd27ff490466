package dev.pgvitals.cli;

import dev.pgvitals.agent.Agent;
import dev.pgvitals.config.AgentConfig;
import dev.pgvitals.config.ListenAddress;
import dev.pgvitals.http.HttpApi;
import dev.pgvitals.http.ServerSettings;
import dev.pgvitals.sample.ErrorSummary;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import java.time.Clock;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code pgvitals agent}: runs the sidecar until SIGTERM/SIGINT. */
@Command(
    name = "agent",
    mixinStandardHelpOptions = true,
    versionProvider = Main.Version.class,
    description =
        "Run the sidecar: sample the host and PostgreSQL, serve /flycheck/* and /metrics.")
final class AgentCommand implements Callable<Integer> {

  @Mixin NodeOptions node;
  @Mixin PgOptions pg;
  @Mixin IdentityOptions identity;
  @Mixin WebOptions web;
  @Mixin RiskOptions risk;

  @Option(
      names = "--listen",
      paramLabel = "HOST:PORT",
      defaultValue = "${env:PGVITALS_LISTEN:-0.0.0.0:5500}",
      converter = Converters.ListenConverter.class,
      description = "HTTP listen address (env PGVITALS_LISTEN; default 0.0.0.0:5500).")
  ListenAddress listen;

  @Option(
      names = "--api-token",
      paramLabel = "TOKEN",
      defaultValue = "${env:PGVITALS_API_TOKEN}",
      description =
          "Require 'Authorization: Bearer TOKEN' on /v1/users and /v1/databases "
              + "(env PGVITALS_API_TOKEN; prefer the variable: flags show in ps).")
  String apiToken;

  @Option(
      names = "--healthcheck-log-interval",
      paramLabel = "DURATION",
      defaultValue = "${env:PGVITALS_HEALTHCHECK_LOG_INTERVAL:-60s}",
      converter = Converters.DurationConverter.class,
      description =
          "How often an unchanged suite's [HEALTHCHECK] line is repeated; status changes and a new "
              + "set of failing checks log at once (env PGVITALS_HEALTHCHECK_LOG_INTERVAL; default 60s, at least 1s).")
  java.time.Duration healthcheckLogInterval;

  @Override
  public Integer call() throws Exception {
    AgentConfig config = config();
    ServerSettings server = web.settings(apiToken);
    WebOptions.checkBindable(config.listen()); // exit 2 before anything is started or logged
    Vertx vertx = Vertx.vertx(smallVertx());
    Agent agent;
    try {
      HttpApi.check(server, vertx);
      agent =
          Agent.start(config, server, healthcheckLogInterval, vertx, Clock.systemUTC())
              .await(30, TimeUnit.SECONDS);
    } catch (IllegalArgumentException e) {
      vertx.close().await(10, TimeUnit.SECONDS);
      throw e; // bad settings: one line, exit 2
    } catch (Exception e) {
      vertx.close().await(10, TimeUnit.SECONDS);
      throw new IllegalStateException("cannot start: " + ErrorSummary.of(e), e);
    }
    CountDownLatch stopped = new CountDownLatch(1);
    Main.onExit(
        () -> {
          try {
            // the agent first (HTTP, samplers, then the pools, while Vert.x still runs), then
            // Vert.x
            agent.close().await(10, TimeUnit.SECONDS);
            vertx.close().await(5, TimeUnit.SECONDS);
          } catch (Exception ignored) {
            // exiting anyway
          }
          stopped.countDown();
        });
    stopped.await();
    return 0;
  }

  AgentConfig config() {
    FlagLimits.check(node, pg);
    FlagLimits.interval("--healthcheck-log-interval", healthcheckLogInterval);
    FlagLimits.interval("--pg-health-interval", risk.pgHealthInterval);
    return node.configure(AgentConfig.builder())
        .listen(listen)
        .identity(identity.identity())
        .pg(pg.config(System.getenv()))
        .pgStatsInterval(pg.statsInterval)
        .pgSizesInterval(pg.sizesInterval)
        .apiToken(WebOptions.token(apiToken, System.getenv(WebOptions.ENV_TOKEN)))
        .risk(risk.config())
        .build();
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
