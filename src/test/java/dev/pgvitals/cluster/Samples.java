package dev.pgvitals.cluster;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/** The data that the golden samples show, as node reports. */
public final class Samples {
  private Samples() {}

  /** The clock for relative times: after the sample's latest log line. */
  public static final Instant NOW = Instant.parse("2021-02-19T23:00:00Z");

  public static Instant ago(long seconds) {
    return NOW.minus(Duration.ofSeconds(seconds));
  }

  public static CheckReport passing(String name, String output, Instant changed) {
    return new CheckReport(name, CheckStatus.PASSING, output, changed, CheckType.SCRIPT);
  }

  public static NodeIdentity identity(String id, String created, String role) {
    return new NodeIdentity(id, "iad", "pg-app", "6", Instant.parse(created), 0, role);
  }

  /** 6b97fa06, the replica of checks-list.txt and status.txt. */
  public static NodeReport replica() {
    return NodeReport.of(
        identity("6b97fa06", "2021-02-10T23:31:49Z", "replica"),
        List.of(
            passing(
                "vm",
                """
                [✓] 20.68 GB (84.5%) free space on /data/
                [✓] load averages: 0.00 0.00 0.00
                [✓] memory: 0.0s waiting over the last 60s
                [✓] cpu: 0.4s waiting over the last 60s
                [✓] io: 0.0s waiting over the last 60s
                """,
                ago(72)),
            passing(
                "pg",
                """
                [✓] leader check: [fdaa:0:33:a7b:ab8:0:c24:2]:5433 connected
                [✓] replication lag: 246µs
                [✓] connections: 7 used, 3 reserved, 100 max
                """,
                ago(5 * 60 + 36)),
            passing("role", "replica\n", Instant.parse("2021-02-15T22:49:36Z"))),
        List.of(),
        List.of());
  }

  /** da8141e7, the leader of checks-list.txt and status.txt. */
  public static NodeReport leader() {
    return NodeReport.of(
        identity("da8141e7", "2021-02-10T23:21:21Z", "leader"),
        List.of(
            passing(
                "vm",
                """
                [✓] 20.66 GB (84.4%) free space on /data/
                [✓] load averages: 0.31 0.37 0.32
                [✓] memory: 1.1s waiting over the last 60s
                [✓] cpu: 9.4s waiting over the last 60s
                [✓] io: 0.1s waiting over the last 60s
                """,
                ago(14)),
            passing(
                "pg",
                """
                [✓] replication: currently leader
                [✓] connections: 31 used, 3 reserved, 100 max
                """,
                ago(2 * 60 + 53)),
            passing("role", "leader\n", Instant.parse("2021-02-15T22:49:38Z"))),
        List.of(),
        List.of());
  }

  /** da8141e7 as vm-status.txt shows it: vm critical, with events and logs. */
  public static NodeReport leaderWithCpuPressure() {
    Instant changed = Instant.parse("2021-02-19T22:53:35Z");
    return NodeReport.of(
        identity("da8141e7", "2021-02-10T23:21:21Z", "leader"),
        List.of(
            new CheckReport(
                "vm",
                CheckStatus.CRITICAL,
                """
                [✗] system spent 31.9 of the last 10 seconds waiting for cpu
                [✓] 20.53 GB (83.9%) free space on /data/
                [✓] load averages: 0.29 0.35 0.50
                [✓] memory: 0.9s waiting over the last 60s
                [✓] io: 0.0s waiting over the last 60s
                """,
                changed,
                CheckType.SCRIPT),
            passing(
                "pg",
                """
                [✓] replication: currently leader
                [✓] connections: 37 used, 3 reserved, 100 max
                """,
                changed),
            passing("role", "leader\n", changed)),
        List.of(
            new NodeEvent(
                Instant.parse("2021-02-10T23:21:18Z"), "Received", "Task received by client"),
            new NodeEvent(
                Instant.parse("2021-02-10T23:21:48Z"), "Task Setup", "Building Task Directory"),
            new NodeEvent(
                Instant.parse("2021-02-10T23:21:49Z"), "Started", "Task started by client")),
        List.of(
            "2021-02-19T22:53:35Z [info] [HEALTHCHECK] [vm: failing] [✗] system spent 6.3 of the last 10 seconds waiting for memory↩︎[✗] system spent 27.5 of the last 10 seconds waiting for cpu↩︎[✓] 20.53 GB (83.9%) free space on /data/↩︎[✓] load averages: 0.29 0.35 0.58↩︎[✓] io: 0.1s waiting over the last 60s↩︎",
            "2021-02-19T22:54:35Z [info] [HEALTHCHECK] [vm: passing] [✓] 20.66 GB (84.4%) free space on /data/↩︎[✓] load averages: 0.28 0.31 0.28↩︎[✓] memory: 0.7s waiting over the last 60s↩︎[✓] cpu: 8.6s waiting over the last 60s↩︎[✓] io: 0.1s waiting over the last 60s↩︎"));
  }
}
