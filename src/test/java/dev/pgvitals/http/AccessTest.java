package dev.pgvitals.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.springframework.security.crypto.bcrypt.BCrypt;

/**
 * Who may ask what: the private paths, the bearer token, basic auth and the open paths, on a real
 * server.
 */
class AccessTest {

  private static final String HASH = BCrypt.hashpw("pw", BCrypt.gensalt(4));

  private static ServerSettings settings(Optional<String> token, Map<String, String> users) {
    WebConfig web = new WebConfig(Optional.empty(), false, Map.of(), users, Optional.empty());
    return new ServerSettings(
        HttpLimits.DEFAULTS, web, new Access(token, web, Access.DEFAULT_OPEN_PATHS));
  }

  private static String get(TestServer s, String path, String... headers) throws Exception {
    StringBuilder r =
        new StringBuilder("GET " + path + " HTTP/1.1\r\nHost: t\r\nConnection: close\r\n");
    for (String h : headers) {
      r.append(h).append("\r\n");
    }
    return s.raw(r.append("\r\n").toString());
  }

  private static String basic(String user, String password) {
    return "Authorization: Basic "
        + Base64.getEncoder()
            .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void withoutCredentialsTheUsersAnswerOnLoopbackOnlyAndSayWhyElsewhere() throws Exception {
    try (TestServer s = new TestServer(settings(Optional.empty(), Map.of()))) {
      assertThat(get(s, "/v1/users")).startsWith("HTTP/1.1 200 ");
    }
    Access none = new Access(Optional.empty(), WebConfig.NONE, Access.DEFAULT_OPEN_PATHS);
    HttpApi.Response refused = none.withoutCredential("/v1/databases", false);
    assertThat(refused.status()).isEqualTo(403);
    assertThat(refused.body().toString())
        .isEqualTo(
            "forbidden: /v1/databases answers only on loopback while no "
                + "--api-token or basic_auth_users (--web.config.file) is configured\n");
    assertThat(none.withoutCredential("/v1/databases", true)).isNull();
    assertThat(none.withoutCredential("/metrics", false)).isNull();
  }

  @Test
  void theBearerSchemeIsCaseInsensitiveAndAWrongTokenIs401() throws Exception {
    try (TestServer s = new TestServer(settings(Optional.of("t0ken"), Map.of()))) {
      assertThat(get(s, "/v1/users"))
          .startsWith("HTTP/1.1 401 ")
          .contains("WWW-Authenticate: Bearer")
          .endsWith(
              "unauthorized: no credentials; /v1/users needs 'Authorization: Bearer <api token>'\n");
      assertThat(get(s, "/v1/users", "Authorization: bearer t0ken")).startsWith("HTTP/1.1 200 ");
      assertThat(get(s, "/v1/users", "Authorization: BEARER t0ken")).startsWith("HTTP/1.1 200 ");
      assertThat(get(s, "/v1/users", "Authorization: Bearer t0ke")).startsWith("HTTP/1.1 401 ");
      assertThat(get(s, "/metrics"))
          .startsWith("HTTP/1.1 200 "); // the token guards the private paths only
    }
  }

  @Test
  void basicAuthGuardsAllButTheOpenPaths() throws Exception {
    try (TestServer s = new TestServer(settings(Optional.of("t0ken"), Map.of("alice", HASH)))) {
      assertThat(get(s, "/metrics"))
          .startsWith("HTTP/1.1 401 ")
          .contains("WWW-Authenticate: Basic realm=\"pgvitals\"");
      assertThat(get(s, "/metrics", basic("alice", "pw"))).startsWith("HTTP/1.1 200 ");
      assertThat(get(s, "/metrics", basic("alice", "pw")))
          .startsWith("HTTP/1.1 200 "); // remembered
      assertThat(get(s, "/metrics", basic("alice", "nope")))
          .startsWith("HTTP/1.1 401 ")
          .endsWith(
              "unauthorized: wrong user or password; /metrics needs basic auth (a user of --web.config.file)"
                  + " or the bearer token\n");
      assertThat(get(s, "/metrics", basic("mallory", "pw"))).startsWith("HTTP/1.1 401 ");
      assertThat(get(s, "/metrics", "Authorization: Basic %%%"))
          .startsWith("HTTP/1.1 401 ")
          .contains("malformed basic credentials");
      assertThat(get(s, "/v1/users", "Authorization: Bearer t0ken")).startsWith("HTTP/1.1 200 ");
      assertThat(get(s, "/v1/users", basic("alice", "pw"))).startsWith("HTTP/1.1 200 ");
      // load balancers' endpoints stay open
      assertThat(get(s, "/liveness")).startsWith("HTTP/1.1 200 ");
      assertThat(s.metric("pgvitals_http_requests_rejected_total{code=\"401\"}")).isEqualTo(4);
    }
  }

  @Test
  void theRateLimitAnswers429BeyondTheBurst() throws Exception {
    WebConfig web =
        new WebConfig(
            Optional.empty(),
            false,
            Map.of(),
            Map.of(),
            Optional.of(new WebConfig.RateLimit(java.time.Duration.ofHours(1), 3)));
    try (TestServer s =
        new TestServer(
            new ServerSettings(
                HttpLimits.DEFAULTS,
                web,
                new Access(Optional.empty(), web, Access.DEFAULT_OPEN_PATHS)))) {
      for (int i = 0; i < 3; i++) {
        assertThat(get(s, "/liveness")).startsWith("HTTP/1.1 200 ");
      }
      assertThat(get(s, "/liveness")).startsWith("HTTP/1.1 429 ");
    }
  }
}
