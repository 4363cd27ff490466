package dev.pgvitals.config;

/**
 * Where the HTTP side listens: {@code host:port}, {@code :port} (all interfaces) or {@code
 * [v6]:port}; port 0 picks a free port. Parsed by {@link HostPort}.
 */
public record ListenAddress(String host, int port) {

  private static final String EXPECTED = " (expected host:port, e.g. 0.0.0.0:5500)";

  public static ListenAddress parse(String text) {
    if (text == null || text.isBlank()) {
      throw new IllegalArgumentException("empty listen address" + EXPECTED);
    }
    HostPort hp;
    try {
      hp = HostPort.parseListen(text);
    } catch (IllegalArgumentException e) {
      String reason =
          e.getMessage().equals("no port") ? "has no port" : "has a bad port: " + e.getMessage();
      throw new IllegalArgumentException("'" + text.strip() + "' " + reason + EXPECTED);
    }
    return new ListenAddress(hp.host().isEmpty() ? "0.0.0.0" : hp.host(), hp.port());
  }

  @Override
  public String toString() {
    return HostPort.join(host, port);
  }
}
