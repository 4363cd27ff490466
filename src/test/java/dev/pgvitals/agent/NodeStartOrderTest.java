package dev.pgvitals.agent;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pgvitals.config.AgentConfig;
import dev.pgvitals.config.ListenAddress;
import dev.pgvitals.postgres.PgConfig;
import dev.pgvitals.sample.SamplerVerticle;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The samplers' declared start order, without PostgreSQL: a deployer that records what it is asked
 * to start and completes each start when the test says so.
 */
class NodeStartOrderTest {

  final Vertx vertx = Vertx.vertx();
  Node node;

  @AfterEach
  void close() throws Exception {
    if (node != null) {
      node.close().await(10, TimeUnit.SECONDS);
    }
    vertx.close().await(10, TimeUnit.SECONDS);
  }

  static AgentConfig config() {
    // nothing listens on port 1: no sampler is run here, the pools are only built
    return AgentConfig.builder()
        .listen(new ListenAddress("127.0.0.1", 0))
        .dataPath("/")
        .procRoot(Path.of("src/test/resources/agent/passing").toAbsolutePath().toString())
        .pg(PgConfig.defaults().withPgUrl("postgres://pgvitals@127.0.0.1:1/postgres"))
        .build();
  }

  @Test
  void eachSamplerStartsOnceWhatItReadsHasItsFirstSample() {
    node = Node.create(config(), vertx, Clock.systemUTC());
    List<String> started = new CopyOnWriteArrayList<>();
    Map<String, Promise<String>> pending = new ConcurrentHashMap<>();
    Future<Void> all =
        node.deploy(
            v -> {
              String name = name(v);
              if (name.equals("process")) {
                return Future.succeededFuture(
                    "id"); // the agent's own process_* families: no order to keep
              }
              started.add(name);
              Promise<String> p = Promise.promise();
              pending.put(name, p);
              return p.future();
            });
    // the data path is given, so host does not wait for pg_fast: both start at once
    assertThat(started).containsExactlyInAnyOrder("host", "pg_fast");
    pending.get("pg_fast").complete("id");
    // pg_leader reads pg_fast's sample; the risk suite's pg_health starts behind it too
    assertThat(started).containsExactlyInAnyOrder("host", "pg_fast", "pg_leader", "pg_health");
    pending.get("pg_leader").complete("id");
    assertThat(started).endsWith("pg_stats");
    pending.get("pg_stats").complete("id");
    pending.get("pg_sizes").complete("id");
    assertThat(started).endsWith("pg_catalog");
    assertThat(all.isComplete()).isFalse();
    pending.get("host").complete("id");
    pending.get("pg_health").complete("id");
    pending.get("pg_catalog").complete("id");
    assertThat(all.succeeded()).isTrue();
  }

  @Test
  void aFailedStartDoesNotHoldBackTheOthers() {
    node = Node.create(config(), vertx, Clock.systemUTC());
    List<String> started = new CopyOnWriteArrayList<>();
    Future<Void> all =
        node.deploy(
            v -> {
              if (name(v).equals("process")) {
                return Future.succeededFuture("id");
              }
              started.add(name(v));
              return name(v).equals("pg_fast")
                  ? Future.failedFuture("refused")
                  : Future.succeededFuture("id");
            });
    assertThat(started)
        .containsExactlyInAnyOrder(
            "host", "pg_fast", "pg_leader", "pg_stats", "pg_sizes", "pg_catalog", "pg_health");
    assertThat(all.isComplete()).isTrue();
  }

  @Test
  void scriptModeSamplesOnlyWhatTheSuitesRead() throws Exception {
    node = Node.create(config(), vertx, Clock.systemUTC());
    node.sampleOnce().await(30, TimeUnit.SECONDS);
    assertThat(node.host().get()).isPresent();
    assertThat(node.pg().orElseThrow().fast().get()).isPresent();
    assertThat(node.pg().orElseThrow().leader().get()).isPresent();
    assertThat(node.catalog().orElseThrow().get()).as("pg_catalog is read by no suite").isEmpty();
  }

  private static String name(SamplerVerticle<?> v) {
    return v.samplerName();
  }
}
