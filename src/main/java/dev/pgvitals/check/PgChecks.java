package dev.pgvitals.check;

import dev.pgvitals.gofmt.GoFormat;
import dev.pgvitals.postgres.PgFastSnapshot;
import dev.pgvitals.postgres.PgLeaderSnapshot;
import dev.pgvitals.postgres.ReplicationLag;
import dev.pgvitals.postgres.SplitBrain;
import dev.pgvitals.sample.Sample;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The pg suite of checks.md, a pure function of the latest {@code pg_fast} and {@code pg_leader}
 * samples. Checks, in order (framework name → seed text):
 *
 * <ul>
 *   <li>{@code transactions} → framework only while it passes (empty seed text): {@code read/write}
 *       or {@code readonly}; fails {@code readonly but expected read/write} on a read-only leader,
 *       {@code read/write but expected readonly} on a writable replica, and a failure does show in
 *       seed ({@code transactions: readonly but expected read/write}) so the 500 has its reason;
 *   <li>leader: {@code replication} → {@code replication: currently leader}; and only while another
 *       writable node is seen, {@code splitBrain} → {@code split brain: … is also writable; this
 *       node is stale (timeline 1, checkpoint …), newest: …} (failing);
 *   <li>replica: {@code leaderCheck} → {@code leader check: ip:port connected}, or {@code leader
 *       check: <reason>}; {@code replicationLag} → {@code replication lag: 246µs}, {@code
 *       replication lag: not streaming (<state>)}, or over the threshold {@code replication lag:
 *       12.3s (over 10s)};
 *   <li>{@code connections} → {@code connections: 7 used, 3 reserved, 100 max}, failing (same text)
 *       when {@code used ≥ max − reserved − spare}.
 * </ul>
 *
 * Each check's elapsed time is the duration of the sample it judged (the leader sample for {@code
 * leaderCheck}, the local one for the rest). When the local sample is missing, failed or older than
 * {@link PgCheckSettings#staleAfter()}, the suite is a setup failure: {@code failed to connect to
 * local node: <reason>}.
 */
public final class PgChecks {

  public static final String SUITE = SuiteName.PG.label();
  static final String LOCAL_FAILURE = "failed to connect to local node: ";

  private PgChecks() {}

  /**
   * @param local latest {@code pg_fast} sample, empty before the first
   * @param leader latest {@code pg_leader} sample, empty before the first (or when not sampled)
   * @param now the agent's clock, for staleness
   */
  public static SuiteResult evaluate(
      Optional<Sample<PgFastSnapshot>> local,
      Optional<Sample<PgLeaderSnapshot>> leader,
      Instant now,
      PgCheckSettings settings) {
    Optional<String> problem = localProblem(local, now, settings);
    if (problem.isPresent()) {
      return SuiteResult.setupFailed(SUITE, LOCAL_FAILURE + problem.get());
    }
    Sample<PgFastSnapshot> sample = local.get();
    PgFastSnapshot s = sample.value();
    Duration took = sample.took();
    List<CheckResult> checks = new ArrayList<>();
    checks.add(transactions(s, took));
    if (!s.inRecovery()) {
      checks.add(
          CheckResult.passed(
              "replication", "replication: currently leader", "currently leader", took));
      splitBrain(leader, now, settings).ifPresent(checks::add);
    } else {
      checks.add(leaderCheck(leader, now, settings));
      checks.add(replicationLag(sample, leader, now, settings));
    }
    checks.add(connections(s, took, settings));
    return SuiteResult.of(SUITE, checks);
  }

  /** Why the local sample can't be used, or empty when it can. */
  static Optional<String> localProblem(
      Optional<Sample<PgFastSnapshot>> local, Instant now, PgCheckSettings settings) {
    if (local.isEmpty()) {
      return Optional.of("no sample yet");
    }
    Sample<PgFastSnapshot> s = local.get();
    if (!s.ok()) {
      return Optional.of(s.error());
    }
    Duration age = s.age(now);
    if (age.compareTo(settings.staleAfter()) > 0) {
      return Optional.of("last sample is " + GoFormat.checkDuration(age) + " old");
    }
    return Optional.empty();
  }

  static CheckResult transactions(PgFastSnapshot s, Duration took) {
    String mode = s.transactionReadOnly() ? "readonly" : "read/write";
    if (!s.inRecovery() && s.transactionReadOnly()) {
      return failed("transactions", "transactions", "readonly but expected read/write", took);
    }
    if (s.inRecovery() && !s.transactionReadOnly()) {
      return failed("transactions", "transactions", "read/write but expected readonly", took);
    }
    return CheckResult.passed("transactions", "", mode, took);
  }

  /**
   * On a leader: fails {@code split brain: <other> is also writable; this node is stale (…)} when
   * the latest leader-side sample saw another writable node ({@link SplitBrain}); absent otherwise,
   * so a healthy leader's suite reads as the reference's.
   */
  static Optional<CheckResult> splitBrain(
      Optional<Sample<PgLeaderSnapshot>> leader, Instant now, PgCheckSettings settings) {
    return leader
        .filter(Sample::ok)
        .filter(l -> l.age(now).compareTo(settings.staleAfter()) <= 0)
        .flatMap(
            l ->
                SplitBrain.of(l.value())
                    .map(sb -> failed("splitBrain", "split brain", sb.text(), l.took())));
  }

  static CheckResult leaderCheck(
      Optional<Sample<PgLeaderSnapshot>> leader, Instant now, PgCheckSettings settings) {
    String name = "leaderCheck";
    if (leader.isEmpty()) {
      return failed(name, "leader check", "no leader sample yet", Duration.ZERO);
    }
    Sample<PgLeaderSnapshot> l = leader.get();
    if (!l.ok()) {
      return failed(name, "leader check", l.error(), l.took());
    }
    Duration age = l.age(now);
    if (age.compareTo(settings.staleAfter()) > 0) {
      return failed(
          name,
          "leader check",
          "last leader sample is " + GoFormat.checkDuration(age) + " old",
          l.took());
    }
    if (!l.value().needed() || l.value().address().isEmpty()) {
      return failed(name, "leader check", "no leader sample yet", l.took());
    }
    String text = l.value().address().get() + " connected";
    return CheckResult.passed(name, "leader check: " + text, text, l.took());
  }

  static CheckResult replicationLag(
      Sample<PgFastSnapshot> local,
      Optional<Sample<PgLeaderSnapshot>> leader,
      Instant now,
      PgCheckSettings settings) {
    String name = "replicationLag";
    Duration took = local.took();
    Optional<Sample<PgLeaderSnapshot>> freshLeader =
        leader.filter(l -> l.age(now).compareTo(settings.staleAfter()) <= 0);
    ReplicationLag lag = ReplicationLag.of(local, freshLeader);
    if (lag.notStreaming().isPresent()) {
      return failed(
          name, "replication lag", "not streaming (" + lag.notStreaming().get() + ")", took);
    }
    String text = GoFormat.checkDuration(lag.lag());
    if (lag.lag().compareTo(settings.maxReplicationLag()) > 0) {
      return failed(
          name,
          "replication lag",
          text + " (over " + GoFormat.checkDuration(settings.maxReplicationLag()) + ")",
          took);
    }
    return CheckResult.passed(name, "replication lag: " + text, text, took);
  }

  static CheckResult connections(PgFastSnapshot s, Duration took, PgCheckSettings settings) {
    String text =
        s.connections()
            + " used, "
            + s.reservedConnections()
            + " reserved, "
            + s.maxConnections()
            + " max";
    boolean full =
        s.connections()
            >= (long) s.maxConnections() - s.reservedConnections() - settings.spareConnections();
    return full
        ? CheckResult.failed("connections", "connections: " + text, text, took)
        : CheckResult.passed("connections", "connections: " + text, text, took);
  }

  private static CheckResult failed(String name, String label, String reason, Duration took) {
    return CheckResult.failed(name, label + ": " + reason, reason, took);
  }
}
