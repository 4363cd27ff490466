package dev.pgvitals.postgres;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns the {@code --pg-url} flag and the environment into {@link PgConnectionSettings}, with
 * libpq's rules, as a pure function of its inputs (the environment is a plain map; only the
 * password file is read from disk):
 *
 * <ol>
 *   <li>the connection string comes from {@code --pg-url}, else {@code DATABASE_URL}; it may be a
 *       {@code postgres://} / {@code postgresql://} URL or a libpq {@code key=value} string;
 *   <li>every field it leaves out comes from libpq's variables {@code PGHOST}, {@code PGPORT},
 *       {@code PGUSER}, {@code PGPASSWORD}, {@code PGDATABASE}, {@code PGSSLMODE}, {@code
 *       PGSSLROOTCERT}, {@code PGSSLCERT}, {@code PGSSLKEY}, {@code PGSSLCRL}, {@code
 *       PGCHANNELBINDING}, {@code PGREQUIREAUTH} (so {@code PGPASSWORD} supplies the password of a
 *       URL without one); security parameters are honoured or refused, never ignored ({@link
 *       LibpqParams}, {@link AuthPolicy});
 *   <li>then the defaults: host {@code localhost}, port 5432, user {@code $USER} (else {@code
 *       postgres}), database = user name, sslmode {@code prefer};
 *   <li>still no password: the password file ({@code passfile} parameter, {@code PGPASSFILE}, else
 *       {@code $HOME/.pgpass}), ignored unless mode 0600 or stricter (see {@link PgPassFile}).
 * </ol>
 *
 * <p>A bad value gives an {@link IllegalArgumentException} with a one-line reason that names the
 * source and never contains the password.
 */
public final class PgConnectionSettingsResolver {

  private static final Logger LOG = LoggerFactory.getLogger(PgConnectionSettingsResolver.class);

  private PgConnectionSettingsResolver() {}

  /** Resolves the local node's settings; warnings (e.g. a too-open .pgpass) are logged. */
  public static PgConnectionSettings resolve(
      String pgUrlFlag,
      Map<String, String> env,
      Duration connectTimeout,
      Duration statementTimeout) {
    return resolve(pgUrlFlag, env, connectTimeout, statementTimeout, w -> LOG.warn("{}", w));
  }

  /** As {@link #resolve(String, Map, Duration, Duration)}, warnings to {@code warn}. */
  public static PgConnectionSettings resolve(
      String pgUrlFlag,
      Map<String, String> env,
      Duration connectTimeout,
      Duration statementTimeout,
      Consumer<String> warn) {
    String source;
    String conninfo;
    if (pgUrlFlag != null && !pgUrlFlag.isBlank()) {
      source = "--pg-url";
      conninfo = pgUrlFlag;
    } else if (nonEmpty(env.get("DATABASE_URL"))) {
      source = "DATABASE_URL";
      conninfo = env.get("DATABASE_URL");
    } else {
      source = "PG* environment";
      conninfo = null;
    }
    return fromConnInfo(conninfo, source, env, connectTimeout, statementTimeout, warn);
  }

  /**
   * Settings for a connection string from another source (e.g. {@code --leader-url}), with the same
   * gaps filled from the environment and the password file.
   */
  public static PgConnectionSettings fromConnInfo(
      String conninfo,
      String source,
      Map<String, String> env,
      Duration connectTimeout,
      Duration statementTimeout,
      Consumer<String> warn) {
    Map<String, String> params;
    try {
      params = conninfo == null ? new HashMap<>() : new HashMap<>(ConnInfo.parse(conninfo));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("invalid " + source + ": " + e.getMessage());
    }
    try {
      LibpqParams.check(params);
      String host =
          first(params.get("host"), params.get("hostaddr"), env.get("PGHOST"), "localhost");
      if (host.contains(",")) {
        throw new IllegalArgumentException(
            "several hosts are not supported (list the nodes with --peers)");
      }
      String portText = first(params.get("port"), env.get("PGPORT"), "5432");
      int port = parsePort(portText);
      String user = first(params.get("user"), env.get("PGUSER"), env.get("USER"), "postgres");
      String database = first(params.get("dbname"), env.get("PGDATABASE"), user);
      String sslMode =
          PgConnectionSettings.checkSslMode(
              first(params.get("sslmode"), env.get("PGSSLMODE"), "prefer"));
      String rootCert = first(params.get("sslrootcert"), env.get("PGSSLROOTCERT"), null);
      Duration connect = connectTimeout;
      String ct = params.get("connect_timeout");
      if (ct != null && !ct.isBlank()) {
        connect = Duration.ofSeconds(parseNonNegative(ct, "connect_timeout"));
        if (connect.isZero()) {
          connect = connectTimeout;
        }
      }
      String password =
          params.containsKey("password") ? params.get("password") : env.get("PGPASSWORD");
      if (password == null) {
        String passfile =
            first(
                params.get("passfile"),
                env.get("PGPASSFILE"),
                env.get("HOME") == null ? null : Path.of(env.get("HOME"), ".pgpass").toString());
        if (passfile != null) {
          password =
              PgPassFile.lookup(Path.of(passfile), host, port, database, user, warn).orElse(null);
        }
      }
      String home = env.get("HOME");
      if (rootCert == null && sslMode.startsWith("verify")) {
        rootCert = existing(home, "root.crt"); // libpq's default ~/.postgresql/root.crt
        if (rootCert == null) {
          throw new IllegalArgumentException(
              "sslmode="
                  + sslMode
                  + " needs the CA certificate (sslrootcert parameter, PGSSLROOTCERT or ~/.postgresql/root.crt)");
        }
      }
      if (rootCert != null && rootCert.equals("system")) {
        throw new IllegalArgumentException(
            "sslrootcert=system is not supported (give the CA certificate file)");
      }
      String sslCert = first(params.get("sslcert"), env.get("PGSSLCERT"), null);
      String sslKey = first(params.get("sslkey"), env.get("PGSSLKEY"), null);
      if (sslCert == null && sslKey == null) { // libpq's defaults, used when both exist
        String c = existing(home, "postgresql.crt");
        String k = existing(home, "postgresql.key");
        if (c != null && k != null) {
          sslCert = c;
          sslKey = k;
        }
      }
      TlsFiles tls =
          new TlsFiles(
              sslCert,
              sslKey,
              first(params.get("sslcrl"), env.get("PGSSLCRL"), null),
              first(
                  params.get("ssl_min_protocol_version"), env.get("PGSSLMINPROTOCOLVERSION"), null),
              first(
                  params.get("ssl_max_protocol_version"),
                  env.get("PGSSLMAXPROTOCOLVERSION"),
                  null));
      for (String f : new String[] {tls.sslCert(), tls.sslKey(), tls.sslCrl(), rootCert}) {
        if (f != null && !sslMode.equals("disable") && !Files.isReadable(Path.of(f))) {
          throw new IllegalArgumentException(
              "cannot read " + fileParam(f, tls, rootCert) + " file " + f);
        }
      }
      AuthPolicy auth =
          AuthPolicy.parse(
              first(params.get("channel_binding"), env.get("PGCHANNELBINDING"), null),
              first(params.get("require_auth"), env.get("PGREQUIREAUTH"), null),
              sslMode.equals("disable"));
      return new PgConnectionSettings(
          host,
          port,
          user,
          password,
          database,
          sslMode,
          rootCert,
          tls,
          auth,
          connect,
          statementTimeout,
          source);
    } catch (IllegalArgumentException e) {
      String prefix = "invalid " + source + ": ";
      String m = e.getMessage();
      throw new IllegalArgumentException(m.startsWith(prefix) ? m : prefix + m);
    }
  }

  private static String existing(String home, String name) {
    if (home == null) {
      return null;
    }
    Path p = Path.of(home, ".postgresql", name);
    return Files.isRegularFile(p) ? p.toString() : null;
  }

  private static String fileParam(String f, TlsFiles tls, String rootCert) {
    if (f.equals(tls.sslCert())) {
      return "sslcert";
    }
    if (f.equals(tls.sslKey())) {
      return "sslkey";
    }
    return f.equals(tls.sslCrl()) ? "sslcrl" : "sslrootcert";
  }

  static int parsePort(String text) {
    int port;
    try {
      port = Integer.parseInt(text.strip());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("port is not a number");
    }
    if (port < 1 || port > 65535) {
      throw new IllegalArgumentException("port " + port + " out of range 1-65535");
    }
    return port;
  }

  private static long parseNonNegative(String text, String what) {
    try {
      long v = Long.parseLong(text.strip());
      if (v < 0) {
        throw new NumberFormatException();
      }
      return v;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(what + " is not a non-negative number of seconds");
    }
  }

  private static boolean nonEmpty(String s) {
    return s != null && !s.isBlank();
  }

  private static String first(String... values) {
    for (String v : values) {
      if (nonEmpty(v)) {
        return v;
      }
    }
    return null;
  }
}
