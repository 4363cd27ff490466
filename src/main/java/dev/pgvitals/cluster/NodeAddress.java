package dev.pgvitals.cluster;

import dev.pgvitals.config.HostPort;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Where a node's agent listens: a host name or IP literal and a port. Written {@code host:port},
 * {@code [v6]:port}, or without the port (the default port applies); a bare IPv6 literal such as
 * {@code fdaa::3} is a host without port.
 */
public record NodeAddress(String host, int port) {

  public NodeAddress {
    Objects.requireNonNull(host, "host");
    if (host.isBlank()) {
      throw new IllegalArgumentException("empty host");
    }
    if (port < 1 || port > 65535) {
      throw new IllegalArgumentException("port must be 1-65535, was " + port);
    }
  }

  /**
   * Parses one address ({@link HostPort}); a bad one gives a one-line {@link
   * IllegalArgumentException}.
   */
  public static NodeAddress parse(String text, int defaultPort) {
    String s = text.trim();
    try {
      HostPort hp = HostPort.parse(s, defaultPort);
      return new NodeAddress(hp.host(), hp.port());
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("bad node address '" + s + "': " + e.getMessage());
    }
  }

  /** Parses {@code host:port,host:port,...}; empty entries are skipped, none at all is an error. */
  public static List<NodeAddress> parseList(String csv, int defaultPort) {
    List<NodeAddress> out = new ArrayList<>();
    for (String part : csv.split(",")) {
      if (!part.isBlank()) {
        out.add(parse(part, defaultPort));
      }
    }
    if (out.isEmpty()) {
      throw new IllegalArgumentException("no node addresses in '" + csv + "'");
    }
    return out;
  }

  /** {@code host:port}, with brackets around an IPv6 literal. */
  @Override
  public String toString() {
    return HostPort.join(host, port);
  }
}
