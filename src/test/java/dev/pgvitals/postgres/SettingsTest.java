package dev.pgvitals.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** pg_settings rows become postgres_exporter's pg_settings_* names and units. */
class SettingsTest {

  static Settings.Exposed exposed(String name, String setting, String unit, String vartype) {
    return new Settings(name, setting, unit, vartype).exposed().orElseThrow();
  }

  @Test
  void boolsAreOneWhenOn() {
    assertThat(exposed("fsync", "on", "", "bool"))
        .isEqualTo(new Settings.Exposed("pg_settings_fsync", "Server Parameter: fsync", 1));
    assertThat(exposed("fsync", "off", "", "bool").value()).isZero();
  }

  @Test
  void timeUnitsBecomeSecondsAndSizeUnitsBytes() {
    assertThat(exposed("statement_timeout", "2000", "ms", "integer"))
        .isEqualTo(
            new Settings.Exposed(
                "pg_settings_statement_timeout_seconds",
                "Server Parameter: statement_timeout [Units converted to seconds.]",
                2));
    assertThat(exposed("checkpoint_timeout", "300", "s", "integer").value()).isEqualTo(300);
    assertThat(exposed("log_rotation_age", "1440", "min", "integer").value()).isEqualTo(86400);
    assertThat(exposed("shared_buffers", "16384", "8kB", "integer"))
        .satisfies(e -> assertThat(e.name()).isEqualTo("pg_settings_shared_buffers_bytes"))
        .satisfies(e -> assertThat(e.value()).isEqualTo(128.0 * 1024 * 1024));
    assertThat(exposed("work_mem", "4096", "kB", "integer").value()).isEqualTo(4 * 1024 * 1024);
    assertThat(exposed("wal_keep_size", "16", "MB", "integer").value()).isEqualTo(16 * 1024 * 1024);
    assertThat(exposed("wal_segment_size", "16777216", "B", "integer").value()).isEqualTo(16777216);
  }

  @Test
  void minusOneStaysMinusOneAndPlainNumbersStayAsTheyAre() {
    assertThat(exposed("max_slot_wal_keep_size", "-1", "MB", "integer"))
        .satisfies(e -> assertThat(e.name()).isEqualTo("pg_settings_max_slot_wal_keep_size_bytes"))
        .satisfies(e -> assertThat(e.value()).isEqualTo(-1));
    assertThat(exposed("autovacuum_vacuum_scale_factor", "0.2", "", "real").value()).isEqualTo(0.2);
    assertThat(exposed("max_locks_per_transaction", "64", "", "integer").value()).isEqualTo(64);
  }

  @Test
  void dotsAndDashesInNamesBecomeUnderscoresAndUnknownUnitsOrValuesAreLeftOut() {
    assertThat(exposed("pg_stat_statements.max", "5000", "", "integer").name())
        .isEqualTo("pg_settings_pg_stat_statements_max");
    assertThat(exposed("my-ext.some-setting", "1", "", "integer").name())
        .isEqualTo("pg_settings_my_ext_some_setting");
    assertThat(new Settings("odd", "5", "parsecs", "integer").exposed()).isEmpty();
    assertThat(new Settings("odd", "five", "", "integer").exposed()).isEmpty();
  }

  @Test
  void familiesSkipWhatPgFastMakesAndNameClashes() {
    List<io.prometheus.metrics.model.snapshots.MetricSnapshot> out = new ArrayList<>();
    Settings.metrics(
        List.of(
            new Settings("max_connections", "100", "", "integer"),
            new Settings("superuser_reserved_connections", "3", "", "integer"),
            new Settings("a.b", "1", "", "integer"),
            new Settings("a_b", "2", "", "integer"),
            new Settings("fsync", "on", "", "bool")),
        "10.0.0.7:5432",
        out);

    assertThat(out)
        .extracting(m -> m.getMetadata().getPrometheusName())
        .containsExactly("pg_settings_a_b", "pg_settings_fsync");
    assertThat(out.get(0).getDataPoints().get(0).getLabels().get("server"))
        .isEqualTo("10.0.0.7:5432");
  }
}
