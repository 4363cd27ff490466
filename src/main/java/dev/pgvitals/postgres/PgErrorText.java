package dev.pgvitals.postgres;

import dev.pgvitals.sample.ErrorSummary;
import io.vertx.pgclient.PgException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.TimeoutException;
import javax.net.ssl.SSLException;

/**
 * One wording per connection fault, the same whether it is the first failure or a repeat while the
 * reconnect back-off holds, naming the server ({@code host:port}) and never the password:
 *
 * <ul>
 *   <li>refused: {@code connection refused by 127.0.0.1:5433 (nothing listening there?)}
 *   <li>timed out (connect timeout, pool acquire timeout, a full wait queue, the sample's own
 *       deadline — all one fault: the server does not answer): {@code no answer from 10.0.0.5:5432
 *       within 5000 ms}
 *   <li>authentication failed: {@code authentication failed for user "pgvitals" at 127.0.0.1:5433}
 *   <li>database missing: {@code database "app" does not exist at 127.0.0.1:5433}
 *   <li>too many connections: {@code too many connections at 127.0.0.1:5433 (53300: sorry, too many
 *       clients already)}
 *   <li>TLS: {@code TLS: server certificate not trusted by sslrootcert (sslmode=verify-full)},
 *       {@code TLS: server certificate does not name the host db1 (sslmode=verify-full)}, {@code
 *       TLS: server does not support SSL (sslmode=require)}
 *   <li>refused by the connection policy ({@link AuthPolicy}): its own line;
 *   <li>anything else: the driver's first line (PostgreSQL's error texts and connect errors hold no
 *       password).
 * </ul>
 */
public final class PgErrorText {

  private PgErrorText() {}

  /** Without the server's settings: the wording without host and port. */
  public static String of(Throwable e, Duration attemptTimeout) {
    return of(e, attemptTimeout, null);
  }

  /**
   * @param s the settings of the server the failure is about (for host, port, user, database and
   *     sslmode), or null
   */
  public static String of(Throwable e, Duration attemptTimeout, PgConnectionSettings s) {
    String at = s == null ? "the server" : s.serverLabel();
    if (e instanceof PgSampleException) {
      return ErrorSummary.of(e); // already worded
    }
    for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof AuthGuard.Refused) {
        return t.getMessage();
      }
      if (t instanceof PgException pg) {
        String state = pg.getSqlState() == null ? "" : pg.getSqlState();
        switch (state) {
          case "28P01", "28000":
            return "authentication failed for user \""
                + (s == null ? "?" : s.user())
                + "\" at "
                + at
                + " ("
                + state
                + ": "
                + firstLine(pg.getErrorMessage())
                + ")";
          case "3D000":
            return "database \"" + (s == null ? "?" : s.database()) + "\" does not exist at " + at;
          case "53300":
            return "too many connections at "
                + at
                + " (53300: "
                + firstLine(pg.getErrorMessage())
                + ")";
          default:
            return firstLine(pg.getErrorMessage()) + " (" + state + ")";
        }
      }
      if (t instanceof SSLException ssl) {
        return tls(ssl, s);
      }
      if (t instanceof ConnectException || t instanceof NoRouteToHostException) {
        String m = String.valueOf(t.getMessage()).toLowerCase(Locale.ROOT);
        if (m.contains("refused")) {
          return "connection refused by " + at + " (nothing listening there?)";
        }
        if (m.contains("timed out")) {
          return timedOut(at, attemptTimeout);
        }
        return "cannot connect to " + at + ": " + firstLine(t.getMessage());
      }
      if (t instanceof java.io.FileNotFoundException) { // a Unix-socket path without its file
        return "no PostgreSQL socket "
            + (s == null ? "file" : s.host() + "/.s.PGSQL." + s.port())
            + " (is the server running, with that unix_socket_directories and port?)";
      }
      if (t instanceof UnknownHostException) {
        return "cannot resolve host " + (s == null ? firstLine(t.getMessage()) : s.host());
      }
      if (t instanceof TimeoutException) {
        return timedOut(at, attemptTimeout);
      }
      String m = ErrorSummary.of(t);
      if (m.equals("Timeout")
          || m.startsWith("Connection pool reached max wait queue size")
          || m.startsWith("connection timed out")) {
        return timedOut(at, attemptTimeout);
      }
      if (m.contains("SSL not supported") || m.contains("Postgres Server does not handle SSL")) {
        return "TLS: server does not support SSL (sslmode="
            + (s == null ? "require" : s.sslMode())
            + ")";
      }
      if (m.equals("Connection closed") || m.equals("Connection reset") || m.equals("closed")) {
        return at + " closed the connection";
      }
    }
    return ErrorSummary.of(e);
  }

  private static String timedOut(String at, Duration attemptTimeout) {
    return "no answer from " + at + " within " + attemptTimeout.toMillis() + " ms";
  }

  private static String tls(SSLException e, PgConnectionSettings s) {
    String mode = s == null ? "" : " (sslmode=" + s.sslMode() + ")";
    StringBuilder all = new StringBuilder();
    for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
      all.append(' ').append(t.getMessage());
    }
    String m = all.toString();
    if (m.contains("No subject alternative") || m.contains("No name matching")) {
      return "TLS: server certificate does not name the host " + (s == null ? "" : s.host()) + mode;
    }
    if (m.contains("PKIX path")
        || m.contains("unable to find valid certification path")
        || m.contains("certificate_unknown")
        || m.contains("signature check failed")) {
      return "TLS: server certificate not trusted by sslrootcert" + mode;
    }
    if (m.contains("certificate_required") || m.contains("bad_certificate")) {
      return "TLS: server refused the client certificate (sslcert/sslkey)" + mode;
    }
    if (m.toLowerCase(Locale.ROOT).contains("revoked")) {
      return "TLS: server certificate revoked (sslcrl)" + mode;
    }
    return "TLS handshake failed: " + firstLine(e.getMessage()) + mode;
  }

  private static String firstLine(String m) {
    if (m == null) {
      return "";
    }
    int nl = m.indexOf('\n');
    return (nl >= 0 ? m.substring(0, nl) : m).strip();
  }
}
