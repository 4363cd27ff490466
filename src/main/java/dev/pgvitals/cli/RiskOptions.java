package dev.pgvitals.cli;

import dev.pgvitals.check.RiskThresholds;
import dev.pgvitals.config.ByteSize;
import dev.pgvitals.config.RiskConfig;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;
import picocli.CommandLine.TypeConversionException;

/**
 * The risk suite's options (docs/risk-checks.md), shared by {@code agent} and {@code check}. Every
 * option falls back to an environment variable, then to its default.
 */
final class RiskOptions {

  @Option(
      names = "--risk-checks",
      paramLabel = "on|off",
      arity = "1",
      defaultValue = "${env:PGVITALS_RISK_CHECKS}",
      converter = OnOffConverter.class,
      description =
          "List the risk suite with the node's suites (checks list, vm status, logs) "
              + "(env PGVITALS_RISK_CHECKS; default on in the framework format, off in seed). "
              + "/flycheck/risk and its metrics are served either way.")
  Boolean listed;

  @Option(
      names = "--pg-health-interval",
      paramLabel = "DURATION",
      defaultValue = "${env:PGVITALS_PG_HEALTH_INTERVAL:-60s}",
      converter = Converters.DurationConverter.class,
      description =
          "Wraparound, slots, archiving and oldest-transaction sampling interval "
              + "(env PGVITALS_PG_HEALTH_INTERVAL; default 60s).")
  Duration pgHealthInterval;

  @Option(
      names = "--wraparound-factor",
      paramLabel = "N",
      defaultValue = "${env:PGVITALS_WRAPAROUND_FACTOR:-2}",
      converter = PositiveConverter.class,
      description =
          "Wraparound fails when a database's XID (multixact) age exceeds N × autovacuum_freeze_max_age "
              + "(autovacuum_multixact_freeze_max_age), at most 1 billion (env PGVITALS_WRAPAROUND_FACTOR; default 2).")
  double wraparoundFactor;

  @Option(
      names = "--slot-max-retained",
      paramLabel = "SIZE",
      defaultValue = "${env:PGVITALS_SLOT_MAX_RETAINED:-10GB}",
      converter = SizeConverter.class,
      description =
          "Slots fail when one retains more WAL than this (env PGVITALS_SLOT_MAX_RETAINED; default 10GB).")
  long slotMaxRetained;

  @Option(
      names = "--slot-inactive-max-retained",
      paramLabel = "SIZE",
      defaultValue = "${env:PGVITALS_SLOT_INACTIVE_MAX_RETAINED:-1GB}",
      converter = SizeConverter.class,
      description =
          "Slots fail when an inactive one retains more WAL than this "
              + "(env PGVITALS_SLOT_INACTIVE_MAX_RETAINED; default 1GB).")
  long slotInactiveMaxRetained;

  @Option(
      names = "--archive-max-wait",
      paramLabel = "DURATION",
      defaultValue = "${env:PGVITALS_ARCHIVE_MAX_WAIT:-15m}",
      converter = Converters.DurationConverter.class,
      description =
          "Archiving fails when a completed WAL segment has waited longer than this "
              + "(env PGVITALS_ARCHIVE_MAX_WAIT; default 15m).")
  Duration archiveMaxWait;

  @Option(
      names = "--max-transaction-age",
      paramLabel = "DURATION",
      defaultValue = "${env:PGVITALS_MAX_TRANSACTION_AGE:-1h}",
      converter = Converters.DurationConverter.class,
      description =
          "The long-transaction check fails above this (env PGVITALS_MAX_TRANSACTION_AGE; default 1h).")
  Duration maxTransactionAge;

  @Option(
      names = "--max-idle-in-transaction",
      paramLabel = "DURATION",
      defaultValue = "${env:PGVITALS_MAX_IDLE_IN_TRANSACTION:-5m}",
      converter = Converters.DurationConverter.class,
      description =
          "The idle-in-transaction check fails above this "
              + "(env PGVITALS_MAX_IDLE_IN_TRANSACTION; default 5m).")
  Duration maxIdleInTransaction;

  @Option(
      names = "--disk-full-within",
      paramLabel = "DURATION",
      defaultValue = "${env:PGVITALS_DISK_FULL_WITHIN:-24h}",
      converter = Converters.DurationConverter.class,
      description =
          "The disk forecast fails when the data path would be full sooner "
              + "(env PGVITALS_DISK_FULL_WITHIN; default 24h).")
  Duration diskFullWithin;

  RiskConfig config() {
    return new RiskConfig(
        Optional.ofNullable(listed),
        pgHealthInterval,
        new RiskThresholds(
            wraparoundFactor,
            slotMaxRetained,
            slotInactiveMaxRetained,
            archiveMaxWait,
            maxTransactionAge,
            maxIdleInTransaction,
            diskFullWithin));
  }

  static final class OnOffConverter implements ITypeConverter<Boolean> {
    @Override
    public Boolean convert(String value) {
      if (value == null || value.isBlank()) {
        return null;
      }
      return switch (value.trim().toLowerCase(Locale.ROOT)) {
        case "on", "true", "yes", "1" -> true;
        case "off", "false", "no", "0" -> false;
        default -> throw new TypeConversionException("'" + value + "' is not on or off");
      };
    }
  }

  static final class SizeConverter implements ITypeConverter<Long> {
    @Override
    public Long convert(String value) {
      try {
        return ByteSize.parse(value, "size");
      } catch (IllegalArgumentException e) {
        throw new TypeConversionException(e.getMessage());
      }
    }
  }

  static final class PositiveConverter implements ITypeConverter<Double> {
    @Override
    public Double convert(String value) {
      double d;
      try {
        d = Double.parseDouble(value.trim());
      } catch (NumberFormatException e) {
        throw new TypeConversionException("'" + value + "' is not a number");
      }
      if (!(d > 0) || Double.isInfinite(d)) {
        throw new TypeConversionException("'" + value + "' must be a positive number");
      }
      return d;
    }
  }
}
