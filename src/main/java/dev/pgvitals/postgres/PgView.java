package dev.pgvitals.postgres;

import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.IntFunction;

/**
 * One PostgreSQL view as a self-contained unit: its statement for each major version, how its rows
 * become an immutable reading, and the metric families that reading produces, with their full
 * exposed names written out in the view's file (so {@code grep pg_stat_bgwriter_buffers_backend}
 * lands where the family is made). Each view lives in one file ({@link StatDatabase}, {@link
 * Locks}, …) as a {@code static final PgView<…> VIEW}, and is registered by one line in the ordered
 * list {@link PgViews#STATS}; nothing else needs editing to add a view.
 *
 * <p>The samplers run the statements of all views of a round as one simple-query string (one round
 * trip, one implicit transaction) and hand each view its own result set, in list order.
 *
 * @param <T> the reading of one round
 */
public final class PgView<T> {

  /** Writes the families of one reading, in a fixed order. Pure. */
  @FunctionalInterface
  public interface Families<T> {
    void write(T reading, String server, List<MetricSnapshot> out);
  }

  private final String name;
  private final IntFunction<String> sql;
  private final Function<RowSet<Row>, T> read;
  private final Families<T> families;
  private final Families<T> secondGeneration;

  private PgView(
      String name,
      IntFunction<String> sql,
      Function<RowSet<Row>, T> read,
      Families<T> families,
      Families<T> secondGeneration) {
    this.name = Objects.requireNonNull(name, "name");
    this.sql = Objects.requireNonNull(sql, "sql");
    this.read = Objects.requireNonNull(read, "read");
    this.families = Objects.requireNonNull(families, "families");
    this.secondGeneration = secondGeneration;
  }

  /**
   * @param name the view's name, e.g. {@code pg_stat_database} (for errors and documentation)
   * @param sql its one statement for a major version, without a trailing semicolon; {@code null}
   *     when the view does not exist on that major (then it has no reading and no families there)
   * @param read its reading from its own result set
   * @param families the families of a reading
   */
  public static <T> PgView<T> of(
      String name, IntFunction<String> sql, Function<RowSet<Row>, T> read, Families<T> families) {
    return new PgView<>(name, sql, read, families, null);
  }

  /**
   * A view some of whose families are postgres_exporter 0.11+'s second generation of names ({@link
   * ExporterNames}): {@code families} are always written, {@code secondGeneration} only while
   * {@code --pg-exporter-names} is {@code both}. A view with nothing but second-generation families
   * passes {@link #none()} as {@code families}; it then sends no statement with {@code seed}.
   */
  public static <T> PgView<T> of(
      String name,
      IntFunction<String> sql,
      Function<RowSet<Row>, T> read,
      Families<T> families,
      Families<T> secondGeneration) {
    return new PgView<>(
        name, sql, read, families, Objects.requireNonNull(secondGeneration, "secondGeneration"));
  }

  private static final Families<?> NONE = (reading, server, out) -> {};

  /** No families (for a view whose families are all of the second generation). */
  @SuppressWarnings("unchecked")
  public static <T> Families<T> none() {
    return (Families<T>) NONE;
  }

  /**
   * Whether this view has families to write with {@code names}; when not, it is not sampled at all.
   */
  public boolean wanted(ExporterNames names) {
    return families != NONE || (secondGeneration != null && names.secondGeneration());
  }

  public String name() {
    return name;
  }

  /** The statement for a major version; empty when the view does not exist there. */
  public Optional<String> sql(int major) {
    return Optional.ofNullable(sql.apply(major));
  }

  /** The reading of one result set. */
  public T read(RowSet<Row> rows) {
    return read.apply(rows);
  }

  /** Appends the families of a reading to {@code out}, both generations of names. */
  public void families(T reading, String server, List<MetricSnapshot> out) {
    families(reading, server, ExporterNames.BOTH, out);
  }

  /**
   * Appends the families of a reading to {@code out}, the second generation only if {@code names}
   * says so.
   */
  public void families(T reading, String server, ExporterNames names, List<MetricSnapshot> out) {
    families.write(reading, server, out);
    if (secondGeneration != null && names.secondGeneration()) {
      secondGeneration.write(reading, server, out);
    }
  }

  @Override
  public String toString() {
    return name;
  }
}
