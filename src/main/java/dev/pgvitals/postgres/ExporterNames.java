package dev.pgvitals.postgres;

import java.util.Locale;

/**
 * Which generations of postgres_exporter's names pgvitals emits ({@code --pg-exporter-names}). The
 * seed's names (postgres_exporter 0.10 era, {@code metrics.md}) are always there; the second
 * generation is the names postgres_exporter uses since 0.11 for the same values, listed in
 * docs/metrics-mapping.md ("Both generations of names"): {@code pg_stat_bgwriter_*_total}, {@code
 * pg_stat_checkpointer_*_total} (17+), {@code pg_replication_lag_seconds}, {@code
 * pg_replication_last_replay_seconds}. A view declares its second-generation families apart from
 * its others ({@link PgView#of(String, java.util.function.IntFunction, java.util.function.Function,
 * PgView.Families, PgView.Families)}), so this switch never filters by name.
 */
public enum ExporterNames {
  /** The seed's names and the second generation (default): dashboards of either generation work. */
  BOTH,
  /** The seed's names only: the second generation is left out (and its statements not sent). */
  SEED;

  /** {@code both} or {@code seed}, case-insensitive. */
  public static ExporterNames parse(String s) {
    String v = s == null ? "" : s.trim().toLowerCase(Locale.ROOT);
    return switch (v) {
      case "both" -> BOTH;
      case "seed" -> SEED;
      default -> throw new IllegalArgumentException("'" + s + "' is not both or seed");
    };
  }

  /** Whether the second generation's families are emitted. */
  public boolean secondGeneration() {
    return this == BOTH;
  }

  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }
}
