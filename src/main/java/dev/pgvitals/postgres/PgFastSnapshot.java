package dev.pgvitals.postgres;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * One reading of the local node's fast-changing state (role, connections, replication), taken in
 * one round trip by {@link PgFastSampler}; version differences are already normalized away.
 *
 * @param server the node's {@code host:port} (the {@code server} metric label)
 * @param majorVersion PostgreSQL major version detected on the connection (13 … 18)
 * @param inRecovery {@code pg_is_in_recovery()}: true on a replica
 * @param transactionReadOnly {@code SHOW transaction_read_only}
 * @param connections rows in {@code pg_stat_activity} (all backends, this session included)
 * @param reservedConnections {@code superuser_reserved_connections}
 * @param maxConnections {@code max_connections}
 * @param postmasterStartTime {@code pg_postmaster_start_time()}
 * @param version {@code version()}, e.g. {@code PostgreSQL 15.14 on x86_64-pc-linux-gnu, …}
 * @param serverVersion {@code server_version}, e.g. {@code 15.14 (Debian 15.14-1.pgdg120+1)}
 * @param serverVersionNum {@code server_version_num}, e.g. {@code 150014}
 * @param dataDirectory {@code data_directory}
 * @param clusterName {@code cluster_name}, {@code ""} when unset
 * @param upstream where this replica streams from ({@code primary_conninfo} without its password,
 *     and the WAL receiver's actual sender), empty on a leader or without replication settings
 * @param walReceiverStatus {@code pg_stat_wal_receiver.status}; empty when no WAL receiver runs
 * @param receiveLsn {@code pg_last_wal_receive_lsn()} in bytes; empty on a leader
 * @param replayLsn {@code pg_last_wal_replay_lsn()} in bytes; empty on a leader
 * @param lastXactReplay {@code pg_last_xact_replay_timestamp()}; empty on a leader or before the
 *     first replayed transaction
 * @param currentWalLsn {@code pg_current_wal_lsn()} in bytes on a leader; empty on a replica
 * @param serverNow the server's {@code now()} for this reading
 * @param lastCaughtUp the latest server time at which the sampler saw this replica streaming with
 *     everything received replayed (this or an earlier sample); empty if never seen
 * @param lastMsgReceipt {@code pg_stat_wal_receiver.last_msg_receipt_time}: when the WAL receiver
 *     last heard from its sender; empty on a leader or without a receiver
 */
public record PgFastSnapshot(
    String server,
    int majorVersion,
    boolean inRecovery,
    boolean transactionReadOnly,
    long connections,
    int reservedConnections,
    int maxConnections,
    Instant postmasterStartTime,
    String version,
    String serverVersion,
    int serverVersionNum,
    String dataDirectory,
    String clusterName,
    Optional<Upstream> upstream,
    Optional<String> walReceiverStatus,
    OptionalLong receiveLsn,
    OptionalLong replayLsn,
    Optional<Instant> lastXactReplay,
    OptionalLong currentWalLsn,
    Instant serverNow,
    Optional<Instant> lastCaughtUp,
    Optional<Instant> lastMsgReceipt) {

  public PgFastSnapshot {
    Objects.requireNonNull(lastMsgReceipt, "lastMsgReceipt");
    Objects.requireNonNull(server, "server");
    Objects.requireNonNull(postmasterStartTime, "postmasterStartTime");
    Objects.requireNonNull(version, "version");
    Objects.requireNonNull(serverVersion, "serverVersion");
    Objects.requireNonNull(dataDirectory, "dataDirectory");
    Objects.requireNonNull(clusterName, "clusterName");
    Objects.requireNonNull(upstream, "upstream");
    Objects.requireNonNull(walReceiverStatus, "walReceiverStatus");
    Objects.requireNonNull(receiveLsn, "receiveLsn");
    Objects.requireNonNull(replayLsn, "replayLsn");
    Objects.requireNonNull(lastXactReplay, "lastXactReplay");
    Objects.requireNonNull(currentWalLsn, "currentWalLsn");
    Objects.requireNonNull(serverNow, "serverNow");
    Objects.requireNonNull(lastCaughtUp, "lastCaughtUp");
  }

  /** {@link Role#LEADER} when not in recovery, else {@link Role#REPLICA}. */
  public Role role() {
    return inRecovery ? Role.REPLICA : Role.LEADER;
  }

  /** True when the WAL receiver reports {@code streaming}. */
  public boolean streaming() {
    return walReceiverStatus.filter("streaming"::equals).isPresent();
  }

  /** True on a streaming replica that has replayed everything it received. */
  public boolean caughtUp() {
    return inRecovery
        && streaming()
        && receiveLsn.isPresent()
        && replayLsn.isPresent()
        && replayLsn.getAsLong() >= receiveLsn.getAsLong();
  }

  /** {@code server_version}'s number, as a three-part version: {@code 15.14} → {@code 15.14.0}. */
  public String shortVersion() {
    int major = serverVersionNum / 10000;
    int minor = serverVersionNum % 10000;
    return major + "." + minor + ".0";
  }

  /** A builder for fixtures and samplers: every component by name, empty or zero until set. */
  public static Builder builder() {
    return new Builder();
  }

  /** A builder starting from this snapshot's values. */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.server = server;
    b.majorVersion = majorVersion;
    b.inRecovery = inRecovery;
    b.transactionReadOnly = transactionReadOnly;
    b.connections = connections;
    b.reservedConnections = reservedConnections;
    b.maxConnections = maxConnections;
    b.postmasterStartTime = postmasterStartTime;
    b.version = version;
    b.serverVersion = serverVersion;
    b.serverVersionNum = serverVersionNum;
    b.dataDirectory = dataDirectory;
    b.clusterName = clusterName;
    b.upstream = upstream;
    b.walReceiverStatus = walReceiverStatus;
    b.receiveLsn = receiveLsn;
    b.replayLsn = replayLsn;
    b.lastXactReplay = lastXactReplay;
    b.currentWalLsn = currentWalLsn;
    b.serverNow = serverNow;
    b.lastCaughtUp = lastCaughtUp;
    b.lastMsgReceipt = lastMsgReceipt;
    return b;
  }

  /** Builds a {@link PgFastSnapshot} by name; see the record's components. */
  public static final class Builder {
    private String server = "";
    private int majorVersion = 0;
    private boolean inRecovery = false;
    private boolean transactionReadOnly = false;
    private long connections = 0;
    private int reservedConnections = 0;
    private int maxConnections = 0;
    private Instant postmasterStartTime = Instant.EPOCH;
    private String version = "";
    private String serverVersion = "";
    private int serverVersionNum = 0;
    private String dataDirectory = "";
    private String clusterName = "";
    private Optional<Upstream> upstream = Optional.empty();
    private Optional<String> walReceiverStatus = Optional.empty();
    private OptionalLong receiveLsn = OptionalLong.empty();
    private OptionalLong replayLsn = OptionalLong.empty();
    private Optional<Instant> lastXactReplay = Optional.empty();
    private OptionalLong currentWalLsn = OptionalLong.empty();
    private Instant serverNow = Instant.EPOCH;
    private Optional<Instant> lastCaughtUp = Optional.empty();
    private Optional<Instant> lastMsgReceipt = Optional.empty();

    private Builder() {}

    public Builder server(String v) {
      server = v;
      return this;
    }

    public Builder majorVersion(int v) {
      majorVersion = v;
      return this;
    }

    public Builder inRecovery(boolean v) {
      inRecovery = v;
      return this;
    }

    public Builder transactionReadOnly(boolean v) {
      transactionReadOnly = v;
      return this;
    }

    public Builder connections(long v) {
      connections = v;
      return this;
    }

    public Builder reservedConnections(int v) {
      reservedConnections = v;
      return this;
    }

    public Builder maxConnections(int v) {
      maxConnections = v;
      return this;
    }

    public Builder postmasterStartTime(Instant v) {
      postmasterStartTime = v;
      return this;
    }

    public Builder version(String v) {
      version = v;
      return this;
    }

    public Builder serverVersion(String v) {
      serverVersion = v;
      return this;
    }

    public Builder serverVersionNum(int v) {
      serverVersionNum = v;
      return this;
    }

    public Builder dataDirectory(String v) {
      dataDirectory = v;
      return this;
    }

    public Builder clusterName(String v) {
      clusterName = v;
      return this;
    }

    public Builder upstream(Optional<Upstream> v) {
      upstream = v;
      return this;
    }

    public Builder walReceiverStatus(Optional<String> v) {
      walReceiverStatus = v;
      return this;
    }

    public Builder receiveLsn(OptionalLong v) {
      receiveLsn = v;
      return this;
    }

    public Builder replayLsn(OptionalLong v) {
      replayLsn = v;
      return this;
    }

    public Builder lastXactReplay(Optional<Instant> v) {
      lastXactReplay = v;
      return this;
    }

    public Builder currentWalLsn(OptionalLong v) {
      currentWalLsn = v;
      return this;
    }

    public Builder serverNow(Instant v) {
      serverNow = v;
      return this;
    }

    public Builder lastCaughtUp(Optional<Instant> v) {
      lastCaughtUp = v;
      return this;
    }

    public Builder lastMsgReceipt(Optional<Instant> v) {
      lastMsgReceipt = v;
      return this;
    }

    public PgFastSnapshot build() {
      return new PgFastSnapshot(
          server,
          majorVersion,
          inRecovery,
          transactionReadOnly,
          connections,
          reservedConnections,
          maxConnections,
          postmasterStartTime,
          version,
          serverVersion,
          serverVersionNum,
          dataDirectory,
          clusterName,
          upstream,
          walReceiverStatus,
          receiveLsn,
          replayLsn,
          lastXactReplay,
          currentWalLsn,
          serverNow,
          lastCaughtUp,
          lastMsgReceipt);
    }
  }

  /**
   * Where this replica streams from, with everything but what pgvitals needs dropped (never a
   * password).
   *
   * @param host {@code primary_conninfo}'s host (or hostaddr), empty when it names none
   * @param port {@code primary_conninfo}'s port, empty when it names none
   * @param applicationName the name this standby shows in the leader's {@code
   *     pg_stat_replication.application_name}: {@code primary_conninfo}'s {@code application_name},
   *     else {@code cluster_name}, else {@code walreceiver} — PostgreSQL's own rule
   * @param senderHost {@code pg_stat_wal_receiver.sender_host}: the host actually streamed from
   * @param senderPort {@code pg_stat_wal_receiver.sender_port}
   */
  public record Upstream(
      Optional<String> host,
      OptionalInt port,
      String applicationName,
      Optional<String> senderHost,
      OptionalInt senderPort) {

    public Upstream {
      Objects.requireNonNull(host, "host");
      Objects.requireNonNull(port, "port");
      Objects.requireNonNull(applicationName, "applicationName");
      Objects.requireNonNull(senderHost, "senderHost");
      Objects.requireNonNull(senderPort, "senderPort");
    }
  }
}
