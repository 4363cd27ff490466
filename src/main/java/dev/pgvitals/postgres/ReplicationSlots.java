package dev.pgvitals.postgres;

import dev.pgvitals.metrics.Family;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import java.util.ArrayList;
import java.util.List;

/**
 * Replication slots from {@code pg_replication_slots}, one row per slot, with the names, labels and
 * rules of postgres_exporter's {@code replication_slots} collector. The node's WAL position is
 * {@code pg_current_wal_lsn()} on a leader and {@code pg_last_wal_receive_lsn()} on a standby (NULL
 * while it receives nothing: then the position-based series are absent). The same on PostgreSQL
 * 13–18 ({@code safe_wal_size} and {@code wal_status} exist since 13).
 *
 * <p>Families (gauges; label {@code server} plus):
 *
 * <ul>
 *   <li>{@code slot_name, database} ({@code ""} for a physical slot): {@code
 *       pg_replication_slots_active} (1/0) and {@code pg_replication_slots_pg_wal_lsn_diff} (bytes
 *       of WAL the slot retains: position − {@code restart_lsn}; absent without a {@code
 *       restart_lsn});
 *   <li>{@code slot_name, slot_type}: {@code pg_replication_slots_slot_current_wal_lsn} (bytes),
 *       {@code pg_replication_slots_slot_confirmed_flush_lsn} (bytes; active slots with a {@code
 *       confirmed_flush_lsn}, i.e. logical ones), {@code pg_replication_slots_slot_is_active}
 *       (1/0), {@code pg_replication_slots_safe_wal_size_bytes} (absent while {@code
 *       max_slot_wal_keep_size} is -1, i.e. unlimited);
 *   <li>{@code slot_name, slot_type, wal_status}: {@code pg_replication_slots_wal_status}, always 1
 *       ({@code reserved}, {@code extended}, {@code unreserved} or {@code lost}).
 * </ul>
 *
 * @param slotName the slot
 * @param slotType {@code physical} or {@code logical}
 * @param database the logical slot's database, {@code ""} for a physical slot
 * @param active whether a connection streams from the slot
 * @param currentWalLsnBytes the node's WAL position in bytes; null when unknown (a standby not
 *     receiving)
 * @param retainedBytes position − {@code restart_lsn}; null when either is NULL
 * @param confirmedFlushLsnBytes {@code confirmed_flush_lsn} in bytes; null for physical slots
 * @param safeWalSizeBytes {@code safe_wal_size}; null when unlimited
 * @param walStatus {@code wal_status}; null when PostgreSQL reports none
 */
public record ReplicationSlots(
    String slotName,
    String slotType,
    String database,
    boolean active,
    Double currentWalLsnBytes,
    Double retainedBytes,
    Double confirmedFlushLsnBytes,
    Long safeWalSizeBytes,
    String walStatus) {

  static final PgView<List<ReplicationSlots>> VIEW =
      PgView.of(
          "pg_replication_slots",
          ReplicationSlots::sql,
          ReplicationSlots::read,
          ReplicationSlots::metrics);

  static String sql(int major) {
    return """
        SELECT s.slot_name::text AS slot_name, s.slot_type::text AS slot_type,
               COALESCE(s.database::text, '') AS database, s.active,
               pg_wal_lsn_diff(w.lsn, '0/0')::float8 AS current_wal_lsn,
               pg_wal_lsn_diff(w.lsn, s.restart_lsn)::float8 AS retained_bytes,
               pg_wal_lsn_diff(s.confirmed_flush_lsn, '0/0')::float8 AS confirmed_flush_lsn,
               s.safe_wal_size::int8 AS safe_wal_size, s.wal_status::text AS wal_status
        FROM pg_replication_slots s
        CROSS JOIN (SELECT CASE WHEN pg_is_in_recovery() THEN pg_last_wal_receive_lsn()
                                ELSE pg_current_wal_lsn() END AS lsn) w
        ORDER BY s.slot_name""";
  }

  static List<ReplicationSlots> read(RowSet<Row> rows) {
    List<ReplicationSlots> out = new ArrayList<>(rows.size());
    for (Row r : rows) {
      out.add(
          new ReplicationSlots(
              r.getString("slot_name"),
              r.getString("slot_type"),
              r.getString("database"),
              Boolean.TRUE.equals(r.getBoolean("active")),
              r.getDouble("current_wal_lsn"),
              r.getDouble("retained_bytes"),
              r.getDouble("confirmed_flush_lsn"),
              r.getLong("safe_wal_size"),
              r.getString("wal_status")));
    }
    return List.copyOf(out);
  }

  static void metrics(List<ReplicationSlots> rows, String server, List<MetricSnapshot> out) {
    Family active =
        Family.gauge(
            "pg_replication_slots_active",
            "Whether a connection streams from the replication slot (1) or not (0)");
    Family retained =
        Family.gauge(
            "pg_replication_slots_pg_wal_lsn_diff",
            "Bytes of WAL the replication slot retains: the node's WAL position minus the slot's restart_lsn");
    Family current =
        Family.gauge(
            "pg_replication_slots_slot_current_wal_lsn",
            "The node's current WAL position in bytes (its receive position on a standby)");
    Family flush =
        Family.gauge(
            "pg_replication_slots_slot_confirmed_flush_lsn",
            "Last position in bytes the consumer of the active logical slot confirmed flushed");
    Family isActive =
        Family.gauge(
            "pg_replication_slots_slot_is_active",
            "Whether the replication slot is active (1) or not (0)");
    Family safeWal =
        Family.gauge(
            "pg_replication_slots_safe_wal_size_bytes",
            "Bytes of WAL that can still be written before this slot is in danger of getting lost");
    Family walStatus =
        Family.gauge(
            "pg_replication_slots_wal_status",
            "Availability of the WAL files claimed by this slot (the series with the current status is 1)");
    for (ReplicationSlots s : rows) {
      String[] byDb = {"server", server, "slot_name", s.slotName, "database", s.database};
      String[] byType = {"server", server, "slot_name", s.slotName, "slot_type", s.slotType};
      active.add(s.active ? 1 : 0, byDb);
      if (s.retainedBytes != null) {
        retained.add(s.retainedBytes, byDb);
      }
      if (s.currentWalLsnBytes != null) {
        current.add(s.currentWalLsnBytes, byType);
      }
      if (s.active && s.confirmedFlushLsnBytes != null) {
        flush.add(s.confirmedFlushLsnBytes, byType);
      }
      isActive.add(s.active ? 1 : 0, byType);
      if (s.safeWalSizeBytes != null) {
        safeWal.add(s.safeWalSizeBytes, byType);
      }
      if (s.walStatus != null) {
        walStatus.add(
            1,
            "server",
            server,
            "slot_name",
            s.slotName,
            "slot_type",
            s.slotType,
            "wal_status",
            s.walStatus);
      }
    }
    for (Family f : List.of(active, retained, current, flush, isActive, safeWal, walStatus)) {
      f.addTo(out);
    }
  }
}
