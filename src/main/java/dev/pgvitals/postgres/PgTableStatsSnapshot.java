package dev.pgvitals.postgres;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One round of {@link PgTableStatsSampler}: per named database, in the order the flag names them,
 * either its capped {@code pg_stat_user_tables} / {@code pg_statio_user_tables} rows or why they
 * could not be read. One database failing never hides the others.
 *
 * @param server the {@code server} label value, {@code host:port}
 * @param databases one result per database read
 * @param databasesLeftOut with {@code *}: connectable databases beyond the cap, not read
 */
public record PgTableStatsSnapshot(String server, List<Database> databases, long databasesLeftOut) {

  public PgTableStatsSnapshot(String server, List<Database> databases) {
    this(server, databases, 0);
  }

  public PgTableStatsSnapshot {
    Objects.requireNonNull(server, "server");
    databases = List.copyOf(databases);
  }

  /**
   * One database's result.
   *
   * @param datname the database as named in {@code --pg-table-stats-databases}
   * @param tables its capped {@code pg_stat_user_tables} rows (empty when failed)
   * @param io the same tables' {@code pg_statio_user_tables} rows (empty when failed)
   * @param userTables how many user tables the database has (0 when failed); more than {@code
   *     tables.size()} means the cap left some out
   * @param error why the database could not be read (one line, no password), or null
   */
  public record Database(
      String datname,
      List<StatUserTables> tables,
      List<StatioUserTables> io,
      long userTables,
      String error) {

    public Database {
      Objects.requireNonNull(datname, "datname");
      tables = List.copyOf(tables);
      io = List.copyOf(io);
    }

    static Database ok(
        String datname, List<StatUserTables> tables, List<StatioUserTables> io, long userTables) {
      return new Database(datname, tables, io, userTables, null);
    }

    static Database failed(String datname, String error) {
      return new Database(datname, List.of(), List.of(), 0, Objects.requireNonNull(error, "error"));
    }

    public boolean ok() {
      return error == null;
    }

    /** Tables the cap left out in this round (0 when failed). */
    public long dropped() {
      return Math.max(0, userTables - tables.size());
    }

    public Optional<String> failure() {
      return Optional.ofNullable(error);
    }
  }

  /** Whether every named database was read in this round. */
  public boolean complete() {
    return databases.stream().allMatch(Database::ok);
  }

  /** The database named {@code datname}, if it was named. */
  public Optional<Database> database(String datname) {
    return databases.stream().filter(d -> d.datname().equals(datname)).findFirst();
  }
}
