package dev.pgvitals.postgres;

import java.util.List;
import java.util.Objects;

/**
 * One reading of database sizes, taken by {@link PgSizesSampler}.
 *
 * @param server the {@code server} label value, {@code host:port} of the monitored node
 * @param databases one {@link DatabaseSize} per database sized
 */
public record PgSizesSnapshot(String server, List<DatabaseSize> databases) {

  public PgSizesSnapshot {
    Objects.requireNonNull(server, "server");
    databases = List.copyOf(databases);
  }
}
