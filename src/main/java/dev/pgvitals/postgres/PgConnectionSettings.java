package dev.pgvitals.postgres;

import io.vertx.core.net.ClientSSLOptions;
import io.vertx.core.net.NetClientOptions;
import io.vertx.core.net.PemTrustOptions;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.pgclient.SslMode;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * Where and how pgvitals connects to one PostgreSQL node. Built by {@link
 * PgConnectionSettingsResolver}; {@link #toString()} is the redacted {@link #display()} form, so
 * the password can't leak through logging or string concatenation.
 *
 * @param host host name, IP literal (IPv6 without brackets) or Unix-socket directory
 * @param port TCP port (also names the Unix socket, {@code .s.PGSQL.<port>})
 * @param user role name
 * @param password password, {@code null} when none (trust, peer, cert authentication)
 * @param database database name
 * @param sslMode libpq sslmode: disable, allow, prefer, require, verify-ca, verify-full
 * @param sslRootCert PEM file of trusted CAs for verify-ca / verify-full, {@code null} otherwise
 * @param tls client certificate, CRL and protocol versions ({@link TlsFiles#NONE} when none)
 * @param auth what the server must do before pgvitals answers its authentication request ({@code
 *     channel_binding}, {@code require_auth})
 * @param connectTimeout TCP connect and pool acquire deadline
 * @param statementTimeout sent as the {@code statement_timeout} startup parameter
 * @param source where the settings came from ({@code --pg-url}, {@code DATABASE_URL}, {@code PG*
 *     environment}, {@code --leader-url}, …), for messages
 */
public record PgConnectionSettings(
    String host,
    int port,
    String user,
    String password,
    String database,
    String sslMode,
    String sslRootCert,
    TlsFiles tls,
    AuthPolicy auth,
    Duration connectTimeout,
    Duration statementTimeout,
    String source) {

  /** The {@code application_name} every pgvitals session announces. */
  public static final String APPLICATION_NAME = "pgvitals";

  public PgConnectionSettings {
    Objects.requireNonNull(host, "host");
    Objects.requireNonNull(user, "user");
    Objects.requireNonNull(database, "database");
    Objects.requireNonNull(sslMode, "sslMode");
    Objects.requireNonNull(tls, "tls");
    Objects.requireNonNull(auth, "auth");
    Objects.requireNonNull(connectTimeout, "connectTimeout");
    Objects.requireNonNull(statementTimeout, "statementTimeout");
    if (port < 1 || port > 65535) {
      throw new IllegalArgumentException("port " + port + " out of range 1-65535");
    }
  }

  /** The same credentials and options for another node (leader, peer). */
  public PgConnectionSettings withAddress(String newHost, int newPort, String newSource) {
    return new PgConnectionSettings(
        newHost,
        newPort,
        user,
        password,
        database,
        sslMode,
        sslRootCert,
        tls,
        auth,
        connectTimeout,
        statementTimeout,
        newSource);
  }

  /** True when {@link #host} is a Unix-socket directory. */
  /** The same server, credentials and options, connected to another database. */
  public PgConnectionSettings withDatabase(String newDatabase) {
    return new PgConnectionSettings(
        host,
        port,
        user,
        password,
        newDatabase,
        sslMode,
        sslRootCert,
        tls,
        auth,
        connectTimeout,
        statementTimeout,
        source);
  }

  public boolean unixSocket() {
    return host.startsWith("/");
  }

  /** {@code host:port}, IPv6 in brackets: the {@code server} label of every PostgreSQL metric. */
  public String serverLabel() {
    return PgAddress.hostPort(host, port);
  }

  /** Redacted URL: {@code postgres://pgvitals@127.0.0.1:5432/postgres}, never a password. */
  public String display() {
    if (unixSocket()) {
      return "postgres://" + user + "@/" + database + "?host=" + host + "&port=" + port;
    }
    return "postgres://" + user + "@" + serverLabel() + "/" + database;
  }

  @Override
  public String toString() {
    return display();
  }

  /**
   * Options for the Vert.x PostgreSQL client: {@code application_name=pgvitals} and a {@code
   * statement_timeout} startup parameter, so a query that the server runs too long is cancelled by
   * the server itself.
   */
  public PgConnectOptions toConnectOptions() {
    PgConnectOptions o =
        new PgConnectOptions()
            .setHost(host)
            .setPort(port)
            .setUser(user)
            .setDatabase(database)
            .setSslMode(vertxSslMode())
            .setCachePreparedStatements(false)
            .setReconnectAttempts(0);
    if (password != null) {
      o.setPassword(password);
    }
    o.addProperty("application_name", APPLICATION_NAME);
    o.addProperty("statement_timeout", Long.toString(Math.max(1, statementTimeout.toMillis())));
    if (!sslMode.equals("disable")) {
      ClientSSLOptions ssl = new ClientSSLOptions();
      if (sslMode.startsWith("verify")) {
        if (sslRootCert != null) {
          ssl.setTrustOptions(new PemTrustOptions().addCertPath(sslRootCert));
        }
        // verify-ca checks the chain only; vertx-pg-client's own check wants the field set
        ssl.setHostnameVerificationAlgorithm(sslMode.equals("verify-full") ? "HTTPS" : "");
      } else {
        // libpq's allow / prefer / require encrypt but do not verify the server certificate
        ssl.setTrustAll(true);
      }
      tls.applyTo(ssl);
      o.setSslOptions(ssl);
    }
    return o;
  }

  /**
   * Socket options. {@code readIdleTimeout} is the backstop for a server that accepts TCP but never
   * answers (SIGSTOPped, wedged): a socket that receives nothing for {@link #readIdleTimeout()} is
   * closed, which fails its pending query or handshake and drops it from the pool, so a hung server
   * can't hold a connection forever.
   */
  public NetClientOptions netClientOptions() {
    NetClientOptions o = new NetClientOptions();
    // native transport only (ignored by NIO): unacknowledged data fails the socket, so a
    // black-holed peer is noticed even while a query is being written
    o.setTcpUserTimeout((int) readIdleTimeout().toMillis());
    return o.setConnectTimeout((int) Math.max(1, connectTimeout.toMillis()))
        .setReadIdleTimeout((int) readIdleTimeout().toMillis())
        .setIdleTimeoutUnit(TimeUnit.MILLISECONDS)
        .setTcpKeepAlive(true);
  }

  /** Twice the longest legitimate silence (connect + statement), at least 10 s. */
  public Duration readIdleTimeout() {
    Duration d = connectTimeout.plus(statementTimeout).multipliedBy(2);
    return d.compareTo(Duration.ofSeconds(10)) < 0 ? Duration.ofSeconds(10) : d;
  }

  private SslMode vertxSslMode() {
    return switch (sslMode) {
      case "disable" -> SslMode.DISABLE;
      case "allow" -> SslMode.ALLOW;
      case "prefer" -> SslMode.PREFER;
      case "require" -> SslMode.REQUIRE;
      case "verify-ca" -> SslMode.VERIFY_CA;
      case "verify-full" -> SslMode.VERIFY_FULL;
      default -> throw new IllegalArgumentException("unknown sslmode " + sslMode);
    };
  }

  /** Validates a libpq sslmode name. */
  static String checkSslMode(String mode) {
    String m = mode.toLowerCase(Locale.ROOT);
    return switch (m) {
      case "disable", "allow", "prefer", "require", "verify-ca", "verify-full" -> m;
      default ->
          throw new IllegalArgumentException(
              "invalid sslmode '"
                  + mode
                  + "' (expected disable, allow, prefer, require, verify-ca or verify-full)");
    };
  }
}
