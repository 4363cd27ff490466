package dev.pgvitals.fleet;

import io.vertx.core.Future;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The fleet as a Prometheus-compatible store sees it: both {@link FleetQueries}, concurrently,
 * mapped.
 */
public final class FleetSource {

  private FleetSource() {}

  /**
   * Every app (or only {@code app}) with its nodes, evaluated at {@code now}.
   *
   * @return fails with one line when the store cannot be asked (see {@link PrometheusClient#query})
   *     or knows no pgvitals node (of that app) within {@link FleetQueries#LOOKBACK}
   */
  public static Future<List<FleetApp>> read(
      PrometheusClient client, Optional<String> app, Instant now) {
    Future<List<PromSeries>> known = client.query(FleetQueries.known(app), now);
    Future<List<PromSeries>> current = client.query(FleetQueries.current(app), now);
    return Future.all(known, current)
        .compose(
            done -> {
              // a node renamed to another app within the look-back reports its new app now: not
              // this one's
              List<FleetApp> apps =
                  FleetMapper.map(known.result(), current.result(), now).stream()
                      .filter(a -> app.isEmpty() || a.app().equals(app.get()))
                      .toList();
              if (apps.isEmpty()) {
                return Future.failedFuture(
                    new IllegalStateException(
                        "Prometheus at "
                            + client.display()
                            + " has no pgvitals_node_info series"
                            + app.map(a -> " of app '" + a + "'").orElse("")
                            + " within the last "
                            + FleetQueries.LOOKBACK.toMinutes()
                            + "m (does it scrape the agents?)"));
              }
              return Future.succeededFuture(apps);
            });
  }
}
