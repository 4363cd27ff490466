package dev.pgvitals.http;

import java.util.Map;

/**
 * The HTTP server's settings beyond its address: connection limits, the web configuration file
 * (TLS, HTTP/2, response headers) and who may ask what.
 */
public record ServerSettings(HttpLimits limits, WebConfig web, Access access) {

  /** Default limits, plain HTTP, private paths on loopback only. */
  public static final ServerSettings DEFAULTS =
      new ServerSettings(HttpLimits.DEFAULTS, WebConfig.NONE, Access.loopbackOnly());

  /** Extra response headers of {@code http_server_config.headers}. */
  public Map<String, String> headers() {
    return web.headers();
  }

  public ServerSettings withLimits(HttpLimits l) {
    return new ServerSettings(l, web, access);
  }
}
