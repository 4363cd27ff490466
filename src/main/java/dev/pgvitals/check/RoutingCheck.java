package dev.pgvitals.check;

import dev.pgvitals.gofmt.GoFormat;
import dev.pgvitals.postgres.PgFastSnapshot;
import dev.pgvitals.postgres.PgLeaderSnapshot;
import dev.pgvitals.postgres.ReplicationLag;
import dev.pgvitals.postgres.SplitBrain;
import dev.pgvitals.sample.LatestSample;
import dev.pgvitals.sample.Sample;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * What the load-balancer endpoints answer, in Patroni's REST API convention (its {@code
 * patroni/api.py} {@code do_GET}): 200 when this node should get the traffic the endpoint names,
 * else 503, with a one-line reason. A pure function of the latest samples.
 *
 * <p><b>Freshness.</b> A routing answer uses the local sample only while it is at most {@link
 * Freshness#local()} old — one fast interval plus a one-second grace, far less than the checks'
 * three intervals — so a node whose PostgreSQL stopped, hangs or was demoted stops answering 200
 * within about one interval even when its last reading said "leader". A failed sample answers 503
 * at once.
 *
 * <p><b>What pgvitals knows and Patroni's answers need:</b> the role and writability come from the
 * local node; lag against the leader and a standby's {@code sync_state} come from the leader
 * sampler's reading of the leader ({@code pg_stat_replication}), used while it is at most {@link
 * Freshness#leader()} old. pgvitals holds no leader lock, no node tags and no notion of a standby
 * cluster: the leader is the node that is writable, {@code tag_*} parameters never match (as
 * Patroni answers for a node without that tag) and {@code /standby-leader} always answers 503.
 */
public final class RoutingCheck {

  /** Patroni's default {@code maximum_lag_on_failover}, the default lag of {@code /readiness}. */
  public static final long READINESS_DEFAULT_LAG_BYTES = 1_048_576;

  private RoutingCheck() {}

  /** The question each endpoint asks. */
  public enum Endpoint {
    /**
     * {@code /primary}, {@code /master}, {@code /read-write} and Patroni's {@code /}: a writable
     * leader.
     */
    PRIMARY,
    /** {@code /leader}: the same as {@link #PRIMARY} (there is no leader lock to hold). */
    LEADER,
    /** {@code /standby-leader}: the leader of a standby cluster, which pgvitals cannot tell. */
    STANDBY_LEADER,
    /** {@code /replica}: a running replica, within {@code ?lag} and {@code ?replication_state}. */
    REPLICA,
    /** {@code /read-only}: the leader, or a replica as {@link #REPLICA}. */
    READ_ONLY,
    /** {@code /sync}, {@code /synchronous}: a replica the leader lists as {@code sync}. */
    SYNC,
    /** {@code /quorum}: a replica the leader lists as {@code quorum}. */
    QUORUM,
    /**
     * {@code /async}, {@code /asynchronous}: a replica the leader lists as {@code async} or {@code
     * potential}.
     */
    ASYNC,
    /** {@code /read-only-sync}: the leader, or a replica as {@link #SYNC}. */
    READ_ONLY_SYNC,
    /** {@code /read-only-quorum}: the leader, or a replica as {@link #QUORUM}. */
    READ_ONLY_QUORUM,
    /** {@code /health}: PostgreSQL answers. */
    HEALTH,
    /**
     * {@code /readiness}: the leader, or a streaming replica within {@code ?lag} (default 1 MB).
     */
    READINESS
  }

  /**
   * The request's parameters.
   *
   * @param lag {@code ?lag=}
   * @param replicationState {@code ?replication_state=}, compared with {@link #replicationState}
   * @param tags the names of {@code ?tag_<name>=} parameters
   * @param writeMode {@code /readiness?mode=write}: lag counts received, not replayed, WAL
   */
  public record Query(
      LagLimit lag, Optional<String> replicationState, List<String> tags, boolean writeMode) {
    public static final Query NONE = new Query(LagLimit.NONE, Optional.empty(), List.of(), false);
  }

  /** How old the local and the leader sample may be for a routing answer. */
  public record Freshness(Duration local, Duration leader) {
    /**
     * The grace added to an interval: a sample due now may take this long before answers turn 503.
     */
    public static final Duration GRACE = Duration.ofSeconds(1);

    public static Freshness of(Duration fastInterval, Duration leaderInterval) {
      return new Freshness(fastInterval.plus(GRACE), leaderInterval.plus(GRACE));
    }
  }

  /** The status (200 or 503) and its one-line reason. */
  public record Answer(int status, String reason) {
    static Answer ok(String reason) {
      return new Answer(200, reason);
    }

    static Answer down(String reason) {
      return new Answer(503, reason);
    }

    public boolean ok() {
      return status == 200;
    }
  }

  /** The answer of {@code endpoint} to {@code query} from the latest samples at {@code now}. */
  public static Answer answer(
      Endpoint endpoint,
      Query query,
      LatestSample<PgFastSnapshot> fast,
      LatestSample<PgLeaderSnapshot> leader,
      Instant now,
      Freshness freshness) {
    SampleFreshness.Result<PgFastSnapshot> judged =
        SampleFreshness.judge(fast, freshness.local(), now);
    if (!judged.usable()) {
      return Answer.down("PostgreSQL not readable: " + judged.problem());
    }
    Sample<PgFastSnapshot> local = judged.sample();
    PgFastSnapshot s = local.value();
    Optional<Sample<PgLeaderSnapshot>> ldr = Optional.empty();
    Optional<SplitBrain> splitBrain = Optional.empty();
    if (leader != null) {
      SampleFreshness.Result<PgLeaderSnapshot> l =
          SampleFreshness.judge(leader, freshness.leader(), now);
      if (l.usable() && l.sample().value().needed()) {
        ldr = Optional.of(l.sample());
      } else if (l.usable()) {
        splitBrain = SplitBrain.of(l.sample().value()); // a leader's reading of the other nodes
      }
    }
    return switch (endpoint) {
      case PRIMARY, LEADER -> primary(s, splitBrain);
      case STANDBY_LEADER ->
          Answer.down(
              s.inRecovery()
                  ? "not a standby leader: pgvitals does not know standby clusters"
                  : "not a standby leader: this node is the leader");
      case REPLICA -> replica(local, ldr, query);
      case READ_ONLY -> s.inRecovery() ? replica(local, ldr, query) : Answer.ok("leader");
      case SYNC -> standbyOf(local, ldr, query, "sync");
      case QUORUM -> standbyOf(local, ldr, query, "quorum");
      case ASYNC -> standbyOf(local, ldr, query, "async");
      case READ_ONLY_SYNC ->
          s.inRecovery() ? standbyOf(local, ldr, query, "sync") : Answer.ok("leader");
      case READ_ONLY_QUORUM ->
          s.inRecovery() ? standbyOf(local, ldr, query, "quorum") : Answer.ok("leader");
      case HEALTH -> Answer.ok("up");
      case READINESS -> readiness(local, ldr, query);
    };
  }

  /**
   * Patroni's {@code replication_state} as far as pgvitals reads it: {@code streaming} while the
   * WAL receiver streams, else the receiver's status ({@code stopped} when none runs); empty on a
   * leader. (Patroni says {@code in archive recovery} for a non-streaming replica with a {@code
   * restore_command}; pgvitals does not read that setting.)
   */
  public static Optional<String> replicationState(PgFastSnapshot s) {
    if (!s.inRecovery()) {
      return Optional.empty();
    }
    return Optional.of(s.walReceiverStatus().orElse("stopped"));
  }

  private static Answer primary(PgFastSnapshot s, Optional<SplitBrain> splitBrain) {
    if (s.inRecovery()) {
      return Answer.down("not the leader: in recovery");
    }
    if (s.transactionReadOnly()) {
      return Answer.down("not writable: transaction_read_only is on");
    }
    // split brain: while another writable node is seen, only the newest routes as primary
    if (splitBrain.isPresent() && !splitBrain.get().selfIsNewest()) {
      return Answer.down("split brain: " + splitBrain.get().text());
    }
    return Answer.ok("leader");
  }

  private static Answer replica(
      Sample<PgFastSnapshot> local, Optional<Sample<PgLeaderSnapshot>> leader, Query q) {
    PgFastSnapshot s = local.value();
    if (!s.inRecovery()) {
      return Answer.down("not a replica: this node is the leader");
    }
    if (!q.tags().isEmpty()) {
      return Answer.down(
          "no tag '" + q.tags().get(0) + "' on this node (pgvitals has no node tags)");
    }
    String state = replicationState(s).orElseThrow();
    if (q.replicationState().isPresent() && !q.replicationState().get().equals(state)) {
      return Answer.down("replication state is " + state + ", not " + q.replicationState().get());
    }
    Answer over = lagExceeded(q.lag(), local, leader, false);
    return over != null ? over : Answer.ok("replica");
  }

  private static Answer standbyOf(
      Sample<PgFastSnapshot> local,
      Optional<Sample<PgLeaderSnapshot>> leader,
      Query q,
      String kind) {
    if (!local.value().inRecovery()) {
      return Answer.down("not a replica: this node is the leader");
    }
    Optional<String> sync =
        leader.flatMap(l -> l.value().standby()).map(PgLeaderSnapshot.StandbyRow::syncState);
    if (sync.isEmpty()) {
      return Answer.down(
          "synchronous state unknown: the leader's pg_stat_replication has no row for this standby"
              + (leader.isEmpty() ? " (leader not read)" : ""));
    }
    String state = sync.get();
    boolean matches =
        kind.equals("async")
            ? state.equals("async") || state.equals("potential")
            : state.equals(kind);
    if (!matches) {
      return Answer.down("not a " + kind + " standby: the leader lists it as " + state);
    }
    return replica(local, leader, q);
  }

  private static Answer readiness(
      Sample<PgFastSnapshot> local, Optional<Sample<PgLeaderSnapshot>> leader, Query q) {
    PgFastSnapshot s = local.value();
    if (!s.inRecovery()) {
      return Answer.ok("leader");
    }
    if (!s.streaming()) {
      return Answer.down(
          "replication state is " + replicationState(s).orElseThrow() + ", not streaming");
    }
    LagLimit limit = q.lag().isNone() ? LagLimit.ofBytes(READINESS_DEFAULT_LAG_BYTES) : q.lag();
    Answer over = lagExceeded(limit, local, leader, q.writeMode());
    return over != null ? over : Answer.ok("replica streaming");
  }

  /** Null when within the limit, else the 503 saying by how much (or that the lag is unknown). */
  private static Answer lagExceeded(
      LagLimit limit,
      Sample<PgFastSnapshot> local,
      Optional<Sample<PgLeaderSnapshot>> leader,
      boolean writeMode) {
    if (limit.time().isPresent()) {
      ReplicationLag lag = ReplicationLag.of(local, leader);
      if (lag.notStreaming().isPresent()) {
        return Answer.down("lag unknown: not streaming (" + lag.notStreaming().get() + ")");
      }
      if (lag.lag().compareTo(limit.time().get()) > 0) {
        return Answer.down(
            "lagging "
                + GoFormat.duration(lag.lag())
                + " behind (allowed "
                + GoFormat.duration(limit.time().get())
                + ")");
      }
    }
    if (limit.bytes().isPresent()) {
      OptionalLong behind = bytesBehind(local.value(), leader, writeMode);
      if (behind.isEmpty()) {
        return Answer.down(
            "lag unknown: not streaming ("
                + replicationState(local.value()).orElse("leader")
                + ") and the leader's WAL position was not read");
      }
      if (behind.getAsLong() > limit.bytes().getAsLong()) {
        return Answer.down(
            "lagging "
                + behind.getAsLong()
                + " bytes behind (allowed "
                + limit.bytes().getAsLong()
                + ")");
      }
    }
    return null;
  }

  /**
   * How many bytes of WAL this replica is behind: the leader's {@code pg_current_wal_lsn()} (from a
   * fresh leader reading), else — only while streaming, when it trails the leader by little — the
   * position received; minus the position replayed (or received, in write mode). Empty when
   * unknown.
   */
  static OptionalLong bytesBehind(
      PgFastSnapshot s, Optional<Sample<PgLeaderSnapshot>> leader, boolean writeMode) {
    OptionalLong head = leader.map(l -> l.value().currentWalLsn()).orElse(OptionalLong.empty());
    if (head.isEmpty() && s.streaming()) {
      head = s.receiveLsn();
    }
    OptionalLong pos = writeMode ? s.receiveLsn() : s.replayLsn();
    if (head.isEmpty() || pos.isEmpty()) {
      return OptionalLong.empty();
    }
    return OptionalLong.of(Math.max(0, head.getAsLong() - pos.getAsLong()));
  }
}
