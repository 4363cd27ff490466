package dev.pgvitals.postgres;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Two writable nodes in one cluster, as this node's agent can see it: the pure verdict behind the
 * pg check's {@code split brain} line and the {@code /primary} rule, from the leader sampler's
 * reading of the other nodes it knows ({@code --peers}, {@code --leader-url}, the leader it
 * replicated from before it was promoted).
 *
 * <p>Which one is stale: the higher timeline wins (each promotion starts a new one), then the later
 * last checkpoint. A node routes as primary only while no other writable node is newer.
 *
 * <p>What the agent cannot know without a consensus store (docs/split-brain.md): a writable node it
 * cannot reach (partition) or was never told about; which node clients actually write to; and
 * whether the newest node is the one the operator wants. It reports, it never demotes.
 *
 * @param self this node's own position, read when another writable node was seen
 * @param others the other writable nodes seen in the latest sample
 */
public record SplitBrain(WritableNode self, List<WritableNode> others) {

  public SplitBrain {
    Objects.requireNonNull(self, "self");
    others = List.copyOf(others);
  }

  /** The verdict of a leader-side reading; empty when no other writable node was seen. */
  public static Optional<SplitBrain> of(PgLeaderSnapshot leaderSide) {
    if (leaderSide == null || leaderSide.otherLeaders().isEmpty() || leaderSide.self().isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(new SplitBrain(leaderSide.self().get(), leaderSide.otherLeaders()));
  }

  /** True when no other writable node is newer than this one. */
  public boolean selfIsNewest() {
    return others.stream().noneMatch(o -> o.newerThan(self));
  }

  /**
   * The check line, e.g. {@code 127.0.0.1:5433 is also writable; this node is stale (timeline 1,
   * checkpoint …) — 127.0.0.1:5433 is newer (timeline 2, checkpoint …)}.
   */
  public String text() {
    StringBuilder b = new StringBuilder();
    for (WritableNode o : others) {
      if (b.length() > 0) {
        b.append("; ");
      }
      b.append(o.address()).append(" is also writable");
    }
    WritableNode newest = others.stream().reduce(self, (a, o) -> o.newerThan(a) ? o : a);
    if (newest == self) {
      b.append("; this node is the newest (").append(self.position()).append("), stale: ");
      b.append(
          String.join(
              ", ", others.stream().map(o -> o.address() + " (" + o.position() + ")").toList()));
    } else {
      b.append("; this node is stale (")
          .append(self.position())
          .append("), newest: ")
          .append(newest.address())
          .append(" (")
          .append(newest.position())
          .append(")");
    }
    return b.toString();
  }
}
