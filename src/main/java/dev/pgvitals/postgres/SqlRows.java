package dev.pgvitals.postgres;

import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;

/** Small checks on result sets shared by the per-view readers. */
final class SqlRows {

  private SqlRows() {}

  /** The only row of a one-row view, or an error naming the view. */
  static Row single(RowSet<Row> rows, String view) {
    if (rows == null || rows.size() != 1) {
      throw new IllegalStateException(
          view
              + " returned "
              + (rows == null ? "no result" : rows.size() + " rows")
              + ", expected 1");
    }
    return rows.iterator().next();
  }
}
