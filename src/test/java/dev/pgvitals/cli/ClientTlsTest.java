package dev.pgvitals.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pgvitals.agent.Agent;
import dev.pgvitals.agent.TestAgents;
import dev.pgvitals.config.AgentConfig;
import dev.pgvitals.http.Access;
import dev.pgvitals.http.HttpLimits;
import dev.pgvitals.http.ServerSettings;
import dev.pgvitals.http.WebConfig;
import dev.pgvitals.ops.TestCerts;
import io.vertx.core.Vertx;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.security.crypto.bcrypt.BCrypt;

/** The client commands against an agent that serves HTTPS with basic auth (--web.config.file). */
class ClientTlsTest {

  @TempDir static Path dir;
  static Vertx vertx;
  static Agent agent;
  static String node;

  @BeforeAll
  static void start() throws Exception {
    TestCerts certs = TestCerts.authority(dir);
    certs.issue("server", "localhost");
    Path web = dir.resolve("web.yml");
    Files.writeString(
        web,
        """
        tls_server_config:
          cert_file: server.crt
          key_file: server.key
        basic_auth_users:
          ops: %s
        """
            .formatted(BCrypt.hashpw("pw-of-ops", BCrypt.gensalt(4))));
    Files.writeString(dir.resolve("password"), "pw-of-ops\n");
    Files.writeString(dir.resolve("wrong"), "nope\n");
    WebConfig config = WebConfig.load(web);
    ServerSettings settings =
        new ServerSettings(
            HttpLimits.DEFAULTS,
            config,
            new Access(Optional.empty(), config, Access.DEFAULT_OPEN_PATHS));
    AgentConfig agentConfig = TestAgents.config().build();
    vertx = Vertx.vertx();
    agent =
        Agent.start(agentConfig, settings, vertx, Clock.systemUTC()).await(30, TimeUnit.SECONDS);
    node = "127.0.0.1:" + agent.port();
  }

  @AfterAll
  static void stop() throws Exception {
    vertx.close().await(10, TimeUnit.SECONDS);
    agent.close();
  }

  @Test
  void checksListOverHttpsWithBasicAuth() {
    MainTest.Run r =
        ClientCommandsTest.run(
            "checks",
            "list",
            "--nodes",
            node,
            "--tls-ca-file",
            dir.resolve("ca.crt").toString(),
            "--basic-auth-user",
            "ops",
            "--basic-auth-password-file",
            dir.resolve("password").toString());
    assertThat(r.out())
        .as(r.err())
        .contains("vm   passing")
        .contains("load averages:")
        .doesNotContain("unreachable");
  }

  @Test
  void aWrongPasswordOrNoCaShowsTheNodeUnreachableWithTheReason() {
    MainTest.Run wrong =
        ClientCommandsTest.run(
            "checks",
            "list",
            "--nodes",
            node,
            "--tls-ca-file",
            dir.resolve("ca.crt").toString(),
            "--basic-auth-user",
            "ops",
            "--basic-auth-password-file",
            dir.resolve("wrong").toString());
    assertThat(wrong.code()).isEqualTo(2);
    assertThat(wrong.out()).contains("HTTP 401");
    MainTest.Run noCa =
        ClientCommandsTest.run(
            "checks",
            "list",
            "--nodes",
            node,
            "--tls",
            "--basic-auth-user",
            "ops",
            "--basic-auth-password-file",
            dir.resolve("password").toString());
    assertThat(noCa.code()).isEqualTo(2);
    assertThat(noCa.out()).doesNotContain("load averages").contains("Failed to create SSL");
    MainTest.Run plain =
        ClientCommandsTest.run("checks", "list", "--nodes", node, "--deadline", "3s");
    assertThat(plain.code()).isEqualTo(2);
    assertThat(plain.out()).doesNotContain("load averages").contains("vm   critical");
  }

  @Test
  void badClientTlsFlagsAreOneLineAndExit2() {
    MainTest.Run noFile =
        ClientCommandsTest.run(
            "checks", "list", "--nodes", node, "--tls-ca-file", "/nonexistent/ca.crt");
    assertThat(noFile.code()).isEqualTo(2);
    assertThat(noFile.err().lines())
        .singleElement()
        .asString()
        .startsWith("pgvitals: --tls-ca-file /nonexistent/ca.crt: no such readable file");
    MainTest.Run noPassword =
        ClientCommandsTest.run("checks", "list", "--nodes", node, "--basic-auth-user", "ops");
    assertThat(noPassword.code()).isEqualTo(2);
    assertThat(noPassword.err()).contains("--basic-auth-user needs a password");
  }
}
