package dev.pgvitals.postgres;

import java.util.List;
import java.util.Objects;

/**
 * One reading of the slow failure modes of a PostgreSQL node, taken by {@link PgHealthSampler} in a
 * single round trip.
 *
 * @param server the {@code server} label value, {@code host:port}
 * @param majorVersion PostgreSQL major version
 * @param wraparound per database ({@link WraparoundAge})
 * @param slots replication slots ({@link ReplicationSlot}), empty when there are none
 * @param archiver {@link ArchiverStatus}
 * @param transactions {@link OldestTransactions}
 */
public record PgHealthSnapshot(
    String server,
    int majorVersion,
    List<WraparoundAge> wraparound,
    List<ReplicationSlot> slots,
    ArchiverStatus archiver,
    OldestTransactions transactions) {

  public PgHealthSnapshot {
    Objects.requireNonNull(server, "server");
    wraparound = List.copyOf(wraparound);
    slots = List.copyOf(slots);
    Objects.requireNonNull(archiver, "archiver");
    Objects.requireNonNull(transactions, "transactions");
  }
}
