package dev.pgvitals.postgres;

import dev.pgvitals.sample.Sampler;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Who may connect where ({@code pg_catalog}, every 60 s by default), for {@code pgvitals users
 * list} and {@code db list}: roles that can log in with the databases each may {@code CONNECT} to,
 * and every database with the roles that may connect to it; templates left out. One round trip (two
 * statements in one simple query). Readable by any role, so it works as a {@code pg_monitor}
 * member; the same on PostgreSQL 13–18.
 */
public final class PgCatalogSampler implements Sampler<PgCatalogSampler.Catalog> {

  public static final String NAME = "pg_catalog";
  public static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(60);

  static final String QUERY =
      """
      SELECT r.rolname, r.rolsuper,
             ARRAY(SELECT d.datname::text FROM pg_database d
                                    WHERE NOT d.datistemplate
                                      AND has_database_privilege(r.oid, d.oid, 'CONNECT')
                                    ORDER BY d.datname) AS databases
        FROM pg_roles r
       WHERE r.rolcanlogin
       ORDER BY r.rolname;
      SELECT d.datname,
             ARRAY(SELECT r.rolname::text FROM pg_roles r
                                    WHERE r.rolcanlogin
                                      AND has_database_privilege(r.oid, d.oid, 'CONNECT')
                                    ORDER BY r.rolname) AS users
        FROM pg_database d
       WHERE NOT d.datistemplate
       ORDER BY d.datname""";

  /** A role that can log in, and the databases it may connect to (sorted). */
  public record LoginRole(String name, boolean superuser, List<String> databases) {}

  /** A database and the login roles that may connect to it (sorted). */
  public record ConnectableDatabase(String name, List<String> users) {}

  /** One reading of the catalog. */
  public record Catalog(List<LoginRole> roles, List<ConnectableDatabase> databases) {
    public Catalog {
      roles = List.copyOf(roles);
      databases = List.copyOf(databases);
    }
  }

  private final Pool pool;

  public PgCatalogSampler(Pool pool) {
    this.pool = pool;
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public Future<Catalog> sample() {
    return pool.withConnection(conn -> conn.query(QUERY).execute())
        .map(PgCatalogSampler::toCatalog);
  }

  private static Catalog toCatalog(RowSet<Row> first) {
    List<LoginRole> roles = new ArrayList<>();
    for (Row r : first) {
      roles.add(
          new LoginRole(
              r.getString("rolname"),
              r.getBoolean("rolsuper"),
              list(r.getArrayOfStrings("databases"))));
    }
    List<ConnectableDatabase> databases = new ArrayList<>();
    for (Row r : first.next()) {
      databases.add(
          new ConnectableDatabase(r.getString("datname"), list(r.getArrayOfStrings("users"))));
    }
    return new Catalog(roles, databases);
  }

  private static List<String> list(String[] values) {
    return values == null ? List.of() : List.of(values);
  }
}
