package dev.pgvitals.postgres;

import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * What pgvitals does with each libpq connection parameter, so that none is silently ignored when it
 * matters for security:
 *
 * <ul>
 *   <li><b>honoured</b>: host, hostaddr, port, user, password, passfile, dbname, connect_timeout,
 *       sslmode, sslrootcert, sslcert, sslkey, sslcrl, ssl_min_protocol_version,
 *       ssl_max_protocol_version, channel_binding, require_auth;
 *   <li><b>accepted without effect</b>, because they change nothing a monitoring session relies on:
 *       application_name and fallback_application_name (every session is {@code pgvitals}),
 *       options, target_session_attrs (pgvitals checks writability itself), keepalives*,
 *       tcp_user_timeout (TCP keepalive is always on, see {@link PgConnectionSettings}),
 *       client_encoding, sslcompression (ignored by libpq 14+ too), gssencmode=disable|prefer,
 *       krbsrvname, gsslib, sslnegotiation=postgres, sslsni=1, load_balance_hosts=disable,
 *       replication=false|0|off|no, service-less defaults;
 *   <li><b>refused at start</b> with one line naming the parameter: what the driver cannot do (an
 *       encrypted key's sslpassword, sslcrldir, sslsni=0, gssencmode=require,
 *       sslnegotiation=direct, sslkeylogfile, service files, replication connections);
 *   <li>any other keyword: refused as libpq does ({@code invalid connection option "x"}).
 * </ul>
 */
final class LibpqParams {

  private LibpqParams() {}

  static final Set<String> HONOURED =
      Set.of(
          "host",
          "hostaddr",
          "port",
          "user",
          "password",
          "passfile",
          "dbname",
          "connect_timeout",
          "sslmode",
          "sslrootcert",
          "sslcert",
          "sslkey",
          "sslcrl",
          "ssl_min_protocol_version",
          "ssl_max_protocol_version",
          "channel_binding",
          "require_auth");

  static final Set<String> NO_EFFECT =
      Set.of(
          "application_name",
          "fallback_application_name",
          "options",
          "target_session_attrs",
          "keepalives",
          "keepalives_idle",
          "keepalives_interval",
          "keepalives_count",
          "tcp_user_timeout",
          "client_encoding",
          "sslcompression",
          "krbsrvname",
          "gsslib");

  /** Keyword → the only values accepted (lower case); other values are refused. */
  static final Map<String, Set<String>> ONLY_VALUES =
      Map.of(
          "gssencmode", Set.of("disable", "prefer"),
          "sslnegotiation", Set.of("postgres"),
          "sslsni", Set.of("1"),
          "load_balance_hosts", Set.of("disable"),
          "replication", Set.of("false", "0", "off", "no"));

  /** Keyword → why it is refused. */
  static final Map<String, String> REFUSED =
      Map.of(
          "sslpassword",
              "encrypted client keys are not supported; give sslkey an unencrypted key "
                  + "(mode 0600) or use another authentication method",
          "sslcrldir", "use sslcrl with a single CRL file",
          "sslkeylogfile", "TLS key logging is not supported",
          "service", "service files are not read; give the parameters directly",
          "requirepeer",
              "peer credential checks are not supported; the server's own peer "
                  + "authentication still applies over a Unix socket");

  /**
   * @throws IllegalArgumentException naming the first parameter pgvitals cannot honour
   */
  static void check(Map<String, String> params) {
    for (Map.Entry<String, String> e : params.entrySet()) {
      String key = e.getKey();
      if (HONOURED.contains(key) || NO_EFFECT.contains(key)) {
        continue;
      }
      String why = REFUSED.get(key);
      if (why != null) {
        throw new IllegalArgumentException(key + " is not supported: " + why);
      }
      Set<String> only = ONLY_VALUES.get(key);
      if (only != null) {
        String v = e.getValue() == null ? "" : e.getValue().strip().toLowerCase(Locale.ROOT);
        if (!only.contains(v)) {
          throw new IllegalArgumentException(
              key
                  + "="
                  + (v.length() <= 20 && v.matches("[a-z0-9_-]*") ? v : "…")
                  + " is not supported (pgvitals accepts "
                  + String.join(" or ", only.stream().sorted().toList())
                  + ")");
        }
        continue;
      }
      throw new IllegalArgumentException(
          "invalid connection option \"" + (key.matches("[a-z0-9_]{1,40}") ? key : "…") + "\"");
    }
  }
}
