package dev.pgvitals.postgres;

import java.util.List;
import java.util.Objects;

/**
 * One statistics reading of one PostgreSQL node, taken by {@link PgStatsSampler} in a single
 * round trip; versions are normalized away in the per-view records.
 *
 * @param server the {@code server} label value, {@code host:port} of the monitored node
 * @param majorVersion PostgreSQL major version, e.g. 17
 * @param activity sessions per database × state ({@link StatActivity})
 * @param archiver {@link StatArchiver}
 * @param bgwriter {@link StatBgwriter} (pre-17 names, mapped from the 17+ views)
 * @param databases {@link StatDatabase}, one per database
 * @param databaseConflicts {@link StatDatabaseConflicts}, one per database
 * @param replication {@link StatReplication}, one per walsender, empty without walsenders
 */
public record PgStatsSnapshot(
    String server,
    int majorVersion,
    List<StatActivity> activity,
    StatArchiver archiver,
    StatBgwriter bgwriter,
    List<StatDatabase> databases,
    List<StatDatabaseConflicts> databaseConflicts,
    List<StatReplication> replication) {

  public PgStatsSnapshot {
    Objects.requireNonNull(server, "server");
    Objects.requireNonNull(archiver, "archiver");
    Objects.requireNonNull(bgwriter, "bgwriter");
    activity = List.copyOf(activity);
    databases = List.copyOf(databases);
    databaseConflicts = List.copyOf(databaseConflicts);
    replication = List.copyOf(replication);
  }
}
