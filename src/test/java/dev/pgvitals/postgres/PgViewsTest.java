package dev.pgvitals.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The registration list: one statement per view that exists on a major, in list order. */
class PgViewsTest {

  @Test
  void everyViewHasOneStatementOnEveryMajorWhereItExistsAndAUniqueName() {
    for (int major = 13; major <= 18; major++) {
      int m = major;
      List<String> statements = PgViews.STATS.stream().flatMap(v -> v.sql(m).stream()).toList();
      assertThat(statements).as("PG %d", major)
          .hasSize(PgViews.STATS.size() - (major < 17 ? 1 : 0))
          .allSatisfy(s -> assertThat(s).doesNotContain(";"));
      assertThat(PgStatsSampler.sql(major).split(";\n")).hasSize(statements.size());
    }
    assertThat(PgViews.STATS.stream().map(PgView::name)).doesNotHaveDuplicates();
    assertThat(StatCheckpointer.VIEW.sql(16)).isEmpty();
    assertThat(StatCheckpointer.VIEW.sql(17)).isPresent();
  }

  @Test
  void theRoundListsTheViewsInExpositionOrder() {
    assertThat(PgViews.STATS.stream().map(PgView::name)).startsWith(
        "pg_stat_activity", "pg_stat_archiver", "pg_stat_bgwriter", "pg_stat_checkpointer", "pg_stat_database");
  }
}
