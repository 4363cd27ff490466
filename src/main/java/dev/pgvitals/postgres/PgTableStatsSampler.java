package dev.pgvitals.postgres;

import dev.pgvitals.sample.LatestSample;
import dev.pgvitals.sample.Sampler;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlConnection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code pg_stat_user_tables} and {@code pg_statio_user_tables} of the databases {@code
 * --pg-table-stats-databases} names, or with {@code *} every database the agent's role may connect
 * to (from the latest {@code pg_catalog} sample, first {@link #MAX_DATABASES} by name) (sampler
 * {@code pg_tables}). PostgreSQL's statistics views show the current database only, so each named
 * database needs a connection of its own:
 *
 * <ul>
 *   <li>one one-connection pool per database ({@link PgPools#single}: same credentials, TLS,
 *       connect and statement timeouts as the local node, idle connections closed after 8 s, a
 *       socket that hears nothing closed), at most {@link #MAX_DATABASES} databases;
 *   <li>every round, <b>one round trip per database</b>, all databases in parallel: the two views'
 *       capped statements and a count of the database's user tables as one simple-query string;
 *       each attempt gives up after connect + statement timeout, so a round ends within one attempt
 *       whatever the number of databases;
 *   <li>per database, {@link ReconnectBackoff}: after failures the database is left alone for 1 s,
 *       2 s … 30 s and its last reason is reported again;
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

  /** {@code --pg-table-stats-databases=*}: every database the agent's role may connect to. */
  public static final String ALL = "*";

  private static final Logger LOG = LoggerFactory.getLogger(PgTableStatsSampler.class);

  private final Vertx vertx;
  private final PgConnectionSettings local;
  private final String server;
  private final int tableCap;
  private final int maxDatabases;
  private final Duration attemptTimeout;

  /** The databases wanted this round, before the cap (named, or discovered). */
  private final Supplier<List<String>> wanted;

  /** The databases read, by name, in order; touched from the sampler's context only. */
  private final Map<String, Target> targets = new LinkedHashMap<>();

  private long lastLeftOut;

  /**
   * One named database: its pool and its failure bookkeeping (touched from the sampler's context
   * only).
   */
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
    this(vertx, local, named(databases), StatUserTables.TABLE_CAP, MAX_DATABASES);
  }

  /** Named databases with another per-database table cap (tests). */
  PgTableStatsSampler(
      Vertx vertx, PgConnectionSettings local, List<String> databases, int tableCap) {
    this(vertx, local, named(databases), tableCap, MAX_DATABASES);
  }

  /**
   * {@code --pg-table-stats-databases=*}: every database the agent's role may {@code CONNECT} to
   * (templates left out), as the latest {@code pg_catalog} sample lists them, sorted by name; the
   * first {@link #MAX_DATABASES} are read, the others counted as left out. A database that appears
   * gets its pool at the next round, one that disappears has its pool closed.
   */
  public static PgTableStatsSampler discovering(
      Vertx vertx, PgConnectionSettings local, LatestSample<PgCatalogSampler.Catalog> catalog) {
    return discovering(vertx, local, catalog, StatUserTables.TABLE_CAP, MAX_DATABASES);
  }

  static PgTableStatsSampler discovering(
      Vertx vertx,
      PgConnectionSettings local,
      LatestSample<PgCatalogSampler.Catalog> catalog,
      int tableCap,
      int maxDatabases) {
    Supplier<List<String>> connectable =
        () ->
            catalog
                .value()
                .flatMap(
                    c -> c.roles().stream().filter(r -> r.name().equals(local.user())).findFirst())
                .map(PgCatalogSampler.LoginRole::databases)
                .orElse(List.of());
    return new PgTableStatsSampler(vertx, local, connectable, tableCap, maxDatabases);
  }

  PgTableStatsSampler(
      Vertx vertx,
      PgConnectionSettings local,
      Supplier<List<String>> wanted,
      int tableCap,
      int maxDatabases) {
    this.vertx = Objects.requireNonNull(vertx, "vertx");
    this.local = Objects.requireNonNull(local, "local");
    this.wanted = Objects.requireNonNull(wanted, "wanted");
    this.server = local.serverLabel();
    this.tableCap = tableCap;
    this.maxDatabases = maxDatabases;
    this.attemptTimeout = PgFastSampler.attemptTimeout(local);
  }

  private static Supplier<List<String>> named(List<String> databases) {
    if (databases.isEmpty() || databases.size() > MAX_DATABASES || databases.contains(ALL)) {
      throw new IllegalArgumentException(
          "table statistics need 1 to " + MAX_DATABASES + " database names");
    }
    List<String> copy = List.copyOf(databases);
    return () -> copy;
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public Future<PgTableStatsSnapshot> sample() {
    List<String> all = wanted.get();
    List<String> chosen = all.size() > maxDatabases ? all.subList(0, maxDatabases) : all;
    long leftOut = all.size() - chosen.size();
    if (leftOut != lastLeftOut) {
      if (leftOut > 0) {
        LOG.warn(
            "{}: {} databases to read, only the first {} by name are ({} left out)",
            NAME,
            all.size(),
            chosen.size(),
            leftOut);
      }
      lastLeftOut = leftOut;
    }
    List<Target> round = targets(chosen);
    List<Future<PgTableStatsSnapshot.Database>> rounds = new ArrayList<>(round.size());
    for (Target t : round) {
      rounds.add(sample(t));
    }
    // each future always succeeds (a failure is an entry), so all() waits for every database
    return Future.all(rounds)
        .map(
            cf -> {
              List<PgTableStatsSnapshot.Database> out = new ArrayList<>(round.size());
              for (int i = 0; i < round.size(); i++) {
                out.add(cf.resultAt(i));
              }
              return new PgTableStatsSnapshot(server, out, leftOut);
            });
  }

  /**
   * The targets of {@code chosen}, in its order: new databases get a pool, gone ones lose theirs.
   */
  private List<Target> targets(List<String> chosen) {
    for (var it = targets.entrySet().iterator(); it.hasNext(); ) {
      var e = it.next();
      if (!chosen.contains(e.getKey())) {
        e.getValue().pool.close();
        it.remove();
      }
    }
    List<Target> round = new ArrayList<>(chosen.size());
    for (String db : chosen) {
      round.add(
          targets.computeIfAbsent(
              db,
              d -> {
                PgConnectionSettings s = local.withDatabase(d);
                return new Target(d, s, PgPools.single(vertx, s));
              }));
    }
    return round;
  }

  private Future<PgTableStatsSnapshot.Database> sample(Target t) {
    if (!t.backoff.allowsAttempt(System.nanoTime())) {
      return Future.succeededFuture(PgTableStatsSnapshot.Database.failed(t.datname, t.lastError));
    }
    return t.pool
        .withConnection(this::read)
        .timeout(attemptTimeout.toMillis(), TimeUnit.MILLISECONDS)
        .transform(
            ar -> {
              if (ar.succeeded()) {
                t.backoff.succeeded();
                Reading r = ar.result();
                PgTableStatsSnapshot.Database d =
                    PgTableStatsSnapshot.Database.ok(t.datname, r.tables, r.io, r.count);
                logOk(t, d);
                return Future.succeededFuture(d);
              }
              t.backoff.failed(System.nanoTime());
              String reason = PgErrorText.of(ar.cause(), attemptTimeout, t.settings);
              if (!reason.equals(t.lastError)) {
                LOG.warn("{}: database {}: table statistics not read: {}", NAME, t.datname, reason);
              }
              t.lastError = reason;
              return Future.succeededFuture(
                  PgTableStatsSnapshot.Database.failed(t.datname, reason));
            });
  }

  private void logOk(Target t, PgTableStatsSnapshot.Database d) {
    if (t.lastError != null) {
      LOG.info("{}: database {}: table statistics read again", NAME, t.datname);
      t.lastError = null;
    }
    if (d.dropped() != t.lastDropped || (!t.everOk && d.dropped() > 0)) {
      if (d.dropped() > 0) {
        LOG.warn(
            "{}: database {}: {} user tables, only the {} with the most rows are exposed ({} left out)",
            NAME,
            t.datname,
            d.userTables(),
            d.tables().size(),
            d.dropped());
      }
      t.lastDropped = d.dropped();
    }
    t.everOk = true;
  }

  private record Reading(List<StatUserTables> tables, List<StatioUserTables> io, long count) {}

  private Future<Reading> read(SqlConnection conn) {
    return conn.query(sql(tableCap))
        .execute()
        .map(
            first -> {
              List<StatUserTables> tables = StatUserTables.read(first);
              RowSet<Row> io = first.next();
              RowSet<Row> count = io == null ? null : io.next();
              if (count == null) {
                throw new IllegalStateException("fewer result sets than statements");
              }
              return new Reading(
                  tables,
                  StatioUserTables.read(io),
                  SqlRows.single(count, "pg_stat_user_tables").getLong("n"));
            });
  }

  /** The one simple-query string of a database's round (the same on 13–18). */
  static String sql(int tableCap) {
    return String.join(
        ";\n",
        StatUserTables.capped(tableCap),
        StatioUserTables.capped(tableCap),
        "SELECT count(*)::int8 AS n FROM pg_stat_user_tables");
  }

  /** Closes the databases' pools. */
  public Future<Void> close() {
    List<Future<Void>> closed = new ArrayList<>();
    for (Target t : targets.values()) {
      closed.add(t.pool.close());
    }
    targets.clear();
    return Future.join(closed).mapEmpty();
  }
}
