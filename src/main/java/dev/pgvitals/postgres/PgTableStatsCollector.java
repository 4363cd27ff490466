package dev.pgvitals.postgres;

import dev.pgvitals.metrics.Family;
import dev.pgvitals.metrics.SnapshotCollector;
import dev.pgvitals.sample.LatestSample;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.util.ArrayList;
import java.util.List;

/**
 * The families of the {@code pg_tables} sampler ({@link PgTableStatsSampler}), from its latest
 * snapshot only: the {@code pg_stat_user_tables_*} and {@code pg_statio_user_tables_*} families
 * ({@link StatUserTables}, {@link StatioUserTables}; one series set per table of every database
 * that was read, told apart by {@code datname}), and per named database:
 *
 * <ul>
 *   <li>{@code pgvitals_table_stats_success{server,datname}} (gauge): 1 when the database's tables
 *       were read in the latest round, 0 when not (the reason is logged);
 *   <li>{@code pgvitals_table_stats_tables{server,datname}} (gauge): user tables in the database;
 *   <li>{@code pgvitals_table_stats_tables_dropped{server,datname}} (gauge): of those, how many the
 *       cap ({@link StatUserTables#TABLE_CAP} per database) left out;
 * </ul>
 *
 * and {@code pgvitals_table_stats_databases_dropped{server}} (gauge): with {@code *}, the databases
 * beyond {@link PgTableStatsSampler#MAX_DATABASES} that were not read (0 otherwise).
 *
 * <p>Every point carries the time of its sample, as the {@code pg_stats} families do.
 */
public final class PgTableStatsCollector extends SnapshotCollector<PgTableStatsSnapshot> {

  public PgTableStatsCollector(LatestSample<PgTableStatsSnapshot> latest) {
    super(latest, PgTableStatsCollector::snapshots, true);
  }

  static MetricSnapshots snapshots(PgTableStatsSnapshot s) {
    List<StatUserTables> tables = new ArrayList<>();
    List<StatioUserTables> io = new ArrayList<>();
    Family success =
        Family.gauge(
            "pgvitals_table_stats_success",
            "Whether the user tables of this database were read in the latest pg_tables round (1) or not (0).");
    Family count =
        Family.gauge(
            "pgvitals_table_stats_tables",
            "User tables in this database, as of the latest pg_tables round.");
    Family dropped =
        Family.gauge(
            "pgvitals_table_stats_tables_dropped",
            "User tables of this database left out of pg_stat_user_tables_* and pg_statio_user_tables_* by the cap.");
    for (PgTableStatsSnapshot.Database d : s.databases()) {
      success.add(d.ok() ? 1 : 0, "server", s.server(), "datname", d.datname());
      if (d.ok()) {
        tables.addAll(d.tables());
        io.addAll(d.io());
        count.add(d.userTables(), "server", s.server(), "datname", d.datname());
        dropped.add(d.dropped(), "server", s.server(), "datname", d.datname());
      }
    }
    List<MetricSnapshot> out = new ArrayList<>(32);
    StatUserTables.metrics(tables, s.server(), out);
    StatioUserTables.metrics(io, s.server(), out);
    success.addTo(out);
    count.addTo(out);
    dropped.addTo(out);
    Family.gauge(
            "pgvitals_table_stats_databases_dropped",
            "With --pg-table-stats-databases=*: databases the role may connect to beyond the cap, not read.")
        .add(s.databasesLeftOut(), "server", s.server())
        .addTo(out);
    return new MetricSnapshots(out);
  }
}
