package dev.pgvitals.http;

import io.vertx.core.http.HttpMethod;

/**
 * Which HTTP methods a route answers, and how.
 *
 * <ul>
 *   <li>{@link #READ}: {@code GET} and {@code HEAD} — documents ({@code /metrics}, JSON);
 *   <li>{@link #CHECK}: {@code GET}, {@code HEAD} and {@code OPTIONS} — the health and routing
 *       endpoints. Patroni answers all three alike and HAProxy's {@code option httpchk} sends
 *       {@code OPTIONS /} unless told otherwise, so a 405 here would mark every server down;
 *   <li>{@link #ANY}: every method — {@code /flycheck/*}, whose reference handlers (Go {@code
 *       http.ServeMux} funcs) run the checks whatever the method, so a platform check configured
 *       with another method keeps working.
 * </ul>
 *
 * {@code HEAD} and {@code OPTIONS} answer the status (and headers) only; every other allowed method
 * gets the body. A method a route does not allow gets 405 with an {@code Allow} header.
 */
public enum RouteMethods {
  READ("GET, HEAD"),
  CHECK("GET, HEAD, OPTIONS"),
  ANY("GET, HEAD, OPTIONS, POST, PUT, PATCH, DELETE");

  private final String allow;

  RouteMethods(String allow) {
    this.allow = allow;
  }

  /** True when a route of this kind answers {@code method}. */
  public boolean allows(HttpMethod method) {
    return switch (this) {
      case READ -> method == HttpMethod.GET || method == HttpMethod.HEAD;
      case CHECK ->
          method == HttpMethod.GET || method == HttpMethod.HEAD || method == HttpMethod.OPTIONS;
      case ANY -> true;
    };
  }

  /** The {@code Allow} header of a 405 or an {@code OPTIONS} answer. */
  public String allowHeader() {
    return allow;
  }

  /** True for the methods that get the status and headers but no body. */
  public static boolean statusOnly(HttpMethod method) {
    return method == HttpMethod.HEAD || method == HttpMethod.OPTIONS;
  }
}
