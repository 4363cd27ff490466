package dev.pgvitals.ops;

import java.util.Set;
import java.util.TreeSet;

/**
 * The metric names dashboards and alert rules may use: the families documented in the metrics spec
 * (metrics.md: the legacy PostgreSQL exporter names, the agent's own families, the host names) plus
 * Prometheus' own {@code up}. A name outside this list would be a panel that shows nothing or a
 * rule that never fires.
 */
final class DocumentedMetrics {

  private DocumentedMetrics() {}

  static final Set<String> POSTGRESQL =
      names(
          "pg_stat_activity_count",
          "pg_stat_activity_max_tx_duration",
          "pg_stat_archiver_archived_count",
          "pg_stat_archiver_failed_count",
          "pg_stat_bgwriter_checkpoints_timed",
          "pg_stat_bgwriter_checkpoints_req",
          "pg_stat_bgwriter_checkpoint_write_time",
          "pg_stat_bgwriter_checkpoint_sync_time",
          "pg_stat_bgwriter_buffers_checkpoint",
          "pg_stat_bgwriter_buffers_clean",
          "pg_stat_bgwriter_maxwritten_clean",
          "pg_stat_bgwriter_buffers_backend",
          "pg_stat_bgwriter_buffers_backend_fsync",
          "pg_stat_bgwriter_buffers_alloc",
          "pg_stat_bgwriter_stats_reset",
          "pg_stat_database_numbackends",
          "pg_stat_database_xact_commit",
          "pg_stat_database_xact_rollback",
          "pg_stat_database_blks_read",
          "pg_stat_database_blks_hit",
          "pg_stat_database_tup_returned",
          "pg_stat_database_tup_fetched",
          "pg_stat_database_tup_inserted",
          "pg_stat_database_tup_updated",
          "pg_stat_database_tup_deleted",
          "pg_stat_database_conflicts",
          "pg_stat_database_deadlocks",
          "pg_stat_database_blk_read_time",
          "pg_stat_database_blk_write_time",
          "pg_stat_database_stats_reset",
          "pg_stat_database_conflicts_confl_tablespace",
          "pg_stat_database_conflicts_confl_lock",
          "pg_stat_database_conflicts_confl_snapshot",
          "pg_stat_database_conflicts_confl_bufferpin",
          "pg_stat_database_conflicts_confl_deadlock",
          "pg_stat_replication_pg_current_wal_lsn_bytes",
          "pg_stat_replication_pg_wal_lsn_diff",
          "pg_stat_replication_reply_time",
          "pg_replication_lag",
          // postgres_exporter 0.11+ names and default collectors (docs/metrics-mapping.md)
          "pg_replication_lag_seconds",
          "pg_replication_last_replay_seconds",
          "pg_replication_slots_active",
          "pg_replication_slots_pg_wal_lsn_diff",
          "pg_locks_count",
          "pg_settings_max_locks_per_transaction",
          "pg_stat_database_temp_files",
          "pg_stat_database_temp_bytes",
          "pg_database_size_bytes",
          "pg_up",
          "pg_replication_is_replica",
          "pg_static",
          "pg_postmaster_start_time_seconds");

  static final Set<String> AGENT =
      names(
          "pgvitals_sample_duration_seconds",
          "pgvitals_sample_success",
          "pgvitals_sample_age_seconds",
          "pgvitals_check_passing",
          "pgvitals_role");

  static final Set<String> HOST =
      names(
          "node_load1",
          "node_load5",
          "node_load15",
          "node_memory_MemTotal_bytes",
          "node_memory_MemAvailable_bytes",
          "node_filesystem_avail_bytes",
          "node_filesystem_size_bytes",
          "node_pressure_cpu_waiting_seconds_total",
          "node_pressure_memory_waiting_seconds_total",
          "node_pressure_io_waiting_seconds_total",
          "node_pressure_memory_stalled_seconds_total",
          "node_pressure_io_stalled_seconds_total",
          "node_cpu_seconds_total",
          // node_exporter families beyond metrics.md (docs/host-metrics.md) that the host dashboard
          // charts
          "node_memory_Cached_bytes",
          "node_memory_Buffers_bytes",
          "node_memory_AnonPages_bytes",
          "node_memory_Shmem_bytes",
          "node_memory_Slab_bytes",
          "node_memory_PageTables_bytes",
          "node_memory_Dirty_bytes",
          "node_memory_Writeback_bytes",
          "node_memory_SwapTotal_bytes",
          "node_memory_SwapFree_bytes",
          "node_vmstat_pswpin",
          "node_vmstat_pswpout",
          "node_vmstat_pgmajfault",
          "node_disk_read_bytes_total",
          "node_disk_written_bytes_total",
          "node_disk_reads_completed_total",
          "node_disk_writes_completed_total",
          "node_disk_io_time_seconds_total",
          "node_disk_read_time_seconds_total",
          "node_disk_write_time_seconds_total",
          "node_network_receive_bytes_total",
          "node_network_transmit_bytes_total",
          "node_network_receive_errs_total",
          "node_network_transmit_errs_total",
          "node_network_receive_drop_total",
          "node_network_transmit_drop_total");

  /** Added by Prometheus to every target. */
  static final Set<String> PROMETHEUS = names("up");

  /**
   * Exported beyond metrics.md, documented in the README's metrics section: the settings the
   * connections check judges by, so dashboards and alerts can compare sessions with them.
   */
  static final Set<String> EXTRA =
      names(
          "pg_settings_max_connections",
          "pg_settings_superuser_reserved_connections",
          // the disk alert skips read-only mounts (docs/host-metrics.md)
          "node_filesystem_readonly");

  /**
   * The risk suite's families (issue 15; docs/risk-checks.md): wraparound ages, slots, archiving,
   * oldest transactions, the disk forecast and the per-check verdicts.
   */
  static final Set<String> RISK =
      names(
          "pgvitals_wraparound_xid_age",
          "pgvitals_wraparound_mxid_age",
          "pgvitals_slot_retained_wal_bytes",
          "pgvitals_slot_active",
          "pgvitals_slot_safe_wal_size_bytes",
          "pgvitals_slot_wal_status",
          "pgvitals_archive_enabled",
          "pgvitals_archive_failing",
          "pgvitals_archive_pending_segments",
          "pgvitals_archive_oldest_pending_age_seconds",
          "pgvitals_oldest_transaction_age_seconds",
          "pgvitals_oldest_idle_in_transaction_age_seconds",
          "pgvitals_oldest_prepared_transaction_age_seconds",
          "pgvitals_disk_full_forecast_seconds",
          "pgvitals_disk_fill_rate_bytes_per_second",
          "pgvitals_risk_check_passing");

  /**
   * The node report as series, read by {@code --prometheus} (issue 15 part 6; docs/fleet-views.md
   * and the README's metrics section).
   */
  static final Set<String> FLEET =
      names(
          "pgvitals_node_info",
          "pgvitals_node_created_timestamp_seconds",
          "pgvitals_node_restarts",
          "pgvitals_check_info",
          "pgvitals_check_last_change_timestamp_seconds");

  static final Set<String> ALLOWED = union(POSTGRESQL, AGENT, HOST, PROMETHEUS, EXTRA, RISK, FLEET);

  /**
   * Families that carry a {@code datname} label: pg_stat_activity_*, pg_stat_database_*,
   * pg_database_size_bytes.
   */
  static final Set<String> WITH_DATNAME = withDatname();

  private static Set<String> withDatname() {
    Set<String> out = new TreeSet<>();
    for (String name : POSTGRESQL) {
      if (name.startsWith("pg_stat_database_")
          || name.startsWith("pg_stat_activity_")
          || name.equals("pg_database_size_bytes")) {
        out.add(name);
      }
    }
    return Set.copyOf(out);
  }

  /** Every label a family of the spec carries, plus Prometheus' target labels. */
  static final Set<String> LABELS =
      names(
          "instance",
          "job",
          "server",
          "datid",
          "datname",
          "state",
          "application_name",
          "client_addr",
          "slot_name",
          "version",
          "short_version",
          "sampler",
          "check",
          "role",
          "mountpoint",
          "fstype",
          "device",
          "cpu",
          "mode",
          "slot_type",
          "wal_status");

  private static Set<String> names(String... names) {
    return Set.of(names);
  }

  @SafeVarargs
  private static Set<String> union(Set<String>... sets) {
    Set<String> all = new TreeSet<>();
    for (Set<String> s : sets) {
      all.addAll(s);
    }
    return Set.copyOf(all);
  }
}
