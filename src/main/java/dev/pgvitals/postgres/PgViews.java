package dev.pgvitals.postgres;

import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import java.util.ArrayList;
import java.util.List;

/**
 * The registration list: which {@link PgView}s the {@code pg_stats} sampler reads, in the order
 * their families appear in {@code /metrics}. Adding a view is one file and one line here.
 */
public final class PgViews {

  private PgViews() {}

  /** The views of one {@code pg_stats} round (every 15 s by default), in exposition order. */
  public static final List<PgView<?>> STATS =
      List.of(
          StatActivity.VIEW,
          StatArchiver.VIEW,
          StatBgwriter.VIEW,
          StatCheckpointer.VIEW,
          StatDatabase.VIEW,
          StatDatabaseConflicts.VIEW,
          StatReplication.VIEW,
          ReplicationSlots.VIEW,
          Locks.VIEW,
          DatabaseConnectionLimit.VIEW,
          Settings.VIEW,
          StatUserTables.VIEW,
          StatioUserTables.VIEW);

  /**
   * The views of {@link #STATS} that have families to write with {@code names} (with {@code seed},
   * {@code pg_stat_checkpointer}, whose families are all second generation, is not read at all).
   */
  public static List<PgView<?>> stats(ExporterNames names) {
    return STATS.stream().filter(v -> v.wanted(names)).toList();
  }

  /**
   * The per-table views: read in the {@code pg_stats} round unless {@code
   * --pg-table-stats-databases} is set.
   */
  public static final List<PgView<?>> TABLES = List.of(StatUserTables.VIEW, StatioUserTables.VIEW);

  /**
   * {@link #stats(ExporterNames)}, without {@link #TABLES} when another sampler reads them ({@link
   * PgTableStatsSampler}).
   */
  public static List<PgView<?>> stats(ExporterNames names, boolean tables) {
    return stats(names).stream().filter(v -> tables || !TABLES.contains(v)).toList();
  }

  /** The statements of the views that exist on {@code major}, as one simple-query string. */
  static String sql(List<PgView<?>> views, int major) {
    List<String> statements = new ArrayList<>(views.size());
    for (PgView<?> v : views) {
      v.sql(major).ifPresent(statements::add);
    }
    return String.join(";\n", statements);
  }

  /**
   * Reads consecutive result sets, starting at {@code first}, into {@code into}: one per view that
   * exists on {@code major}, in list order.
   */
  static void read(
      List<PgView<?>> views, int major, RowSet<Row> first, PgStatsSnapshot.Builder into) {
    RowSet<Row> rs = first;
    boolean firstSet = true;
    for (PgView<?> v : views) {
      if (v.sql(major).isEmpty()) {
        continue;
      }
      if (!firstSet) {
        rs = rs.next();
      }
      firstSet = false;
      if (rs == null) {
        throw new IllegalStateException(
            "fewer result sets than statements (missing " + v.name() + ")");
      }
      add(v, rs, into);
    }
  }

  private static <T> void add(PgView<T> view, RowSet<Row> rows, PgStatsSnapshot.Builder into) {
    into.with(view, view.read(rows));
  }
}
