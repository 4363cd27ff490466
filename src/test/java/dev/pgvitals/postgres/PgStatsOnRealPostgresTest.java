package dev.pgvitals.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pgvitals.metrics.Exposition;
import dev.pgvitals.metrics.Exposition.Family;
import dev.pgvitals.sample.LatestSample;
import dev.pgvitals.sample.Sample;
import dev.pgvitals.testpg.PgCluster;
import dev.pgvitals.testpg.PgMajors;
import dev.pgvitals.testpg.PgNode;
import dev.pgvitals.testpg.Wait;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.pgclient.PgConnection;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import io.vertx.sqlclient.SqlConnection;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;

/**
 * {@link PgStatsSampler} and {@link PgSizesSampler} against a real primary and streaming replica of
 * every major in {@code -Dpg.majors}, sampling as the harness's non-superuser {@code pg_monitor}
 * role, and the families a real {@link PrometheusMeterRegistry} writes from those samples.
 */
class PgStatsOnRealPostgresTest {

  static final Duration AWAIT = Duration.ofSeconds(60);

  static Vertx vertx;

  @BeforeAll
  static void startVertx() {
    vertx = Vertx.vertx();
  }

  @AfterAll
  static void closeVertx() throws Exception {
    await(vertx.close());
  }

  // ---- the whole table on a leader and on a replica -------------------------------------------

  @ParameterizedTest(name = "PG {0}")
  @PgMajors
  void leaderHasEveryFamilyWithItsLabelsAndPlausibleValues(PgCluster pg) throws Exception {
    pg.awaitStreaming();
    PgNode node = pg.primary();

    Map<String, Family> f = scrape(node, node.monitorOptions());

    assertCommonFamilies(node, f);
    Map<String, String> walsender =
        Map.of(
            "server",
            server(node),
            "application_name",
            PgCluster.REPLICA_APPLICATION_NAME,
            "client_addr",
            "127.0.0.1",
            "state",
            "streaming",
            "slot_name",
            PgCluster.SLOT);
    for (String name : PgStatsCollectorTest.REPLICATION) {
      assertThat(f).as(name).containsKey(name);
      assertThat(f.get(name).type()).isEqualTo("gauge");
      assertThat(f.get(name).samples())
          .as(name)
          .singleElement()
          .satisfies(s -> assertThat(s.labels()).isEqualTo(walsender));
    }
    assertThat(f.get("pg_stat_replication_pg_current_wal_lsn_bytes").value()).isGreaterThan(0);
    assertThat(f.get("pg_stat_replication_pg_wal_lsn_diff").value()).isGreaterThanOrEqualTo(0);
    assertThat(f.get("pg_stat_replication_reply_time").value())
        .isBetween(
            Instant.now().minusSeconds(600).getEpochSecond() * 1.0,
            Instant.now().plusSeconds(5).getEpochSecond() * 1.0);
  }

  @ParameterizedTest(name = "PG {0}")
  @PgMajors
  void replicaHasEveryFamilyButThoseOfWalsendersItDoesNotHave(PgCluster pg) throws Exception {
    pg.awaitStreaming();
    PgNode node = pg.replica();

    Map<String, Family> f = scrape(node, node.monitorOptions());

    assertCommonFamilies(node, f);
    // a standby without cascading standbys has no pg_stat_replication rows
    assertThat(f.keySet()).doesNotContainAnyElementsOf(PgStatsCollectorTest.REPLICATION);
  }

  // ---- values that must move ------------------------------------------------------------------

  @ParameterizedTest(name = "PG {0}")
  @PgMajors
  void xactCommitGrowsAfterTransactions(PgCluster pg) throws Exception {
    PgNode node = pg.primary();
    String oid = node.queryString("select oid from pg_database where datname = 'postgres'");
    double before =
        scrape(node, node.monitorOptions())
            .get("pg_stat_database_xact_commit")
            .value("datid", oid, "datname", "postgres");

    for (int i = 0; i < 5; i++) {
      node.execute("select 1"); // one connection and one committed transaction each
    }

    double after =
        Wait.untilValue(
            "xact_commit of postgres to count 5 more commits",
            AWAIT,
            () ->
                scrape(node, node.monitorOptions())
                    .get("pg_stat_database_xact_commit")
                    .value("datid", oid, "datname", "postgres"),
            v -> v >= before + 5);
    assertThat(after).isGreaterThanOrEqualTo(before + 5);
  }

  @ParameterizedTest(name = "PG {0}")
  @PgMajors
  void walLsnDiffIsPositiveWhileTheReplicaReplayIsPausedAndThePrimaryWrites(PgCluster pg)
      throws Exception {
    pg.awaitStreaming();
    PgNode primary = pg.primary();
    pg.replica().pauseReplay();
    try {
      primary.execute("create table pgstats_lag as select g from generate_series(1, 10000) g");

      double diff =
          Wait.untilValue(
              "pg_wal_lsn_diff > 0 while replay is paused",
              AWAIT,
              () ->
                  scrape(primary, primary.monitorOptions())
                      .get("pg_stat_replication_pg_wal_lsn_diff")
                      .value("application_name", PgCluster.REPLICA_APPLICATION_NAME),
              v -> v > 0);
      // at least the table's heap went through WAL (10000 int rows: > 100 kB)
      assertThat(diff).isGreaterThan(100_000);
    } finally {
      pg.replica().resumeReplay();
      primary.execute("drop table if exists pgstats_lag");
    }
  }

  @ParameterizedTest(name = "PG {0}")
  @PgMajors
  void bgwriterNamesCarryTheValuesOfTheMajorsOwnViews(PgCluster pg) throws Exception {
    PgNode node = pg.primary();
    // client backend writes: a bulk write through a ring of shared buffers (16 MB here) ...
    node.execute(
        "create table pgstats_bulk as select g, repeat('x', 200) as pad"
            + " from generate_series(1, 100000) g");
    node.execute("drop table pgstats_bulk");
    // ... and a requested checkpoint
    node.execute("checkpoint");
    boolean newViews = pg.major() >= 17;
    String source =
        newViews
            ? "select (select num_requested from pg_stat_checkpointer) as req,"
                + " (select buffers_written from pg_stat_checkpointer) as ckpt,"
                // 17 counts write operations of one block each; 18 may write several blocks in one
                // operation, so the exporter (and this check) divides write_bytes by the block size
                + (pg.major() == 17
                    ? " (select sum(writes) from pg_stat_io"
                    : " (select sum(write_bytes) / current_setting('block_size')::numeric from pg_stat_io")
                + "   where backend_type = 'client backend' and object = 'relation') as backend"
            : "select checkpoints_req as req, buffers_checkpoint as ckpt, buffers_backend as backend"
                + " from pg_stat_bgwriter";

    // the statistics are flushed asynchronously: wait until the sampled numbers and the view's
    // own agree and show the work above
    Wait.until(
        "pg_stat_bgwriter_* equal to "
            + (newViews ? "pg_stat_checkpointer/pg_stat_io" : "pg_stat_bgwriter"),
        AWAIT,
        () -> {
          Map<String, Object> direct = node.query(source).get(0);
          Map<String, Family> f = scrape(node, node.monitorOptions());
          double req = f.get("pg_stat_bgwriter_checkpoints_req").value();
          double ckpt = f.get("pg_stat_bgwriter_buffers_checkpoint").value();
          double backend = f.get("pg_stat_bgwriter_buffers_backend").value();
          return req >= 1
              && backend > 0
              && req == number(direct.get("req"))
              && ckpt == number(direct.get("ckpt"))
              && backend == number(direct.get("backend"));
        });
    Map<String, Family> f = scrape(node, node.monitorOptions());
    for (String name : PgStatsCollectorTest.BGWRITER) {
      assertThat(f.get(name).value()).as(name).isGreaterThanOrEqualTo(0);
    }
    assertThat(f.get("pg_stat_bgwriter_buffers_alloc").value()).isGreaterThan(0);
  }

  @ParameterizedTest(name = "PG {0}")
  @PgMajors
  void activityCountsOtherSessionsButNotTheAgentsOwn(PgCluster pg) throws Exception {
    PgNode node = pg.primary();
    String db = "pgstats_activity";
    createDatabaseIfMissing(node, db);
    PgConnectOptions agentOptions = new PgConnectOptions(node.monitorOptions()).setDatabase(db);
    SqlConnection other =
        await(
            PgConnection.connect(
                vertx, new PgConnectOptions(node.superuserOptions()).setDatabase(db)));
    try {
      await(other.query("begin").execute());
      await(other.query("select 1").execute());

      Family maxTx =
          Wait.untilValue(
              "an open transaction older than 0 s",
              AWAIT,
              () -> scrape(node, agentOptions).get("pg_stat_activity_max_tx_duration"),
              fam -> fam.value("datname", db, "state", "idle in transaction") > 0);

      Map<String, Family> f = scrape(node, agentOptions);
      Family count = f.get("pg_stat_activity_count");
      assertThat(count.value("datname", db, "state", "idle in transaction")).isEqualTo(1);
      // the agent's own session is active in this database while it samples, and not counted
      assertThat(count.value("datname", db, "state", "active")).isZero();
      assertThat(count.value("datname", db, "state", "idle")).isZero();
      assertThat(maxTx.value("datname", db, "state", "active")).isZero();
    } finally {
      await(other.close());
    }
  }

  // ---- cost ------------------------------------------------------------------------------------

  /**
   * With 50 more databases a statistics round is still one statement string and a sizes round one
   * statement: counted by the server itself, which logs every statement of a role with {@code
   * log_statement = all}.
   */
  @ParameterizedTest(name = "PG {0}")
  @PgMajors
  void oneRoundTripPerSampleWithFiftyDatabases(PgCluster pg) throws Exception {
    PgNode node = pg.primary();
    String role = "pgstats_counted";
    String password = "pgstats-counted-pw";
    node.execute(
        "do $$ begin"
            + " if not exists (select from pg_roles where rolname = '"
            + role
            + "') then"
            + "   create role "
            + role
            + " login password '"
            + password
            + "' in role pg_monitor;"
            + " end if; end $$;"
            + " alter role "
            + role
            + " set log_statement = 'all'");
    List<String> created = new ArrayList<>();
    try {
      for (int i = 1; i <= 50; i++) {
        String db = "pgstats_many_" + i;
        createDatabaseIfMissing(node, db);
        created.add(db);
      }
      int databases = Integer.parseInt(node.queryString("select count(*) from pg_database"));
      String marker = " " + role + "@postgres LOG:  statement: ";
      long loggedBefore = countLines(node, marker);

      Pool pool = pool(node.options(role, password));
      try {
        PgStatsSnapshot s = null;
        for (int i = 0; i < 3; i++) {
          s = await(new PgStatsSampler(pool, server(node)).sample());
        }
        PgSizesSnapshot sizes = await(new PgSizesSampler(pool, server(node)).sample());

        assertThat(s.reading(StatDatabase.VIEW).orElseThrow()).hasSize(databases);
        assertThat(s.reading(StatActivity.VIEW).orElseThrow())
            .hasSize(databases * StatActivity.STATES.size());
        assertThat(s.reading(Locks.VIEW).orElseThrow()).hasSize(databases * Locks.MODES.size());
        assertThat(sizes.databases()).hasSize(databases);
      } finally {
        await(pool.close());
      }
      long logged =
          Wait.untilValue(
              "4 statements logged for " + role,
              AWAIT,
              () -> countLines(node, marker) - loggedBefore,
              n -> n >= 4);
      assertThat(logged).as("statements sent: 3 statistics rounds + 1 sizes round").isEqualTo(4);
    } finally {
      for (String db : created) {
        node.execute("drop database if exists " + db);
      }
    }
  }

  // ---- sizes -----------------------------------------------------------------------------------

  @ParameterizedTest(name = "PG {0}")
  @PgMajors
  void databaseSizesCoverEveryDatabaseTemplatesIncluded(PgCluster pg) throws Exception {
    for (PgNode node : pg.nodes()) {
      Map<String, Family> f = scrape(node, node.monitorOptions());
      Family size = f.get("pg_database_size_bytes");
      assertThat(size).as("pg_database_size_bytes on %s", node.name()).isNotNull();
      assertThat(size.type()).isEqualTo("gauge");
      Set<String> names = new TreeSet<>();
      for (Map<String, Object> r : node.query("select datname from pg_database")) {
        names.add((String) r.get("datname"));
      }
      assertThat(size.samples())
          .extracting(s -> s.labels().get("datname"))
          .containsExactlyInAnyOrderElementsOf(names);
      assertThat(size.samples())
          .allSatisfy(
              s -> {
                assertThat(s.labels().keySet()).containsExactlyInAnyOrder("server", "datname");
                assertThat(s.labels().get("server")).isEqualTo(server(node));
                assertThat(s.value())
                    .isGreaterThan(1_000_000); // every database has its catalog, MBs
              });
      // template0 never changes: the sampled size is exactly the function's answer
      assertThat(size.value("datname", "template0"))
          .isEqualTo(
              number(node.query("select pg_database_size('template0') as s").get(0).get("s")));
    }
  }

  // ---- helpers ---------------------------------------------------------------------------------

  static void assertCommonFamilies(PgNode node, Map<String, Family> f) {
    String server = server(node);
    Map<String, String> datidByName = new java.util.TreeMap<>();
    for (Map<String, Object> r : node.query("select oid::text as oid, datname from pg_database")) {
      datidByName.put((String) r.get("datname"), (String) r.get("oid"));
    }

    for (String name : List.of("pg_stat_activity_count", "pg_stat_activity_max_tx_duration")) {
      Family fam = f.get(name);
      assertThat(fam).as(name).isNotNull();
      assertThat(fam.type()).isEqualTo("gauge");
      assertThat(fam.samples()).hasSize(datidByName.size() * StatActivity.STATES.size());
      for (String db : datidByName.keySet()) {
        for (String state : StatActivity.STATES) {
          assertThat(fam.find("server", server, "datname", db, "state", state))
              .as("%s{datname=%s,state=%s}", name, db, state)
              .isPresent()
              .get()
              .satisfies(s -> assertThat(s.value()).isGreaterThanOrEqualTo(0));
        }
      }
    }
    for (String name :
        List.of("pg_stat_archiver_archived_count", "pg_stat_archiver_failed_count")) {
      assertSingle(f, name, server);
    }
    for (String name : PgStatsCollectorTest.BGWRITER) {
      assertSingle(f, name, server);
    }
    assertThat(f.get("pg_stat_bgwriter_stats_reset").value())
        .as("stats_reset is a plausible epoch")
        .isGreaterThan(1.6e9);

    List<String> perDatabase = new ArrayList<>();
    perDatabase.add("pg_stat_database_numbackends");
    perDatabase.addAll(PgStatsCollectorTest.DATABASE_COUNTERS);
    perDatabase.addAll(PgStatsCollectorTest.CONFLICT_COUNTERS);
    for (String name : perDatabase) {
      Family fam = f.get(name);
      assertThat(fam).as(name).isNotNull();
      assertThat(fam.type()).as(name).isEqualTo(name.endsWith("numbackends") ? "gauge" : "untyped");
      assertThat(fam.samples()).as(name).hasSize(datidByName.size());
      datidByName.forEach(
          (db, oid) ->
              assertThat(fam.value("server", server, "datid", oid, "datname", db))
                  .as("%s{datname=%s}", name, db)
                  .isGreaterThanOrEqualTo(0));
    }
    // the sampler's own connection is a backend of database postgres
    assertThat(f.get("pg_stat_database_numbackends").value("datname", "postgres"))
        .isGreaterThanOrEqualTo(1);
    assertThat(f.get("pg_stat_database_xact_commit").value("datname", "postgres")).isGreaterThan(0);
    assertThat(f.get("pg_stat_database_blks_hit").value("datname", "postgres")).isGreaterThan(0);
  }

  static void assertSingle(Map<String, Family> f, String name, String server) {
    assertThat(f).as(name).containsKey(name);
    assertThat(f.get(name).type()).as(name).isEqualTo("untyped");
    assertThat(f.get(name).samples())
        .as(name)
        .singleElement()
        .satisfies(
            s -> {
              assertThat(s.labels()).isEqualTo(Map.of("server", server));
              assertThat(s.value()).isGreaterThanOrEqualTo(0);
            });
  }

  /** Samples both samplers once on {@code options} and scrapes a real registry fed by them. */
  static Map<String, Family> scrape(PgNode node, PgConnectOptions options) throws Exception {
    Pool pool = pool(options);
    try {
      LatestSample<PgStatsSnapshot> stats = new LatestSample<>(PgStatsSampler.NAME);
      LatestSample<PgSizesSnapshot> sizes = new LatestSample<>(PgSizesSampler.NAME);
      stats.set(
          Sample.ok(
              PgStatsSampler.NAME,
              await(new PgStatsSampler(pool, server(node)).sample()),
              Instant.now(),
              Duration.ZERO));
      sizes.set(
          Sample.ok(
              PgSizesSampler.NAME,
              await(new PgSizesSampler(pool, server(node)).sample()),
              Instant.now(),
              Duration.ZERO));
      PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
      registry.getPrometheusRegistry().register(new PgStatsCollector(stats));
      registry.getPrometheusRegistry().register(new PgSizesCollector(sizes));
      return Exposition.parse(registry.scrape()).families();
    } finally {
      await(pool.close());
    }
  }

  static Pool pool(PgConnectOptions options) {
    return PgBuilder.pool()
        .with(new PoolOptions().setMaxSize(1))
        .connectingTo(options)
        .using(vertx)
        .build();
  }

  static String server(PgNode node) {
    return node.host() + ":" + node.port();
  }

  static void createDatabaseIfMissing(PgNode node, String db) {
    if (node.queryString("select 1 from pg_database where datname = '" + db + "'") == null) {
      // FILE_COPY (15+; the only strategy before) copies the template's files instead of
      // WAL-logging them block by block, which the replica would have to replay: seconds, not
      // minutes
      node.execute(
          "create database " + db + (node.cluster().major() >= 15 ? " strategy file_copy" : ""));
    }
  }

  static long countLines(PgNode node, String marker) throws IOException {
    try (var lines = Files.lines(node.logFile(), StandardCharsets.ISO_8859_1)) {
      return lines.filter(l -> l.contains(marker)).count();
    }
  }

  static double number(Object o) {
    return o == null ? 0 : Double.parseDouble(o.toString());
  }

  static <T> T await(Future<T> f) throws Exception {
    return f.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
  }
}
