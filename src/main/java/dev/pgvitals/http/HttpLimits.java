package dev.pgvitals.http;

import java.time.Duration;

/**
 * How much of the agent one client, or all of them, may hold. The defaults are sized for a
 * cluster's scrapers (two Prometheus servers), load balancers (a few HAProxy or pgbouncer health
 * checkers per node) and people and cluster clients, with room to spare, at about 10 KB of heap per
 * open connection (docs/benchmarks.md, "HTTP connections").
 *
 * @param maxConnections open connections at most; a connection beyond it first closes the
 *     connection that has been idle longest (keep-alive between requests, or connected and not yet
 *     sent a complete request), and is itself closed at once when every open connection is in the
 *     middle of a request
 * @param headerTimeout a new connection must have sent a complete request head within this (closes
 *     slowloris and bare TCP connects)
 * @param idleTimeout a keep-alive connection must start its next request within this, and a
 *     connection on which nothing is read or written for this long is closed
 * @param maxRequestLineBytes longest request line (method, path, query, version); longer: 414
 * @param maxHeaderBytes all request headers together at most; more: 431
 */
public record HttpLimits(
    int maxConnections,
    Duration headerTimeout,
    Duration idleTimeout,
    int maxRequestLineBytes,
    int maxHeaderBytes) {

  public static final int DEFAULT_MAX_CONNECTIONS = 256;
  public static final Duration DEFAULT_HEADER_TIMEOUT = Duration.ofSeconds(10);
  public static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofSeconds(90);
  public static final int DEFAULT_MAX_REQUEST_LINE = 4096;
  public static final int DEFAULT_MAX_HEADERS = 8192;

  public static final HttpLimits DEFAULTS =
      new HttpLimits(
          DEFAULT_MAX_CONNECTIONS,
          DEFAULT_HEADER_TIMEOUT,
          DEFAULT_IDLE_TIMEOUT,
          DEFAULT_MAX_REQUEST_LINE,
          DEFAULT_MAX_HEADERS);

  public HttpLimits {
    if (maxConnections < 1 || maxConnections > 100_000) {
      throw new IllegalArgumentException(
          "--web.max-connections must be 1-100000, was " + maxConnections);
    }
    if (headerTimeout.toMillis() < 100 || headerTimeout.compareTo(Duration.ofHours(1)) > 0) {
      throw new IllegalArgumentException(
          "--web.header-timeout must be 100ms-1h, was " + headerTimeout.toMillis() + "ms");
    }
    if (idleTimeout.toMillis() < 100 || idleTimeout.compareTo(Duration.ofHours(24)) > 0) {
      throw new IllegalArgumentException(
          "--web.idle-timeout must be 100ms-24h, was " + idleTimeout.toMillis() + "ms");
    }
    if (maxRequestLineBytes < 256 || maxHeaderBytes < 1024) {
      throw new IllegalArgumentException("request line must allow 256 bytes and headers 1024");
    }
  }

  public HttpLimits withMaxConnections(int max) {
    return new HttpLimits(max, headerTimeout, idleTimeout, maxRequestLineBytes, maxHeaderBytes);
  }

  public HttpLimits withTimeouts(Duration header, Duration idle) {
    return new HttpLimits(maxConnections, header, idle, maxRequestLineBytes, maxHeaderBytes);
  }
}
