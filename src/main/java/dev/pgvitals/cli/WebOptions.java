package dev.pgvitals.cli;

import dev.pgvitals.config.ListenAddress;
import dev.pgvitals.http.Access;
import dev.pgvitals.http.HttpLimits;
import dev.pgvitals.http.ServerSettings;
import dev.pgvitals.http.WebConfig;
import java.io.IOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine.Option;

/**
 * The agent's HTTP server: connection limits, the exporter-toolkit web configuration file (TLS,
 * basic auth) and the bearer token, and which paths stay open without a credential.
 */
final class WebOptions {

  static final String ENV_TOKEN = "PGVITALS_API_TOKEN";

  @Option(
      names = "--web.config.file",
      paramLabel = "FILE",
      defaultValue = "${env:PGVITALS_WEB_CONFIG_FILE}",
      description =
          "Web configuration in Prometheus exporter-toolkit format: tls_server_config, "
              + "http_server_config, basic_auth_users (bcrypt), rate_limit (env PGVITALS_WEB_CONFIG_FILE).")
  String configFile;

  @Option(
      names = "--web.open-paths",
      paramLabel = "PATH,...",
      defaultValue = "${env:PGVITALS_WEB_OPEN_PATHS}",
      description =
          "Paths that need no credential when basic_auth_users is set; a trailing / makes a prefix "
              + "(env PGVITALS_WEB_OPEN_PATHS; default: the landing page, health and routing endpoints, /flycheck/). "
              + "'' requires a credential everywhere. /v1/users and /v1/databases always need one.")
  String openPaths;

  @Option(
      names = "--web.max-connections",
      paramLabel = "N",
      defaultValue =
          "${env:PGVITALS_WEB_MAX_CONNECTIONS:-" + HttpLimits.DEFAULT_MAX_CONNECTIONS + "}",
      description =
          "Open HTTP connections at most; at the limit the idlest is closed for a new one "
              + "(env PGVITALS_WEB_MAX_CONNECTIONS; default ${DEFAULT-VALUE}).")
  int maxConnections;

  @Option(
      names = "--web.header-timeout",
      paramLabel = "DURATION",
      defaultValue = "${env:PGVITALS_WEB_HEADER_TIMEOUT:-10s}",
      converter = Converters.DurationConverter.class,
      description =
          "A new connection must send its request (or TLS handshake) within this "
              + "(env PGVITALS_WEB_HEADER_TIMEOUT; default 10s).")
  Duration headerTimeout;

  @Option(
      names = "--web.idle-timeout",
      paramLabel = "DURATION",
      defaultValue = "${env:PGVITALS_WEB_IDLE_TIMEOUT:-90s}",
      converter = Converters.DurationConverter.class,
      description =
          "Keep-alive connections idle this long are closed (env PGVITALS_WEB_IDLE_TIMEOUT; default 90s).")
  Duration idleTimeout;

  /**
   * The server settings.
   *
   * @param token the value of {@code --api-token} ({@code PGVITALS_API_TOKEN}), null when not given
   * @throws IllegalArgumentException one line naming the flag (exit 2)
   */
  ServerSettings settings(String token) {
    Optional<String> apiToken = token(token, System.getenv(ENV_TOKEN));
    HttpLimits limits;
    if (maxConnections < 1 || maxConnections > 100_000) {
      throw new IllegalArgumentException(
          "--web.max-connections must be 1-100000, was " + maxConnections);
    }
    if (headerTimeout.toMillis() < 100 || headerTimeout.compareTo(Duration.ofHours(1)) > 0) {
      throw new IllegalArgumentException("--web.header-timeout must be between 100ms and 1h");
    }
    if (idleTimeout.toMillis() < 100 || idleTimeout.compareTo(Duration.ofHours(24)) > 0) {
      throw new IllegalArgumentException("--web.idle-timeout must be between 100ms and 24h");
    }
    limits =
        HttpLimits.DEFAULTS
            .withMaxConnections(maxConnections)
            .withTimeouts(headerTimeout, idleTimeout);
    WebConfig web = WebConfig.NONE;
    if (configFile != null && !configFile.isBlank()) {
      try {
        web = WebConfig.load(Path.of(configFile.trim()));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("--web.config.file " + e.getMessage());
      }
    }
    List<String> open =
        openPaths == null
            ? Access.DEFAULT_OPEN_PATHS
            : Arrays.stream(openPaths.split(","))
                .map(String::trim)
                .filter(p -> !p.isEmpty())
                .toList();
    for (String p : open) {
      if (!p.startsWith("/")) {
        throw new IllegalArgumentException(
            "--web.open-paths: '" + p + "' is not a path (it must start with /)");
      }
      if (Access.PRIVATE_PATHS.contains(p)) {
        throw new IllegalArgumentException("--web.open-paths: " + p + " always needs a credential");
      }
    }
    return new ServerSettings(limits, web, new Access(apiToken, web, open));
  }

  /** The token: absent when not given; an empty one is an error, never "no authentication". */
  static Optional<String> token(String value, String env) {
    if (value == null) {
      return Optional.empty();
    }
    if (value.isBlank()) {
      throw new IllegalArgumentException(
          env != null && env.equals(value)
              ? ENV_TOKEN + " is set but empty (unset it, or give a token)"
              : "--api-token is empty (leave it out, or give a token)");
    }
    if (!value.equals(value.strip()) || value.chars().anyMatch(c -> c < 0x21 || c == 0x7f)) {
      throw new IllegalArgumentException(
          "--api-token must not contain spaces or control characters");
    }
    return Optional.of(value);
  }

  /**
   * Fails with one line when {@code --listen} cannot be bound, before anything is started or
   * logged. (The server binds again moments later; a port taken in between still fails, later.)
   */
  static void checkBindable(ListenAddress listen) {
    if (listen.port() == 0) {
      return;
    }
    try (ServerSocket s = new ServerSocket()) {
      s.setReuseAddress(true);
      s.bind(new InetSocketAddress(listen.host(), listen.port()));
    } catch (BindException e) {
      String why =
          e.getMessage() == null
              ? "cannot bind"
              : e.getMessage()
                  .toLowerCase(java.util.Locale.ROOT)
                  .replaceAll("\\s*\\(bind failed\\)", "");
      throw new IllegalArgumentException("--listen " + listen + ": " + why);
    } catch (IOException | RuntimeException e) {
      throw new IllegalArgumentException("--listen " + listen + ": " + e.getMessage());
    }
  }
}
