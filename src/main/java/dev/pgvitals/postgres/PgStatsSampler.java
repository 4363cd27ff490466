package dev.pgvitals.postgres;

import dev.pgvitals.sample.Sampler;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlConnection;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Samples the {@code pg_stat_*} views of one node into a {@link PgStatsSnapshot}.
 *
 * <p>One sampling round is <b>one round trip on one pooled connection</b>: the statements of all
 * views ({@link StatActivity}, {@link StatArchiver}, {@link StatBgwriter}, {@link StatDatabase},
 * {@link StatDatabaseConflicts}, {@link StatReplication}) travel as one simple-query string and
 * come back as consecutive result sets; PostgreSQL runs them in one implicit transaction, so the
 * numbers are one consistent picture. The variant of each statement is chosen from the
 * connection's major version ({@code databaseMetadata().majorVersion()}, known from the start-up
 * handshake, so it costs no query). The cost does not grow in round trips with the number of
 * databases. Needs only {@code pg_monitor} membership (for other users' sessions and
 * {@code client_addr}); without it the numbers are partial but the sample still succeeds.
 */
public final class PgStatsSampler implements Sampler<PgStatsSnapshot> {

  public static final String NAME = "pg_stats";
  public static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(15);

  private final Pool pool;
  private final String server;
  private final Map<Integer, String> sqlByMajor = new ConcurrentHashMap<>();

  /**
   * @param pool the local node's pool; one connection is borrowed per round
   * @param server the {@code server} label value, {@code host:port}
   */
  public PgStatsSampler(Pool pool, String server) {
    this.pool = Objects.requireNonNull(pool, "pool");
    this.server = Objects.requireNonNull(server, "server");
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public Future<PgStatsSnapshot> sample() {
    return pool.withConnection(this::sample);
  }

  private Future<PgStatsSnapshot> sample(SqlConnection conn) {
    int major = conn.databaseMetadata().majorVersion();
    return conn.query(sqlFor(major)).execute().map(first -> read(major, first));
  }

  /** The statements of one round for a major version, separated by semicolons. */
  static String sql(int major) {
    return String.join(";\n", List.of(
        StatActivity.sql(major),
        StatArchiver.sql(major),
        StatBgwriter.sql(major),
        StatDatabase.sql(major),
        StatDatabaseConflicts.sql(major),
        StatReplication.sql(major)));
  }

  private String sqlFor(int major) {
    return sqlByMajor.computeIfAbsent(major, PgStatsSampler::sql);
  }

  private PgStatsSnapshot read(int major, RowSet<Row> first) {
    RowSet<Row> activity = first;
    RowSet<Row> archiver = next(activity);
    RowSet<Row> bgwriter = next(archiver);
    RowSet<Row> database = next(bgwriter);
    RowSet<Row> conflicts = next(database);
    RowSet<Row> replication = next(conflicts);
    return new PgStatsSnapshot(
        server,
        major,
        StatActivity.read(activity),
        StatArchiver.read(archiver),
        StatBgwriter.read(bgwriter),
        StatDatabase.read(database),
        StatDatabaseConflicts.read(conflicts),
        StatReplication.read(replication));
  }

  private static RowSet<Row> next(RowSet<Row> rs) {
    RowSet<Row> n = rs.next();
    if (n == null) {
      throw new IllegalStateException("fewer result sets than statements");
    }
    return n;
  }
}
