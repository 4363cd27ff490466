package dev.pgvitals.config;

import dev.pgvitals.check.CheckFormat;
import dev.pgvitals.check.VmThresholds;
import dev.pgvitals.postgres.PgConfig;
import java.time.Duration;
import java.util.Optional;

/**
 * Everything the agent and script mode are configured with, validated. Built by the CLI from flags,
 * then environment variables, then defaults (see the README's configuration table).
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
 * @param apiToken when set, {@code /v1/users} and {@code /v1/databases} need {@code Authorization:
 *     Bearer <token>}
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

  @Override
  public String toString() {
    // the token and the PostgreSQL URLs are secrets
    return "AgentConfig[listen="
        + listen
        + ", dataPath="
        + dataPath
        + ", procRoot="
        + procRoot
        + ", format="
        + format
        + ", pg="
        + pg
        + ", apiToken="
        + (apiToken.isPresent() ? "(set)" : "-")
        + "]";
  }

  /** A builder starting from the defaults of the README's configuration table. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Builds an {@link AgentConfig} by name: every setting starts at its documented default ({@code
   * 0.0.0.0:5500}, seed format, 5 s deadline and host interval, default thresholds, no PostgreSQL,
   * statistics every 15 s, sizes every 60 s, no token).
   */
  public static final class Builder {
    private ListenAddress listen = new ListenAddress("0.0.0.0", 5500);
    private Optional<String> dataPath = Optional.empty();
    private String procRoot = "/";
    private CheckFormat format = CheckFormat.SEED;
    private Duration checkDeadline = Duration.ofSeconds(5);
    private Duration hostInterval = Duration.ofSeconds(5);
    private VmThresholds vm = VmThresholds.DEFAULTS;
    private Identity identity = Identity.none();
    private Optional<PgConfig> pg = Optional.empty();
    private Duration pgStatsInterval = Duration.ofSeconds(15);
    private Duration pgSizesInterval = Duration.ofSeconds(60);
    private Optional<String> apiToken = Optional.empty();
    private RiskConfig risk = RiskConfig.DEFAULTS;

    private Builder() {}

    public Builder risk(RiskConfig v) {
      risk = v;
      return this;
    }

    public Builder listen(ListenAddress v) {
      listen = v;
      return this;
    }

    /** The data path; null or blank = choose as the README says. */
    public Builder dataPath(String v) {
      dataPath = v == null || v.isBlank() ? Optional.empty() : Optional.of(v);
      return this;
    }

    public Builder procRoot(String v) {
      procRoot = v;
      return this;
    }

    public Builder format(CheckFormat v) {
      format = v;
      return this;
    }

    public Builder checkDeadline(Duration v) {
      checkDeadline = v;
      return this;
    }

    public Builder hostInterval(Duration v) {
      hostInterval = v;
      return this;
    }

    public Builder vm(VmThresholds v) {
      vm = v;
      return this;
    }

    public Builder identity(Identity v) {
      identity = v;
      return this;
    }

    /** PostgreSQL monitoring; empty = host only. */
    public Builder pg(Optional<PgConfig> v) {
      pg = v;
      return this;
    }

    public Builder pg(PgConfig v) {
      return pg(Optional.of(v));
    }

    public Builder pgStatsInterval(Duration v) {
      pgStatsInterval = v;
      return this;
    }

    public Builder pgSizesInterval(Duration v) {
      pgSizesInterval = v;
      return this;
    }

    public Builder apiToken(Optional<String> v) {
      apiToken = v;
      return this;
    }

    /** The API token; null or blank = none. */
    public Builder apiToken(String v) {
      apiToken = v == null || v.isBlank() ? Optional.empty() : Optional.of(v);
      return this;
    }

    public AgentConfig build() {
      return new AgentConfig(
          listen,
          dataPath,
          procRoot,
          format,
          checkDeadline,
          hostInterval,
          vm,
          identity,
          pg,
          pgStatsInterval,
          pgSizesInterval,
          apiToken,
          risk);
    }
  }

  /** Identity flags; empty values fall back as views.md says. */
  public record Identity(
      Optional<String> nodeId,
      Optional<String> region,
      Optional<String> app,
      Optional<String> versionLabel,
      Optional<String> checkType) {
    public static Identity none() {
      return new Identity(
          Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty());
    }
  }
}
