package dev.pgvitals.ops;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pgvitals.host.DiskStats;
import dev.pgvitals.host.FileSystems;
import dev.pgvitals.host.HostCollector;
import dev.pgvitals.host.HostSampler;
import dev.pgvitals.host.HostSnapshot;
import dev.pgvitals.host.OshiHostHardware;
import dev.pgvitals.host.ProcFs;
import dev.pgvitals.metrics.Exposition;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.vertx.core.Vertx;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

/**
 * pgvitals' host families next to Debian's node_exporter (package {@code prometheus-node-exporter},
 * 1.5) on the machine running the tests: the same families, HELP, TYPE and series (label values
 * included), and values that agree within the time between two pgvitals readings taken before and
 * after node_exporter's scrape. node_exporter runs with upstream's default exclusions, which
 * Debian's package changes (see docs/host-metrics.md). Skipped without the package, failed without
 * it under CI.
 */
@EnabledOnOs(OS.LINUX)
class NodeExporterSideBySideTest {

  /** The node_exporter collectors whose families pgvitals replaces. */
  private static final List<String> COLLECTORS =
      List.of(
          "cpu",
          "stat",
          "meminfo",
          "filesystem",
          "diskstats",
          "netdev",
          "netclass",
          "vmstat",
          "uname",
          "time",
          "os",
          "pressure",
          "loadavg");

  /**
   * Families compared (node_exporter 1.5 has no irq pressure and no node_os_version below this
   * kernel).
   */
  private static final Pattern COMPARED =
      Pattern.compile(
          "node_(load(1|5|15)|boot_time_seconds"
              + "|context_switches_total|intr_total|forks_total|procs_(running|blocked)|cpu_(guest_)?seconds_total"
              + "|memory_.*|filesystem_.*|disk_(reads|writes|read|write|written|io|discard|flush).*|network_.*"
              + "|vmstat_.*|pressure_(cpu|io|memory)_.*|os_info|os_version|uname_info|time_seconds)");

  /** Families whose values may not change between two readings a second apart. */
  private static final Pattern STATIC =
      Pattern.compile(
          "node_(boot_time_seconds|memory_(MemTotal|SwapTotal"
              + "|Hugepagesize|HugePages_Total|VmallocTotal|CmaTotal|DirectMap.*)_bytes|memory_HugePages_Total"
              + "|filesystem_(size_bytes|files|readonly|device_error)|network_(info|up|mtu_bytes|speed_bytes|flags"
              + "|iface_.*|protocol_type|address_assign_type|device_id|transmit_queue_length|net_dev_group)"
              + "|os_info|os_version|uname_info)");

  private static Process exporter;
  private static Vertx vertx;
  private static Exposition before;
  private static Exposition theirs;
  private static Exposition after;

  @BeforeAll
  static void readBoth() throws Exception {
    Path binary =
        ExternalTool.require(
            "prometheus-node-exporter", "apt-get install -y prometheus-node-exporter");
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    List<String> command =
        new ArrayList<>(
            List.of(
                binary.toString(),
                "--web.listen-address=127.0.0.1:" + port,
                "--collector.disable-defaults",
                "--collector.netclass.ignore-invalid-speed",
                // Debian patches its defaults (mount points below /run, /mnt and /media, and the
                // netdev
                // device lo, are excluded); pgvitals keeps upstream's, so the Debian binary is
                // given them
                "--collector.filesystem.mount-points-exclude="
                    + FileSystems.DEFAULT_MOUNT_POINTS_EXCLUDE.pattern(),
                "--collector.filesystem.fs-types-exclude="
                    + FileSystems.DEFAULT_FS_TYPES_EXCLUDE.pattern(),
                "--collector.diskstats.device-exclude=" + DiskStats.DEFAULT_EXCLUDE.pattern(),
                "--collector.netdev.device-exclude="));
    COLLECTORS.forEach(c -> command.add("--collector." + c));
    exporter =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(
                ProcessBuilder.Redirect.to(new File("target/node-exporter-side-by-side.log")))
            .start();
    HttpClient http = HttpClient.newHttpClient();
    HttpRequest scrape =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics"))
            .timeout(Duration.ofSeconds(5))
            .build();
    vertx = Vertx.vertx();
    HostSampler sampler =
        new HostSampler(vertx, ProcFs.system(), new OshiHostHardware(), () -> "/");
    sampler.read(); // warm up (OSHI's first reading) so the two readings below are close together
    // node_exporter is up when it answers; wait for that rather than for a fixed time
    long until = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    String text = null;
    while (text == null) {
      try {
        HttpResponse<String> r = http.send(scrape, HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() == 200) {
          text = r.body();
        }
      } catch (java.io.IOException e) {
        assertThat(exporter.isAlive())
            .as("node_exporter exited; see target/node-exporter-side-by-side.log")
            .isTrue();
        assertThat(System.nanoTime()).as("node_exporter answers within 20 s").isLessThan(until);
        Thread.onSpinWait();
      }
    }
    before = exposition(sampler.read());
    theirs = Exposition.parse(http.send(scrape, HttpResponse.BodyHandlers.ofString()).body());
    after = exposition(sampler.read());
  }

  @AfterAll
  static void stop() throws Exception {
    if (exporter != null) {
      exporter.destroy();
      exporter.waitFor();
    }
    if (vertx != null) {
      vertx.close();
    }
  }

  private static Exposition exposition(HostSnapshot s) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    PrometheusTextFormatWriter.create().write(out, HostCollector.families(s));
    return Exposition.parse(out.toString(StandardCharsets.UTF_8));
  }

  private static Set<String> compared(Exposition e) {
    Set<String> names = new TreeSet<>();
    e.families().keySet().stream().filter(n -> COMPARED.matcher(n).matches()).forEach(names::add);
    return names;
  }

  private static Map<String, Double> series(Exposition.Family f) {
    Map<String, Double> out = new TreeMap<>();
    f.samples().forEach(s -> out.put(s.name() + new TreeMap<>(s.labels()), s.value()));
    return out;
  }

  @Test
  void sameFamiliesHelpAndType() {
    Set<String> names = compared(theirs);
    assertThat(names)
        .contains(
            "node_uname_info",
            "node_cpu_seconds_total",
            "node_memory_MemTotal_bytes",
            "node_filesystem_avail_bytes",
            "node_network_receive_bytes_total",
            "node_vmstat_pgfault");
    assertThat(compared(before)).isEqualTo(names);
    System.out.printf(
        "side by side: node_exporter %d families %d series, pgvitals %d families %d series%n",
        names.size(),
        names.stream().mapToInt(n -> theirs.family(n).samples().size()).sum(),
        compared(before).size(),
        compared(before).stream().mapToInt(n -> before.family(n).samples().size()).sum());
    for (String name : names) {
      assertThat(before.family(name).type())
          .as("TYPE of %s", name)
          .isEqualTo(theirs.family(name).type());
      assertThat(before.family(name).help())
          .as("HELP of %s", name)
          .isEqualTo(theirs.family(name).help());
    }
  }

  @Test
  void sameSeriesAndLabelValues() {
    for (String name : compared(theirs)) {
      Set<String> expected = series(theirs.family(name)).keySet();
      if (name.equals("node_time_seconds")) {
        continue;
      }
      assertThat(series(before.family(name)).keySet()).as("series of %s", name).isEqualTo(expected);
    }
  }

  /**
   * Static values are equal; counters lie between the reading before and the one after; gauges that
   * move (free memory, free space, runnable processes) lie within the range the two readings span,
   * widened by a tenth (the machine is shared with running builds).
   */
  @Test
  void valuesWithinOneSamplingInterval() {
    for (String name : compared(theirs)) {
      Map<String, Double> t = series(theirs.family(name));
      Map<String, Double> b = series(before.family(name));
      Map<String, Double> a = series(after.family(name));
      boolean counter =
          theirs.family(name).type().equals("counter") || name.startsWith("node_vmstat_");
      t.forEach(
          (key, v) -> {
            double lo = Math.min(b.get(key), a.get(key));
            double hi = Math.max(b.get(key), a.get(key));
            if (STATIC.matcher(name).matches()) {
              assertThat(v).as(key).isEqualTo(b.get(key));
            } else if (counter && !key.contains("mode=iowait")) {
              assertThat(v).as(key + " between pgvitals' readings").isBetween(lo, hi);
            } else {
              double slack = Math.max(hi - lo, 0.1 * Math.abs(hi)) + 16;
              assertThat(v).as(key + " near pgvitals' readings").isBetween(lo - slack, hi + slack);
            }
          });
    }
  }
}
