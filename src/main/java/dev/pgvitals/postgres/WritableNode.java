package dev.pgvitals.postgres;

import java.time.Instant;
import java.util.Objects;

/**
 * A node that answered writable ({@code pg_is_in_recovery()} false, not read-only), with what
 * decides which of two writable nodes is the newer: its timeline (a promotion starts a new one) and
 * its last checkpoint ({@code pg_control_checkpoint()}).
 *
 * @param address where it was reached, printed {@code [ip]:port} / {@code ip:port}
 * @param timeline {@code timeline_id} of its last checkpoint
 * @param checkpointTime {@code checkpoint_time} of its last checkpoint
 */
public record WritableNode(PgAddress address, long timeline, Instant checkpointTime) {

  public WritableNode {
    Objects.requireNonNull(address, "address");
    Objects.requireNonNull(checkpointTime, "checkpointTime");
  }

  /**
   * True when this node is newer than {@code other}: a higher timeline, else a later checkpoint.
   */
  public boolean newerThan(WritableNode other) {
    if (timeline != other.timeline) {
      return timeline > other.timeline;
    }
    return checkpointTime.isAfter(other.checkpointTime);
  }

  /** {@code timeline 2, checkpoint 2026-12-02T17:01:02Z}. */
  public String position() {
    return "timeline "
        + timeline
        + ", checkpoint "
        + checkpointTime.truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
  }
}
