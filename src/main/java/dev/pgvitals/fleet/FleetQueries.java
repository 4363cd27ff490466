package dev.pgvitals.fleet;

import java.time.Duration;
import java.util.Optional;

/**
 * The two instant queries behind the fleet views (docs/fleet-views.md). Both select targets by
 * {@code pgvitals_node_info} seen within {@link #LOOKBACK}, optionally of one app:
 *
 * <ol>
 *   <li>{@link #known}: {@code last_over_time(pgvitals_node_info{node_app="pg-app"}[15m])} — every
 *       node scraped lately, with its identity even when its agent no longer answers;
 *   <li>{@link #current}: {@code {__name__=~"up|pgvitals_node_info|…"} and on(job, instance)
 *       last_over_time(pgvitals_node_info{…}[15m])} — what those targets expose now, and {@code up}
 *       for the ones that do not.
 * </ol>
 */
public final class FleetQueries {

  /** How long a node that stopped being scraped stays in the views (as unreachable). */
  public static final Duration LOOKBACK = Duration.ofMinutes(15);

  /**
   * The families the views read, all but {@code up} made by the agent (FleetCollector,
   * CheckCollector).
   */
  static final String NAMES =
      "up|pgvitals_node_info|pgvitals_node_created_timestamp_seconds|pgvitals_node_restarts"
          + "|pgvitals_check_info|pgvitals_check_last_change_timestamp_seconds|pgvitals_role";

  private FleetQueries() {}

  public static String known(Optional<String> app) {
    return "last_over_time(pgvitals_node_info" + selector(app) + "[" + LOOKBACK.toMinutes() + "m])";
  }

  public static String current(Optional<String> app) {
    return "{__name__=~\"" + NAMES + "\"} and on(job, instance) " + known(app);
  }

  private static String selector(Optional<String> app) {
    return app.map(a -> "{node_app=\"" + escape(a) + "\"}").orElse("");
  }

  /**
   * A PromQL double-quoted string's content: backslash and quote escaped, newlines as {@code \n}.
   */
  static String escape(String s) {
    return s.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
  }
}
