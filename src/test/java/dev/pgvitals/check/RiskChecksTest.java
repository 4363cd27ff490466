package dev.pgvitals.check;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pgvitals.host.DiskFillForecast;
import dev.pgvitals.host.DiskFillForecast.Status;
import dev.pgvitals.host.HostSnapshot.FileSystemUsage;
import dev.pgvitals.postgres.ArchiverStatus;
import dev.pgvitals.postgres.OldestTransactions;
import dev.pgvitals.postgres.OldestTransactions.Session;
import dev.pgvitals.postgres.PgHealthSampler;
import dev.pgvitals.postgres.PgHealthSnapshot;
import dev.pgvitals.postgres.ReplicationSlot;
import dev.pgvitals.postgres.WraparoundAge;
import dev.pgvitals.render.SuiteRenderer;
import dev.pgvitals.sample.LatestSample;
import dev.pgvitals.sample.Sample;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/**
 * The risk suite's texts in both formats for every outcome, against the golden file {@code
 * src/test/resources/risk/risk-suite.txt} ({@code -Dgolden.update=true} rewrites it), and the
 * thresholds' edges.
 */
class RiskChecksTest {

  static final Path GOLDEN = Path.of("src/test/resources/risk/risk-suite.txt");
  static final Instant NOW = Instant.parse("2026-01-05T10:00:00Z");
  static final Duration TOOK = Duration.ofNanos(1_523_000);
  static final RiskThresholds T = RiskThresholds.DEFAULTS;
  static final FileSystemUsage DATA =
      new FileSystemUsage("/data/", "/data", "ext4", "/dev/vdb", 100L << 30, 20L << 30);

  static final String WAL1 = "00000001000000A70000003C";
  static final String WAL2 = "00000001000000A70000003D";

  static WraparoundAge db(String name, long xidAge, long mxidAge) {
    return new WraparoundAge(name, xidAge, mxidAge, 200_000_000, 400_000_000);
  }

  static ReplicationSlot slot(
      String name, boolean active, String status, long retained, Double inactiveSeconds) {
    return new ReplicationSlot(
        name,
        "physical",
        active,
        Optional.ofNullable(status),
        retained < 0 ? OptionalLong.empty() : OptionalLong.of(retained),
        OptionalLong.empty(),
        inactiveSeconds == null ? OptionalDouble.empty() : OptionalDouble.of(inactiveSeconds));
  }

  static ArchiverStatus archiver(
      String mode,
      boolean replica,
      String archived,
      Double archivedAge,
      String failed,
      Double failedAge,
      long pending,
      Double oldestPending) {
    return new ArchiverStatus(
        mode,
        replica,
        Optional.ofNullable(archived),
        opt(archivedAge),
        Optional.ofNullable(failed),
        opt(failedAge),
        pending,
        opt(oldestPending));
  }

  static OptionalDouble opt(Double d) {
    return d == null ? OptionalDouble.empty() : OptionalDouble.of(d);
  }

  static final ArchiverStatus ARCHIVING_OK = archiver("on", false, WAL1, 12.4, null, null, 0, null);
  static final OldestTransactions NO_SESSIONS =
      new OldestTransactions(Optional.empty(), Optional.empty());

  static DiskFillForecast forecast(Status status, double ratePerSecond, long available) {
    return new DiskFillForecast(
        status,
        "/data/",
        "/data",
        "ext4",
        "/dev/vdb",
        available,
        ratePerSecond,
        Duration.ofHours(6),
        181);
  }

  static final DiskFillForecast NOT_FILLING = forecast(Status.NOT_FILLING, -12.5, 20L << 30);

  static SuiteResult evaluate(PgHealthSnapshot s, DiskFillForecast f) {
    return evaluate(s, f, T);
  }

  static SuiteResult evaluate(PgHealthSnapshot s, DiskFillForecast f, RiskThresholds t) {
    LatestSample<PgHealthSnapshot> latest = new LatestSample<>(PgHealthSampler.NAME);
    latest.set(Sample.ok(PgHealthSampler.NAME, s, NOW.minusSeconds(5), TOOK));
    return RiskChecks.evaluate(
        Optional.of(SampleFreshness.judge(latest, Duration.ofMinutes(3), NOW)),
        Optional.of(DATA),
        f,
        TOOK,
        t);
  }

  static PgHealthSnapshot snapshot(
      List<WraparoundAge> dbs,
      List<ReplicationSlot> slots,
      ArchiverStatus a,
      OldestTransactions tx) {
    return new PgHealthSnapshot("127.0.0.1:5432", 17, dbs, slots, a, tx);
  }

  /** Every scenario of the golden file, in order. */
  static Map<String, SuiteResult> scenarios() {
    Map<String, SuiteResult> m = new LinkedHashMap<>();
    m.put(
        "healthy leader",
        evaluate(
            snapshot(
                List.of(
                    db("postgres", 48_213, 3), db("template0", 51_877, 3), db("appdb", 50_001, 12)),
                List.of(slot("replica", true, "reserved", 245_760, null)),
                ARCHIVING_OK,
                new OldestTransactions(
                    Optional.of(new Session(4242, "app", "appdb", 1.8)),
                    Optional.of(new Session(4243, "app", "appdb", 0.4)))),
            NOT_FILLING));
    m.put(
        "everything failing",
        evaluate(
            snapshot(
                List.of(
                    db("postgres", 390_000_000, 3),
                    db("template0", 412_345_678, 3),
                    db("appdb", 401_000_000, 12)),
                List.of(
                    slot("replica", true, "reserved", 245_760, null),
                    slot("old_standby", false, "lost", -1, 86_400.0),
                    slot("etl", false, "extended", 3L << 30, 7_322.9)),
                archiver("on", false, WAL1, 7_260.0, WAL2, 3.2, 14, 7_250.0),
                new OldestTransactions(
                    Optional.of(new Session(811, "report", "appdb", 3_723.5)),
                    Optional.of(new Session(812, "app", "appdb", 400.0)))),
            forecast(Status.FILLING, (20L << 30) / 48_000.0, 20L << 30)));
    m.put(
        "multixact past a capped limit",
        evaluate(
            snapshot(
                List.of(
                    new WraparoundAge("appdb", 10_000, 1_100_000_000, 200_000_000, 1_500_000_000)),
                List.of(),
                ARCHIVING_OK,
                NO_SESSIONS),
            NOT_FILLING));
    m.put(
        "slot retaining more than is free",
        evaluate(
            snapshot(
                List.of(db("postgres", 1_000, 1)),
                List.of(slot("cdc", true, "extended", 25L << 30, null)),
                ARCHIVING_OK,
                NO_SESSIONS),
            NOT_FILLING));
    m.put(
        "active slot over the limit",
        evaluate(
            snapshot(
                List.of(db("postgres", 1_000, 1)),
                List.of(slot("cdc", true, "extended", 12L << 30, null)),
                ARCHIVING_OK,
                NO_SESSIONS),
            NOT_FILLING));
    m.put(
        "unreserved slot",
        evaluate(
            snapshot(
                List.of(db("postgres", 1_000, 1)),
                List.of(slot("replica", false, "unreserved", 900L << 20, null)),
                ARCHIVING_OK,
                NO_SESSIONS),
            NOT_FILLING));
    m.put(
        "archiving stale, nothing failed",
        evaluate(
            snapshot(
                List.of(db("postgres", 1_000, 1)),
                List.of(),
                archiver("on", false, WAL1, 1_500.0, null, null, 3, 1_200.0),
                NO_SESSIONS),
            forecast(Status.FILLING, 1024.0 * 1024, 200L << 30)));
    m.put(
        "archiving never succeeded",
        evaluate(
            snapshot(
                List.of(db("postgres", 1_000, 1)),
                List.of(),
                archiver("on", false, null, null, WAL2, 0.9, 1, 1.1),
                NO_SESSIONS),
            NOT_FILLING));
    m.put(
        "archive_mode off, collecting disk samples",
        evaluate(
            snapshot(
                List.of(db("postgres", 1_000, 1)),
                List.of(),
                archiver("off", false, null, null, null, null, 0, null),
                NO_SESSIONS),
            new DiskFillForecast(
                Status.INSUFFICIENT_DATA,
                "/data/",
                "/data",
                "ext4",
                "/dev/vdb",
                1L << 30,
                0,
                Duration.ofSeconds(754),
                7)));
    m.put(
        "replica with archive_mode on",
        evaluate(
            snapshot(
                List.of(db("postgres", 1_000, 1)),
                List.of(),
                archiver("on", true, null, null, null, null, 0, null),
                NO_SESSIONS),
            NOT_FILLING));
    m.put(
        "forgotten prepared transaction",
        evaluate(
            snapshot(
                List.of(db("postgres", 1_000, 1)),
                List.of(),
                ARCHIVING_OK,
                new OldestTransactions(
                    Optional.of(new Session(4242, "app", "appdb", 12.0)),
                    Optional.empty(),
                    Optional.of(new Session(0, "app", "appdb", 90_061.0, "tx-8f3a")))),
            NOT_FILLING));
    LatestSample<PgHealthSnapshot> failed = new LatestSample<>(PgHealthSampler.NAME);
    failed.set(
        Sample.failed(
            PgHealthSampler.NAME, "connection refused: 127.0.0.1:5432", NOW.minusSeconds(5), TOOK));
    m.put(
        "pg_health sample failed",
        RiskChecks.evaluate(
            Optional.of(SampleFreshness.judge(failed, Duration.ofMinutes(3), NOW)),
            Optional.of(DATA),
            NOT_FILLING,
            TOOK,
            T));
    m.put(
        "no PostgreSQL configured",
        RiskChecks.evaluate(Optional.empty(), Optional.of(DATA), NOT_FILLING, TOOK, T));
    return m;
  }

  static String render() {
    StringBuilder b = new StringBuilder();
    scenarios()
        .forEach(
            (name, r) -> {
              b.append("## ")
                  .append(name)
                  .append(" — ")
                  .append(r.passed() ? "passing" : "failing")
                  .append('\n');
              b.append("# seed\n").append(SuiteRenderer.render(r, CheckFormat.SEED));
              b.append("# framework\n")
                  .append(SuiteRenderer.render(r, CheckFormat.FRAMEWORK))
                  .append("\n\n");
            });
    return b.toString();
  }

  @Test
  void textsOfEveryOutcomeMatchTheGoldenFile() throws IOException {
    String text = render();
    if (Boolean.getBoolean("golden.update")) {
      Files.writeString(GOLDEN, text, StandardCharsets.UTF_8);
    }
    assertThat(text).isEqualTo(Files.readString(GOLDEN, StandardCharsets.UTF_8));
  }

  @Test
  void wraparoundFailsOnlyPastTwiceFreezeMaxAgeAndNamesTheOldestDatabase() {
    List<ReplicationSlot> none = List.of();
    SuiteResult at =
        evaluate(
            snapshot(List.of(db("a", 400_000_000, 1)), none, ARCHIVING_OK, NO_SESSIONS),
            NOT_FILLING);
    SuiteResult over =
        evaluate(
            snapshot(
                List.of(db("a", 400_000_001, 1), db("b", 400_000_002, 1)),
                none,
                ARCHIVING_OK,
                NO_SESSIONS),
            NOT_FILLING);
    assertThat(at.checks().get(0).passed()).isTrue();
    assertThat(over.checks().get(0).passed()).isFalse();
    assertThat(over.checks().get(0).frameworkText())
        .startsWith("database b xid age 400000002 over 400000000")
        .endsWith("(+1 more database)");
  }

  @Test
  void theWraparoundLimitIsCappedAtOneBillionAndFollowsTheFactor() {
    assertThat(T.wraparoundLimit(200_000_000)).isEqualTo(400_000_000);
    assertThat(T.wraparoundLimit(2_000_000_000)).isEqualTo(RiskThresholds.WRAPAROUND_CAP);
    RiskThresholds t =
        new RiskThresholds(
            1.5,
            1,
            1,
            Duration.ofMinutes(1),
            Duration.ofMinutes(1),
            Duration.ofMinutes(1),
            Duration.ofHours(1));
    assertThat(t.wraparoundLimit(100_000)).isEqualTo(150_000);
  }

  @Test
  void sessionChecksFailStrictlyOverTheirThresholdAndNeverShowMoreThanPidUserDatabaseAndAge() {
    OldestTransactions atLimit =
        new OldestTransactions(
            Optional.of(new Session(1, "u", "d", 3600.0)),
            Optional.of(new Session(2, "u", "d", 300.0)));
    OldestTransactions over =
        new OldestTransactions(
            Optional.of(new Session(1, "u", "d", 3601.0)),
            Optional.of(new Session(2, "u", "d", 301.0)));
    assertThat(RiskChecks.longTransaction(atLimit, T, TOOK).passed()).isTrue();
    assertThat(RiskChecks.idleInTransaction(atLimit, T, TOOK).passed()).isTrue();
    assertThat(RiskChecks.longTransaction(over, T, TOOK).frameworkText())
        .isEqualTo("pid 1 u@d open for 1h0m1s (over 1h0m0s)");
    assertThat(RiskChecks.idleInTransaction(over, T, TOOK).frameworkText())
        .isEqualTo("pid 2 u@d idle for 5m1s (over 5m0s)");
  }

  @Test
  void theDiskForecastFailsUnderItsThresholdAndPassesWithoutEnoughSamples() {
    long free = 10L << 30;
    DiskFillForecast in23h = forecast(Status.FILLING, free / (23 * 3600.0), free);
    DiskFillForecast in25h = forecast(Status.FILLING, free / (25 * 3600.0), free);
    assertThat(RiskChecks.diskForecast(in23h, T, TOOK).passed()).isFalse();
    assertThat(RiskChecks.diskForecast(in25h, T, TOOK).passed()).isTrue();
    assertThat(RiskChecks.diskForecast(null, T, TOOK).passed()).isTrue();
  }

  @Test
  void aStalePgHealthSampleFailsEveryPostgresqlCheckButNotTheForecast() {
    LatestSample<PgHealthSnapshot> latest = new LatestSample<>(PgHealthSampler.NAME);
    latest.set(
        Sample.ok(
            PgHealthSampler.NAME,
            snapshot(List.of(db("postgres", 1, 1)), List.of(), ARCHIVING_OK, NO_SESSIONS),
            NOW.minusSeconds(600),
            TOOK));
    SuiteResult r =
        RiskChecks.evaluate(
            Optional.of(SampleFreshness.judge(latest, Duration.ofMinutes(3), NOW)),
            Optional.of(DATA),
            NOT_FILLING,
            TOOK,
            T);
    assertThat(r.checks()).hasSize(6);
    assertThat(r.checks().subList(0, 5))
        .allSatisfy(
            c -> {
              assertThat(c.passed()).isFalse();
              assertThat(c.frameworkText())
                  .isEqualTo("unknown: pg_health sample is stale (taken 600s ago)");
            });
    assertThat(r.checks().get(5).passed()).isTrue();
  }
}
