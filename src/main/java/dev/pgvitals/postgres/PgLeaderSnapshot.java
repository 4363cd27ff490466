package dev.pgvitals.postgres;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * One reading of the leader, taken from a replica by {@link PgLeaderSampler}.
 *
 * @param needed false when the local node is itself the leader (nothing was read; every other field
 *     is empty)
 * @param address the leader's resolved address, printed {@code ip:port} ({@code [ip]:port} for
 *     IPv6)
 * @param discoveredBy how it was found: {@code --leader-url}, {@code --peers} or {@code
 *     primary_conninfo}
 * @param currentWalLsn the leader's {@code pg_current_wal_lsn()} in bytes
 * @param serverNow the leader's {@code now()}
 * @param standby this replica's row in the leader's {@code pg_stat_replication}, matched by {@code
 *     application_name}; empty when the leader has none
 * @param otherLeaders on a leader ({@code needed} false): the other nodes it knows of that answered
 *     writable — normally none; see {@link SplitBrain}
 * @param self on a leader that sees other writable nodes: its own timeline and checkpoint
 * @param behind on a replica: the leader's WAL position that this replica had not received when the
 *     leader sampler first saw it ahead, and when (agent clock); empty while the replica receives
 *     what the leader writes (see {@link ReplicationLag})
 */
public record PgLeaderSnapshot(
    boolean needed,
    Optional<PgAddress> address,
    String discoveredBy,
    OptionalLong currentWalLsn,
    Optional<Instant> serverNow,
    Optional<StandbyRow> standby,
    List<WritableNode> otherLeaders,
    Optional<WritableNode> self,
    Optional<Behind> behind) {

  /**
   * The leader's WAL position {@code lsn}, not yet received by this replica since {@code since}.
   */
  public record Behind(long lsn, Instant since) {}

  /** This reading with the replica's not-yet-received mark. */
  public PgLeaderSnapshot withBehind(Optional<Behind> b) {
    return new PgLeaderSnapshot(
        needed, address, discoveredBy, currentWalLsn, serverNow, standby, otherLeaders, self, b);
  }

  /** A reading of the leader from a replica. */
  public PgLeaderSnapshot(
      boolean needed,
      Optional<PgAddress> address,
      String discoveredBy,
      OptionalLong currentWalLsn,
      Optional<Instant> serverNow,
      Optional<StandbyRow> standby) {
    this(
        needed,
        address,
        discoveredBy,
        currentWalLsn,
        serverNow,
        standby,
        List.of(),
        Optional.empty(),
        Optional.empty());
  }

  public PgLeaderSnapshot {
    otherLeaders = List.copyOf(otherLeaders);
    Objects.requireNonNull(self, "self");
    Objects.requireNonNull(behind, "behind");
    Objects.requireNonNull(address, "address");
    Objects.requireNonNull(discoveredBy, "discoveredBy");
    Objects.requireNonNull(currentWalLsn, "currentWalLsn");
    Objects.requireNonNull(serverNow, "serverNow");
    Objects.requireNonNull(standby, "standby");
  }

  /** The reading on a node that is the leader itself. */
  public static PgLeaderSnapshot notNeeded() {
    return new PgLeaderSnapshot(
        false, Optional.empty(), "", OptionalLong.empty(), Optional.empty(), Optional.empty());
  }

  /** The reading on a leader that checked the other nodes it knows for a second writable one. */
  public static PgLeaderSnapshot leaderSide(
      List<WritableNode> others, Optional<WritableNode> self) {
    return new PgLeaderSnapshot(
        false,
        Optional.empty(),
        "",
        OptionalLong.empty(),
        Optional.empty(),
        Optional.empty(),
        others,
        self,
        Optional.empty());
  }

  /**
   * True when the leader's row says this standby has replayed everything the leader had written.
   */
  public boolean standbyCaughtUp() {
    return standby.isPresent()
        && standby.get().replayLsn().isPresent()
        && currentWalLsn.isPresent()
        && standby.get().replayLsn().getAsLong() >= currentWalLsn.getAsLong();
  }

  /**
   * A walsender row of {@code pg_stat_replication}.
   *
   * @param applicationName the standby's {@code application_name}
   * @param state walsender state ({@code streaming}, {@code catchup}, …)
   * @param replayLsn the standby's reported replay position in bytes
   * @param replayLag {@code replay_lag}; empty when PostgreSQL shows NULL (caught up and idle)
   * @param syncState {@code sync_state}: {@code async}, {@code potential}, {@code sync} or {@code
   *     quorum} (what the synchronous routing endpoints answer by)
   */
  public record StandbyRow(
      String applicationName,
      String state,
      OptionalLong replayLsn,
      Optional<Duration> replayLag,
      String syncState) {

    /** A row of an asynchronous standby. */
    public StandbyRow(
        String applicationName,
        String state,
        OptionalLong replayLsn,
        Optional<Duration> replayLag) {
      this(applicationName, state, replayLsn, replayLag, "async");
    }
  }
}
