package dev.pgvitals.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.pgclient.PgConnectOptions;
import io.vertx.pgclient.SslMode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PgConnectionSettingsResolverTest {

  private static final Duration CONNECT = Duration.ofSeconds(3);
  private static final Duration STATEMENT = Duration.ofSeconds(2);
  private static final String SECRET = "s3cr3t:p@ss/word";

  private final List<String> warnings = new ArrayList<>();

  private PgConnectionSettings resolve(String flag, Map<String, String> env) {
    return PgConnectionSettingsResolver.resolve(flag, env, CONNECT, STATEMENT, warnings::add);
  }

  @Test
  void urlWithEverythingIsTakenAsIs() {
    PgConnectionSettings s =
        resolve(
            "postgres://monitor:pw@db.internal:5433/app?sslmode=disable&application_name=ignored",
            Map.of());
    assertThat(s.host()).isEqualTo("db.internal");
    assertThat(s.port()).isEqualTo(5433);
    assertThat(s.user()).isEqualTo("monitor");
    assertThat(s.password()).isEqualTo("pw");
    assertThat(s.database()).isEqualTo("app");
    assertThat(s.sslMode()).isEqualTo("disable");
    assertThat(s.source()).isEqualTo("--pg-url");
  }

  @Test
  void postgresqlSchemeAndPercentEncodedPasswordAndIpv6Host() {
    PgConnectionSettings s =
        resolve("postgresql://u:p%40ss%3Aw@[fdaa:0:33::2]:5433/d%20b", Map.of());
    assertThat(s.host()).isEqualTo("fdaa:0:33::2");
    assertThat(s.port()).isEqualTo(5433);
    assertThat(s.password()).isEqualTo("p@ss:w");
    assertThat(s.database()).isEqualTo("d b");
    assertThat(s.display()).isEqualTo("postgres://u@[fdaa:0:33::2]:5433/d b");
    assertThat(s.serverLabel()).isEqualTo("[fdaa:0:33::2]:5433");
  }

  @Test
  void keyValueConninfoWithQuotedValues() {
    PgConnectionSettings s =
        resolve(
            "host=10.0.0.5 port = 6432 user=pgvitals password='two words' dbname=postgres sslmode=require",
            Map.of());
    assertThat(s.host()).isEqualTo("10.0.0.5");
    assertThat(s.port()).isEqualTo(6432);
    assertThat(s.password()).isEqualTo("two words");
    assertThat(s.user()).isEqualTo("pgvitals");
    assertThat(s.sslMode()).isEqualTo("require");
  }

  @Test
  void keyValueQuotedPasswordWithEscapes() {
    PgConnectionSettings s = resolve("host=h password='a b\\'c\\\\d' user=x", Map.of());
    assertThat(s.password()).isEqualTo("a b'c\\d");
  }

  @Test
  void flagBeatsDatabaseUrlWhichBeatsPgVariables() {
    Map<String, String> env =
        Map.of(
            "DATABASE_URL",
            "postgres://fromurl@urlhost:6000/urldb",
            "PGHOST",
            "envhost",
            "PGPORT",
            "7000",
            "PGUSER",
            "envuser",
            "PGDATABASE",
            "envdb");
    assertThat(resolve("postgres://flaguser@flaghost/flagdb", env))
        .extracting(
            PgConnectionSettings::host,
            PgConnectionSettings::user,
            PgConnectionSettings::database,
            PgConnectionSettings::port,
            PgConnectionSettings::source)
        .containsExactly(
            "flaghost", "flaguser", "flagdb", 7000, "--pg-url"); // port: gap filled by PGPORT
    assertThat(resolve(null, env))
        .extracting(
            PgConnectionSettings::host,
            PgConnectionSettings::user,
            PgConnectionSettings::port,
            PgConnectionSettings::source)
        .containsExactly("urlhost", "fromurl", 6000, "DATABASE_URL");
    Map<String, String> pgOnly = new HashMap<>(env);
    pgOnly.remove("DATABASE_URL");
    assertThat(resolve("", pgOnly))
        .extracting(
            PgConnectionSettings::host,
            PgConnectionSettings::user,
            PgConnectionSettings::database,
            PgConnectionSettings::port,
            PgConnectionSettings::source)
        .containsExactly("envhost", "envuser", "envdb", 7000, "PG* environment");
  }

  @Test
  void pgPasswordAndSslModeFillGapsOfAUrl() {
    PgConnectionSettings s =
        resolve("postgres://u@h/db", Map.of("PGPASSWORD", "envpw", "PGSSLMODE", "disable"));
    assertThat(s.password()).isEqualTo("envpw");
    assertThat(s.sslMode()).isEqualTo("disable");
  }

  @Test
  void defaultsAreLocalhost5432UserAsDatabaseAndSslPrefer() {
    PgConnectionSettings s = resolve(null, Map.of("USER", "alice"));
    assertThat(s.host()).isEqualTo("localhost");
    assertThat(s.port()).isEqualTo(5432);
    assertThat(s.user()).isEqualTo("alice");
    assertThat(s.database()).isEqualTo("alice");
    assertThat(s.sslMode()).isEqualTo("prefer");
    assertThat(s.password()).isNull();
    assertThat(resolve(null, Map.of()).user()).isEqualTo("postgres");
  }

  @Test
  void connectOptionsCarryApplicationNameStatementTimeoutAndConnectTimeout() {
    PgConnectionSettings s =
        resolve("postgres://u:pw@127.0.0.1:5432/postgres?sslmode=disable", Map.of());
    PgConnectOptions o = s.toConnectOptions();
    assertThat(o.getProperties())
        .containsEntry("application_name", "pgvitals")
        .containsEntry("statement_timeout", "2000");
    assertThat(o.getSslMode()).isEqualTo(SslMode.DISABLE);
    assertThat(o.getPassword()).isEqualTo("pw");
    assertThat(s.netClientOptions().getConnectTimeout()).isEqualTo(3000);
    assertThat(resolve("postgres://u@h/d?connect_timeout=7", Map.of()).connectTimeout())
        .isEqualTo(Duration.ofSeconds(7));
  }

  @Test
  void passwordNeverAppearsInDisplayOrToString() {
    PgConnectionSettings s =
        resolve(
            "postgres://pgvitals:" + "s3cr3t%3Ap%40ss%2Fword" + "@127.0.0.1:5432/postgres",
            Map.of());
    assertThat(s.password()).isEqualTo(SECRET);
    assertThat(s.display()).isEqualTo("postgres://pgvitals@127.0.0.1:5432/postgres");
    assertThat(s.toString()).isEqualTo(s.display()).doesNotContain("s3cr3t");
    assertThat(s.withAddress("10.0.0.9", 5433, "--peers").toString()).doesNotContain("s3cr3t");
    PgConfig c = PgConfig.defaults().withPgUrl("postgres://u:" + SECRET + "@h/d");
    assertThat(c.toString()).doesNotContain("s3cr3t");
  }

  @Test
  void badUrlsGiveOneLineReasonsWithoutThePassword() {
    assertBad("postgres://u:s3cr3tpw@host:notaport/db", "invalid --pg-url: port is not a number");
    assertBad(
        "postgres://u:s3cr3tpw@host:99999/db", "invalid --pg-url: port 99999 out of range 1-65535");
    assertBad(
        "postgres://u:s3cr3tpw@h1,h2/db",
        "invalid --pg-url: several hosts in one URL are not supported");
    assertBad("postgres://u:s3cr3tpw@[::1/db", "invalid --pg-url: unterminated IPv6 address");
    assertBad(
        "postgres://u:s3cr3tpw%zz@h/db", "invalid --pg-url: bad percent-encoding in URL password");
    assertBad(
        "postgres://u:s3cr3tpw@h/db?sslmode=sometimes",
        "invalid --pg-url: invalid sslmode 'sometimes'");
    assertBad(
        "host=h password='s3cr3tpw",
        "invalid --pg-url: unterminated quoted value for \"password\"");
    assertBad("host=h s3cr3tpw", "invalid --pg-url: missing '=' after \"…\"");
    assertBad(
        "postgres://u:s3cr3tpw@h/db?sslmode=verify-full",
        "invalid --pg-url: sslmode=verify-full needs");
    assertThatThrownBy(() -> resolve(null, Map.of("DATABASE_URL", "postgres://u:s3cr3tpw@h:x/db")))
        .hasMessage("invalid DATABASE_URL: port is not a number");
  }

  private void assertBad(String url, String messageStart) {
    assertThatThrownBy(() -> resolve(url, Map.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith(messageStart)
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("s3cr3tpw").doesNotContain("\n"));
  }

  // ---- password file -------------------------------------------------------------------------

  private static Path pgpass(Path dir, String content, String perms) throws Exception {
    Path f = dir.resolve("pgpass");
    Files.writeString(f, content);
    Files.setPosixFilePermissions(f, PosixFilePermissions.fromString(perms));
    return f;
  }

  @Test
  void passwordFileFirstMatchingLineWinsWithWildcardsAndEscapes(@TempDir Path dir)
      throws Exception {
    Path f =
        pgpass(
            dir,
            """
        # comment line
        otherhost:5432:*:pgvitals:wrong-host
        db.internal:5433:*:pgvitals:wrong-port
        db.internal:*:app:pgvitals:right\\:pass\\\\word
        *:*:*:*:catch-all
        """,
            "rw-------");
    PgConnectionSettings s =
        resolve("postgres://pgvitals@db.internal:5432/app", Map.of("PGPASSFILE", f.toString()));
    assertThat(s.password()).isEqualTo("right:pass\\word");
    assertThat(resolve("postgres://someone@x:1/y", Map.of("PGPASSFILE", f.toString())).password())
        .isEqualTo("catch-all");
    assertThat(warnings).isEmpty();
  }

  @Test
  void passwordFileFromHomeWhenNoPgPassFile(@TempDir Path home) throws Exception {
    Files.writeString(home.resolve(".pgpass"), "h:5432:d:u:from-home\n");
    Files.setPosixFilePermissions(
        home.resolve(".pgpass"), PosixFilePermissions.fromString("r--------"));
    assertThat(resolve("postgres://u@h/d", Map.of("HOME", home.toString())).password())
        .isEqualTo("from-home");
  }

  @Test
  void explicitPasswordBeatsPgPasswordBeatsPasswordFile(@TempDir Path dir) throws Exception {
    Path f = pgpass(dir, "*:*:*:*:from-file\n", "rw-------");
    Map<String, String> env = Map.of("PGPASSFILE", f.toString(), "PGPASSWORD", "from-env");
    assertThat(resolve("postgres://u:from-url@h/d", env).password()).isEqualTo("from-url");
    assertThat(resolve("postgres://u@h/d", env).password()).isEqualTo("from-env");
    assertThat(resolve("postgres://u@h/d", Map.of("PGPASSFILE", f.toString())).password())
        .isEqualTo("from-file");
  }

  @Test
  void passwordFileReadableByGroupOrOthersIsIgnoredWithAWarning(@TempDir Path dir)
      throws Exception {
    Path f = pgpass(dir, "*:*:*:*:s3cr3tpw\n", "rw-r-----");
    PgConnectionSettings s = resolve("postgres://u@h/d", Map.of("PGPASSFILE", f.toString()));
    assertThat(s.password()).isNull();
    assertThat(warnings)
        .singleElement()
        .asString()
        .contains(f.toString())
        .contains("0600")
        .doesNotContain("s3cr3tpw");
  }

  @Test
  void unixSocketHostMatchesLocalhostInPasswordFile(@TempDir Path dir) throws Exception {
    Path f = pgpass(dir, "localhost:5432:*:*:socket-pw\n", "rw-------");
    assertThat(
            resolve("host=/var/run/postgresql user=u dbname=d", Map.of("PGPASSFILE", f.toString()))
                .password())
        .isEqualTo("socket-pw");
  }

  @Test
  void missingPasswordFileIsNoProblem(@TempDir Path dir) {
    assertThat(
            resolve("postgres://u@h/d", Map.of("PGPASSFILE", dir.resolve("nope").toString()))
                .password())
        .isNull();
    assertThat(warnings).isEmpty();
  }
}
