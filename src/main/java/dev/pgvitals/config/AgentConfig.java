package dev.pgvitals.config;

import dev.pgvitals.check.VmThresholds;
import dev.pgvitals.postgres.PgConfig;
import dev.pgvitals.check.CheckFormat;
import java.time.Duration;
import java.util.Optional;

/**
 * Everything the agent and script mode are configured with, validated. Built by the CLI from
 * flags, then environment variables, then defaults (see the README's configuration table).
 *
 * @param listen where the HTTP side listens
 * @param dataPath the path whose file system the disk check watches; empty = {@code /data/} if it
 *     exists, else PostgreSQL's data_directory, else {@code /}
 * @param procRoot the root under which {@code proc/...} is read (tests point it at fixtures)
 * @param format the default check text format
 * @param checkDeadline the deadline of a check request and of every sample
 * @param hostInterval the host sampler's interval
 * @param vm the vm suite's thresholds
 * @param identity what the node reports about itself
 * @param pg PostgreSQL monitoring, empty when no connection is configured (no {@code --pg-url},
 *     {@code DATABASE_URL} or {@code PG*} variable): then only the vm suite runs
 * @param pgStatsInterval the {@code pg_stats} sampler's interval
 * @param pgSizesInterval the {@code pg_sizes} sampler's interval (also {@code pg_catalog}'s)
 * @param apiToken when set, {@code /v1/users} and {@code /v1/databases} need
 *     {@code Authorization: Bearer <token>}
 * @param risk the risk suite's settings ({@link RiskConfig})
 */
public record AgentConfig(
    ListenAddress listen,
    Optional<String> dataPath,
    String procRoot,
    CheckFormat format,
    Duration checkDeadline,
    Duration hostInterval,
    VmThresholds vm,
    Identity identity,
    Optional<PgConfig> pg,
    Duration pgStatsInterval,
    Duration pgSizesInterval,
    Optional<String> apiToken,
    RiskConfig risk) {

  /** Without risk settings: {@link RiskConfig#DEFAULTS}. */
  public AgentConfig(ListenAddress listen, Optional<String> dataPath, String procRoot, CheckFormat format,
      Duration checkDeadline, Duration hostInterval, VmThresholds vm, Identity identity, Optional<PgConfig> pg,
      Duration pgStatsInterval, Duration pgSizesInterval, Optional<String> apiToken) {
    this(listen, dataPath, procRoot, format, checkDeadline, hostInterval, vm, identity, pg, pgStatsInterval,
        pgSizesInterval, apiToken, RiskConfig.DEFAULTS);
  }

  @Override
  public String toString() {
    // the token and the PostgreSQL URLs are secrets
    return "AgentConfig[listen=" + listen + ", dataPath=" + dataPath + ", procRoot=" + procRoot
        + ", format=" + format + ", pg=" + pg + ", apiToken=" + (apiToken.isPresent() ? "(set)" : "-") + "]";
  }

  /** Identity flags; empty values fall back as views.md says. */
  public record Identity(
      Optional<String> nodeId, Optional<String> region, Optional<String> app,
      Optional<String> versionLabel, Optional<String> checkType) {
    public static Identity none() {
      return new Identity(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty());
    }
  }
}
