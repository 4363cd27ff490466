package dev.pgvitals.ops;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pgvitals.agent.Agent;
import dev.pgvitals.agent.TestAgents;
import dev.pgvitals.config.AgentConfig;
import dev.pgvitals.http.Access;
import dev.pgvitals.http.HttpLimits;
import dev.pgvitals.http.ServerSettings;
import dev.pgvitals.http.WebConfig;
import dev.pgvitals.testpg.Wait;
import io.vertx.core.Vertx;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.security.crypto.bcrypt.BCrypt;

/**
 * TLS and authentication the way Prometheus exporters do them, checked by the real tools: a real
 * Prometheus scrapes two agents over HTTPS, one with basic auth ({@code basic_auth}), one that
 * requires and verifies a client certificate ({@code tls_config.cert_file}); the wrong password and
 * a missing client certificate must fail their scrapes. {@code promtool check web-config} accepts
 * the shipped example and the files written here.
 *
 * <p>Needs {@code prometheus} and {@code promtool} (Debian package {@code prometheus}); skipped
 * without them, failed without them under CI.
 */
class PrometheusTlsTest {

  private static final String PASSWORD = "s3cret-for-the-test";

  @TempDir Path dir;

  private static AgentConfig config() {
    return TestAgents.config().build();
  }

  private static ServerSettings settings(Path webConfig) {
    WebConfig web = WebConfig.load(webConfig);
    return new ServerSettings(
        HttpLimits.DEFAULTS, web, new Access(Optional.empty(), web, Access.DEFAULT_OPEN_PATHS));
  }

  @Test
  void prometheusScrapesOverTlsWithBasicAuthAndWithClientCertificates() throws Exception {
    Path prometheusBinary = ExternalTool.require("prometheus", "apt-get install -y prometheus");
    Path promtool = ExternalTool.require("promtool", "apt-get install -y prometheus");
    TestCerts certs = TestCerts.authority(dir);
    certs.issue("server", "localhost");
    certs.issue("prometheus", "prometheus.internal");
    Path basic = dir.resolve("web-basic.yml");
    Files.writeString(
        basic,
        """
        tls_server_config:
          cert_file: server.crt
          key_file: server.key
        basic_auth_users:
          prometheus: %s
        """
            .formatted(BCrypt.hashpw(PASSWORD, BCrypt.gensalt(4))));
    Path mtls = dir.resolve("web-mtls.yml");
    Files.writeString(
        mtls,
        """
        tls_server_config:
          cert_file: server.crt
          key_file: server.key
          client_auth_type: RequireAndVerifyClientCert
          client_ca_file: ca.crt
        http_server_config:
          http2: false
        """);
    for (Path f : List.of(basic, mtls)) {
      ExternalTool.Result r =
          ExternalTool.run(List.of(promtool.toString(), "check", "web-config", f.toString()), dir);
      assertThat(r.exitCode()).as("promtool check web-config " + f + ": " + r.output()).isZero();
    }

    Vertx vertx = Vertx.vertx();
    Agent withBasic = null;
    Agent withClientCert = null;
    try {
      withBasic =
          Agent.start(config(), settings(basic), vertx, Clock.systemUTC())
              .await(30, TimeUnit.SECONDS);
      withClientCert =
          Agent.start(config(), settings(mtls), vertx, Clock.systemUTC())
              .await(30, TimeUnit.SECONDS);
      String scrape =
          """
          global:
            scrape_interval: 1s
            scrape_timeout: 1s
          scrape_configs:
            - job_name: basic
              scheme: https
              tls_config: {ca_file: %1$s/ca.crt, server_name: localhost}
              basic_auth: {username: prometheus, password: %2$s}
              static_configs: [{targets: ['127.0.0.1:%3$d']}]
            - job_name: wrong_password
              scheme: https
              tls_config: {ca_file: %1$s/ca.crt, server_name: localhost}
              basic_auth: {username: prometheus, password: wrong}
              static_configs: [{targets: ['127.0.0.1:%3$d']}]
            - job_name: client_cert
              scheme: https
              tls_config: {ca_file: %1$s/ca.crt, server_name: localhost,
                           cert_file: %1$s/prometheus.crt, key_file: %1$s/prometheus.key}
              static_configs: [{targets: ['127.0.0.1:%4$d']}]
            - job_name: no_client_cert
              scheme: https
              tls_config: {ca_file: %1$s/ca.crt, server_name: localhost}
              static_configs: [{targets: ['127.0.0.1:%4$d']}]
          """
              .formatted(dir, PASSWORD, withBasic.port(), withClientCert.port());
      Path promDir = Files.createDirectories(dir.resolve("prometheus"));
      try (PrometheusServer prometheus =
          PrometheusServer.start(prometheusBinary, promDir, scrape)) {
        Wait.until(
            "Prometheus to have scraped every job",
            Duration.ofSeconds(60),
            () ->
                prometheus.query("up").series().size() == 4
                    && prometheus.query("up{job=\"basic\"} == 1").series().size() == 1
                    && prometheus.query("up{job=\"client_cert\"} == 1").series().size() == 1);
        assertThat(
                prometheus
                    .query("up{job=\"wrong_password\"}")
                    .series()
                    .get(0)
                    .getJsonArray("value")
                    .getString(1))
            .isEqualTo("0");
        assertThat(
                prometheus
                    .query("up{job=\"no_client_cert\"}")
                    .series()
                    .get(0)
                    .getJsonArray("value")
                    .getString(1))
            .isEqualTo("0");
        // what came over TLS is the agent's own exposition
        assertThat(prometheus.query("pgvitals_http_connections_max{job=\"basic\"}").series())
            .hasSize(1);
        assertThat(prometheus.query("node_load1{job=\"client_cert\"}").series()).hasSize(1);
      }
    } finally {
      vertx.close().await(10, TimeUnit.SECONDS);
      if (withBasic != null) {
        withBasic.close();
      }
      if (withClientCert != null) {
        withClientCert.close();
      }
    }
  }

  @Test
  void promtoolAndTheAgentAcceptTheShippedExample() throws Exception {
    Path promtool = ExternalTool.require("promtool", "apt-get install -y prometheus");
    TestCerts certs = TestCerts.authority(dir);
    certs.issue("server", "localhost"); // the example names server.crt and server.key beside it
    Path example = dir.resolve("web-config.yml");
    Files.copy(RepoFiles.resolve("docs/web-config.example.yml"), example);
    ExternalTool.Result r =
        ExternalTool.run(
            List.of(promtool.toString(), "check", "web-config", example.toString()), dir);
    assertThat(r.exitCode()).as(r.output()).isZero();
    WebConfig web = WebConfig.load(example);
    assertThat(web.tls()).isPresent();
    assertThat(web.users()).containsOnlyKeys("prometheus");
    assertThat(BCrypt.checkpw("example-password-change-me", web.users().get("prometheus")))
        .isTrue();
  }
}
