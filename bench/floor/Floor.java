package floor;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import io.vertx.sqlclient.Row;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import oshi.SystemInfo;
import oshi.hardware.GlobalMemory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The floor of pgvitals' stack (docs/benchmarks.md, section 3): the smallest sidecar built from the
 * same libraries, to measure what the stack itself holds in memory before any of the agent's own
 * features. It runs as {@code bin/pgvitals agent --listen HOST:PORT --data-path PATH} does (built by
 * bench/floor.sh, measured by bench/footprint.sh) and does only this:
 *
 * <ul>
 *   <li>logs through slf4j/logback, configured by the agent's own logback Configurator (the
 *       pgvitals jar is on the class path);
 *   <li>a Vert.x HTTP server answering {@code GET /metrics} with a Micrometer Prometheus registry's
 *       text, 404 otherwise; the JVM memory and class-loading binders are registered because
 *       footprint.sh reads them ({@code jvm_memory_committed_bytes}, {@code jvm_classes_loaded_classes})
 *       and the agent registers them too;
 *   <li>a vertx-pg-client pool of one connection to {@code DATABASE_URL}, sampling database sizes every
 *       5 s into {@code pg_database_size_bytes{datname}};
 *   <li>OSHI's memory reading every 5 s on a worker into {@code node_memory_MemAvailable_bytes} and
 *       {@code node_memory_MemTotal_bytes}.
 * </ul>
 *
 * --data-path and unknown arguments are accepted and ignored.
 */
public final class Floor {
  private static final Logger log = LoggerFactory.getLogger(Floor.class);
  private static final String SIZES =
      "SELECT datname, pg_database_size(oid) FROM pg_database WHERE datallowconn";
  private static final long PERIOD_MS = 5000;

  private static final PrometheusMeterRegistry registry =
      new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private static final MultiGauge databaseSize =
      MultiGauge.builder("pg.database.size").baseUnit("bytes").register(registry);
  private static final AtomicLong memAvailable = new AtomicLong();
  private static final AtomicLong memTotal = new AtomicLong();
  /** The last sample of database sizes, by name; replaced whole, never changed. */
  private static volatile Map<String, Long> sizes = Map.of();

  public static void main(String[] args) {
    String listen = listenArgument(args);
    int colon = listen.lastIndexOf(':');
    String host = listen.substring(0, colon).replace("[", "").replace("]", "");
    int port = Integer.parseInt(listen.substring(colon + 1));

    new JvmMemoryMetrics().bindTo(registry);
    new ClassLoaderMetrics().bindTo(registry);
    Gauge.builder("node.memory.MemAvailable", memAvailable, AtomicLong::get)
        .baseUnit("bytes").strongReference(true).register(registry);
    Gauge.builder("node.memory.MemTotal", memTotal, AtomicLong::get)
        .baseUnit("bytes").strongReference(true).register(registry);

    Vertx vertx = Vertx.vertx();
    String url = System.getenv("DATABASE_URL");
    if (url != null && !url.isBlank()) {
      Pool pool = PgBuilder.pool()
          .with(new PoolOptions().setMaxSize(1))
          .connectingTo(PgConnectOptions.fromUri(url))
          .using(vertx)
          .build();
      vertx.setPeriodic(0, PERIOD_MS, id -> pool.query(SIZES).execute()
          .onSuccess(rows -> {
            Map<String, Long> next = new HashMap<>();
            for (Row row : rows) next.put(row.getString(0), row.getLong(1));
            sizes = Map.copyOf(next);
            databaseSize.register(sizes.entrySet().stream()
                .map(e -> MultiGauge.Row.of(Tags.of("datname", e.getKey()), e.getValue()))
                .collect(Collectors.toList()), true);
          })
          .onFailure(e -> log.warn("database sizes: {}", e.getMessage())));
    }

    SystemInfo systemInfo = new SystemInfo();
    vertx.setPeriodic(0, PERIOD_MS, id -> vertx.executeBlocking(() -> {
          GlobalMemory memory = systemInfo.getHardware().getMemory();
          return new long[] {memory.getAvailable(), memory.getTotal()};
        })
        .onSuccess(m -> { memAvailable.set(m[0]); memTotal.set(m[1]); })
        .onFailure(e -> log.warn("memory: {}", e.getMessage())));

    vertx.createHttpServer()
        .requestHandler(req -> {
          if (req.method() == HttpMethod.GET && "/metrics".equals(req.path())) {
            req.response()
                .putHeader("content-type", "text/plain; version=0.0.4; charset=utf-8")
                .end(registry.scrape());
          } else {
            req.response().setStatusCode(404).end();
          }
        })
        .listen(port, host)
        .onSuccess(s -> log.info("floor listening on {}:{}", host, s.actualPort()))
        .onFailure(e -> {
          log.error("cannot listen on {}: {}", listen, e.getMessage());
          System.exit(1);
        });
  }

  /** --listen HOST:PORT (or --listen=HOST:PORT); everything else is ignored. */
  private static String listenArgument(String[] args) {
    String listen = "127.0.0.1:9187";
    for (int i = 0; i < args.length; i++) {
      if (args[i].equals("--listen") && i + 1 < args.length) listen = args[++i];
      else if (args[i].startsWith("--listen=")) listen = args[i].substring("--listen=".length());
    }
    return listen;
  }
}
