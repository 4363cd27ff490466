package dev.pgvitals.cli;

import dev.pgvitals.check.CheckFormat;
import dev.pgvitals.config.Durations;
import dev.pgvitals.config.ListenAddress;
import dev.pgvitals.postgres.ExporterNames;
import java.time.Duration;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** picocli converters that turn a bad value into a one-line reason naming what is wrong. */
final class Converters {

  private Converters() {}

  /** Runs a parser and turns its one-line {@link IllegalArgumentException} into picocli's error. */
  private static <T> T parsed(java.util.function.Function<String, T> parser, String value) {
    try {
      return parser.apply(value);
    } catch (IllegalArgumentException e) {
      throw new TypeConversionException(e.getMessage());
    }
  }

  static final class DurationConverter implements ITypeConverter<Duration> {
    @Override
    public Duration convert(String value) {
      return parsed(Durations::parse, value);
    }
  }

  static final class ListenConverter implements ITypeConverter<ListenAddress> {
    @Override
    public ListenAddress convert(String value) {
      return parsed(ListenAddress::parse, value);
    }
  }

  static final class FormatConverter implements ITypeConverter<CheckFormat> {
    @Override
    public CheckFormat convert(String value) {
      return parsed(CheckFormat::parse, value);
    }
  }

  static final class ExporterNamesConverter implements ITypeConverter<ExporterNames> {
    @Override
    public ExporterNames convert(String value) {
      return parsed(ExporterNames::parse, value);
    }
  }

  private static double number(String value) {
    try {
      return Double.parseDouble(value.trim());
    } catch (NumberFormatException e) {
      throw new TypeConversionException("'" + value + "' is not a number");
    }
  }

  /** A percentage in [0, 100]. */
  static final class PercentConverter implements ITypeConverter<Double> {
    @Override
    public Double convert(String value) {
      double d = number(value);
      if (!(d >= 0 && d <= 100)) {
        throw new TypeConversionException("'" + value + "' is not a percentage between 0 and 100");
      }
      return d;
    }
  }

  /** A non-negative finite number. */
  static final class NonNegativeConverter implements ITypeConverter<Double> {
    @Override
    public Double convert(String value) {
      double d = number(value);
      if (!(d >= 0) || Double.isInfinite(d)) {
        throw new TypeConversionException("'" + value + "' must be a non-negative number");
      }
      return d;
    }
  }
}
