package dev.pgvitals.views;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pgvitals.cluster.DatabaseInfo;
import dev.pgvitals.cluster.ReportFormatException;
import dev.pgvitals.cluster.UserInfo;
import java.util.List;
import org.junit.jupiter.api.Test;

class UsersAndDatabasesRendererTest {

  static final List<UserInfo> USERS =
      List.of(
          new UserInfo("flypgadmin", true, List.of("postgres")),
          new UserInfo("postgres", true, List.of("postgres")),
          new UserInfo("repluser", false, List.of("postgres")));

  static final List<DatabaseInfo> DATABASES =
      List.of(new DatabaseInfo("postgres", List.of("flypgadmin", "postgres", "repluser")));

  @Test
  void usersListReproducesTheGoldenSample() {
    Golden.assertLinesEqual(UsersListRenderer.render(USERS), Golden.sample("users-list.txt"));
  }

  @Test
  void databaseListReproducesTheGoldenSample() {
    Golden.assertLinesEqual(DatabaseListRenderer.render(DATABASES), Golden.sample("db-list.txt"));
  }

  @Test
  void emptyListsPrintTheHeaderOnly() {
    assertThat(UsersListRenderer.render(List.of())).isEqualTo("USERNAME SUPERUSER DATABASES\n");
    assertThat(DatabaseListRenderer.render(List.of())).isEqualTo("NAME USERS\n");
  }

  @Test
  void userWithoutDatabasesAndLongNames() {
    String text =
        UsersListRenderer.render(
            List.of(
                new UserInfo("reporting_readonly_user", false, List.of()),
                new UserInfo("app", false, List.of("orders", "inventory"))));
    assertThat(text)
        .isEqualTo(
            """
        USERNAME                SUPERUSER DATABASES
        reporting_readonly_user false
        app                     false     orders,inventory
        """);
  }

  @Test
  void listsRoundTripThroughJson() {
    assertThat(UserInfo.parseList(UserInfo.toJson(USERS).encode())).isEqualTo(USERS);
    assertThat(DatabaseInfo.parseList(DatabaseInfo.toJson(DATABASES).encode()))
        .isEqualTo(DATABASES);
  }

  @Test
  void userListWithAStringForSuperuserIsRejectedNamingTheField() {
    assertThat(
            org.assertj.core.api.Assertions.catchThrowable(
                () ->
                    UserInfo.parseList(
                        "{\"users\":[{\"name\":\"a\",\"superuser\":\"yes\",\"databases\":[]}]}")))
        .isInstanceOf(ReportFormatException.class)
        .hasMessage("user list: users[0].superuser: expected true or false");
  }
}
