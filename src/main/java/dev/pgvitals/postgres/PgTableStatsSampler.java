package dev.pgvitals.postgres;

import dev.pgvitals.sample.Sampler;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlConnection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code pg_stat_user_tables} and {@code pg_statio_user_tables} of the databases
 * {@code --pg-table-stats-databases} names (sampler {@code pg_tables}). PostgreSQL's statistics
 * views show the current database only, so each named database needs a connection of its own:
 *
 * <ul>
 *   <li>one one-connection pool per database ({@link PgPools#single}: same credentials, TLS,
 *       connect and statement timeouts as the local node, idle connections closed after 8 s, a
 *       socket that hears nothing closed), at most {@link #MAX_DATABASES} databases;
 *   <li>every round, <b>one round trip per database</b>, all databases in parallel: the two views'
 *       capped statements and a count of the database's user tables as one simple-query string;
 *       each attempt gives up after connect + statement timeout, so a round ends within one
 *       attempt whatever the number of databases;
 *   <li>per database, {@link ReconnectBackoff}: after failures the database is left alone for
 *       1 s, 2 s … 30 s and its last reason is reported again;
 *   <li>a failed database is a failed entry of the snapshot with its one-line reason, never a
 *       failed sample: the other databases' tables stay in {@code /metrics}. A change of a
 *       database's state, and of the number of tables the cap leaves out, is logged once.
 * </ul>
 *
 * At most {@code tableCap} tables per database ({@link StatUserTables#TABLE_CAP}, those with the
 * most live + dead rows), as in the {@code pg_stats} round.
 */
public final class PgTableStatsSampler implements Sampler<PgTableStatsSnapshot> {

  public static final String NAME = "pg_tables";
  /** At most this many databases (a connection each, ≈ 29 series per table). */
  public static final int MAX_DATABASES = 10;

  private static final Logger LOG = LoggerFactory.getLogger(PgTableStatsSampler.class);

  private final String server;
  private final int tableCap;
  private final Duration attemptTimeout;
  private final List<Target> targets;

  /** One named database: its pool and its failure bookkeeping (touched from the sampler's context only). */
  private static final class Target {
    final String datname;
    final PgConnectionSettings settings;
    final Pool pool;
    final ReconnectBackoff backoff = ReconnectBackoff.standard();
    String lastError;
    long lastDropped;
    boolean everOk;

    Target(String datname, PgConnectionSettings settings, Pool pool) {
      this.datname = datname;
      this.settings = settings;
      this.pool = pool;
    }
  }

  /**
   * @param local the local node's settings; each database gets the same with its own name
   * @param databases the databases to read, at most {@link #MAX_DATABASES}
   */
  public PgTableStatsSampler(Vertx vertx, PgConnectionSettings local, List<String> databases) {
    this(vertx, local, databases, StatUserTables.TABLE_CAP);
  }

  PgTableStatsSampler(Vertx vertx, PgConnectionSettings local, List<String> databases, int tableCap) {
    Objects.requireNonNull(local, "local");
    if (databases.isEmpty() || databases.size() > MAX_DATABASES) {
      throw new IllegalArgumentException("table statistics need 1 to " + MAX_DATABASES + " databases");
    }
    this.server = local.serverLabel();
    this.tableCap = tableCap;
    this.attemptTimeout = PgFastSampler.attemptTimeout(local);
    List<Target> t = new ArrayList<>(databases.size());
    for (String db : databases) {
      PgConnectionSettings s = local.withDatabase(db);
      t.add(new Target(db, s, PgPools.single(vertx, s)));
    }
    this.targets = List.copyOf(t);
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public Future<PgTableStatsSnapshot> sample() {
    List<Future<PgTableStatsSnapshot.Database>> rounds = new ArrayList<>(targets.size());
    for (Target t : targets) {
      rounds.add(sample(t));
    }
    // each future always succeeds (a failure is an entry), so all() waits for every database
    return Future.all(rounds).map(cf -> {
      List<PgTableStatsSnapshot.Database> out = new ArrayList<>(targets.size());
      for (int i = 0; i < targets.size(); i++) {
        out.add(cf.resultAt(i));
      }
      return new PgTableStatsSnapshot(server, out);
    });
  }

  private Future<PgTableStatsSnapshot.Database> sample(Target t) {
    if (!t.backoff.allowsAttempt(System.nanoTime())) {
      return Future.succeededFuture(PgTableStatsSnapshot.Database.failed(t.datname, t.lastError));
    }
    return t.pool.withConnection(this::read)
        .timeout(attemptTimeout.toMillis(), TimeUnit.MILLISECONDS)
        .transform(ar -> {
          if (ar.succeeded()) {
            t.backoff.succeeded();
            Reading r = ar.result();
            PgTableStatsSnapshot.Database d = PgTableStatsSnapshot.Database.ok(t.datname, r.tables, r.io, r.count);
            logOk(t, d);
            return Future.succeededFuture(d);
          }
          t.backoff.failed(System.nanoTime());
          String reason = PgErrorText.of(ar.cause(), attemptTimeout, t.settings);
          if (!reason.equals(t.lastError)) {
            LOG.warn("{}: database {}: table statistics not read: {}", NAME, t.datname, reason);
          }
          t.lastError = reason;
          return Future.succeededFuture(PgTableStatsSnapshot.Database.failed(t.datname, reason));
        });
  }

  private void logOk(Target t, PgTableStatsSnapshot.Database d) {
    if (t.lastError != null) {
      LOG.info("{}: database {}: table statistics read again", NAME, t.datname);
      t.lastError = null;
    }
    if (d.dropped() != t.lastDropped || (!t.everOk && d.dropped() > 0)) {
      if (d.dropped() > 0) {
        LOG.warn("{}: database {}: {} user tables, only the {} with the most rows are exposed ({} left out)",
            NAME, t.datname, d.userTables(), d.tables().size(), d.dropped());
      }
      t.lastDropped = d.dropped();
    }
    t.everOk = true;
  }

  private record Reading(List<StatUserTables> tables, List<StatioUserTables> io, long count) {}

  private Future<Reading> read(SqlConnection conn) {
    return conn.query(sql(tableCap)).execute().map(first -> {
      List<StatUserTables> tables = StatUserTables.read(first);
      RowSet<Row> io = first.next();
      RowSet<Row> count = io == null ? null : io.next();
      if (count == null) {
        throw new IllegalStateException("fewer result sets than statements");
      }
      return new Reading(tables, StatioUserTables.read(io), SqlRows.single(count, "pg_stat_user_tables").getLong("n"));
    });
  }

  /** The one simple-query string of a database's round (the same on 13–18). */
  static String sql(int tableCap) {
    return String.join(";\n", StatUserTables.capped(tableCap), StatioUserTables.capped(tableCap),
        "SELECT count(*)::int8 AS n FROM pg_stat_user_tables");
  }

  /** Closes the databases' pools. */
  public Future<Void> close() {
    List<Future<Void>> closed = new ArrayList<>();
    for (Target t : targets) {
      closed.add(t.pool.close());
    }
    return Future.join(closed).mapEmpty();
  }
}
