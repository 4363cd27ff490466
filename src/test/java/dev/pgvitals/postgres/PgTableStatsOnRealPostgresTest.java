package dev.pgvitals.postgres;

import static dev.pgvitals.postgres.PgStatsOnRealPostgresTest.AWAIT;
import static dev.pgvitals.postgres.PgStatsOnRealPostgresTest.await;
import static dev.pgvitals.postgres.PgStatsOnRealPostgresTest.createDatabaseIfMissing;
import static dev.pgvitals.postgres.PgStatsOnRealPostgresTest.number;
import static dev.pgvitals.postgres.PgStatsOnRealPostgresTest.server;
import static org.assertj.core.api.Assertions.assertThat;

import dev.pgvitals.metrics.Exposition;
import dev.pgvitals.metrics.Exposition.Family;
import dev.pgvitals.sample.LatestSample;
import dev.pgvitals.sample.Sample;
import dev.pgvitals.testpg.PgCluster;
import dev.pgvitals.testpg.PgMajors;
import dev.pgvitals.testpg.PgNode;
import dev.pgvitals.testpg.PgSql;
import dev.pgvitals.testpg.Wait;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgConnectOptions;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;

/**
 * {@code --pg-table-stats-databases} on a real server as the {@code pg_monitor} role: the {@code
 * pg_tables} sampler reads each named database on its own connection; every series equals that
 * database's own {@code pg_stat_user_tables} / {@code pg_statio_user_tables}; a database the role
 * may not connect to, one that does not exist and one dropped while sampled each fail with a clear
 * reason while the others still report; the per-database table cap holds.
 */
class PgTableStatsOnRealPostgresTest {

  static final int CAP = 3;
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
  void eachNamedDatabaseReportsItsOwnTablesAndAFailingOneHidesNoOther(PgCluster pg)
      throws Exception {
    PgNode node = pg.primary();
    String a = "tstats_a";
    String b = "tstats_b";
    String denied = "tstats_denied";
    String dropped = "tstats_dropped";
    String missing = "tstats_nosuch";
    for (String db : List.of(a, b, denied, dropped)) {
      createDatabaseIfMissing(node, db);
    }
    node.execute("revoke connect on database " + denied + " from public");
    sql(
        node,
        a,
        "create table if not exists ta (i int primary key, pad text); truncate ta;"
            + " insert into ta select g, 'x' from generate_series(1, 100) g; delete from ta where i <= 10;"
            + " select count(*) from ta");
    // five tables of 50, 40, 30, 20, 10 rows: the cap of 3 keeps the three largest
    StringBuilder tables = new StringBuilder();
    for (int t = 1; t <= 5; t++) {
      tables
          .append("create table if not exists tb")
          .append(t)
          .append(" (i int); truncate tb")
          .append(t)
          .append("; insert into tb")
          .append(t)
          .append(" select generate_series(1, ")
          .append(60 - 10 * t)
          .append("); ");
    }
    sql(node, b, tables + "analyze");
    sql(node, dropped, "create table if not exists td (i int); insert into td values (1)");

    PgConnectionSettings settings =
        PgConnectionSettingsResolver.resolve(
            node.monitorUrl(), Map.of(), Duration.ofSeconds(2), Duration.ofSeconds(2), w -> {});
    PgTableStatsSampler sampler =
        new PgTableStatsSampler(vertx, settings, List.of(a, b, denied, dropped, missing), CAP);
    try {
      String direct =
          "select t.n_tup_ins, t.n_tup_del, t.n_live_tup, t.n_dead_tup, t.seq_scan,"
              + " s.heap_blks_hit, s.idx_blks_hit from pg_stat_user_tables t join pg_statio_user_tables s using (relid)"
              + " where t.relname = 'ta'";
      PgTableStatsSnapshot snap =
          Wait.untilValue(
              "tables of " + a + " equal to its own views",
              AWAIT,
              () -> await(sampler.sample()),
              s -> {
                Map<String, Object> d = sql(node, a, direct).get(0);
                PgTableStatsSnapshot.Database db = s.database(a).orElseThrow();
                if (!db.ok() || db.tables().size() != 1) {
                  return false;
                }
                StatUserTables t = db.tables().get(0);
                StatioUserTables io = db.io().get(0);
                return t.nTupIns() >= 100
                    && t.nTupIns() == number(d.get("n_tup_ins"))
                    && t.nTupDel() == number(d.get("n_tup_del"))
                    && t.nLiveTup() == number(d.get("n_live_tup"))
                    && t.nDeadTup() == number(d.get("n_dead_tup"))
                    && t.seqScan() == number(d.get("seq_scan"))
                    && io.heapBlksHit() == number(d.get("heap_blks_hit"))
                    && io.idxBlksHit() == number(d.get("idx_blks_hit"))
                    && s.database(b).orElseThrow().tables().size() == CAP
                    && s.database(b).orElseThrow().tables().stream()
                        .allMatch(x -> x.nLiveTup() > 0);
              });

      // the cap: the three tables with the most rows, the two others counted as left out
      PgTableStatsSnapshot.Database inB = snap.database(b).orElseThrow();
      assertThat(inB.tables())
          .extracting(StatUserTables::relname)
          .containsExactly("tb1", "tb2", "tb3");
      assertThat(inB.io())
          .extracting(StatioUserTables::relname)
          .containsExactly("tb1", "tb2", "tb3");
      assertThat(inB.userTables()).isEqualTo(5);
      assertThat(inB.dropped()).isEqualTo(2);
      // every row carries its own database's name
      assertThat(inB.tables()).allSatisfy(t -> assertThat(t.datname()).isEqualTo(b));

      // the failures, each with its reason, and the others unaffected
      assertThat(snap.database(denied).orElseThrow().failure())
          .hasValueSatisfying(
              r -> assertThat(r).contains("permission denied for database").contains(denied));
      assertThat(snap.database(missing).orElseThrow().failure())
          .hasValue("database \"" + missing + "\" does not exist at " + server(node));
      assertThat(snap.database(dropped).orElseThrow().ok()).isTrue();
      assertThat(snap.toString()).doesNotContain(PgCluster.MONITOR_PASSWORD);

      // in /metrics: the families of both databases, told apart by datname; success per database
      Map<String, Family> f = scrape(snap);
      String[] ta = {"server", server(node), "datname", a, "schemaname", "public", "relname", "ta"};
      assertThat(f.get("pg_stat_user_tables_n_tup_ins").value(ta))
          .isEqualTo(snap.database(a).get().tables().get(0).nTupIns());
      assertThat(f.get("pg_stat_user_tables_n_tup_ins").where("datname", b)).hasSize(CAP);
      assertThat(f.get("pg_statio_user_tables_heap_blocks_hit").where("datname", b)).hasSize(CAP);
      assertThat(f.get("pg_stat_user_tables_n_tup_ins").where("datname", denied)).isEmpty();
      Family success = f.get("pgvitals_table_stats_success");
      assertThat(success.value("datname", a)).isEqualTo(1);
      assertThat(success.value("datname", b)).isEqualTo(1);
      assertThat(success.value("datname", dropped)).isEqualTo(1);
      assertThat(success.value("datname", denied)).isEqualTo(0);
      assertThat(success.value("datname", missing)).isEqualTo(0);
      assertThat(f.get("pgvitals_table_stats_tables").value("datname", b)).isEqualTo(5);
      assertThat(f.get("pgvitals_table_stats_tables_dropped").value("datname", b)).isEqualTo(2);
      assertThat(f.get("pgvitals_table_stats_tables_dropped").value("datname", a)).isEqualTo(0);

      // a database dropped while sampled: it fails (its pooled session is terminated first, then
      // it does not exist), the others still report
      node.execute("drop database " + dropped + " with (force)");
      PgTableStatsSnapshot after =
          Wait.untilValue(
              dropped + " failing as missing after DROP DATABASE",
              AWAIT,
              () -> await(sampler.sample()),
              s ->
                  s.database(dropped)
                      .orElseThrow()
                      .failure()
                      .orElse("")
                      .contains("does not exist"));
      assertThat(after.database(a).orElseThrow().ok()).isTrue();
      assertThat(after.database(b).orElseThrow().tables()).hasSize(CAP);
      assertThat(scrape(after).get("pg_stat_user_tables_n_tup_ins").where("datname", a)).hasSize(1);
    } finally {
      await(sampler.close());
    }
  }

  @ParameterizedTest(name = "PG {0}")
  @PgMajors
  void starReadsTheDatabasesTheRoleMayConnectToUpToTheCap(PgCluster pg) throws Exception {
    PgNode node = pg.primary();
    for (String db : List.of("tstats_a", "tstats_star_b", "tstats_denied")) {
      createDatabaseIfMissing(node, db);
    }
    node.execute("revoke connect on database tstats_denied from public");
    sql(node, "tstats_star_b", "create table if not exists sb (i int)");
    io.vertx.sqlclient.Pool pool = PgStatsOnRealPostgresTest.pool(node.monitorOptions());
    LatestSample<PgCatalogSampler.Catalog> catalog = new LatestSample<>(PgCatalogSampler.NAME);
    PgConnectionSettings settings =
        PgConnectionSettingsResolver.resolve(
            node.monitorUrl(), Map.of(), Duration.ofSeconds(2), Duration.ofSeconds(2), w -> {});
    // the cap on databases is 10; 2 here, so that it bites whatever other tests created
    PgTableStatsSampler all = PgTableStatsSampler.discovering(vertx, settings, catalog, CAP, 2);
    PgTableStatsSampler wide = PgTableStatsSampler.discovering(vertx, settings, catalog, CAP, 1000);
    try {
      // before the first pg_catalog sample: nothing to read yet
      assertThat(await(all.sample()).databases()).isEmpty();
      catalog.set(
          Sample.ok(
              PgCatalogSampler.NAME,
              await(new PgCatalogSampler(pool).sample()),
              Instant.now(),
              Duration.ZERO));
      List<String> connectable =
          node
              .query(
                  "select datname from pg_database where not datistemplate"
                      + " and has_database_privilege('"
                      + PgCluster.MONITOR_USER
                      + "', oid, 'CONNECT') order by datname")
              .stream()
              .map(r -> (String) r.get("datname"))
              .toList();
      assertThat(connectable)
          .contains("postgres", "tstats_a", "tstats_star_b")
          .doesNotContain("tstats_denied");

      PgTableStatsSnapshot capped = await(all.sample());
      assertThat(capped.databases())
          .extracting(PgTableStatsSnapshot.Database::datname)
          .containsExactlyElementsOf(connectable.subList(0, 2));
      assertThat(capped.databasesLeftOut()).isEqualTo(connectable.size() - 2);
      assertThat(scrape(capped).get("pgvitals_table_stats_databases_dropped").value())
          .isEqualTo(connectable.size() - 2);

      PgTableStatsSnapshot every = await(wide.sample());
      assertThat(every.databases())
          .extracting(PgTableStatsSnapshot.Database::datname)
          .containsExactlyElementsOf(connectable);
      assertThat(every.databasesLeftOut()).isZero();
      // the role may connect to each of them; tstats_denied is not even tried
      assertThat(every.database("tstats_star_b").orElseThrow().tables())
          .extracting(StatUserTables::relname)
          .containsExactly("sb");
      assertThat(every.database("postgres").orElseThrow().ok()).isTrue();
      assertThat(every.database("tstats_denied")).isEmpty();
    } finally {
      await(all.close());
      await(wide.close());
      await(pool.close());
    }
  }

  static Map<String, Family> scrape(PgTableStatsSnapshot s) {
    LatestSample<PgTableStatsSnapshot> latest = new LatestSample<>(PgTableStatsSampler.NAME);
    latest.set(Sample.ok(PgTableStatsSampler.NAME, s, Instant.now(), Duration.ZERO));
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    registry.getPrometheusRegistry().register(new PgTableStatsCollector(latest));
    return Exposition.parse(registry.scrape()).families();
  }

  static List<Map<String, Object>> sql(PgNode node, String db, String sql) {
    PgConnectOptions inDb = new PgConnectOptions(node.superuserOptions()).setDatabase(db);
    return PgSql.query(inDb, sql, PgSql.DEFAULT_TIMEOUT);
  }
}
