package dev.pgvitals.cluster;

import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Map;
import java.util.Objects;

/**
 * Who a node is, as its agent reports it (views.md, "Node identity").
 *
 * @param id allocation id, 8 characters in the usual case ({@code 6b97fa06})
 * @param region e.g. {@code iad}, {@code local}
 * @param app cluster (application) name, e.g. {@code pg-app}
 * @param version version label, e.g. {@code 6}
 * @param created when PostgreSQL's postmaster started, else when the agent started; may be null
 *     only in a report the client made up for an unreachable node
 * @param restarts times the agent saw the postmaster start time change
 * @param role the role check's word ({@code leader}, {@code replica}, ...), null before the first
 *     role result
 */
public record NodeIdentity(
    String id,
    String region,
    String app,
    String version,
    Instant created,
    int restarts,
    String role) {

  /** Environment variables that {@link #resolve} reads. */
  public static final String ENV_ALLOC_ID = "FLY_ALLOC_ID";

  public static final String ENV_REGION = "FLY_REGION";
  public static final String ENV_APP = "FLY_APP_NAME";

  public static final String DEFAULT_REGION = "local";
  public static final String DEFAULT_APP = "pg";

  public NodeIdentity {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(region, "region");
    Objects.requireNonNull(app, "app");
    Objects.requireNonNull(version, "version");
    if (restarts < 0) {
      throw new IllegalArgumentException("restarts must not be negative, was " + restarts);
    }
  }

  /**
   * Command-line values for the identity; each may be null (not given). Blank counts as not given.
   */
  public record Flags(String nodeId, String region, String app, String versionLabel) {
    public static final Flags NONE = new Flags(null, null, null, null);
  }

  /**
   * Resolves the identity from flags, then environment, then defaults, per views.md:
   *
   * <ul>
   *   <li>id: {@code --node-id}, else the first 8 characters of {@code FLY_ALLOC_ID}, else {@link
   *       #hostHash(String, String) 8 hex digits} of host name and a configuration key (the agent's
   *       listen address and monitored PostgreSQL: stable through outages and restarts, distinct
   *       for two agents on one host);
   *   <li>region: {@code --region}, else {@code FLY_REGION}, else {@code local};
   *   <li>app: {@code --app}, else {@code FLY_APP_NAME}, else {@code pg};
   *   <li>version: {@code --version-label}, else the agent's version.
   * </ul>
   *
   * <p>Pure: the same inputs always give the same identity. {@code created} starts as {@code
   * agentStart}, restarts at 0 and role unknown; see {@link #withPostmaster} and {@link #withRole}.
   */
  public static NodeIdentity resolve(
      Flags flags,
      Map<String, String> env,
      String hostName,
      String dataDirectory,
      String agentVersion,
      Instant agentStart) {
    Objects.requireNonNull(flags, "flags");
    Objects.requireNonNull(env, "env");
    String id = given(flags.nodeId());
    if (id == null) {
      String alloc = given(env.get(ENV_ALLOC_ID));
      id =
          alloc != null
              ? alloc.substring(0, Math.min(8, alloc.length()))
              : hostHash(hostName, dataDirectory);
    }
    String region = firstGiven(flags.region(), env.get(ENV_REGION), DEFAULT_REGION);
    String app = firstGiven(flags.app(), env.get(ENV_APP), DEFAULT_APP);
    String version = firstGiven(flags.versionLabel(), agentVersion, "unknown");
    return new NodeIdentity(id, region, app, version, agentStart, 0, null);
  }

  /**
   * A stable 8-hex-digit id for a node without an allocation id: the first 4 bytes of SHA-256 over
   * the host name and the data directory (so two clusters on one host still differ).
   */
  public static String hostHash(String hostName, String dataDirectory) {
    String input = Objects.toString(hostName, "") + "\0" + Objects.toString(dataDirectory, "");
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256").digest(input.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest, 0, 4);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required by every Java platform", e);
    }
  }

  /** This identity with the postmaster's start time and the restarts seen so far. */
  public NodeIdentity withPostmaster(Instant postmasterStart, int restartsSeen) {
    return new NodeIdentity(id, region, app, version, postmasterStart, restartsSeen, role);
  }

  /** This identity with the role check's latest word. */
  public NodeIdentity withRole(String newRole) {
    return new NodeIdentity(id, region, app, version, created, restarts, newRole);
  }

  private static String given(String s) {
    return s == null || s.isBlank() ? null : s.trim();
  }

  private static String firstGiven(String a, String b, String fallback) {
    String s = given(a);
    if (s == null) {
      s = given(b);
    }
    return s == null ? fallback : s;
  }

  public JsonObject toJson() {
    JsonObject json =
        new JsonObject()
            .put("id", id)
            .put("region", region)
            .put("app", app)
            .put("version", version);
    if (created != null) {
      json.put("created", Rfc3339.millis(created));
    }
    json.put("restarts", restarts);
    if (role != null) {
      json.put("role", role);
    }
    return json;
  }

  static NodeIdentity fromJson(JsonFields json) {
    return new NodeIdentity(
        json.requiredString("id"),
        json.requiredString("region"),
        json.requiredString("app"),
        json.requiredString("version"),
        json.optionalInstant("created"),
        json.requiredNonNegativeInt("restarts"),
        json.optionalString("role"));
  }
}
