package dev.pgvitals.postgres;

import dev.pgvitals.sample.Sample;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * How far a replica is behind its leader, as time — the rule shared by the replication-lag check
 * and {@code pg_replication_lag}:
 *
 * <ol>
 *   <li>a leader: 0;
 *   <li>a replica whose WAL receiver streams and which has replayed everything it received: 0 (an
 *       idle leader doesn't age a healthy replica);
 *   <li>otherwise {@code now() − pg_last_xact_replay_timestamp()}, but never more than the time
 *       since the replica was last seen caught up: by its own earlier samples ({@link
 *       PgFastSnapshot#lastCaughtUp()}), or by the leader's {@code pg_stat_replication} row for
 *       this standby ({@code replay_lsn ≥ pg_current_wal_lsn()}), whose bound is the distance
 *       between the two readings. Both bounds keep the instant between receiving and replaying a
 *       record on an idle pair from looking like minutes of lag; a replica that really stops
 *       replaying grows its lag from the moment it was last caught up. No replay timestamp and no
 *       bound: 0.
 * </ol>
 *
 * <p>And a lag that cannot hide behind a receiver that stopped listening: a frozen or hung
 * walreceiver still shows {@code streaming} with everything it received replayed — rule 2 alone
 * would say 0. So when the leader sampler saw WAL on the leader that this replica has still not
 * received ({@link PgLeaderSnapshot#behind()}), the lag is at least the time since then, capped by
 * the time since the WAL receiver last heard from its sender ({@code
 * pg_stat_wal_receiver.last_msg_receipt_time}). A healthy receiver gets that WAL within
 * milliseconds and the mark moves on, so a busy or an idle pair never sees a false alarm; a silent
 * one grows its lag one sample interval after the leader writes.
 *
 * <p>{@link #notStreaming()} holds the WAL receiver's state when it isn't {@code streaming} ({@code
 * stopped} when no receiver runs); the lag is still computed by rule 3.
 */
public record ReplicationLag(Duration lag, Optional<String> notStreaming) {

  public static final ReplicationLag NONE = new ReplicationLag(Duration.ZERO, Optional.empty());

  /**
   * @param local an ok fast sample of the local node
   * @param leader the leader sampler's latest sample, if any (failed ones are ignored)
   */
  public static ReplicationLag of(
      Sample<PgFastSnapshot> local, Optional<Sample<PgLeaderSnapshot>> leader) {
    PgFastSnapshot s = local.value();
    if (s == null || !s.inRecovery()) {
      return NONE;
    }
    Optional<String> notStreaming =
        s.streaming() ? Optional.empty() : Optional.of(s.walReceiverStatus().orElse("stopped"));
    Optional<Duration> silent = receiverSilence(local, leader);
    if (s.caughtUp()) {
      return new ReplicationLag(silent.orElse(Duration.ZERO), notStreaming);
    }
    Duration lag = null;
    if (s.lastXactReplay().isPresent()) {
      lag = Duration.between(s.lastXactReplay().get(), s.serverNow());
    }
    if (s.lastCaughtUp().isPresent()) {
      lag = min(lag, Duration.between(s.lastCaughtUp().get(), s.serverNow()));
    }
    Optional<Sample<PgLeaderSnapshot>> l =
        leader.filter(Sample::ok).filter(x -> x.value().needed() && x.value().standbyCaughtUp());
    if (l.isPresent()) {
      Instant a = l.get().at();
      Instant b = local.at();
      lag = min(lag, Duration.between(a, b).abs());
    }
    if (lag == null || lag.isNegative()) {
      lag = Duration.ZERO;
    }
    if (silent.isPresent() && silent.get().compareTo(lag) > 0) {
      lag = silent.get();
    }
    return new ReplicationLag(lag, notStreaming);
  }

  /**
   * How long the WAL receiver has not heard from its sender, when the leader has WAL it has not
   * received; empty when that is not known or not the case.
   */
  static Optional<Duration> receiverSilence(
      Sample<PgFastSnapshot> local, Optional<Sample<PgLeaderSnapshot>> leader) {
    PgFastSnapshot s = local.value();
    Optional<PgLeaderSnapshot.Behind> mark =
        leader
            .filter(Sample::ok)
            .map(Sample::value)
            .filter(PgLeaderSnapshot::needed)
            .flatMap(PgLeaderSnapshot::behind);
    if (mark.isEmpty()
        || s.receiveLsn().isEmpty()
        || s.receiveLsn().getAsLong() >= mark.get().lsn()) {
      return Optional.empty();
    }
    Duration d = Duration.between(mark.get().since(), local.at());
    if (s.lastMsgReceipt().isPresent()) {
      Duration heard = Duration.between(s.lastMsgReceipt().get(), s.serverNow());
      d = heard.compareTo(d) < 0 ? heard : d;
    }
    return d.isNegative() ? Optional.empty() : Optional.of(d);
  }

  private static Duration min(Duration a, Duration b) {
    return a == null || b.compareTo(a) < 0 ? b : a;
  }
}
