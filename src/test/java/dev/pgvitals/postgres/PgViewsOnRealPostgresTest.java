package dev.pgvitals.postgres;

import static dev.pgvitals.postgres.PgStatsOnRealPostgresTest.AWAIT;
import static dev.pgvitals.postgres.PgStatsOnRealPostgresTest.await;
import static dev.pgvitals.postgres.PgStatsOnRealPostgresTest.createDatabaseIfMissing;
import static dev.pgvitals.postgres.PgStatsOnRealPostgresTest.number;
import static dev.pgvitals.postgres.PgStatsOnRealPostgresTest.scrape;
import static dev.pgvitals.postgres.PgStatsOnRealPostgresTest.server;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.pgvitals.metrics.Exposition.Family;
import dev.pgvitals.testpg.PgCluster;
import dev.pgvitals.testpg.PgMajors;
import dev.pgvitals.testpg.PgNode;
import dev.pgvitals.testpg.Wait;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.pgclient.PgConnection;
import io.vertx.sqlclient.SqlConnection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;

/**
 * The families of the views added for postgres_exporter's names (pg_stat_checkpointer, pg_locks,
 * pg_replication_slots, pg_settings, pg_database, the new pg_stat_database and pg_stat_archiver
 * columns, the second-generation pg_stat_bgwriter names) on a real primary and streaming replica of
 * every major in {@code -Dpg.majors}, sampled as the harness's {@code pg_monitor} role: names,
 * types, labels, and values checked against the server's own views.
 */
class PgViewsOnRealPostgresTest {

  static Vertx vertx;

  @BeforeAll
  static void startVertx() {
    vertx = Vertx.vertx();
    PgStatsOnRealPostgresTest.vertx = vertx;
  }

  @AfterAll
  static void closeVertx() throws Exception {
    await(vertx.close());
  }

  @ParameterizedTest(name = "PG {0}")
  @PgMajors
  void secondGenerationBgwriterNamesCarryTheFirstGenerationsValuesAndCheckpointerIsThereOn17(
      PgCluster pg) throws Exception {
    for (PgNode node : pg.nodes()) {
      Map<String, Family> f = scrape(node, node.monitorOptions());
      for (String name : PgStatsCollectorTest.BGWRITER) {
        Family total = f.get(name + "_total");
        assertThat(total).as("%s_total on %s", name, node.name()).isNotNull();
        assertThat(total.type()).isEqualTo("untyped");
        assertThat(total.samples())
            .singleElement()
            .satisfies(s -> assertThat(s.labels()).isEqualTo(Map.of("server", server(node))));
        assertThat(total.value()).as(name + "_total").isEqualTo(f.get(name).value());
      }
      if (pg.major() >= 17) {
        for (String name : PgStatsCollectorTest.CHECKPOINTER) {
          assertThat(f.get(name)).as(name).isNotNull();
          assertThat(f.get(name).type()).isEqualTo("counter");
        }
        assertThat(f.get("pg_stat_checkpointer_num_requested_total").value())
            .isEqualTo(f.get("pg_stat_bgwriter_checkpoints_req").value());
        assertThat(f.get("pg_stat_checkpointer_buffers_written_total").value())
            .isEqualTo(f.get("pg_stat_bgwriter_buffers_checkpoint").value());
      } else {
        assertThat(f.keySet()).noneMatch(n -> n.startsWith("pg_stat_checkpointer_"));
      }
    }
  }

  @ParameterizedTest(name = "PG {0}")
  @PgMajors
  void checkpointerCountersAreThoseOfTheView(PgCluster pg) throws Exception {
    if (pg.major() < 17) {
      return; // no pg_stat_checkpointer: asserted absent above
    }
    PgNode node = pg.primary();
    node.execute("checkpoint");
    Wait.until(
        "pg_stat_checkpointer_*_total equal to pg_stat_checkpointer",
        AWAIT,
        () -> {
          Map<String, Object> direct =
              node.query(
                      "select num_requested, buffers_written, restartpoints_done,"
                          + " write_time, extract(epoch from stats_reset)::float8 as stats_reset from pg_stat_checkpointer")
                  .get(0);
          Map<String, Family> f = scrape(node, node.monitorOptions());
          return f.get("pg_stat_checkpointer_num_requested_total").value()
                  == number(direct.get("num_requested"))
              && f.get("pg_stat_checkpointer_num_requested_total").value() >= 1
              && f.get("pg_stat_checkpointer_buffers_written_total").value()
                  == number(direct.get("buffers_written"))
              && f.get("pg_stat_checkpointer_restartpoints_done_total").value()
                  == number(direct.get("restartpoints_done"))
              && f.get("pg_stat_checkpointer_write_time_total").value()
                  == number(direct.get("write_time"))
              && Math.abs(
                      f.get("pg_stat_checkpointer_stats_reset_total").value()
                          - number(direct.get("stats_reset")))
                  < 1;
        });
  }

  @ParameterizedTest(name = "PG {0}")
  @PgMajors
  void tempFilesAndBytesAndActiveTimeAreThoseOfPgStatDatabase(PgCluster pg) throws Exception {
    PgNode node = pg.primary();
    String oid = node.queryString("select oid from pg_database where datname = 'postgres'");
    // a sort larger than work_mem spills to a temporary file
    node.execute(
        "set work_mem = '64kB'; select count(*) from (select g from generate_series(1, 200000) g"
            + " order by g desc) s");
    Wait.until(
        "temp_files/temp_bytes of postgres equal to pg_stat_database's and > 0",
        AWAIT,
        () -> {
          Map<String, Object> direct =
              node.query(
                      "select temp_files, temp_bytes from pg_stat_database where datname = 'postgres'")
                  .get(0);
          Map<String, Family> f = scrape(node, node.monitorOptions());
          double files =
              f.get("pg_stat_database_temp_files").value("datid", oid, "datname", "postgres");
          double bytes =
              f.get("pg_stat_database_temp_bytes").value("datid", oid, "datname", "postgres");
          return files >= 1
              && bytes > 64 * 1024
              && files == number(direct.get("temp_files"))
              && bytes == number(direct.get("temp_bytes"));
        });
    Map<String, Family> f = scrape(node, node.monitorOptions());
    assertThat(f.get("pg_stat_database_temp_files").type()).isEqualTo("untyped");
    assertThat(f.get("pg_stat_database_temp_bytes").samples())
        .allSatisfy(
            s ->
                assertThat(s.labels().keySet())
                    .containsExactlyInAnyOrder("server", "datid", "datname"));
    if (pg.major() >= 14) {
      Family active = f.get("pg_stat_database_active_time_seconds_total");
      assertThat(active.type()).isEqualTo("counter");
      // active_time is in ms and only grows; the sampled value lies between two direct readings
      double before =
          number(
                  node.queryString(
                      "select active_time from pg_stat_database where datname = 'template1'"))
              / 1000;
      Map<String, Family> again = scrape(node, node.monitorOptions());
      double after =
          number(
                  node.queryString(
                      "select active_time from pg_stat_database where datname = 'template1'"))
              / 1000;
      assertThat(
              again.get("pg_stat_database_active_time_seconds_total").value("datname", "template1"))
          .isBetween(before, after);
      assertThat(active.value("datname", "postgres")).isGreaterThan(0);
    } else {
      assertThat(f).doesNotContainKey("pg_stat_database_active_time_seconds_total");
    }
  }

  @ParameterizedTest(name = "PG {0}")
  @PgMajors
  void locksCountEveryDatabaseAndModeAndSeeAnotherSessionsLock(PgCluster pg) throws Exception {
    PgNode node = pg.primary();
    String db = "pgviews_locks";
    createDatabaseIfMissing(node, db);
    SqlConnection other =
        await(
            PgConnection.connect(
                vertx, new PgConnectOptions(node.superuserOptions()).setDatabase(db)));
    try {
      await(other.query("create table if not exists locked (i int)").execute());
      await(other.query("begin").execute());
      await(other.query("lock table locked in access exclusive mode").execute());

      Map<String, Family> f =
          scrape(node, new PgConnectOptions(node.monitorOptions()).setDatabase(db));
      Family locks = f.get("pg_locks_count");
      assertThat(locks.type()).isEqualTo("gauge");
      List<Map<String, Object>> databases = node.query("select datname from pg_database");
      assertThat(locks.samples()).hasSize(databases.size() * Locks.MODES.size());
      for (Map<String, Object> d : databases) {
        for (String mode : Locks.MODES) {
          assertThat(
                  locks.find(
                      "server", server(node), "datname", (String) d.get("datname"), "mode", mode))
              .as("pg_locks_count{datname=%s,mode=%s}", d.get("datname"), mode)
              .isPresent();
        }
      }
      long direct =
          Long.parseLong(
              node.queryString(
                  "select count(*) from pg_locks l join pg_database d"
                      + " on d.oid = l.database where d.datname = '"
                      + db
                      + "' and l.mode = 'AccessExclusiveLock'"));
      assertThat(direct).isGreaterThanOrEqualTo(1);
      assertThat(locks.value("datname", db, "mode", "accessexclusivelock")).isEqualTo(direct);
      // the agent's own round (connected to this database) holds AccessShareLocks it does not count
      assertThat(locks.value("datname", db, "mode", "accesssharelock")).isZero();
    } finally {
      await(other.close());
    }
  }

  @ParameterizedTest(name = "PG {0}")
  @PgMajors
  void replicationSlotsOnTheLeaderAndNoneOnTheReplica(PgCluster pg) throws Exception {
    pg.awaitStreaming();
    PgNode primary = pg.primary();
    Map<String, Family> f = scrape(primary, primary.monitorOptions());
    String server = server(primary);
    Map<String, String> byDb =
        Map.of("server", server, "slot_name", PgCluster.SLOT, "database", "");
    Map<String, String> byType =
        Map.of("server", server, "slot_name", PgCluster.SLOT, "slot_type", "physical");
    assertThat(f.get("pg_replication_slots_active").samples())
        .singleElement()
        .satisfies(s -> assertThat(s.labels()).isEqualTo(byDb))
        .satisfies(s -> assertThat(s.value()).isEqualTo(1));
    assertThat(f.get("pg_replication_slots_slot_is_active").samples())
        .singleElement()
        .satisfies(s -> assertThat(s.labels()).isEqualTo(byType))
        .satisfies(s -> assertThat(s.value()).isEqualTo(1));
    assertThat(f.get("pg_replication_slots_pg_wal_lsn_diff").value()).isGreaterThanOrEqualTo(0);
    assertThat(f.get("pg_replication_slots_slot_current_wal_lsn").value()).isGreaterThan(0);
    String walStatus =
        primary.queryString(
            "select wal_status from pg_replication_slots where slot_name = '"
                + PgCluster.SLOT
                + "'");
    assertThat(f.get("pg_replication_slots_wal_status").samples())
        .singleElement()
        .satisfies(
            s -> {
              assertThat(s.labels())
                  .containsEntry("wal_status", walStatus)
                  .containsEntry("slot_type", "physical");
              assertThat(s.value()).isEqualTo(1);
            });
    // max_slot_wal_keep_size = -1 (the default): safe_wal_size is NULL, the series absent;
    // a physical slot has no confirmed_flush_lsn
    assertThat(f)
        .doesNotContainKeys(
            "pg_replication_slots_safe_wal_size_bytes",
            "pg_replication_slots_slot_confirmed_flush_lsn");

    // retained WAL grows while the replica does not confirm: an inactive new slot holds WAL from
    // its creation
    String slot = "pgviews_idle_slot";
    primary.execute(
        "select pg_create_physical_replication_slot('"
            + slot
            + "', true)"
            + " where not exists (select from pg_replication_slots where slot_name = '"
            + slot
            + "')");
    try {
      primary.execute(
          "create table pgviews_wal as select g from generate_series(1, 20000) g; drop table pgviews_wal");
      Map<String, Family> g = scrape(primary, primary.monitorOptions());
      double direct =
          number(
              primary.queryString(
                  "select pg_wal_lsn_diff(pg_current_wal_lsn(), restart_lsn)"
                      + " from pg_replication_slots where slot_name = '"
                      + slot
                      + "'"));
      assertThat(g.get("pg_replication_slots_active").value("slot_name", slot)).isZero();
      assertThat(g.get("pg_replication_slots_pg_wal_lsn_diff").value("slot_name", slot))
          .isGreaterThan(100_000)
          .isLessThanOrEqualTo(direct);
    } finally {
      primary.execute("select pg_drop_replication_slot('" + slot + "')");
    }

    Map<String, Family> r = scrape(pg.replica(), pg.replica().monitorOptions());
    assertThat(r.keySet()).noneMatch(n -> n.startsWith("pg_replication_slots_"));
  }

  @ParameterizedTest(name = "PG {0}")
  @PgMajors
  void settingsAreEveryNumericAndBoolSettingConvertedAsPostgresExporterDoes(PgCluster pg)
      throws Exception {
    for (PgNode node : pg.nodes()) {
      Map<String, Family> f = scrape(node, node.monitorOptions());
      Set<String> settings = new HashSet<>();
      for (String n : f.keySet()) {
        if (n.startsWith("pg_settings_")) {
          settings.add(n);
          assertThat(f.get(n).type()).as(n).isEqualTo("gauge");
          assertThat(f.get(n).samples())
              .as(n)
              .singleElement()
              .satisfies(s -> assertThat(s.labels()).isEqualTo(Map.of("server", server(node))));
        }
      }
      long numeric =
          Long.parseLong(
              node.queryString(
                  "select count(*) from pg_settings"
                      + " where vartype in ('bool', 'integer', 'real')"
                      + " and name not in ('max_connections', 'superuser_reserved_connections')"));
      assertThat(settings).hasSize((int) numeric);
      Map<String, Object> direct =
          node.query(
                  "select"
                      + " (select setting from pg_settings where name = 'shared_buffers')::float8 * 8192 as shared_buffers,"
                      + " (select setting from pg_settings where name = 'checkpoint_timeout')::float8 as checkpoint_timeout,"
                      + " (select setting from pg_settings where name = 'max_locks_per_transaction')::float8 as max_locks,"
                      + " (select setting from pg_settings where name = 'autovacuum_vacuum_scale_factor')::float8 as scale,"
                      + " (select setting from pg_settings where name = 'statement_timeout')::float8 as statement_timeout,"
                      + " (select setting from pg_settings where name = 'wal_keep_size')::float8 * 1048576 as wal_keep,"
                      + " (select setting = 'on' from pg_settings where name = 'hot_standby') as hot_standby")
              .get(0);
      assertThat(f.get("pg_settings_shared_buffers_bytes").value())
          .isEqualTo(number(direct.get("shared_buffers")));
      assertThat(f.get("pg_settings_checkpoint_timeout_seconds").value())
          .isEqualTo(number(direct.get("checkpoint_timeout")));
      assertThat(f.get("pg_settings_max_locks_per_transaction").value())
          .isEqualTo(number(direct.get("max_locks")));
      assertThat(f.get("pg_settings_autovacuum_vacuum_scale_factor").value())
          .isCloseTo(number(direct.get("scale")), within(1e-9));
      assertThat(f.get("pg_settings_wal_keep_size_bytes").value())
          .isEqualTo(number(direct.get("wal_keep")));
      // statement_timeout is in ms: the monitor role's own setting, converted to seconds
      assertThat(f.get("pg_settings_statement_timeout_seconds").value())
          .isEqualTo(number(direct.get("statement_timeout")) / 1000);
      assertThat(f.get("pg_settings_hot_standby").value())
          .isEqualTo(Boolean.TRUE.equals(direct.get("hot_standby")) ? 1 : 0);
      assertThat(f)
          .doesNotContainKeys(
              "pg_settings_max_connections", "pg_settings_superuser_reserved_connections");
    }
  }

  @ParameterizedTest(name = "PG {0}")
  @PgMajors
  void connectionLimitsAndArchiverAgeAreThoseOfTheCatalog(PgCluster pg) throws Exception {
    PgNode node = pg.primary();
    String db = "pgviews_limit";
    createDatabaseIfMissing(node, db);
    node.execute("alter database " + db + " connection limit 7");
    Map<String, Family> f = scrape(node, node.monitorOptions());
    Family limit = f.get("pg_database_connection_limit");
    assertThat(limit.type()).isEqualTo("gauge");
    assertThat(limit.value("server", server(node), "datname", db)).isEqualTo(7);
    assertThat(limit.value("datname", "postgres")).isEqualTo(-1);
    assertThat(limit.samples()).hasSize(node.query("select datname from pg_database").size());

    // the harness does not archive: no last_archived_time, no age series (as postgres_exporter)
    assertThat(node.queryString("select last_archived_time from pg_stat_archiver")).isNull();
    assertThat(f).doesNotContainKey("pg_stat_archiver_last_archive_age");
  }

  @ParameterizedTest(name = "PG {0}")
  @PgMajors
  void userTablesOfTheConnectedDatabaseAreThoseOfTheViewsAndCapped(PgCluster pg) throws Exception {
    PgNode node = pg.primary();
    String db = "pgviews_tables";
    createDatabaseIfMissing(node, db);
    PgConnectOptions inDb = new PgConnectOptions(node.superuserOptions()).setDatabase(db);
    dev.pgvitals.testpg.PgSql.query(
        inDb,
        "create table if not exists big (i int primary key, pad text);"
            + " truncate big; insert into big select g, repeat('x', 100) from generate_series(1, 5000) g;"
            + " delete from big where i <= 1000; analyze big; select count(*) from big",
        dev.pgvitals.testpg.PgSql.DEFAULT_TIMEOUT);
    // more small tables than the cap: the cap keeps the tables with the most rows, big first
    dev.pgvitals.testpg.PgSql.query(
        inDb,
        "do $$ begin for i in 1.."
            + (StatUserTables.TABLE_CAP + 10)
            + " loop"
            + " execute format('create table if not exists small_%s (i int)', i); end loop; end $$",
        dev.pgvitals.testpg.PgSql.DEFAULT_TIMEOUT);
    PgConnectOptions agent = new PgConnectOptions(node.monitorOptions()).setDatabase(db);
    // sizes from pg_class.relpages (see StatUserTables.SIZES), never pg_table_size(), which waits
    // on locks
    String direct =
        "select n_tup_ins, n_tup_del, n_live_tup, n_dead_tup,"
            + " (select relpages from pg_class where oid = relid) * current_setting('block_size')::int8 as size,"
            + " (select heap_blks_hit from pg_statio_user_tables s where s.relid = t.relid) as hit"
            + " from pg_stat_user_tables t where relname = 'big'";
    Wait.until(
        "pg_stat_user_tables_* of big equal to the views",
        AWAIT,
        () -> {
          Map<String, Object> d =
              dev.pgvitals.testpg.PgSql.query(
                      inDb, direct, dev.pgvitals.testpg.PgSql.DEFAULT_TIMEOUT)
                  .get(0);
          Map<String, Family> f = scrape(node, agent);
          String[] big = {"datname", db, "schemaname", "public", "relname", "big"};
          return f.get("pg_stat_user_tables_n_tup_ins").value(big) >= 5000
              && f.get("pg_stat_user_tables_n_tup_ins").value(big) == number(d.get("n_tup_ins"))
              && f.get("pg_stat_user_tables_n_tup_del").value(big) == number(d.get("n_tup_del"))
              && f.get("pg_stat_user_tables_n_dead_tup").value(big) == number(d.get("n_dead_tup"))
              && f.get("pg_stat_user_tables_n_live_tup").value(big) == number(d.get("n_live_tup"))
              && f.get("pg_stat_user_tables_table_size_bytes").value(big) == number(d.get("size"))
              && number(d.get("size")) > 5000 * 100
              && f.get("pg_statio_user_tables_heap_blocks_hit").value(big) == number(d.get("hit"));
        });
    Map<String, Family> f = scrape(node, agent);
    assertThat(f.get("pg_stat_user_tables_n_tup_ins").type()).isEqualTo("untyped");
    assertThat(f.get("pg_stat_user_tables_n_dead_tup").type()).isEqualTo("gauge");
    for (String name :
        List.of(
            "pg_stat_user_tables_seq_scan",
            "pg_stat_user_tables_last_autovacuum",
            "pg_statio_user_tables_heap_blocks_read",
            "pg_statio_user_tables_tidx_blocks_hit")) {
      assertThat(f.get(name).samples())
          .as(name)
          .hasSize(StatUserTables.TABLE_CAP)
          .allSatisfy(
              s ->
                  assertThat(s.labels().keySet())
                      .containsExactlyInAnyOrder("server", "datname", "schemaname", "relname"));
    }
    // the monitor's own database shows its own tables only: no big there
    assertThat(scrape(node, node.monitorOptions()).get("pg_stat_user_tables_n_tup_ins"))
        .satisfiesAnyOf(
            fam -> assertThat(fam).isNull(),
            fam -> assertThat(fam.find("relname", "big")).isEmpty());
  }
}
