package dev.pgvitals.agent;

import ch.qos.logback.classic.pattern.ClassicConverter;
import ch.qos.logback.classic.spi.ILoggingEvent;
import java.util.Locale;

/** {@code %lvl} in logback.xml: the level in lower case, as in {@code [info] [HEALTHCHECK] …}. */
public final class LowercaseLevelConverter extends ClassicConverter {
  @Override
  public String convert(ILoggingEvent event) {
    return event.getLevel().toString().toLowerCase(Locale.ROOT);
  }
}
