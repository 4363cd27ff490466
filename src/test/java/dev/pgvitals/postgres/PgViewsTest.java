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
      assertThat(statements)
          .as("PG %d", major)
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
    assertThat(PgViews.STATS.stream().map(PgView::name))
        .startsWith(
            "pg_stat_activity",
            "pg_stat_archiver",
            "pg_stat_bgwriter",
            "pg_stat_checkpointer",
            "pg_stat_database");
  }

  @Test
  void withSeedNamesOnlyTheCheckpointerIsNotReadAndBgwriterWritesOneGeneration() {
    assertThat(PgViews.stats(ExporterNames.BOTH)).isEqualTo(PgViews.STATS);
    assertThat(PgViews.stats(ExporterNames.SEED))
        .doesNotContain(StatCheckpointer.VIEW)
        .hasSize(PgViews.STATS.size() - 1);
    // one statement fewer on 17+: the checkpointer's own (pg_stat_bgwriter's still joins the view)
    assertThat(PgViews.sql(PgViews.stats(ExporterNames.SEED), 18).split(";\n"))
        .hasSize(PgViews.sql(PgViews.STATS, 18).split(";\n").length - 1);
    assertThat(PgViews.sql(PgViews.stats(ExporterNames.SEED), 18))
        .doesNotContain("restartpoints_done");
    StatBgwriter b = new StatBgwriter(1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11);
    List<io.prometheus.metrics.model.snapshots.MetricSnapshot> both = new java.util.ArrayList<>();
    StatBgwriter.VIEW.families(b, "h:5432", ExporterNames.BOTH, both);
    List<io.prometheus.metrics.model.snapshots.MetricSnapshot> seed = new java.util.ArrayList<>();
    StatBgwriter.VIEW.families(b, "h:5432", ExporterNames.SEED, seed);
    assertThat(both).hasSize(22);
    assertThat(seed.stream().map(f -> f.getMetadata().getPrometheusName()))
        .hasSize(11)
        .noneMatch(n -> n.endsWith("_total"));
  }

  @Test
  void exporterNamesParseBothAndSeedOnly() {
    assertThat(ExporterNames.parse(" Seed ")).isEqualTo(ExporterNames.SEED);
    assertThat(ExporterNames.parse("both")).isEqualTo(ExporterNames.BOTH);
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> ExporterNames.parse("first"))
        .hasMessage("'first' is not both or seed");
  }
}
