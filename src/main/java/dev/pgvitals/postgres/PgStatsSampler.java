package dev.pgvitals.postgres;

import dev.pgvitals.sample.Sampler;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlConnection;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Samples the views of {@link PgViews#STATS} of one node into a {@link PgStatsSnapshot}.
 *
 * <p>One sampling round is <b>one round trip on one pooled connection</b>: the statements of all
 * views travel as one simple-query string and come back as consecutive result sets; PostgreSQL runs
 * them in one implicit transaction, so the numbers are one consistent picture. Each view's
 * statement is chosen from the connection's major version ({@code
 * databaseMetadata().majorVersion()}, known from the start-up handshake, so it costs no query); a
 * view that does not exist on that major sends nothing. The cost does not grow in round trips with
 * the number of databases or views. Needs only {@code pg_monitor} membership.
 */
public final class PgStatsSampler implements Sampler<PgStatsSnapshot> {

  public static final String NAME = "pg_stats";
  public static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(15);

  private final Pool pool;
  private final String server;
  private final List<PgView<?>> views;
  private final Map<Integer, String> sqlByMajor = new ConcurrentHashMap<>();

  /**
   * @param pool the local node's pool; one connection is borrowed per round
   * @param server the {@code server} label value, {@code host:port}
   */
  public PgStatsSampler(Pool pool, String server) {
    this(pool, server, PgViews.STATS);
  }

  /**
   * @param views the views to read, e.g. {@link PgViews#stats(ExporterNames)}; {@link
   *     PgViews#STATS} is every view
   */
  public PgStatsSampler(Pool pool, String server, List<PgView<?>> views) {
    this.pool = Objects.requireNonNull(pool, "pool");
    this.server = Objects.requireNonNull(server, "server");
    this.views = List.copyOf(views);
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
    String sql = sqlByMajor.computeIfAbsent(major, m -> PgViews.sql(views, m));
    return conn.query(sql)
        .execute()
        .map(
            first -> {
              PgStatsSnapshot.Builder b = PgStatsSnapshot.builder(server, major);
              PgViews.read(views, major, first, b);
              return b.build();
            });
  }

  /** The statements of one round for a major version (tests, documentation). */
  static String sql(int major) {
    return PgViews.sql(PgViews.STATS, major);
  }
}
