package dev.pgvitals.host;

import dev.pgvitals.metrics.Family;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The uname fields node_exporter's {@code uname} collector takes from {@code uname(2)}, read from
 * the files the kernel keeps them in ({@code /proc/sys/kernel/ostype}, {@code osrelease}, {@code
 * version}, {@code arch}, {@code hostname}, {@code domainname}); the machine falls back to the
 * JVM's {@code os.arch} (as {@code uname -m} spells it) on kernels before 6.1, which have no {@code
 * arch} file. Family {@code node_uname_info}.
 */
public record Uname(
    String sysname,
    String release,
    String version,
    String machine,
    String nodename,
    String domainname) {

  /** Empty when the kernel files cannot be read (not Linux). */
  static Optional<Uname> read(ProcFs fs) {
    Optional<String> sysname = fs.read("proc/sys/kernel/ostype").map(String::strip);
    Optional<String> release = fs.read("proc/sys/kernel/osrelease").map(String::strip);
    if (sysname.isEmpty() || release.isEmpty()) {
      return Optional.empty();
    }
    String machine =
        fs.read("proc/sys/kernel/arch")
            .map(String::strip)
            .orElseGet(() -> unameMachine(System.getProperty("os.arch", "")));
    return Optional.of(
        new Uname(
            sysname.get(),
            release.get(),
            fs.read("proc/sys/kernel/version").map(String::strip).orElse(""),
            machine,
            fs.read("proc/sys/kernel/hostname").map(String::strip).orElse(""),
            fs.read("proc/sys/kernel/domainname").map(String::strip).orElse("")));
  }

  /** The JVM's architecture names as {@code uname -m} spells them. */
  static String unameMachine(String osArch) {
    return switch (osArch.toLowerCase(Locale.ROOT)) {
      case "amd64", "x86_64" -> "x86_64";
      case "x86", "i386" -> "i686";
      case "arm64", "aarch64" -> "aarch64";
      default -> osArch;
    };
  }

  void addTo(List<MetricSnapshot> out) {
    out.add(
        Family.gauge(
                "node_uname_info",
                "Labeled system information as provided by the uname system call.")
            .add(
                1,
                "sysname",
                sysname,
                "release",
                release,
                "version",
                version,
                "machine",
                machine,
                "nodename",
                nodename,
                "domainname",
                domainname)
            .build());
  }
}
