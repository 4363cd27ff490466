package dev.pgvitals.check;

import dev.pgvitals.gofmt.GoFormat;
import dev.pgvitals.host.DiskFillForecast;
import dev.pgvitals.host.HostSnapshot.FileSystemUsage;
import dev.pgvitals.postgres.ArchiverStatus;
import dev.pgvitals.postgres.OldestTransactions;
import dev.pgvitals.postgres.OldestTransactions.Session;
import dev.pgvitals.postgres.PgHealthSnapshot;
import dev.pgvitals.postgres.ReplicationSlot;
import dev.pgvitals.postgres.WraparoundAge;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.ToLongFunction;

/**
 * The {@code risk} suite: the failures that take PostgreSQL down slowly, judged early enough to
 * act. A pure function of the latest {@code pg_health} sample, the host's data path reading and the
 * disk forecast. Checks, in order (framework name → seed label):
 *
 * <ul>
 *   <li>{@code wraparound} → {@code wraparound:} a database's XID or multixact age over {@link
 *       RiskThresholds#wraparoundLimit}; names the oldest database;
 *   <li>{@code replicationSlots} → {@code replication slots:} a slot whose WAL is lost or
 *       unreserved, that retains more WAL than the data path has free, more than the limit, or
 *       (inactive) more than the inactive limit; names the slot;
 *   <li>{@code archiving} → {@code archiving:} the last attempt failed (shows the WAL file and
 *       ages), or a completed segment has waited too long;
 *   <li>{@code longTransaction} → {@code long transaction:} the oldest open transaction;
 *   <li>{@code idleInTransaction} → {@code idle in transaction:} the session idle longest in one;
 *   <li>{@code diskForecast} → {@code disk forecast:} time until the data path is full.
 * </ul>
 *
 * Sessions are shown by pid, user and database only, never by query text. Without PostgreSQL
 * configured only {@code diskForecast} runs; when the {@code pg_health} sample is missing, failed
 * or stale, each PostgreSQL check fails with that reason.
 */
public final class RiskChecks {

  public static final String SUITE = "risk";

  private RiskChecks() {}

  /**
   * @param pg the judged {@code pg_health} sample; empty when PostgreSQL is not configured
   * @param dataFs the latest data path reading (for slots against free space), when known
   * @param forecast the disk forecast, null before the first host reading
   * @param hostTook how long the latest host reading took (the forecast check's elapsed time)
   */
  public static SuiteResult evaluate(
      Optional<SampleFreshness.Result<PgHealthSnapshot>> pg,
      Optional<FileSystemUsage> dataFs,
      DiskFillForecast forecast,
      Duration hostTook,
      RiskThresholds t) {
    List<CheckResult> checks = new ArrayList<>(6);
    if (pg.isPresent()) {
      SampleFreshness.Result<PgHealthSnapshot> r = pg.get();
      if (!r.usable()) {
        String reason = "unknown: " + r.problem();
        checks.add(failed("wraparound", "wraparound", reason, Duration.ZERO));
        checks.add(failed("replicationSlots", "replication slots", reason, Duration.ZERO));
        checks.add(failed("archiving", "archiving", reason, Duration.ZERO));
        checks.add(failed("longTransaction", "long transaction", reason, Duration.ZERO));
        checks.add(failed("idleInTransaction", "idle in transaction", reason, Duration.ZERO));
      } else {
        PgHealthSnapshot s = r.sample().value();
        Duration took = r.sample().took();
        checks.add(wraparound(s.wraparound(), t, took));
        checks.add(slots(s.slots(), dataFs, t, took));
        checks.add(archiving(s.archiver(), t, took));
        checks.add(longTransaction(s.transactions(), t, took));
        checks.add(idleInTransaction(s.transactions(), t, took));
      }
    }
    checks.add(diskForecast(forecast, t, hostTook));
    return SuiteResult.of(SUITE, checks);
  }

  // ---- wraparound ------------------------------------------------------------------------------

  static CheckResult wraparound(List<WraparoundAge> dbs, RiskThresholds t, Duration took) {
    String name = "wraparound";
    String label = "wraparound";
    if (dbs.isEmpty()) {
      return passed(name, label, "no databases visible", took);
    }
    Optional<String> xid =
        overLimit(
            dbs,
            WraparoundAge::xidAge,
            WraparoundAge::freezeMaxAge,
            t,
            "xid",
            "autovacuum_freeze_max_age");
    Optional<String> mxid =
        overLimit(
            dbs,
            WraparoundAge::mxidAge,
            WraparoundAge::multixactFreezeMaxAge,
            t,
            "mxid",
            "autovacuum_multixact_freeze_max_age");
    if (xid.isPresent() || mxid.isPresent()) {
      return failed(name, label, xid.orElseGet(mxid::get), took);
    }
    WraparoundAge oldestXid = oldest(dbs, WraparoundAge::xidAge);
    WraparoundAge oldestMxid = oldest(dbs, WraparoundAge::mxidAge);
    String text =
        "xid age "
            + oldestXid.xidAge()
            + " ("
            + oldestXid.datname()
            + ") of "
            + t.wraparoundLimit(oldestXid.freezeMaxAge())
            + ", mxid age "
            + oldestMxid.mxidAge()
            + " ("
            + oldestMxid.datname()
            + ") of "
            + t.wraparoundLimit(oldestMxid.multixactFreezeMaxAge());
    return passed(name, label, text, took);
  }

  private static Optional<String> overLimit(
      List<WraparoundAge> dbs,
      ToLongFunction<WraparoundAge> age,
      ToLongFunction<WraparoundAge> setting,
      RiskThresholds t,
      String what,
      String settingName) {
    List<WraparoundAge> over =
        dbs.stream()
            .filter(d -> age.applyAsLong(d) > t.wraparoundLimit(setting.applyAsLong(d)))
            .sorted((a, b) -> Long.compare(age.applyAsLong(b), age.applyAsLong(a)))
            .toList();
    if (over.isEmpty()) {
      return Optional.empty();
    }
    WraparoundAge d = over.get(0);
    long a = age.applyAsLong(d);
    long limit = t.wraparoundLimit(setting.applyAsLong(d));
    String why =
        limit == RiskThresholds.WRAPAROUND_CAP
            ? "the cap"
            : GoFormat.fixed(t.wraparoundFactor(), 1) + " × " + settingName;
    return Optional.of(
        "database "
            + d.datname()
            + " "
            + what
            + " age "
            + a
            + " over "
            + limit
            + " ("
            + why
            + "), "
            + (WraparoundAge.WRAPAROUND - a)
            + " left before wraparound"
            + more(over.size() - 1, "database"));
  }

  private static WraparoundAge oldest(List<WraparoundAge> dbs, ToLongFunction<WraparoundAge> age) {
    WraparoundAge o = dbs.get(0);
    for (WraparoundAge d : dbs) {
      if (age.applyAsLong(d) > age.applyAsLong(o)) {
        o = d;
      }
    }
    return o;
  }

  // ---- replication slots -----------------------------------------------------------------------

  static CheckResult slots(
      List<ReplicationSlot> slots,
      Optional<FileSystemUsage> dataFs,
      RiskThresholds t,
      Duration took) {
    String name = "replicationSlots";
    String label = "replication slots";
    if (slots.isEmpty()) {
      return passed(name, label, "none", took);
    }
    List<String> problems = new ArrayList<>();
    // most severe first: WAL already gone, then WAL about to go, then disk, then the limits
    for (ReplicationSlot s : slots) {
      if (s.walStatus().filter("lost"::equals).isPresent()) {
        problems.add(
            "slot "
                + s.slotName()
                + " lost WAL it needs (wal_status lost): its consumer cannot resume");
      }
    }
    for (ReplicationSlot s : slots) {
      if (s.walStatus().filter("unreserved"::equals).isPresent()) {
        problems.add(
            "slot "
                + s.slotName()
                + " is past max_slot_wal_keep_size (wal_status unreserved)"
                + " and loses WAL at the next checkpoint");
      }
    }
    for (ReplicationSlot s : slots) {
      long retained = s.retainedBytes().orElse(0);
      if (dataFs.isPresent()
          && retained > 0
          && retained > Math.max(0, dataFs.get().availableBytes())) {
        problems.add(
            "slot "
                + s.slotName()
                + " retains "
                + GoFormat.size(retained)
                + " of WAL, more than the "
                + GoFormat.size(Math.max(0, dataFs.get().availableBytes()))
                + " free on "
                + dataFs.get().path());
      } else if (retained > t.slotMaxRetainedBytes()) {
        problems.add(
            "slot "
                + s.slotName()
                + " retains "
                + GoFormat.size(retained)
                + " of WAL (over "
                + GoFormat.size(t.slotMaxRetainedBytes())
                + ")");
      } else if (!s.active() && retained > t.slotInactiveMaxRetainedBytes()) {
        problems.add(
            "inactive slot "
                + s.slotName()
                + inactiveFor(s)
                + " retains "
                + GoFormat.size(retained)
                + " of WAL (over "
                + GoFormat.size(t.slotInactiveMaxRetainedBytes())
                + ")");
      }
    }
    if (!problems.isEmpty()) {
      return failed(name, label, problems.get(0) + more(problems.size() - 1, "problem"), took);
    }
    ReplicationSlot most = slots.get(0);
    for (ReplicationSlot s : slots) {
      if (s.retainedBytes().orElse(0) > most.retainedBytes().orElse(0)) {
        most = s;
      }
    }
    long inactive = slots.stream().filter(s -> !s.active()).count();
    String text =
        slots.size()
            + (slots.size() == 1 ? " slot" : " slots")
            + (inactive > 0 ? " (" + inactive + " inactive)" : "")
            + ", most WAL retained "
            + GoFormat.size(most.retainedBytes().orElse(0))
            + " ("
            + most.slotName()
            + ")";
    return passed(name, label, text, took);
  }

  private static String inactiveFor(ReplicationSlot s) {
    return s.inactiveSeconds().isPresent()
        ? " (inactive for " + seconds(s.inactiveSeconds().getAsDouble()) + ")"
        : "";
  }

  // ---- archiving -------------------------------------------------------------------------------

  static CheckResult archiving(ArchiverStatus a, RiskThresholds t, Duration took) {
    String name = "archiving";
    String label = "archiving";
    if (!a.archiving()) {
      String why =
          "off".equals(a.archiveMode())
              ? "off"
              : "done by the leader (archive_mode " + a.archiveMode() + ")";
      return passed(name, label, why, took);
    }
    String lastSuccess =
        a.lastArchivedWal().isPresent() && a.lastArchivedAgeSeconds().isPresent()
            ? a.lastArchivedWal().get()
                + " "
                + seconds(a.lastArchivedAgeSeconds().getAsDouble())
                + " ago"
            : "never";
    if (a.failing()) {
      return failed(
          name,
          label,
          "failing: "
              + a.lastFailedWal().orElse("a WAL file")
              + " failed "
              + seconds(a.lastFailedAgeSeconds().orElse(0))
              + " ago, last success "
              + lastSuccess
              + ", "
              + a.pendingSegments()
              + " waiting",
          took);
    }
    if (a.oldestPendingAgeSeconds().isPresent()
        && a.pendingSegments() > 0
        && Math.floor(a.oldestPendingAgeSeconds().getAsDouble()) > t.archiveMaxWait().toSeconds()) {
      return failed(
          name,
          label,
          a.pendingSegments()
              + " segments waiting, the oldest for "
              + seconds(a.oldestPendingAgeSeconds().getAsDouble())
              + " (over "
              + GoFormat.duration(t.archiveMaxWait())
              + "), last success "
              + lastSuccess,
          took);
    }
    return passed(
        name,
        label,
        "last archived " + lastSuccess + ", " + a.pendingSegments() + " waiting",
        took);
  }

  // ---- sessions --------------------------------------------------------------------------------

  static CheckResult longTransaction(OldestTransactions tx, RiskThresholds t, Duration took) {
    String name = "longTransaction";
    String label = "long transaction";
    // a prepared transaction holds back vacuum like an open one; it has no session, only its gid
    Optional<Session> prepared =
        tx.oldestPrepared()
            .filter(p -> Math.floor(p.ageSeconds()) > t.maxTransactionAge().toSeconds());
    if (prepared.isPresent()) {
      Session p = prepared.get();
      return failed(
          name,
          label,
          "prepared transaction '"
              + p.gid()
              + "' "
              + p.user()
              + "@"
              + p.database()
              + " open for "
              + seconds(p.ageSeconds())
              + " (over "
              + GoFormat.duration(t.maxTransactionAge())
              + ")",
          took);
    }
    if (tx.oldestTransaction().isEmpty()) {
      return passed(name, label, "none open", took);
    }
    Session s = tx.oldestTransaction().get();
    if (Math.floor(s.ageSeconds())
        > t.maxTransactionAge().toSeconds()) { // whole seconds, as printed
      return failed(
          name,
          label,
          session(s)
              + " open for "
              + seconds(s.ageSeconds())
              + " (over "
              + GoFormat.duration(t.maxTransactionAge())
              + ")",
          took);
    }
    return passed(
        name, label, "oldest open " + seconds(s.ageSeconds()) + " (" + session(s) + ")", took);
  }

  static CheckResult idleInTransaction(OldestTransactions tx, RiskThresholds t, Duration took) {
    String name = "idleInTransaction";
    String label = "idle in transaction";
    if (tx.oldestIdleInTransaction().isEmpty()) {
      return passed(name, label, "none", took);
    }
    Session s = tx.oldestIdleInTransaction().get();
    if (Math.floor(s.ageSeconds()) > t.maxIdleInTransaction().toSeconds()) {
      return failed(
          name,
          label,
          session(s)
              + " idle for "
              + seconds(s.ageSeconds())
              + " (over "
              + GoFormat.duration(t.maxIdleInTransaction())
              + ")",
          took);
    }
    return passed(
        name, label, "longest " + seconds(s.ageSeconds()) + " (" + session(s) + ")", took);
  }

  private static String session(Session s) {
    return "pid " + s.pid() + " " + s.user() + "@" + s.database();
  }

  // ---- disk forecast ---------------------------------------------------------------------------

  static CheckResult diskForecast(DiskFillForecast f, RiskThresholds t, Duration took) {
    String name = "diskForecast";
    String label = "disk forecast";
    if (f == null) {
      return passed(name, label, "no disk reading yet", took);
    }
    return switch (f.status()) {
      case INSUFFICIENT_DATA ->
          passed(
              name,
              label,
              "collecting samples (" + GoFormat.duration(truncate(f.span())) + " so far)",
              took);
      case NOT_FILLING ->
          passed(
              name,
              label,
              f.path()
                  + " not filling (over the last "
                  + GoFormat.duration(truncate(f.span()))
                  + ")",
              took);
      case FILLING -> {
        double secs = f.secondsUntilFull().orElse(Double.POSITIVE_INFINITY);
        String text =
            f.path()
                + " full in "
                + seconds(secs)
                + " at "
                + GoFormat.size(Math.round(f.fillRateBytesPerSecond() * 3600))
                + "/h";
        yield secs < t.diskFullWithin().toSeconds()
            ? failed(
                name, label, text + " (under " + GoFormat.duration(t.diskFullWithin()) + ")", took)
            : passed(name, label, text, took);
      }
    };
  }

  // ---- helpers ---------------------------------------------------------------------------------

  /** Whole seconds as a Go duration ({@code 1h2m3s}); very long ones are capped at 100000 h. */
  static String seconds(double s) {
    long whole = (long) Math.min(Math.max(0, Math.floor(s)), 360_000_000L);
    return GoFormat.duration(Duration.ofSeconds(whole));
  }

  private static Duration truncate(Duration d) {
    return Duration.ofSeconds(d.toSeconds());
  }

  private static String more(int n, String what) {
    return n <= 0 ? "" : " (+" + n + " more " + what + (n == 1 ? "" : "s") + ")";
  }

  private static CheckResult passed(String name, String label, String text, Duration took) {
    return CheckResult.passed(name, label + ": " + text, text, took);
  }

  private static CheckResult failed(String name, String label, String text, Duration took) {
    return CheckResult.failed(name, label + ": " + text, text, took);
  }
}
