package dev.pgvitals.cli;

import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.core.net.PemTrustOptions;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Option;

/**
 * How the client commands reach agents that serve HTTPS and ask for credentials (an agent with
 * {@code --web.config.file}): a CA file to verify them by, a client certificate, and basic auth or
 * the bearer token. Host names are verified: the agents' certificates must name the addresses given
 * in {@code --nodes} (or the {@code --app-host} addresses).
 */
final class ClientTlsOptions {

  static final String ENV_PASSWORD = "PGVITALS_BASIC_AUTH_PASSWORD";

  @Option(
      names = "--tls",
      description =
          "Speak HTTPS, verifying the agents with the system's CAs "
              + "(implied by --tls-ca-file).")
  boolean tls;

  @Option(
      names = "--tls-ca-file",
      paramLabel = "FILE",
      defaultValue = "${env:PGVITALS_TLS_CA_FILE}",
      description =
          "Speak HTTPS and verify the agents' certificates with these CAs (PEM; env PGVITALS_TLS_CA_FILE).")
  String caFile;

  @Option(
      names = "--tls-cert-file",
      paramLabel = "FILE",
      defaultValue = "${env:PGVITALS_TLS_CERT_FILE}",
      description =
          "Client certificate (PEM) for agents that require one (env PGVITALS_TLS_CERT_FILE).")
  String certFile;

  @Option(
      names = "--tls-key-file",
      paramLabel = "FILE",
      defaultValue = "${env:PGVITALS_TLS_KEY_FILE}",
      description = "The client certificate's private key (PEM; env PGVITALS_TLS_KEY_FILE).")
  String keyFile;

  @Option(
      names = "--basic-auth-user",
      paramLabel = "USER",
      defaultValue = "${env:PGVITALS_BASIC_AUTH_USER}",
      description =
          "Basic-auth user (env PGVITALS_BASIC_AUTH_USER); the password comes from env "
              + ENV_PASSWORD
              + " or --basic-auth-password-file, never from a flag.")
  String user;

  @Option(
      names = "--basic-auth-password-file",
      paramLabel = "FILE",
      description = "File whose first line is the basic-auth password.")
  String passwordFile;

  /**
   * The HTTP client options: plain HTTP unless a TLS option is given.
   *
   * @throws IllegalArgumentException one line naming the flag (exit 2)
   */
  HttpClientOptions httpOptions() {
    HttpClientOptions o = new HttpClientOptions();
    boolean ssl = tls || present(caFile) || present(certFile) || present(keyFile);
    if (!ssl) {
      return o;
    }
    o.setSsl(true).setVerifyHost(true);
    if (present(caFile)) {
      readable(caFile, "--tls-ca-file");
      o.setTrustOptions(new PemTrustOptions().addCertPath(caFile));
    }
    if (present(certFile) != present(keyFile)) {
      throw new IllegalArgumentException("give --tls-cert-file and --tls-key-file together");
    }
    if (present(certFile)) {
      readable(certFile, "--tls-cert-file");
      readable(keyFile, "--tls-key-file");
      o.setKeyCertOptions(new PemKeyCertOptions().setCertPath(certFile).setKeyPath(keyFile));
    }
    return o;
  }

  /**
   * The {@code Authorization} header: basic auth when a user is given, else the bearer token.
   *
   * @throws IllegalArgumentException one line naming the flag (exit 2)
   */
  Map<String, String> headers(Optional<String> token, Map<String, String> env) {
    Map<String, String> h = new LinkedHashMap<>();
    if (present(user)) {
      if (user.contains(":")) {
        throw new IllegalArgumentException("--basic-auth-user cannot contain ':'");
      }
      String password = password(env);
      h.put(
          "Authorization",
          "Basic "
              + Base64.getEncoder()
                  .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8)));
    } else if (token.isPresent()) {
      h.put("Authorization", "Bearer " + token.get());
    } else if (present(passwordFile)) {
      throw new IllegalArgumentException("--basic-auth-password-file needs --basic-auth-user");
    }
    return h;
  }

  private String password(Map<String, String> env) {
    if (present(passwordFile)) {
      readable(passwordFile, "--basic-auth-password-file");
      try {
        String first =
            Files.readString(Path.of(passwordFile), StandardCharsets.UTF_8)
                .lines()
                .findFirst()
                .orElse("");
        if (first.isEmpty()) {
          throw new IllegalArgumentException(
              "--basic-auth-password-file " + passwordFile + " is empty");
        }
        return first;
      } catch (IOException e) {
        throw new IllegalArgumentException(
            "--basic-auth-password-file " + passwordFile + ": cannot read");
      }
    }
    String p = env.get(ENV_PASSWORD);
    if (p == null || p.isEmpty()) {
      throw new IllegalArgumentException(
          "--basic-auth-user needs a password: set "
              + ENV_PASSWORD
              + " or give --basic-auth-password-file");
    }
    return p;
  }

  private static void readable(String file, String flag) {
    Path p = Path.of(file);
    if (!Files.isRegularFile(p) || !Files.isReadable(p)) {
      throw new IllegalArgumentException(flag + " " + file + ": no such readable file");
    }
  }

  private static boolean present(String s) {
    return s != null && !s.isBlank();
  }
}
