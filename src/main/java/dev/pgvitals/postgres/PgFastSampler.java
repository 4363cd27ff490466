package dev.pgvitals.postgres;

import dev.pgvitals.sample.Sampler;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;

/**
 * The local node's fast-changing state ({@code pg_fast}, every 5 s by default): role,
 * read-only-ness, connections, versions, replication positions — in ONE round trip, one
 * simple-protocol {@code SELECT} on a pooled connection.
 *
 * <p>Permissions: works as a non-superuser member of {@code pg_monitor} ({@code CREATE ROLE
 * pgvitals LOGIN PASSWORD '…' IN ROLE pg_monitor;}). {@code pg_monitor} includes {@code
 * pg_read_all_settings} (needed for {@code data_directory} and {@code primary_conninfo}, both
 * superuser-only settings) and {@code pg_read_all_stats} (needed for {@code
 * pg_stat_wal_receiver.status}/{@code sender_host}; without it only {@code pid} is visible).
 *
 * <p>Failures: a failed query or connect fails the sample with the driver's one-line reason (which
 * never holds the password). After a failure the sampler does not connect while its {@link
 * ReconnectBackoff} window is open (1 s doubling to 30 s) and reports the same reason again —
 * except after an <em>unreachable</em> server (refused, starting up, shut down): then each sample
 * inside the window is a {@link ReachabilityProbe}, and a probe that connects lets the sample
 * connect at once, so recovery shows within one interval however long the outage was.
 */
public final class PgFastSampler implements Sampler<PgFastSnapshot> {

  public static final String NAME = "pg_fast";
  public static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(5);

  /*
   * PostgreSQL 13-18: the same SQL on every major. Version notes, next to what they touch:
   *  - primary_conninfo is a GUC since 12 (before: recovery.conf); missing_ok keeps it NULL-safe.
   *  - pg_stat_wal_receiver: status, sender_host and sender_port exist on 13-18 (13 renamed
   *    received_lsn to flushed_lsn and added written_lsn; neither is read here: the receive
   *    position comes from pg_last_wal_receive_lsn() on every version).
   *  - 16 added reserved_connections (for pg_use_reserved_connections); the connections check
   *    counts superuser_reserved_connections only, as the reference does.
   *  - The view returns no row while no WAL receiver runs: status NULL = "stopped".
   * LSNs are sent as bigint byte positions (pg_wal_lsn_diff against 0/0).
   */
  static final String QUERY =
      """
      SELECT pg_is_in_recovery() AS in_recovery,
             current_setting('transaction_read_only') = 'on' AS transaction_read_only,
             (SELECT count(*) FROM pg_stat_activity) AS connections,
             current_setting('superuser_reserved_connections')::int AS reserved_connections,
             current_setting('max_connections')::int AS max_connections,
             pg_postmaster_start_time() AS postmaster_start_time,
             version() AS version,
             current_setting('server_version') AS server_version,
             current_setting('server_version_num')::int AS server_version_num,
             current_setting('data_directory') AS data_directory,
             current_setting('cluster_name') AS cluster_name,
             CASE WHEN pg_is_in_recovery() THEN current_setting('primary_conninfo', true) END AS primary_conninfo,
             w.status AS wal_receiver_status,
             w.sender_host AS sender_host,
             w.sender_port AS sender_port,
             w.last_msg_receipt_time AS last_msg_receipt,
             pg_wal_lsn_diff(pg_last_wal_receive_lsn(), '0/0')::bigint AS receive_lsn,
             pg_wal_lsn_diff(pg_last_wal_replay_lsn(), '0/0')::bigint AS replay_lsn,
             pg_last_xact_replay_timestamp() AS last_xact_replay,
             CASE WHEN pg_is_in_recovery() THEN NULL
                  ELSE pg_wal_lsn_diff(pg_current_wal_lsn(), '0/0')::bigint END AS current_wal_lsn,
             now() AS server_now
        FROM (SELECT 1) AS one
        LEFT JOIN pg_stat_wal_receiver w ON true""";

  private final Pool pool;
  private final String server;
  private final PgConnectionSettings settings;
  private final ReconnectBackoff backoff;
  private final Duration attemptTimeout;
  private final ReachabilityProbe probe;
  private String lastError;
  private boolean lastFailureUnreachable;
  private volatile long attempts;
  private Instant lastCaughtUp;

  /**
   * @param pool the local node's pool ({@link PgPools#local})
   * @param settings the local node's settings (for the {@code server} label and the deadline)
   */
  public PgFastSampler(Pool pool, PgConnectionSettings settings) {
    this(pool, settings, null);
  }

  /**
   * @param probe asked inside the back-off window after an unreachable server (null: no probe, the
   *     whole window is waited out)
   */
  public PgFastSampler(Pool pool, PgConnectionSettings settings, ReachabilityProbe probe) {
    this(
        pool,
        settings,
        settings.serverLabel(),
        ReconnectBackoff.standard(),
        attemptTimeout(settings),
        probe);
  }

  PgFastSampler(Pool pool, String server, ReconnectBackoff backoff, Duration attemptTimeout) {
    this(pool, null, server, backoff, attemptTimeout, null);
  }

  /**
   * @param settings for the wording of failures (host, port, user, database), or null
   */
  PgFastSampler(
      Pool pool,
      PgConnectionSettings settings,
      String server,
      ReconnectBackoff backoff,
      Duration attemptTimeout,
      ReachabilityProbe probe) {
    this.pool = pool;
    this.settings = settings;
    this.server = server;
    this.backoff = backoff;
    this.attemptTimeout = attemptTimeout;
    this.probe = probe;
  }

  /**
   * How long one attempt may take before the sampler gives up on it itself: connect timeout +
   * statement timeout. Give the {@link dev.pgvitals.sample.SamplerVerticle} at least this deadline.
   */
  public static Duration attemptTimeout(PgConnectionSettings settings) {
    return settings.connectTimeout().plus(settings.statementTimeout());
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public Future<PgFastSnapshot> sample() {
    long now = System.nanoTime();
    if (!backoff.allowsAttempt(now)) {
      if (probe == null || !lastFailureUnreachable) {
        return Future.failedFuture(new PgSampleException(lastError));
      }
      return probe
          .reachable()
          .compose(up -> up ? attempt() : Future.failedFuture(new PgSampleException(lastError)));
    }
    return attempt();
  }

  private Future<PgFastSnapshot> attempt() {
    attempts++; // only this sampler's context writes it
    return pool.withConnection(this::read)
        .timeout(attemptTimeout.toMillis(), TimeUnit.MILLISECONDS)
        // the same words for a fault whether it is new or repeated while backing off
        .transform(
            ar -> {
              if (ar.succeeded()) {
                backoff.succeeded();
                lastFailureUnreachable = false;
                return Future.succeededFuture(ar.result());
              }
              Throwable e = ar.cause();
              backoff.failed(System.nanoTime());
              lastError = PgErrorText.of(e, attemptTimeout, settings);
              lastFailureUnreachable = ReachabilityProbe.isUnreachable(e);
              return Future.<PgFastSnapshot>failedFuture(new PgSampleException(lastError));
            });
  }

  /** How many times this sampler asked the pool for a connection (probes not counted). */
  public long connectionAttempts() {
    return attempts;
  }

  /** The back-off window after the latest failures (zero after a success). */
  public Duration backoffWindow() {
    return backoff.window();
  }

  private Future<PgFastSnapshot> read(SqlConnection conn) {
    int major = conn.databaseMetadata().majorVersion();
    return conn.query(QUERY).execute().map(rows -> toSnapshot(major, rows.iterator().next()));
  }

  private PgFastSnapshot toSnapshot(int major, Row r) {
    boolean inRecovery = r.getBoolean("in_recovery");
    Optional<String> walStatus = Optional.ofNullable(r.getString("wal_receiver_status"));
    OptionalLong receive = optLong(r.getLong("receive_lsn"));
    OptionalLong replay = optLong(r.getLong("replay_lsn"));
    Instant serverNow = r.getOffsetDateTime("server_now").toInstant();
    Optional<PgFastSnapshot.Upstream> upstream = Optional.empty();
    if (inRecovery) {
      upstream =
          Optional.of(
              upstream(
                  r.getString("primary_conninfo"), r.getString("cluster_name"),
                  r.getString("sender_host"), r.getInteger("sender_port")));
    }
    boolean caughtUp =
        inRecovery
            && walStatus.filter("streaming"::equals).isPresent()
            && receive.isPresent()
            && replay.isPresent()
            && replay.getAsLong() >= receive.getAsLong();
    if (caughtUp) {
      lastCaughtUp = serverNow;
    } else if (!inRecovery) {
      lastCaughtUp = null;
    }
    return new PgFastSnapshot(
        server,
        major,
        inRecovery,
        r.getBoolean("transaction_read_only"),
        r.getLong("connections"),
        r.getInteger("reserved_connections"),
        r.getInteger("max_connections"),
        r.getOffsetDateTime("postmaster_start_time").toInstant(),
        r.getString("version"),
        r.getString("server_version"),
        r.getInteger("server_version_num"),
        r.getString("data_directory"),
        nullToEmpty(r.getString("cluster_name")),
        upstream,
        walStatus,
        receive,
        replay,
        Optional.ofNullable(r.getOffsetDateTime("last_xact_replay")).map(OffsetDateTime::toInstant),
        optLong(r.getLong("current_wal_lsn")),
        serverNow,
        Optional.ofNullable(lastCaughtUp),
        Optional.ofNullable(r.getOffsetDateTime("last_msg_receipt"))
            .map(OffsetDateTime::toInstant));
  }

  /**
   * Keeps host, port and the standby's application name out of {@code primary_conninfo}; the string
   * itself (which may hold a password) is dropped here. An unparsable value leaves host and port
   * empty rather than failing the sample.
   */
  static PgFastSnapshot.Upstream upstream(
      String primaryConninfo, String clusterName, String senderHost, Integer senderPort) {
    Map<String, String> ci = parseQuietly(primaryConninfo);
    Optional<String> host =
        Optional.ofNullable(ci.get("host"))
            .or(() -> Optional.ofNullable(ci.get("hostaddr")))
            .filter(h -> !h.isBlank());
    OptionalInt port = OptionalInt.empty();
    String p = ci.get("port");
    if (p != null) {
      try {
        port = OptionalInt.of(Integer.parseInt(p.strip()));
      } catch (NumberFormatException e) {
        port = OptionalInt.empty();
      }
    }
    String app = ci.get("application_name");
    if (app == null || app.isEmpty()) {
      app = clusterName != null && !clusterName.isEmpty() ? clusterName : "walreceiver";
    }
    return new PgFastSnapshot.Upstream(
        host,
        port,
        app,
        Optional.ofNullable(senderHost).filter(h -> !h.isBlank()),
        senderPort == null ? OptionalInt.empty() : OptionalInt.of(senderPort));
  }

  private static Map<String, String> parseQuietly(String conninfo) {
    if (conninfo == null || conninfo.isBlank()) {
      return Map.of();
    }
    try {
      return ConnInfo.parse(conninfo);
    } catch (IllegalArgumentException e) {
      return Map.of();
    }
  }

  private static OptionalLong optLong(Long v) {
    return v == null ? OptionalLong.empty() : OptionalLong.of(v);
  }

  private static String nullToEmpty(String s) {
    return s == null ? "" : s;
  }
}
