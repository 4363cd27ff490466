package dev.pgvitals.postgres;

import dev.pgvitals.sample.Sampler;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlConnection;
import java.time.Duration;
import java.util.Objects;

/**
 * Samples {@code pg_database_size()} of every database ({@link DatabaseSize}) in one statement on
 * one pooled connection. It stats every file of the cluster, hence its own slower schedule.
 */
public final class PgSizesSampler implements Sampler<PgSizesSnapshot> {

  public static final String NAME = "pg_sizes";
  public static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(60);

  private final Pool pool;
  private final String server;

  /**
   * @param pool the local node's pool; one connection is borrowed per round
   * @param server the {@code server} label value, {@code host:port}
   */
  public PgSizesSampler(Pool pool, String server) {
    this.pool = Objects.requireNonNull(pool, "pool");
    this.server = Objects.requireNonNull(server, "server");
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public Future<PgSizesSnapshot> sample() {
    return pool.withConnection(this::sample);
  }

  private Future<PgSizesSnapshot> sample(SqlConnection conn) {
    int major = conn.databaseMetadata().majorVersion();
    return conn.query(DatabaseSize.VIEW.sql(major).orElseThrow())
        .execute()
        .map(rows -> new PgSizesSnapshot(server, DatabaseSize.VIEW.read(rows)));
  }
}
