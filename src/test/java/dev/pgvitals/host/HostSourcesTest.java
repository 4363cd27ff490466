package dev.pgvitals.host;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.vertx.core.Vertx;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Each node_exporter source on its own: good, malformed and missing input. */
class HostSourcesTest {

  @TempDir Path root;

  private static List<String> names(java.util.function.Consumer<List<MetricSnapshot>> add) {
    List<MetricSnapshot> out = new ArrayList<>();
    add.accept(out);
    return out.stream().map(f -> f.getMetadata().getPrometheusName()).toList();
  }

  @Test
  void procStatCountersAndTicks() {
    ProcStat s =
        ProcStat.parse(
            "cpu  1 2 3 4 5 6 7 8 9 10\ncpu0 12345 0 5 100 3 0 1 0 7 2\n"
                + "intr 8885917 17 0\nctxt 38014093\nbtime 1418183276\nprocesses 26442\nprocs_running 2\nprocs_blocked 1\n");
    assertThat(s.cpus()).containsOnlyKeys(0);
    assertThat(s.cpus().get(0)[0]).isEqualTo(123.45);
    assertThat(s.cpus().get(0)[8]).isEqualTo(0.07);
    assertThat(s.intr()).isEqualTo(8885917);
    assertThat(names(s::addTo))
        .contains("node_boot_time_seconds", "node_procs_blocked", "node_cpu_guest_seconds");
    assertThatThrownBy(() -> ProcStat.parse("ctxt lots\n"))
        .hasMessage("malformed /proc/stat: ctxt value 'lots' is not a number");
    assertThatThrownBy(() -> ProcStat.parse("nothing here\n"))
        .hasMessageStartingWith("malformed /proc/stat");
  }

  @Test
  void memInfoNamesAsNodeExporter() {
    MemInfo m =
        MemInfo.parse(
            "MemTotal:       15666184 kB\nActive(anon):    100 kB\n\nHugePages_Total:       0\n");
    assertThat(m.fields())
        .containsExactly(
            java.util.Map.entry("MemTotal_bytes", 15666184 * 1024.0),
            java.util.Map.entry("Active_anon_bytes", 102400.0),
            java.util.Map.entry("HugePages_Total", 0.0));
    assertThat(names(m::addTo))
        .containsExactly(
            "node_memory_MemTotal_bytes",
            "node_memory_Active_anon_bytes",
            "node_memory_HugePages_Total");
    assertThatThrownBy(() -> MemInfo.parse("MemTotal: many kB\n"))
        .hasMessage("malformed meminfo: value 'many' is not a number");
    assertThatThrownBy(() -> MemInfo.parse("MemTotal: 1 kB extra\n"))
        .hasMessageStartingWith("malformed meminfo: invalid line");
  }

  @Test
  void diskStatsExclusionsAndFieldCounts() {
    DiskStats d =
        DiskStats.parse(
            String.join(
                "\n",
                "   8       0 sda 1 2 3 4 5 6 7 8 9 10 11",
                "   8       1 sda1 1 2 3 4 5 6 7 8 9 10 11",
                " 259       0 nvme0n1 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17",
                " 259       1 nvme0n1p1 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17",
                "   7       0 loop0 1 2 3 4 5 6 7 8 9 10 11",
                "   8       2 sdb2 1 2 3 4"));
    assertThat(d.devices()).extracting(DiskStats.Device::name).containsExactly("sda", "nvme0n1");
    assertThat(d.devices().get(0).stats()).hasSize(11);
    assertThat(d.devices().get(1).stats()).hasSize(17);
    List<MetricSnapshot> out = new ArrayList<>();
    d.addTo(out);
    MetricSnapshot flush =
        out.stream()
            .filter(f -> f.getMetadata().getName().equals("node_disk_flush_requests_time_seconds"))
            .findFirst()
            .orElseThrow();
    assertThat(flush.getDataPoints()).hasSize(1); // only nvme0n1 has the field
    assertThatThrownBy(() -> DiskStats.parse("8 0 sda 1 2 x 4 5 6 7 8 9 10 11\n"))
        .hasMessage("malformed diskstats: device sda has 'x' where a number belongs");
  }

  @Test
  void netDevColumns() {
    NetDev n =
        NetDev.parse(
            "Inter-|   Receive |  Transmit\n face |bytes packets|bytes\n"
                + "    lo: 100 2 0 0 0 0 0 0 100 2 0 0 0 0 0 0\n  eth0: 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20\n");
    assertThat(n.devices()).extracting(NetDev.Interface::name).containsExactly("lo", "eth0");
    assertThat(n.devices().get(1).counters()[14]).isEqualTo(19); // transmit_carrier
    assertThat(names(n.withNoHandler(java.util.Map.of("eth0", 3L))::addTo))
        .contains(
            "node_network_receive_bytes",
            "node_network_transmit_colls",
            "node_network_receive_nohandler");
    assertThatThrownBy(() -> NetDev.parse("h\nh\n  eth0: 1 2 3\n"))
        .hasMessageStartingWith("malformed /proc/net/dev: short line");
  }

  @Test
  void vmStatDefaultFields() {
    VmStat v =
        VmStat.parse("nr_free_pages 5\npgpgin 1\npgfault 2\npgmajfault 3\noom_kill 0\npswpout 4\n");
    assertThat(v.fields())
        .containsOnlyKeys("pgpgin", "pgfault", "pgmajfault", "oom_kill", "pswpout");
    assertThatThrownBy(() -> VmStat.parse("pgpgin\n"))
        .hasMessage("malformed vmstat: line 'pgpgin' has no value");
  }

  @Test
  void goIntegers() {
    assertThat(NetClass.goInt("0x1003")).contains(4099L);
    assertThat(NetClass.goInt("-1")).contains(-1L);
    assertThat(NetClass.goInt("1500")).contains(1500L);
    assertThat(NetClass.goInt("")).isEmpty();
    assertThat(NetClass.goInt("fast")).isEmpty();
  }

  @Test
  void osReleaseQuoting() {
    OsRelease o =
        OsRelease.parse(
            "# c\nNAME=\"Debian GNU/Linux\"\nID=debian\nVERSION_ID='12'\nPRETTY_NAME=\"a \\\"b\\\"\"\n");
    assertThat(o.fields())
        .containsEntry("NAME", "Debian GNU/Linux")
        .containsEntry("VERSION_ID", "12")
        .containsEntry("PRETTY_NAME", "a \"b\"");
    assertThat(names(o::addTo)).containsExactly("node_os_info", "node_os_version");
  }

  @Test
  void mountTableAndDefaultExclusions() {
    List<FileSystems.Mount> m =
        FileSystems.parseMounts(
            "/dev/vda1 / ext4 rw,relatime 0 0\nproc /proc proc rw 0 0\n/dev/vdb /data\\040dir xfs ro,noatime 0 0\n"
                + "tmpfs /run tmpfs rw 0 0\noverlay /var/lib/docker/overlay2/x/merged overlay rw 0 0\n");
    assertThat(m)
        .extracting(FileSystems.Mount::mountPoint)
        .containsExactly("/", "/proc", "/data dir", "/run", "/var/lib/docker/overlay2/x/merged");
    assertThat(m.get(2).readOnly()).isTrue();
    assertThat(m.stream().filter(x -> !FileSystems.excluded(x)).map(FileSystems.Mount::mountPoint))
        .containsExactly("/", "/data dir", "/run");
    assertThatThrownBy(() -> FileSystems.parseMounts("/dev/vda1 /\n"))
        .hasMessageStartingWith("malformed mount table");
  }

  @Test
  void aHungMountIsADeviceErrorAndIsNotAskedAgainUntilItAnswers() throws Exception {
    Files.createDirectories(root.resolve("proc"));
    Files.writeString(
        root.resolve("proc/mounts"), "/dev/vda1 / ext4 rw 0 0\nnfs:/x /mnt/nfs nfs rw 0 0\n");
    CountDownLatch nfsAnswers = new CountDownLatch(1);
    java.util.concurrent.atomic.AtomicInteger nfsCalls =
        new java.util.concurrent.atomic.AtomicInteger();
    FileSystems.StatVfs statVfs =
        path -> {
          if (path.endsWith("mnt/nfs")) {
            nfsCalls.incrementAndGet();
            try {
              nfsAnswers.await();
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            }
          }
          return new FileSystems.Space(10, 5, 4, 3, 2);
        };
    FileSystems.Reader reader =
        new FileSystems.Reader(new ProcFs(root), statVfs, Duration.ofMillis(200));
    FileSystems first = reader.read(Set.of()).orElseThrow();
    assertThat(first.fileSystems())
        .extracting(f -> f.space().isPresent())
        .containsExactly(true, false);
    assertThat(reader.stuckMountPoints()).containsExactly("/mnt/nfs");
    FileSystems second = reader.read(Set.of()).orElseThrow();
    assertThat(second.fileSystems().get(1).space()).isEmpty();
    assertThat(nfsCalls.get()).isEqualTo(1); // the stuck call was not repeated
    nfsAnswers.countDown();
    long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    while (!reader.stuckMountPoints().isEmpty() && System.nanoTime() < until) {
      Thread.onSpinWait();
    }
    assertThat(reader.read(Set.of()).orElseThrow().fileSystems().get(1).space()).isPresent();
    List<MetricSnapshot> out = new ArrayList<>();
    first.addTo(out);
    assertThat(out)
        .extracting(f -> f.getMetadata().getPrometheusName())
        .startsWith(
            "node_filesystem_device_error",
            "node_filesystem_readonly",
            "node_filesystem_size_bytes");
  }

  @Test
  void malformedAndMissingSourcesLeaveOnlyTheirFamiliesOut() throws Exception {
    Files.createDirectories(root.resolve("proc"));
    Files.writeString(root.resolve("proc/stat"), "ctxt lots\n");
    Files.writeString(root.resolve("proc/meminfo"), "MemTotal: many kB\n");
    Files.writeString(root.resolve("proc/vmstat"), "pgpgin 1\npgfault 2\n");
    Vertx vertx = Vertx.vertx();
    try {
      HostSampler sampler =
          new HostSampler(
              vertx,
              new ProcFs(root),
              FakeHostHardware.twoCpus(),
              root::toString,
              p -> new StatFs.Space(100, 80),
              p -> new FileSystems.Space(1, 1, 1, 1, 1),
              Clock.systemUTC());
      HostSnapshot s = sampler.read();
      assertThat(s.node().stat()).isEmpty();
      assertThat(s.node().meminfo()).isEmpty();
      assertThat(s.node().disks()).isEmpty();
      assertThat(s.node().vmstat()).isPresent();
      assertThat(s.memory()).contains(FakeHostHardware.MEMORY); // OSHI when meminfo is unusable
      assertThat(s.cpuTicks()).isEqualTo(FakeHostHardware.TIMES);
      List<String> names =
          HostCollector.families(s).stream().map(f -> f.getMetadata().getPrometheusName()).toList();
      assertThat(names)
          .contains("node_vmstat_pgpgin", "node_memory_MemTotal_bytes", "node_time_seconds")
          .doesNotContain("node_context_switches", "node_disk_io_now", "node_memory_MemFree_bytes");
    } finally {
      vertx.close();
    }
  }
}
