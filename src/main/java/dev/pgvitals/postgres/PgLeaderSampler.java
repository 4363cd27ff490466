package dev.pgvitals.postgres;

import dev.pgvitals.sample.LatestSample;
import dev.pgvitals.sample.Sampler;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The leader as seen from a replica ({@code pg_leader}, every 5 s by default, on its own timer):
 * finds the leader ({@link LeaderCandidates}), checks it is writable, and reads its {@code
 * pg_stat_replication} row for this standby to cross-check the replication lag.
 *
 * <p>On a leader (the local fast sample says not in recovery) it reads nothing and returns {@link
 * PgLeaderSnapshot#notNeeded()}.
 *
 * <p>Discovery: while the last leader still answers writable it is asked again over its
 * one-connection pool. Otherwise every candidate address is probed in parallel, each over its own
 * short-lived connection; the first that answers writable ({@code pg_is_in_recovery()} false and
 * {@code transaction_read_only} off: libpq's {@code target_session_attrs=read-write}) wins and gets
 * the pool. Failures back off like the fast sampler (1 s doubling to 30 s).
 *
 * <p>Matching: the standby's row is the walsender whose {@code application_name} equals this
 * replica's {@link PgFastSnapshot.Upstream#applicationName()} ({@code primary_conninfo}'s {@code
 * application_name}, else {@code cluster_name}, else {@code walreceiver}), not its client address
 * (several replicas can share one). If several walsenders share the name, the newest ({@code
 * backend_start}) is taken.
 */
public final class PgLeaderSampler implements Sampler<PgLeaderSnapshot> {

  public static final String NAME = "pg_leader";
  public static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(5);

  /* 13-18: pg_stat_replication's replay_lsn / replay_lag exist on all (since 10). */
  static final String QUERY =
      """
      SELECT pg_is_in_recovery() AS in_recovery,
             current_setting('transaction_read_only') = 'on' AS read_only,
             CASE WHEN pg_is_in_recovery() THEN NULL
                  ELSE pg_wal_lsn_diff(pg_current_wal_lsn(), '0/0')::bigint END AS current_wal_lsn,
             now() AS server_now,
             r.application_name, r.state, r.sync_state,
             pg_wal_lsn_diff(r.replay_lsn, '0/0')::bigint AS replay_lsn,
             EXTRACT(epoch FROM r.replay_lag)::float8 AS replay_lag_seconds
        FROM (SELECT 1) AS one
        LEFT JOIN LATERAL (
             SELECT application_name, state, sync_state, replay_lsn, replay_lag
               FROM pg_stat_replication
              WHERE application_name = $1
              ORDER BY backend_start DESC
              LIMIT 1) r ON true""";

  private final Vertx vertx;
  private final PgConnectionSettings local;
  private final PgConnectionSettings leaderUrl;
  private final List<LeaderCandidates.Peer> peers;
  private final LatestSample<PgFastSnapshot> localState;
  private final ReconnectBackoff backoff = ReconnectBackoff.standard();
  private final Duration attemptTimeout;
  private Pool leaderPool;

  /**
   * Counts samples. A sample that passed its deadline can still complete later (a SIGSTOPped leader
   * answers after SIGCONT); its callbacks must then neither close the pool a newer sample uses nor
   * install a second pool.
   */
  private long attempt;

  private LeaderCandidates.Candidate leader;
  private String lastError;

  /**
   * Where this node streamed from while it was a replica: after a promotion, a second leader may
   * live there.
   */
  private PgFastSnapshot.Upstream formerUpstream;

  private PgLeaderSnapshot.Behind behindMark;

  /**
   * @param local the local node's settings (credentials for peers and upstream)
   * @param leaderUrl settings from {@code --leader-url}, or null
   * @param peers {@code --peers} entries, may be empty
   * @param localState the fast sampler's latest sample (role and upstream)
   */
  public PgLeaderSampler(
      Vertx vertx,
      PgConnectionSettings local,
      PgConnectionSettings leaderUrl,
      List<LeaderCandidates.Peer> peers,
      LatestSample<PgFastSnapshot> localState) {
    this.vertx = vertx;
    this.local = local;
    this.leaderUrl = leaderUrl;
    this.peers = List.copyOf(peers);
    this.localState = localState;
    PgConnectionSettings s = leaderUrl != null ? leaderUrl : local;
    this.attemptTimeout = s.connectTimeout().plus(s.statementTimeout());
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public Future<PgLeaderSnapshot> sample() {
    Optional<PgFastSnapshot> me = localState.value();
    if (me.isPresent() && !me.get().inRecovery()) {
      closeLeaderPool();
      return otherLeaders(me.get());
    }
    me.flatMap(PgFastSnapshot::upstream).ifPresent(u -> formerUpstream = u);
    if (!backoff.allowsAttempt(System.nanoTime())) {
      return Future.failedFuture(new PgSampleException(lastError));
    }
    if (me.isEmpty() && leaderUrl == null && peers.isEmpty()) {
      // the leader is found from the local replica's primary_conninfo: nothing to do until the
      // local node answers (the pg suite already reports that as its setup failure)
      return Future.failedFuture(
          new PgSampleException("local node not readable, so its primary_conninfo is unknown"));
    }
    String appName =
        me.flatMap(PgFastSnapshot::upstream)
            .map(PgFastSnapshot.Upstream::applicationName)
            .orElse("");
    Future<PgLeaderSnapshot> f =
        vertx
            .executeBlocking(
                () ->
                    LeaderCandidates.resolve(
                        leaderUrl, peers, local, me.flatMap(PgFastSnapshot::upstream)),
                false)
            .compose(resolved -> read(resolved, appName, ++attempt))
            .map(l -> l.withBehind(behind(l, me)))
            .timeout(attemptTimeout.toMillis(), TimeUnit.MILLISECONDS)
            .recover(
                e -> Future.failedFuture(new PgSampleException(PgErrorText.of(e, attemptTimeout))));
    return f.onSuccess(s -> backoff.succeeded())
        .onFailure(
            e -> {
              backoff.failed(System.nanoTime());
              lastError = e.getMessage();
            });
  }

  private Future<PgLeaderSnapshot> read(
      LeaderCandidates.Resolved resolved, String appName, long gen) {
    LeaderCandidates.Candidate current = leader;
    if (current != null
        && resolved.candidates().stream().anyMatch(c -> c.address().equals(current.address()))) {
      return query(leaderPool, current, resolved.discoveredBy(), appName)
          .transform(
              ar -> {
                if (ar.succeeded() && ar.result().isPresent()) {
                  return Future.succeededFuture(ar.result().get());
                }
                if (gen != attempt) {
                  return Future.failedFuture(new PgSampleException("superseded by a newer sample"));
                }
                closeLeaderPool(); // gone or no longer writable: look again
                return probe(resolved, appName, gen);
              });
    }
    closeLeaderPool();
    return probe(resolved, appName, gen);
  }

  /** Tries every candidate at once; the first writable one wins and keeps a pool. */
  private Future<PgLeaderSnapshot> probe(
      LeaderCandidates.Resolved resolved, String appName, long gen) {
    Promise<PgLeaderSnapshot> winner = Promise.promise();
    List<LeaderCandidates.Candidate> cs = resolved.candidates();
    AtomicInteger pending = new AtomicInteger(cs.size());
    List<String> reasons = new ArrayList<>();
    for (LeaderCandidates.Candidate c : cs) {
      Pool p = PgPools.single(vertx, c.settings());
      query(p, c, resolved.discoveredBy(), appName)
          .onComplete(
              ar -> {
                boolean won = false;
                if (ar.succeeded() && ar.result().isPresent()) {
                  // only the current sample installs its winner, and only into an empty slot
                  if (winner.tryComplete(ar.result().get())
                      && gen == attempt
                      && leaderPool == null) {
                    won = true;
                    leader = c;
                    leaderPool = p;
                  }
                } else {
                  synchronized (reasons) {
                    reasons.add(
                        ar.succeeded()
                            ? c.address() + " is not writable"
                            : PgErrorText.of(ar.cause(), attemptTimeout, c.settings()));
                  }
                }
                if (!won) {
                  p.close();
                }
                if (pending.decrementAndGet() == 0 && !winner.future().isComplete()) {
                  String why;
                  synchronized (reasons) {
                    why =
                        cs.size() == 1
                            ? reasons.get(0)
                            : "no writable node among " + String.join("; ", reasons);
                  }
                  winner.tryFail(new PgSampleException(why));
                }
              });
    }
    return winner.future();
  }

  /** The leader reading, or empty when the node answered but is not writable. */
  private Future<Optional<PgLeaderSnapshot>> query(
      Pool pool, LeaderCandidates.Candidate c, String by, String appName) {
    return pool.preparedQuery(QUERY)
        .execute(Tuple.of(appName))
        .map(
            rows -> {
              Row r = rows.iterator().next();
              if (r.getBoolean("in_recovery") || r.getBoolean("read_only")) {
                return Optional.<PgLeaderSnapshot>empty();
              }
              Optional<PgLeaderSnapshot.StandbyRow> standby = Optional.empty();
              if (r.getString("application_name") != null) {
                Long replay = r.getLong("replay_lsn");
                Double lag = r.getDouble("replay_lag_seconds");
                standby =
                    Optional.of(
                        new PgLeaderSnapshot.StandbyRow(
                            r.getString("application_name"),
                            r.getString("state") == null ? "" : r.getString("state"),
                            replay == null ? OptionalLong.empty() : OptionalLong.of(replay),
                            lag == null
                                ? Optional.empty()
                                : Optional.of(Duration.ofNanos(Math.round(lag * 1e9))),
                            r.getString("sync_state") == null ? "" : r.getString("sync_state")));
              }
              Long lsn = r.getLong("current_wal_lsn");
              return Optional.of(
                  new PgLeaderSnapshot(
                      true,
                      Optional.of(c.address()),
                      by,
                      lsn == null ? OptionalLong.empty() : OptionalLong.of(lsn),
                      Optional.of(r.getOffsetDateTime("server_now").toInstant()),
                      standby));
            });
  }

  /*
   * 13-18. The timeline is the current WAL file's (its first 8 hex digits): right after a
   * promotion pg_control_checkpoint().timeline_id still shows the old one until the
   * end-of-recovery checkpoint completes. pg_walfile_name() works only out of recovery, so the
   * CASE keeps a replica's answer from failing.
   */
  static final String WRITABLE_QUERY =
      """
      SELECT pg_is_in_recovery() AS in_recovery,
             current_setting('transaction_read_only') = 'on' AS read_only,
             CASE WHEN pg_is_in_recovery() THEN c.timeline_id::bigint
                  ELSE ('x' || substr(pg_walfile_name(pg_current_wal_lsn()), 1, 8))::bit(32)::bigint
             END AS timeline,
             c.checkpoint_time,
             pg_postmaster_start_time() AS started,
             current_setting('data_directory') AS data_directory
        FROM pg_control_checkpoint() c""";

  /**
   * Keeps the mark of WAL the leader had and this replica had not received: set when first seen,
   * kept while the replica's receive position stays below it, cleared once it got there. A receiver
   * that hears nothing keeps the first mark, so its lag grows from then on.
   */
  private Optional<PgLeaderSnapshot.Behind> behind(
      PgLeaderSnapshot l, Optional<PgFastSnapshot> me) {
    java.time.Instant now = java.time.Instant.now();
    if (l.currentWalLsn().isEmpty() || me.isEmpty() || me.get().receiveLsn().isEmpty()) {
      behindMark = null;
      return Optional.empty();
    }
    long leaderLsn = l.currentWalLsn().getAsLong();
    long received = me.get().receiveLsn().getAsLong();
    if (behindMark != null && received < behindMark.lsn()) {
      return Optional.of(behindMark); // still not received: keep the first time
    }
    behindMark = leaderLsn > received ? new PgLeaderSnapshot.Behind(leaderLsn, now) : null;
    return Optional.ofNullable(behindMark);
  }

  /**
   * On a leader: asks every other node it knows of ({@code --leader-url}, {@code --peers}, the
   * leader it replicated from before its promotion) whether it is writable too. Unreachable nodes
   * don't count (a partition hides a second leader: see {@link SplitBrain}). When one is, this
   * node's own timeline and checkpoint are read as well, to tell which one is stale.
   */
  private Future<PgLeaderSnapshot> otherLeaders(PgFastSnapshot me) {
    if (leaderUrl == null && peers.isEmpty() && formerUpstream == null) {
      return Future.succeededFuture(PgLeaderSnapshot.notNeeded());
    }
    PgFastSnapshot.Upstream former = formerUpstream;
    return vertx
        .executeBlocking(() -> leaderSideCandidates(former), false)
        .compose(
            cs -> {
              List<Future<Optional<Writable>>> all = new ArrayList<>();
              for (LeaderCandidates.Candidate c : cs) {
                all.add(writable(c.settings(), c.address(), me));
              }
              return Future.join(all)
                  .transform(
                      ar -> {
                        List<Writable> seen = new ArrayList<>();
                        for (Future<Optional<Writable>> f : all) {
                          if (f.succeeded()) {
                            f.result().ifPresent(seen::add);
                          }
                        }
                        if (seen.isEmpty()) {
                          return Future.succeededFuture(
                              PgLeaderSnapshot.leaderSide(List.of(), Optional.empty()));
                        }
                        // Asked now, this node's own answer also catches itself listed among its
                        // peers when the pg_fast sample still holds the postmaster start from
                        // before a restart (then `me` did not recognise it above).
                        return writable(local, new PgAddress(local.host(), local.port()), null)
                            .map(
                                self -> {
                                  List<WritableNode> others = new ArrayList<>();
                                  for (Writable w : seen) {
                                    if (self.isEmpty() || !w.sameServerAs(self.get())) {
                                      others.add(w.node());
                                    }
                                  }
                                  return others.isEmpty()
                                      ? PgLeaderSnapshot.leaderSide(List.of(), Optional.empty())
                                      : PgLeaderSnapshot.leaderSide(
                                          others, self.map(Writable::node));
                                });
                      });
            })
        .timeout(attemptTimeout.toMillis(), TimeUnit.MILLISECONDS)
        .recover(
            e ->
                Future.failedFuture(
                    new PgSampleException(
                        "checking the other nodes for a second leader: "
                            + PgErrorText.of(e, attemptTimeout))));
  }

  private List<LeaderCandidates.Candidate> leaderSideCandidates(PgFastSnapshot.Upstream former) {
    java.util.Map<PgAddress, LeaderCandidates.Candidate> all = new java.util.LinkedHashMap<>();
    List<java.util.concurrent.Callable<LeaderCandidates.Resolved>> sources = new ArrayList<>();
    if (leaderUrl != null) {
      sources.add(() -> LeaderCandidates.resolve(leaderUrl, List.of(), local, Optional.empty()));
    }
    if (!peers.isEmpty()) {
      sources.add(() -> LeaderCandidates.resolve(null, peers, local, Optional.empty()));
    }
    if (former != null) {
      sources.add(() -> LeaderCandidates.resolve(null, List.of(), local, Optional.of(former)));
    }
    for (var source : sources) {
      try {
        for (LeaderCandidates.Candidate c : source.call().candidates()) {
          all.putIfAbsent(c.address(), c);
        }
      } catch (Exception e) {
        // a name that does not resolve is not a second leader
      }
    }
    return new ArrayList<>(all.values());
  }

  /**
   * The node's position when it answers writable and is not this node itself (same postmaster start
   * and data directory), else empty.
   */
  private record Writable(WritableNode node, Instant started, String dataDirectory) {
    /** The same running server: the same postmaster start and data directory. */
    boolean sameServerAs(Writable other) {
      return started.equals(other.started) && dataDirectory.equals(other.dataDirectory);
    }
  }

  private Future<Optional<Writable>> writable(
      PgConnectionSettings s, PgAddress address, PgFastSnapshot me) {
    Pool p = PgPools.single(vertx, s);
    return p.query(WRITABLE_QUERY)
        .execute()
        .map(
            rows -> {
              Row r = rows.iterator().next();
              if (r.getBoolean("in_recovery") || r.getBoolean("read_only")) {
                return Optional.<Writable>empty();
              }
              Instant started = r.getOffsetDateTime("started").toInstant();
              String dataDirectory = r.getString("data_directory");
              if (me != null
                  && started.equals(me.postmasterStartTime())
                  && me.dataDirectory().equals(dataDirectory)) {
                return Optional.<Writable>empty(); // this node, listed among its peers
              }
              return Optional.of(
                  new Writable(
                      new WritableNode(
                          address,
                          r.getLong("timeline"),
                          r.getOffsetDateTime("checkpoint_time").toInstant()),
                      started,
                      dataDirectory));
            })
        .eventually(() -> p.close());
  }

  private void closeLeaderPool() {
    if (leaderPool != null) {
      leaderPool.close();
      leaderPool = null;
      leader = null;
    }
  }

  /** Closes the leader pool; call on shutdown. */
  public Future<Void> close() {
    closeLeaderPool();
    return Future.succeededFuture();
  }
}
