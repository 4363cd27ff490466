package dev.pgvitals.views;

import dev.pgvitals.cluster.DatabaseInfo;
import java.util.List;

/**
 * The database list: {@code NAME USERS}, users joined by {@code ,}. Rows in the order given (the
 * leader's query orders them by name).
 */
public final class DatabaseListRenderer {
  private DatabaseListRenderer() {}

  public static String render(List<DatabaseInfo> databases) {
    TextTable table = new TextTable("NAME", "USERS");
    for (DatabaseInfo db : databases) {
      table.row(db.name(), String.join(",", db.users()));
    }
    return table.render();
  }
}
