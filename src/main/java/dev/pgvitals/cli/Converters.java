package dev.pgvitals.cli;

import dev.pgvitals.config.Durations;
import dev.pgvitals.config.ListenAddress;
import dev.pgvitals.render.CheckFormat;
import java.time.Duration;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** picocli converters that turn a bad value into a one-line reason naming what is wrong. */
final class Converters {

  private Converters() {}

  static final class DurationConverter implements ITypeConverter<Duration> {
    @Override
    public Duration convert(String value) {
      try {
        return Durations.parse(value);
      } catch (IllegalArgumentException e) {
        throw new TypeConversionException(e.getMessage());
      }
    }
  }

  static final class ListenConverter implements ITypeConverter<ListenAddress> {
    @Override
    public ListenAddress convert(String value) {
      try {
        return ListenAddress.parse(value);
      } catch (IllegalArgumentException e) {
        throw new TypeConversionException(e.getMessage());
      }
    }
  }

  static final class FormatConverter implements ITypeConverter<CheckFormat> {
    @Override
    public CheckFormat convert(String value) {
      try {
        return CheckFormat.parse(value);
      } catch (IllegalArgumentException e) {
        throw new TypeConversionException(e.getMessage());
      }
    }
  }

  /** A percentage in [0, 100]. */
  static final class PercentConverter implements ITypeConverter<Double> {
    @Override
    public Double convert(String value) {
      double d;
      try {
        d = Double.parseDouble(value.trim());
      } catch (NumberFormatException e) {
        throw new TypeConversionException("'" + value + "' is not a number");
      }
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
      double d;
      try {
        d = Double.parseDouble(value.trim());
      } catch (NumberFormatException e) {
        throw new TypeConversionException("'" + value + "' is not a number");
      }
      if (!(d >= 0) || Double.isInfinite(d)) {
        throw new TypeConversionException("'" + value + "' must be a non-negative number");
      }
      return d;
    }
  }
}
