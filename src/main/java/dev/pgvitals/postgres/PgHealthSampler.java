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
 * Samples what takes PostgreSQL down slowly into a {@link PgHealthSnapshot}: wraparound ages
 * ({@link WraparoundAge}), replication slots ({@link ReplicationSlot}), archiving ({@link
 * ArchiverStatus}) and the oldest open / idle-in-transaction sessions ({@link OldestTransactions}).
 *
 * <p>One round is one round trip on one pooled connection: the four statements travel as one
 * simple-query string, as in {@link PgStatsSampler}. These change over minutes to weeks, so the
 * sampler has its own slow interval (default {@value #DEFAULT_INTERVAL_SECONDS} s). Works as a
 * {@code pg_monitor} member (needed for {@code pg_ls_archive_statusdir()} and other users'
 * sessions).
 */
public final class PgHealthSampler implements Sampler<PgHealthSnapshot> {

  public static final String NAME = "pg_health";
  static final long DEFAULT_INTERVAL_SECONDS = 60;
  public static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(DEFAULT_INTERVAL_SECONDS);

  private final Pool pool;
  private final String server;
  private final Map<Integer, String> sqlByMajor = new ConcurrentHashMap<>();

  /**
   * @param pool the local node's pool; one connection is borrowed per round
   * @param server the {@code server} label value, {@code host:port}
   */
  public PgHealthSampler(Pool pool, String server) {
    this.pool = Objects.requireNonNull(pool, "pool");
    this.server = Objects.requireNonNull(server, "server");
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public Future<PgHealthSnapshot> sample() {
    return pool.withConnection(this::sample);
  }

  private Future<PgHealthSnapshot> sample(SqlConnection conn) {
    int major = conn.databaseMetadata().majorVersion();
    return conn.query(sqlByMajor.computeIfAbsent(major, PgHealthSampler::sql))
        .execute()
        .map(first -> read(major, first));
  }

  /** The statements of one round for a major version, separated by semicolons. */
  static String sql(int major) {
    return String.join(
        ";\n",
        List.of(
            WraparoundAge.sql(major),
            ReplicationSlot.sql(major),
            ArchiverStatus.sql(major),
            OldestTransactions.sql(major)));
  }

  private PgHealthSnapshot read(int major, RowSet<Row> first) {
    RowSet<Row> slots = next(first);
    RowSet<Row> archiver = next(slots);
    RowSet<Row> transactions = next(archiver);
    return new PgHealthSnapshot(
        server,
        major,
        WraparoundAge.read(first),
        ReplicationSlot.read(slots),
        ArchiverStatus.read(archiver),
        OldestTransactions.read(transactions));
  }

  private static RowSet<Row> next(RowSet<Row> rs) {
    RowSet<Row> n = rs.next();
    if (n == null) {
      throw new IllegalStateException("fewer result sets than statements");
    }
    return n;
  }
}
