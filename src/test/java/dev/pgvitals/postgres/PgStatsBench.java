package dev.pgvitals.postgres;

import dev.pgvitals.sample.LatestSample;
import dev.pgvitals.sample.Sample;
import dev.pgvitals.testpg.PgCluster;
import dev.pgvitals.testpg.PgNode;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgBuilder;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;

/**
 * Cost of the PostgreSQL statistics samplers and of building their part of {@code /metrics}, on a
 * throw-away harness cluster of one major with 10 and with 500 databases. Not a test: run it with
 * {@code bench/pgstats-bench.sh [major] [database counts] [scrapes]}; figures go to
 * docs/benchmarks-postgres.md.
 *
 * <p>Per database count it prints: the statements and round trips of one sampling round (fixed by
 * construction; {@code PgStatsOnRealPostgresTest} proves it from the server's statement log), the
 * PostgreSQL CPU of the sampler's backend per round ({@code /proc/<backend pid>/stat}, utime +
 * stime over 100 rounds), the wall time per round, the series count and exposition size, and for
 * {@code scrapes} scrapes of a real {@link PrometheusMeterRegistry} holding the two collectors:
 * p50/p99/max wall time and the scraping thread's CPU per scrape, plus the one-off cost of building
 * the families from a new sample.
 */
public final class PgStatsBench {

  private static final long CLOCK_TICKS_PER_SECOND = 100; // USER_HZ on Linux
  private static final int ROUNDS = 100;

  public static void main(String[] args) throws Exception {
    int major = args.length > 0 ? Integer.parseInt(args[0]) : 18;
    int[] counts =
        Arrays.stream((args.length > 1 ? args[1] : "10,500").split(","))
            .mapToInt(Integer::parseInt)
            .sorted()
            .toArray();
    int scrapes = args.length > 2 ? Integer.parseInt(args[2]) : 1000;

    Vertx vertx = Vertx.vertx();
    try (PgCluster pg = PgCluster.start(major)) {
      PgNode node = pg.primary();
      System.out.printf(
          "PostgreSQL %s (%s), %d scrapes per point, %d sampling rounds per point%n",
          pg.version(), node.queryString("select version()"), scrapes, ROUNDS);
      int created = 0;
      for (int target : counts) {
        long t0 = System.nanoTime();
        while (created < target) {
          created++;
          node.execute(
              "create database bench_" + created + (major >= 15 ? " strategy file_copy" : ""));
        }
        int databases = Integer.parseInt(node.queryString("select count(*) from pg_database"));
        System.out.printf(
            "%n== %d user databases (%d with templates and postgres; created in %d s)%n",
            target, databases, TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - t0));
        run(vertx, node, scrapes);
      }
    } finally {
      vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }
    System.exit(
        0); // the harness's own Vert.x threads would keep the JVM alive; its shutdown hook cleans
    // up
  }

  private static void run(Vertx vertx, PgNode node, int scrapes) throws Exception {
    String server = node.host() + ":" + node.port();
    Pool pool =
        PgBuilder.pool()
            .with(new PoolOptions().setMaxSize(1))
            .connectingTo(node.monitorOptions())
            .using(vertx)
            .build();
    try {
      // the pool's only connection is the sampler's backend
      long pid =
          Long.parseLong(
              await(pool.query("select pg_backend_pid()").execute())
                  .iterator()
                  .next()
                  .getValue(0)
                  .toString());
      PgStatsSampler stats = new PgStatsSampler(pool, server);
      PgSizesSampler sizes = new PgSizesSampler(pool, server);
      for (int i = 0; i < 5; i++) {
        await(stats.sample());
      }
      long cpu0 = backendCpuTicks(pid);
      long w0 = System.nanoTime();
      PgStatsSnapshot s = null;
      for (int i = 0; i < ROUNDS; i++) {
        s = await(stats.sample());
      }
      long wall = System.nanoTime() - w0;
      long cpu = backendCpuTicks(pid) - cpu0;
      long z0 = System.nanoTime();
      long zcpu0 = backendCpuTicks(pid);
      PgSizesSnapshot z = null;
      for (int i = 0; i < 10; i++) {
        z = await(sizes.sample());
      }
      long zwall = System.nanoTime() - z0;
      long zcpu = backendCpuTicks(pid) - zcpu0;

      String sql = PgStatsSampler.sql(s.majorVersion());
      System.out.printf(
          "pg_stats round: 1 round trip, %d statements; PostgreSQL backend CPU %.2f ms/round;"
              + " wall %.2f ms/round%n",
          sql.split(";\n").length, ticksToMillis(cpu) / ROUNDS, wall / 1e6 / ROUNDS);
      System.out.printf(
          "pg_sizes round: 1 round trip, 1 statement; PostgreSQL backend CPU %.2f ms/round;"
              + " wall %.2f ms/round%n",
          ticksToMillis(zcpu) / 10, zwall / 1e6 / 10);

      LatestSample<PgStatsSnapshot> latestStats = new LatestSample<>(PgStatsSampler.NAME);
      LatestSample<PgSizesSnapshot> latestSizes = new LatestSample<>(PgSizesSampler.NAME);
      latestStats.set(Sample.ok(PgStatsSampler.NAME, s, Instant.now(), Duration.ZERO));
      latestSizes.set(Sample.ok(PgSizesSampler.NAME, z, Instant.now(), Duration.ZERO));
      PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
      registry.getPrometheusRegistry().register(new PgStatsCollector(latestStats));
      registry.getPrometheusRegistry().register(new PgSizesCollector(latestSizes));

      String text = registry.scrape();
      long series = text.lines().filter(l -> !l.startsWith("#") && !l.isEmpty()).count();
      System.out.printf("exposition: %d series, %d bytes%n", series, text.length());

      ThreadMXBean threads = ManagementFactory.getThreadMXBean();
      for (int i = 0; i < 200; i++) { // warm-up
        registry.scrape();
        PgStatsCollector.snapshots(s);
      }
      long b0 = threads.getCurrentThreadCpuTime();
      int builds = 200;
      for (int i = 0; i < builds; i++) {
        PgStatsCollector.snapshots(s);
        PgSizesCollector.snapshots(z);
      }
      double buildMs = (threads.getCurrentThreadCpuTime() - b0) / 1e6 / builds;

      long[] took = new long[scrapes];
      long c0 = threads.getCurrentThreadCpuTime();
      for (int i = 0; i < scrapes; i++) {
        long t = System.nanoTime();
        registry.scrape();
        took[i] = System.nanoTime() - t;
      }
      double cpuPerScrape = (threads.getCurrentThreadCpuTime() - c0) / 1e6 / scrapes;
      Arrays.sort(took);
      System.out.printf(
          "scrape (families already built): p50 %.2f ms, p99 %.2f ms, max %.2f ms;"
              + " CPU %.2f ms/scrape%n",
          took[scrapes / 2] / 1e6,
          took[(int) Math.ceil(scrapes * 0.99) - 1] / 1e6,
          took[scrapes - 1] / 1e6,
          cpuPerScrape);
      System.out.printf(
          "building the families from a new sample (once per sample): %.2f ms CPU%n", buildMs);
    } finally {
      await(pool.close());
    }
  }

  private static long backendCpuTicks(long pid) throws Exception {
    String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
    // fields after the command name, which is in parentheses and may contain spaces
    String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
    return Long.parseLong(f[11]) + Long.parseLong(f[12]); // utime, stime (fields 14, 15)
  }

  private static double ticksToMillis(long ticks) {
    return ticks * 1000.0 / CLOCK_TICKS_PER_SECOND;
  }

  private static <T> T await(Future<T> f) throws Exception {
    return f.toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
  }
}
