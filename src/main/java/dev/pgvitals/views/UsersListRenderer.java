package dev.pgvitals.views;

import dev.pgvitals.cluster.UserInfo;
import java.util.List;

/**
 * The users list: {@code USERNAME SUPERUSER DATABASES}, databases joined by {@code ,}. Rows in the
 * order given (the leader's query orders them by name).
 */
public final class UsersListRenderer {
  private UsersListRenderer() {}

  public static String render(List<UserInfo> users) {
    TextTable table = new TextTable("USERNAME", "SUPERUSER", "DATABASES");
    for (UserInfo user : users) {
      table.row(
          user.name(), Boolean.toString(user.superuser()), String.join(",", user.databases()));
    }
    return table.render();
  }
}
