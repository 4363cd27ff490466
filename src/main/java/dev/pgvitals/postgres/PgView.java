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
 * One PostgreSQL view as a self-contained unit: its statement for each major version, how its
 * rows become an immutable reading, and the metric families that reading produces, with their
 * full exposed names written out in the view's file (so {@code grep pg_stat_bgwriter_buffers_backend}
 * lands where the family is made). Each view lives in one file ({@link StatDatabase},
 * {@link Locks}, …) as a {@code static final PgView<…> VIEW}, and is registered by one line in
 * the ordered list {@link PgViews#STATS}; nothing else needs editing to add a view.
 *
 * <p>The samplers run the statements of all views of a round as one simple-query string (one
 * round trip, one implicit transaction) and hand each view its own result set, in list order.
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

  private PgView(String name, IntFunction<String> sql, Function<RowSet<Row>, T> read, Families<T> families) {
    this.name = Objects.requireNonNull(name, "name");
    this.sql = Objects.requireNonNull(sql, "sql");
    this.read = Objects.requireNonNull(read, "read");
    this.families = Objects.requireNonNull(families, "families");
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
    return new PgView<>(name, sql, read, families);
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

  /** Appends the families of a reading to {@code out}. */
  public void families(T reading, String server, List<MetricSnapshot> out) {
    families.write(reading, server, out);
  }

  @Override
  public String toString() {
    return name;
  }
}
