package dev.pgvitals.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * docker/compose.yml without a Docker engine: everything it builds from or mounts exists in the
 * repository, and the services point at each other consistently (agents at their PostgreSQL,
 * Prometheus at the agents and at the rules, Grafana at the dashboards and at Prometheus).
 */
class ComposeFileTest {

  private static final Path DOCKER = RepoFiles.resolve("docker");
  private static final Map<String, Object> COMPOSE = Yaml.load(DOCKER.resolve("compose.yml"));
  private static final Map<String, Object> SERVICES = Yaml.map(COMPOSE, "services");

  /** A short-syntax volume: {@code source:target[:mode]}. */
  record Mount(String source, String target, boolean readOnly) {
    boolean isBind() {
      return source.startsWith(".") || source.startsWith("/");
    }

    Path hostPath() {
      return DOCKER.resolve(source).normalize();
    }
  }

  private static Map<String, Object> service(String name) {
    return Yaml.map(SERVICES, name);
  }

  private static List<Mount> mounts(String service) {
    List<Mount> out = new ArrayList<>();
    for (Object v : Yaml.listOrEmpty(service(service), "volumes")) {
      String[] parts = String.valueOf(v).split(":");
      assertThat(parts.length).as(service + " volume " + v).isBetween(2, 3);
      out.add(new Mount(parts[0], parts[1], parts.length == 3 && parts[2].equals("ro")));
    }
    return out;
  }

  private static Map<String, Object> env(String service) {
    return Yaml.map(service(service), "environment");
  }

  /** The host file behind a path inside a service's container, through its bind mounts. */
  private static Optional<Path> hostPathOf(String service, String containerPath) {
    Mount best = null;
    for (Mount m : mounts(service)) {
      if (m.isBind()
          && (containerPath.equals(m.target()) || containerPath.startsWith(m.target() + "/"))
          && (best == null || m.target().length() > best.target().length())) {
        best = m;
      }
    }
    if (best == null) {
      return Optional.empty();
    }
    String rest = containerPath.substring(best.target().length()).replaceFirst("^/", "");
    return Optional.of(
        rest.isEmpty() ? best.hostPath() : best.hostPath().resolve(rest).normalize());
  }

  private static Set<String> pgvitalsServices() {
    Set<String> out = new TreeSet<>();
    SERVICES.keySet().stream().filter(s -> s.startsWith("pgvitals-")).forEach(out::add);
    return out;
  }

  @Test
  void runsAPrimaryAReplicaAnAgentPerNodePrometheusAndGrafana() {
    assertThat(SERVICES)
        .containsOnlyKeys(
            "pg-primary",
            "pg-replica",
            "pgvitals-primary",
            "pgvitals-replica",
            "prometheus",
            "grafana");
    assertThat(Yaml.string(service("pg-primary"), "image")).startsWith("postgres:");
    assertThat(Yaml.string(service("pg-replica"), "image"))
        .isEqualTo(Yaml.string(service("pg-primary"), "image"));
  }

  @Test
  void everyBuildContextAndDockerfileExists() {
    for (String name : pgvitalsServices()) {
      Map<String, Object> build = Yaml.map(service(name), "build");
      Path context = DOCKER.resolve(Yaml.string(build, "context")).normalize();
      assertThat(context).as(name + " build context").isEqualTo(RepoFiles.root());
      assertThat(context.resolve(Yaml.string(build, "dockerfile")))
          .as(name + " dockerfile")
          .isRegularFile();
    }
  }

  @Test
  void everyBindMountedFileOrDirectoryExistsAndEveryNamedVolumeIsDeclared() {
    Set<String> declared = Yaml.map(COMPOSE, "volumes").keySet();
    for (String name : SERVICES.keySet()) {
      for (Mount m : mounts(name)) {
        if (m.isBind()) {
          assertThat(Files.exists(m.hostPath()))
              .as(name + " mounts " + m.source() + " (" + m.hostPath() + ")")
              .isTrue();
          assertThat(m.hostPath().startsWith(RepoFiles.root()))
              .as(name + " mounts outside the repository: " + m.source())
              .isTrue();
        } else {
          assertThat(declared).as(name + " named volume").contains(m.source());
        }
      }
    }
  }

  @Test
  void mountedScriptsAreExecutable() {
    assertThat(Files.isExecutable(DOCKER.resolve("replica-entrypoint.sh"))).isTrue();
    try (var scripts = Files.list(DOCKER.resolve("initdb"))) {
      assertThat(scripts.toList())
          .isNotEmpty()
          .allSatisfy(p -> assertThat(Files.isExecutable(p)).as(p.toString()).isTrue());
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    assertThat(hostPathOf("pg-replica", "/usr/local/bin/replica-entrypoint.sh"))
        .contains(DOCKER.resolve("replica-entrypoint.sh"));
    assertThat(Yaml.list(service("pg-replica"), "entrypoint"))
        .containsExactly("/usr/local/bin/replica-entrypoint.sh");
  }

  @Test
  void dependsOnNamesExistingServices() {
    for (String name : SERVICES.keySet()) {
      Object deps = service(name).get("depends_on");
      Iterable<?> names =
          deps instanceof Map<?, ?> m
              ? m.keySet()
              : deps == null ? List.of() : Yaml.list(deps, name);
      for (Object dep : names) {
        assertThat(SERVICES).as(name + " depends_on").containsKey(String.valueOf(dep));
      }
    }
  }

  @Test
  void eachAgentWatchesItsOwnNodeAndThatNodesDataVolume() {
    assertThat(pgvitalsServices()).containsExactly("pgvitals-primary", "pgvitals-replica");
    for (String agent : pgvitalsServices()) {
      String node = "pg-" + agent.substring("pgvitals-".length());
      URI url = URI.create(Yaml.string(env(agent), "DATABASE_URL"));
      assertThat(url.getScheme()).isEqualTo("postgres");
      assertThat(url.getHost()).as(agent + " DATABASE_URL host").isEqualTo(node);
      assertThat(url.getPort()).isEqualTo(5432);
      assertThat(url.getUserInfo()).startsWith("pgvitals:");
      assertThat(Yaml.string(env(agent), "PGVITALS_LISTEN")).isEqualTo("0.0.0.0:5500");

      String dataPath = Yaml.string(env(agent), "PGVITALS_DATA_PATH").replaceFirst("/$", "");
      Mount data =
          mounts(agent).stream()
              .filter(m -> m.target().equals(dataPath))
              .findFirst()
              .orElseThrow(
                  () -> new AssertionError(agent + " does not mount its data path " + dataPath));
      assertThat(data.readOnly()).as(agent + " data mount is read-only").isTrue();
      String nodeVolume =
          mounts(node).stream()
              .filter(m -> m.target().equals("/var/lib/postgresql/data"))
              .findFirst()
              .orElseThrow()
              .source();
      assertThat(data.source()).as(agent + " data volume").isEqualTo(nodeVolume);
    }
  }

  @Test
  void thePrimaryCreatesTheReplicationUserSlotAndTheAgentsLogin() throws java.io.IOException {
    assertThat(mounts("pg-primary"))
        .anySatisfy(
            m -> {
              assertThat(m.target()).isEqualTo("/docker-entrypoint-initdb.d");
              assertThat(m.hostPath()).isEqualTo(DOCKER.resolve("initdb"));
            });
    String init = Files.readString(DOCKER.resolve("initdb/10-pgvitals.sh"));
    assertThat(init)
        .contains(
            "REPLICATION",
            "pg_create_physical_replication_slot",
            "GRANT pg_monitor TO pgvitals",
            "host replication replicator");
    assertThat(Yaml.string(env("pg-replica"), "REPLICATION_SLOT"))
        .isEqualTo(Yaml.string(env("pg-primary"), "REPLICATION_SLOT"));
    assertThat(Yaml.string(env("pg-replica"), "REPLICATION_PASSWORD"))
        .isEqualTo(Yaml.string(env("pg-primary"), "REPLICATION_PASSWORD"));
    assertThat(Yaml.string(env("pg-replica"), "PRIMARY_HOST")).isEqualTo("pg-primary");
    for (String agent : pgvitalsServices()) {
      String password =
          URI.create(Yaml.string(env(agent), "DATABASE_URL")).getUserInfo().split(":", 2)[1];
      assertThat(password).isEqualTo(Yaml.string(env("pg-primary"), "PGVITALS_PASSWORD"));
    }
  }

  @Test
  void prometheusScrapesEveryAgentAndLoadsTheRulesFromTheRepository() {
    Path configHost = hostPathOf("prometheus", "/etc/prometheus/prometheus.yml").orElseThrow();
    assertThat(configHost).isEqualTo(DOCKER.resolve("prometheus.yml"));
    assertThat(Yaml.list(service("prometheus"), "command"))
        .contains("--config.file=/etc/prometheus/prometheus.yml");
    Map<String, Object> config = Yaml.load(configHost);

    for (Object rf : Yaml.list(config, "rule_files")) {
      String inContainer =
          Path.of("/etc/prometheus").resolve(String.valueOf(rf)).normalize().toString();
      Path host =
          hostPathOf("prometheus", inContainer)
              .orElseThrow(
                  () -> new AssertionError("rule file " + inContainer + " is not mounted"));
      assertThat(host)
          .as("rule file %s in the container", inContainer)
          .isEqualTo(RepoFiles.resolve("alerts/pgvitals.rules.yml"));
      assertThat(DOCKER.resolve(String.valueOf(rf)).normalize())
          .as("rule file %s from the repository", rf)
          .isEqualTo(host);
    }

    Set<String> targets = new TreeSet<>();
    for (Object sc : Yaml.list(config, "scrape_configs")) {
      Map<String, Object> scrape = Yaml.map(sc, "scrape_config");
      assertThat(Yaml.string(scrape, "job_name"))
          .as("PgvitalsAgentDown watches jobs named pgvitals*")
          .startsWith("pgvitals");
      for (Object st : Yaml.list(scrape, "static_configs")) {
        Yaml.list(Yaml.map(st, "static_config"), "targets")
            .forEach(t -> targets.add(String.valueOf(t)));
      }
    }
    Set<String> expected = new TreeSet<>();
    pgvitalsServices().forEach(s -> expected.add(s + ":5500"));
    assertThat(targets).isEqualTo(expected);
  }

  @Test
  void grafanaProvisionsTheDashboardsAndAPrometheusDatasourceFromTheRepository() {
    Path provisioning = hostPathOf("grafana", "/etc/grafana/provisioning").orElseThrow();
    assertThat(provisioning).isEqualTo(RepoFiles.resolve("dashboards/provisioning"));

    Map<String, Object> providers = Yaml.load(provisioning.resolve("dashboards/pgvitals.yml"));
    Map<String, Object> provider = Yaml.map(Yaml.list(providers, "providers").get(0), "provider");
    assertThat(Yaml.string(provider, "type")).isEqualTo("file");
    String path = Yaml.string(Yaml.map(provider, "options"), "path");
    Path dashboards =
        hostPathOf("grafana", path)
            .orElseThrow(() -> new AssertionError("provider path " + path + " is not mounted"));
    assertThat(dashboards).isEqualTo(RepoFiles.resolve("dashboards"));
    assertThat(DashboardExpressions.dashboardFiles(dashboards)).hasSize(3);
    String home = Yaml.string(env("grafana"), "GF_DASHBOARDS_DEFAULT_HOME_DASHBOARD_PATH");
    assertThat(hostPathOf("grafana", home)).hasValueSatisfying(p -> assertThat(p).isRegularFile());

    Map<String, Object> datasources = Yaml.load(provisioning.resolve("datasources/prometheus.yml"));
    Map<String, Object> ds = Yaml.map(Yaml.list(datasources, "datasources").get(0), "datasource");
    assertThat(Yaml.string(ds, "type")).isEqualTo("prometheus");
    URI url = URI.create(Yaml.string(ds, "url"));
    assertThat(SERVICES).containsKey(url.getHost());
    assertThat(url.getPort()).isEqualTo(9090);
  }
}
