package dev.pgvitals.config;

import java.util.Objects;

/**
 * The one parser of {@code host:port}: {@code host:port}, {@code host}, {@code [v6]:port}, {@code
 * [v6]}, and a bare IPv6 literal such as {@code fdaa::3} (a host without port, since its last group
 * cannot be told from a port). Used for {@code --listen}, {@code --nodes}, {@code --peers} and
 * everything else written as host and port.
 *
 * <p>{@link #toString()} brackets IPv6 literals only, as Go's {@code net.JoinHostPort}: {@code
 * 10.0.0.5:5432}, {@code [::1]:5432}.
 *
 * @param host a host name or IP literal (IPv6 without brackets); empty for {@code :port}
 * @param port the port, or {@link #NO_PORT} when the text named none and no default was given
 */
public record HostPort(String host, int port) {

  /** The port of an entry that named none when the caller gave no default. */
  public static final int NO_PORT = -1;

  public HostPort {
    Objects.requireNonNull(host, "host");
  }

  /**
   * Parses one entry; ports must be 1-65535.
   *
   * @param defaultPort the port of an entry without one, or {@link #NO_PORT} to leave it unset
   * @throws IllegalArgumentException with a one-line reason (without the entry: callers say which
   *     flag or entry it was)
   */
  public static HostPort parse(String text, int defaultPort) {
    return parse(text, defaultPort, 1);
  }

  /**
   * Parses a listen address: the port is required and may be {@code 0} (any free port), an empty
   * host means every interface (left empty here).
   */
  public static HostPort parseListen(String text) {
    HostPort hp = parse(text, NO_PORT, 0);
    if (hp.port == NO_PORT) {
      throw new IllegalArgumentException("no port");
    }
    return hp;
  }

  private static HostPort parse(String text, int defaultPort, int lowestPort) {
    if (text == null || text.isBlank()) {
      throw new IllegalArgumentException("empty address");
    }
    String s = text.strip();
    if (s.startsWith("[")) {
      int close = s.indexOf(']');
      if (close < 0) {
        throw new IllegalArgumentException("missing ']'");
      }
      String host = s.substring(1, close);
      String rest = s.substring(close + 1);
      if (rest.isEmpty()) {
        return new HostPort(host, defaultPort);
      }
      if (!rest.startsWith(":")) {
        throw new IllegalArgumentException("expected ':' after ']'");
      }
      return new HostPort(host, port(rest.substring(1), lowestPort));
    }
    int colon = s.indexOf(':');
    if (colon < 0 || s.indexOf(':', colon + 1) >= 0) {
      return new HostPort(s, defaultPort); // a name, IPv4, or a bare IPv6 literal
    }
    return new HostPort(s.substring(0, colon), port(s.substring(colon + 1), lowestPort));
  }

  private static int port(String text, int lowestPort) {
    String range = "port must be " + lowestPort + "-65535, was ";
    if (!text.matches("[0-9]{1,9}")) {
      throw new IllegalArgumentException(range + "'" + text + "'");
    }
    int port = Integer.parseInt(text);
    if (port < lowestPort || port > 65535) {
      throw new IllegalArgumentException(range + port);
    }
    return port;
  }

  /** True when a port was given (or defaulted). */
  public boolean hasPort() {
    return port != NO_PORT;
  }

  /** {@code host:port} with brackets around an IPv6 literal; the host alone without a port. */
  @Override
  public String toString() {
    String h = host.indexOf(':') >= 0 ? "[" + host + "]" : host;
    return hasPort() ? h + ":" + port : h;
  }

  /** {@code host:port}, brackets only around IPv6 literals. */
  public static String join(String host, int port) {
    return new HostPort(host, port).toString();
  }
}
