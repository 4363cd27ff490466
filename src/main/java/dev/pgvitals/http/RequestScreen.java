package dev.pgvitals.http;

import dev.pgvitals.http.HttpApi.Response;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;

/**
 * What every request must be before a route sees it, each refusal a 4xx with a one-line body (the
 * agent only serves GET and HEAD, so a request never carries a body):
 *
 * <ul>
 *   <li>a request line or headers Netty cannot decode: 400; longer than the limits: 414 / 431
 *       ({@link #undecodable});
 *   <li>a request target that is not a path ({@code *}, {@code http://…} with no path): 400;
 *   <li>a query string with malformed percent-encoding ({@code ?x=%zz}): 400;
 *   <li>a body ({@code Content-Length} above 0 or {@code Transfer-Encoding}): 413, and the
 *       connection is closed rather than the body read.
 * </ul>
 *
 * Whatever of the request is echoed is {@link #shown shown} printable and short.
 */
final class RequestScreen {

  private static final int SHOWN_MAX = 100;

  private RequestScreen() {}

  /** The refusal of a request, or null when it may go on. */
  static Response screen(HttpServerRequest req) {
    String path = req.path();
    if (path == null || !path.startsWith("/")) {
      return Response.text(400, "bad request target: expected a path such as /metrics\n");
    }
    String length = req.getHeader(HttpHeaders.CONTENT_LENGTH);
    if (req.getHeader(HttpHeaders.TRANSFER_ENCODING) != null
        || (length != null && !length.trim().equals("0"))) {
      return Response.text(
          413, "request body not accepted (only GET and HEAD without a body are served)\n");
    }
    if (req.query() != null) {
      try {
        req.params(); // decodes the query string once; Vert.x caches the result for the routes
      } catch (IllegalArgumentException e) {
        return Response.text(400, "bad query string: malformed percent-encoding\n");
      }
    }
    return null;
  }

  /** The 4xx of a request Netty could not decode. */
  static Response undecodable(Throwable cause) {
    if (cause instanceof TooLongHttpLineException) {
      return Response.text(414, "request line too long\n");
    }
    if (cause instanceof TooLongHttpHeaderException || cause instanceof TooLongFrameException) {
      return Response.text(431, "request headers too large\n");
    }
    return Response.text(400, "malformed HTTP request\n");
  }

  /**
   * Request data fit to echo in a one-line answer: control characters replaced, at most 100
   * characters.
   */
  static String shown(String s) {
    if (s == null) {
      return "";
    }
    String p = ErrorLog.printable(s);
    return p.length() > SHOWN_MAX ? p.substring(0, SHOWN_MAX) + "…" : p;
  }
}
