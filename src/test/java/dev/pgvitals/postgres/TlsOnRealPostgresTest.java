package dev.pgvitals.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

import dev.pgvitals.localpg.Os;
import dev.pgvitals.testpg.PgCluster;
import dev.pgvitals.testpg.PgMajors;
import dev.pgvitals.testpg.PgNode;
import dev.pgvitals.testpg.Wait;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;

/**
 * libpq's sslmode, sslrootcert and channel_binding against a real PostgreSQL with {@code ssl=on}
 * and a self-signed certificate for {@code localhost} made with {@code openssl} (Debian package
 * {@code openssl}; skipped without it locally, failed under {@code CI}).
 */
class TlsOnRealPostgresTest {

  private static Vertx vertx;

  @TempDir static Path certs;

  @BeforeAll
  static void start() throws Exception {
    vertx = Vertx.vertx();
    String openssl = requireOpenssl();
    for (String name : List.of("server", "other")) {
      Os.runOk(
          List.of(
              openssl,
              "req",
              "-x509",
              "-newkey",
              "rsa:2048",
              "-nodes",
              "-days",
              "2",
              "-subj",
              "/CN=localhost",
              "-addext",
              "subjectAltName=DNS:localhost",
              "-keyout",
              certs.resolve(name + ".key").toString(),
              "-out",
              certs.resolve(name + ".crt").toString()),
          certs,
          60);
    }
  }

  @AfterAll
  static void stop() throws Exception {
    vertx.close().await(30, TimeUnit.SECONDS);
  }

  private static String requireOpenssl() {
    for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
      Path p = Path.of(dir, "openssl");
      if (!dir.isEmpty() && Files.isExecutable(p)) {
        return p.toString();
      }
    }
    String message = "openssl is not on PATH; install it with: apt-get install openssl";
    String ci = System.getenv("CI");
    if (ci != null && !ci.isBlank() && !ci.equalsIgnoreCase("false")) {
      fail(message + " (CI is set, so this test may not be skipped)");
    }
    Assumptions.abort(message);
    return null;
  }

  /** Turns TLS on on the primary with the generated certificate (reload, no restart). */
  private static void enableSsl(PgNode node) throws Exception {
    Path data = node.dataDir();
    Files.copy(
        certs.resolve("server.crt"),
        data.resolve("pgvitals-test.crt"),
        StandardCopyOption.REPLACE_EXISTING);
    Files.copy(
        certs.resolve("server.key"),
        data.resolve("pgvitals-test.key"),
        StandardCopyOption.REPLACE_EXISTING);
    Os.runOk(List.of("chmod", "600", data.resolve("pgvitals-test.key").toString()), null, 10);
    if (Os.isRoot()) {
      Os.chownToServerUser(data.resolve("pgvitals-test.crt"));
      Os.chownToServerUser(data.resolve("pgvitals-test.key"));
    }
    node.execute("ALTER SYSTEM SET ssl_cert_file = 'pgvitals-test.crt'");
    node.execute("ALTER SYSTEM SET ssl_key_file = 'pgvitals-test.key'");
    node.execute("ALTER SYSTEM SET ssl = on");
    node.execute("SELECT pg_reload_conf()");
    Wait.until("ssl on", Duration.ofSeconds(30), () -> "on".equals(node.queryString("SHOW ssl")));
  }

  private static void disableSsl(PgNode node) {
    node.execute("ALTER SYSTEM RESET ssl");
    node.execute("ALTER SYSTEM RESET ssl_cert_file");
    node.execute("ALTER SYSTEM RESET ssl_key_file");
    node.execute("SELECT pg_reload_conf()");
  }

  /** {@code Optional.of(error)} or empty when the connection worked (then it must be encrypted). */
  private static Optional<String> connect(PgNode node, String host, String params)
      throws Exception {
    PgConnectionSettings s =
        PgConnectionSettingsResolver.fromConnInfo(
            "postgres://"
                + PgCluster.MONITOR_USER
                + ":"
                + PgCluster.MONITOR_PASSWORD
                + "@"
                + host
                + ":"
                + node.port()
                + "/postgres?"
                + params,
            "--pg-url",
            Map.of(),
            Duration.ofSeconds(5),
            Duration.ofSeconds(2),
            w -> {});
    Pool pool = PgPools.single(vertx, s);
    try {
      Row r =
          pool.query("SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()")
              .execute()
              .await(20, TimeUnit.SECONDS)
              .iterator()
              .next();
      assertThat(r.getBoolean("ssl")).as("encrypted").isTrue();
      return Optional.empty();
    } catch (Exception e) {
      return Optional.of(PgErrorText.of(e, Duration.ofSeconds(7), s));
    } finally {
      pool.close().await(10, TimeUnit.SECONDS);
    }
  }

  @ParameterizedTest(name = "{0}")
  @PgMajors
  void verifyFullTrustsOnlyTheGivenRootCertificateAndTheNameInIt(PgCluster pg) throws Exception {
    PgNode node = pg.primary();
    enableSsl(node);
    try {
      String server = certs.resolve("server.crt").toString();
      String other = certs.resolve("other.crt").toString();

      assertThat(connect(node, "localhost", "sslmode=verify-full&sslrootcert=" + other))
          .hasValueSatisfying(
              e ->
                  assertThat(e)
                      .isEqualTo(
                          "TLS: server certificate not trusted by sslrootcert (sslmode=verify-full)"));
      assertThat(connect(node, "localhost", "sslmode=verify-full&sslrootcert=" + server)).isEmpty();
      // the certificate names localhost, not 127.0.0.1: verify-full refuses, verify-ca accepts
      assertThat(connect(node, "127.0.0.1", "sslmode=verify-full&sslrootcert=" + server))
          .hasValueSatisfying(
              e ->
                  assertThat(e)
                      .isEqualTo(
                          "TLS: server certificate does not name the host 127.0.0.1 (sslmode=verify-full)"));
      assertThat(connect(node, "127.0.0.1", "sslmode=verify-ca&sslrootcert=" + server)).isEmpty();
      assertThat(connect(node, "127.0.0.1", "sslmode=require")).isEmpty();
    } finally {
      disableSsl(node);
    }
  }

  @ParameterizedTest(name = "{0}")
  @PgMajors
  void channelBindingRequireWorksWithScramOverTlsAndRequireAuthRefusesScramWhenNotListed(
      PgCluster pg) throws Exception {
    PgNode node = pg.primary();
    enableSsl(node);
    try {
      assertThat(connect(node, "127.0.0.1", "sslmode=require&channel_binding=require")).isEmpty();
      assertThat(connect(node, "127.0.0.1", "sslmode=require&require_auth=scram-sha-256"))
          .isEmpty();
      assertThat(connect(node, "127.0.0.1", "sslmode=require&require_auth=md5,password"))
          .hasValue(
              "require_auth=md5,password refused: server asked for SCRAM-SHA-256 "
                  + "authentication (nothing was sent)");
    } finally {
      disableSsl(node);
    }
  }
}
