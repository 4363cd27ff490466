package dev.pgvitals.postgres;

/**
 * What a node is: the writable {@link #LEADER} or a {@link #REPLICA} in recovery. Carried as data
 * from the {@code pg_fast} sample through the role suite to the node report, routes and metrics;
 * its word is printed, never parsed back.
 */
public enum Role {
  LEADER("leader"),
  REPLICA("replica");

  private final String word;

  Role(String word) {
    this.word = word;
  }

  /** {@code leader} or {@code replica}: the role suite's text and the {@code role} label. */
  public String word() {
    return word;
  }

  @Override
  public String toString() {
    return word;
  }
}
