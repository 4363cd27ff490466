package dev.pgvitals.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Security parameters are honoured or refused at start with one line naming them, never ignored.
 */
class ConnectionSecurityParamsTest {

  private static PgConnectionSettings resolve(String url) {
    return PgConnectionSettingsResolver.resolve(
        url, Map.of(), Duration.ofSeconds(3), Duration.ofSeconds(2), w -> {});
  }

  private static void refused(String params, String message) {
    assertThatThrownBy(() -> resolve("postgres://u:s3cret@h/db?" + params))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("invalid --pg-url: " + message)
        .hasMessageNotContaining("s3cret");
  }

  @Test
  void channelBindingAndRequireAuthAreParsed() {
    PgConnectionSettings s =
        resolve("postgres://u@h/db?channel_binding=require&require_auth=scram-sha-256");
    assertThat(s.auth().channelBinding()).isEqualTo(AuthPolicy.ChannelBinding.REQUIRE);
    assertThat(s.auth().allowed()).containsExactly(AuthPolicy.Method.SCRAM_SHA_256);
    assertThat(resolve("postgres://u@h/db?require_auth=!password,!md5").auth().allowed())
        .doesNotContain(AuthPolicy.Method.PASSWORD, AuthPolicy.Method.MD5)
        .contains(AuthPolicy.Method.SCRAM_SHA_256);
    assertThat(resolve("postgres://u@h/db").auth().isDefault()).isTrue();
    assertThat(
            PgConnectionSettingsResolver.resolve(
                    null,
                    Map.of("PGHOST", "h", "PGCHANNELBINDING", "require"),
                    Duration.ofSeconds(3),
                    Duration.ofSeconds(2),
                    w -> {})
                .auth()
                .channelBinding())
        .isEqualTo(AuthPolicy.ChannelBinding.REQUIRE);
  }

  @Test
  void whatCannotBeHonouredIsRefusedNamingTheParameter() {
    refused(
        "channel_binding=disable",
        "channel_binding=disable is not supported: the PostgreSQL driver binds "
            + "whenever TLS is up and the server offers SCRAM-SHA-256-PLUS (use prefer or require)");
    refused(
        "channel_binding=maybe",
        "invalid channel_binding value \"maybe\" (expected prefer or require)");
    refused(
        "sslmode=disable&channel_binding=require",
        "channel_binding=require needs SSL, but sslmode=disable");
    refused(
        "channel_binding=require&require_auth=md5",
        "channel_binding=require needs SCRAM-SHA-256, which require_auth=md5 excludes");
    refused(
        "require_auth=password,!md5",
        "require_auth: negative and positive methods cannot be mixed (\"password,!md5\")");
    refused(
        "require_auth=kerberos",
        "invalid require_auth method \"kerberos\" (expected password, md5, gss, sspi, "
            + "scram-sha-256 or none, each optionally with !)");
    refused(
        "require_auth=gss",
        "require_auth=gss leaves no method pgvitals can authenticate with (its driver cannot do gss or sspi)");
    refused(
        "sslpassword=x",
        "sslpassword is not supported: encrypted client keys are not supported; give sslkey "
            + "an unencrypted key (mode 0600) or use another authentication method");
    refused(
        "gssencmode=require",
        "gssencmode=require is not supported (pgvitals accepts disable or prefer)");
    refused(
        "sslnegotiation=direct",
        "sslnegotiation=direct is not supported (pgvitals accepts postgres)");
    refused(
        "sslcert=/nonexistent.crt&sslkey=/nonexistent.key",
        "cannot read sslcert file /nonexistent.crt");
    refused(
        "sslcert=/nonexistent.crt",
        "sslcert is set but sslkey is not (a client certificate needs both)");
    refused(
        "ssl_min_protocol_version=SSLv3",
        "invalid ssl_min_protocol_version (expected TLSv1, TLSv1.1, TLSv1.2 or TLSv1.3)");
    refused(
        "sslmode=verify-full",
        "sslmode=verify-full needs the CA certificate (sslrootcert parameter, "
            + "PGSSLROOTCERT or ~/.postgresql/root.crt)");
    refused("frobnicate=1", "invalid connection option \"frobnicate\"");
  }

  @Test
  void harmlessLibpqParametersAreAccepted() {
    assertThat(
            resolve(
                    "postgres://u@h/db?keepalives=1&target_session_attrs=read-write&gssencmode=prefer"
                        + "&sslnegotiation=postgres&application_name=x&ssl_min_protocol_version=TLSv1.3")
                .sslMode())
        .isEqualTo("prefer");
    assertThat(resolve("postgres://u@h/db?ssl_min_protocol_version=TLSv1.3").tls().protocols())
        .containsExactly("TLSv1.3");
  }
}
