package dev.pgvitals.postgres;

import dev.pgvitals.metrics.Family;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;

/**
 * Replication slots and the WAL each one keeps on disk, from {@code pg_replication_slots}. Retained
 * WAL is the distance from the slot's {@code restart_lsn} to the node's WAL head: the current write
 * position on a leader, the last replayed position on a replica (slots on a standby). Version
 * differences: {@code wal_status} and {@code safe_wal_size} exist since 13; {@code inactive_since}
 * since 17 (earlier versions report it as unknown). Readable without privileges.
 *
 * <p>Families (gauges; labels {@code server, slot_name, slot_type}): {@code
 * pgvitals_slot_retained_wal_bytes}, {@code pgvitals_slot_active}, {@code
 * pgvitals_slot_safe_wal_size_bytes} (only where {@code max_slot_wal_keep_size} is set), and {@code
 * pgvitals_slot_wal_status} with an extra {@code wal_status} label, 1 for the slot's current
 * status.
 *
 * @param slotName the slot
 * @param slotType {@code physical} or {@code logical}
 * @param active a consumer is connected
 * @param walStatus {@code reserved}, {@code extended}, {@code unreserved} or {@code lost}; empty
 *     when PostgreSQL reports none
 * @param retainedBytes WAL kept for the slot, empty when it holds none ({@code restart_lsn} null,
 *     e.g. a lost slot)
 * @param safeWalSizeBytes WAL that can still be written before the slot is in danger of losing its
 *     WAL ({@code max_slot_wal_keep_size}); empty when unlimited
 * @param inactiveSeconds how long the slot has been inactive (17+), empty when unknown or active
 */
public record ReplicationSlot(
    String slotName,
    String slotType,
    boolean active,
    Optional<String> walStatus,
    OptionalLong retainedBytes,
    OptionalLong safeWalSizeBytes,
    OptionalDouble inactiveSeconds) {

  /** The values of {@code wal_status}, in the order PostgreSQL documents them. */
  public static final List<String> WAL_STATUSES =
      List.of("reserved", "extended", "unreserved", "lost");

  static String sql(int major) {
    String inactiveSince =
        major >= 17
            ? "EXTRACT(EPOCH FROM clock_timestamp() - inactive_since)::float8"
            : "NULL::float8";
    return """
        SELECT slot_name::text AS slot_name, slot_type::text AS slot_type, active,
               wal_status::text AS wal_status,
               pg_wal_lsn_diff(CASE WHEN pg_is_in_recovery() THEN pg_last_wal_replay_lsn()
                                    ELSE pg_current_wal_lsn() END, restart_lsn)::int8 AS retained_bytes,
               safe_wal_size::int8 AS safe_wal_size,
               %s AS inactive_seconds
        FROM pg_replication_slots
        ORDER BY slot_name"""
        .formatted(inactiveSince);
  }

  static List<ReplicationSlot> read(RowSet<Row> rows) {
    List<ReplicationSlot> out = new ArrayList<>(rows.size());
    for (Row r : rows) {
      Long retained = r.getLong("retained_bytes");
      Long safe = r.getLong("safe_wal_size");
      Double inactive = r.getDouble("inactive_seconds");
      boolean active = Boolean.TRUE.equals(r.getBoolean("active"));
      out.add(
          new ReplicationSlot(
              r.getString("slot_name"),
              r.getString("slot_type"),
              active,
              Optional.ofNullable(r.getString("wal_status")),
              retained == null ? OptionalLong.empty() : OptionalLong.of(Math.max(0, retained)),
              safe == null ? OptionalLong.empty() : OptionalLong.of(safe),
              inactive == null || active
                  ? OptionalDouble.empty()
                  : OptionalDouble.of(Math.max(0, inactive))));
    }
    return List.copyOf(out);
  }

  static void metrics(List<ReplicationSlot> rows, String server, List<MetricSnapshot> out) {
    Family retained =
        Family.gauge(
            "pgvitals_slot_retained_wal_bytes",
            "WAL kept on disk for the replication slot: WAL head (replay position on a replica) minus restart_lsn");
    Family active =
        Family.gauge("pgvitals_slot_active", "1 while a consumer is connected to the slot, else 0");
    Family safe =
        Family.gauge(
            "pgvitals_slot_safe_wal_size_bytes",
            "WAL that can be written before the slot risks losing WAL it needs (max_slot_wal_keep_size)");
    Family status =
        Family.gauge(
            "pgvitals_slot_wal_status",
            "1 for the slot's current wal_status (reserved, extended, unreserved, lost), else 0");
    for (ReplicationSlot s : rows) {
      String[] labels = {"server", server, "slot_name", s.slotName, "slot_type", s.slotType};
      s.retainedBytes.ifPresent(b -> retained.add(b, labels));
      active.add(s.active ? 1 : 0, labels);
      s.safeWalSizeBytes.ifPresent(b -> safe.add(b, labels));
      if (s.walStatus.isPresent()) {
        for (String w : WAL_STATUSES) {
          status.add(
              w.equals(s.walStatus.get()) ? 1 : 0,
              "server",
              server,
              "slot_name",
              s.slotName,
              "slot_type",
              s.slotType,
              "wal_status",
              w);
        }
      }
    }
    retained.addTo(out);
    active.addTo(out);
    safe.addTo(out);
    status.addTo(out);
  }
}
