package dev.pgvitals.agent;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.LoggingEvent;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class LogConfiguratorTest {

  @Test
  void aLineIsUtcSecondsLowerCaseLevelAndTheMessage() {
    LoggerContext context = new LoggerContext();
    LoggingEvent event =
        new LoggingEvent(
            "x",
            context.getLogger("x"),
            Level.INFO,
            "[HEALTHCHECK] [vm: passing] [✓] ok↩︎",
            null,
            null);
    event.setTimeStamp(1613775275_000L);

    assertThat(new LogConfigurator.LineLayout().doLayout(event))
        .isEqualTo(
            "2021-02-19T22:54:35Z [info] [HEALTHCHECK] [vm: passing] [✓] ok↩︎"
                + System.lineSeparator());
  }

  @Test
  void aLoggedThrowableFollowsItsLine() {
    LoggerContext context = new LoggerContext();
    LoggingEvent event =
        new LoggingEvent(
            "x",
            context.getLogger("x"),
            Level.WARN,
            "boom",
            new IllegalStateException("why"),
            null);

    String text = new LogConfigurator.LineLayout().doLayout(event);

    assertThat(text)
        .contains(" [warn] boom" + System.lineSeparator() + "java.lang.IllegalStateException: why");
  }

  @Test
  void theLevelIsInfoUnlessAKnownLevelIsGiven() {
    assertThat(LogConfigurator.level(null)).isEqualTo(Level.INFO);
    assertThat(LogConfigurator.level(" ")).isEqualTo(Level.INFO);
    assertThat(LogConfigurator.level("debug")).isEqualTo(Level.DEBUG);
    assertThat(LogConfigurator.level("WARN")).isEqualTo(Level.WARN);
    assertThat(LogConfigurator.level("loud")).isEqualTo(Level.INFO);
  }

  @Test
  void logbackIsConfiguredInCodeThroughTheServiceFile() {
    LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();

    assertThat(context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME).getAppender("ASYNC"))
        .isNotNull();
    assertThat(context.getLogger("io.netty").getLevel()).isEqualTo(Level.WARN);
  }

  /** Logs one line, as the agent does at start, so that logback configures itself. */
  static final class LogOnce {
    public static void main(String[] args) {
      LoggerFactory.getLogger(LogOnce.class).info("one line");
      ((LoggerContext) LoggerFactory.getILoggerFactory()).stop();
    }
  }

  /**
   * The point of configuring in code: neither logback's XML machinery nor the JDK's parser loads.
   */
  @Test
  void noXmlParserIsLoaded() throws Exception {
    Path out = File.createTempFile("classes", ".log").toPath();
    try {
      List<String> command =
          new ArrayList<>(
              List.of(
                  Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                  "-Xshare:off",
                  "-Xlog:class+load=info:file=" + out,
                  "-cp",
                  System.getProperty("java.class.path"),
                  LogOnce.class.getName()));
      Process p =
          new ProcessBuilder(command)
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.DISCARD)
              .start();
      assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
      String classes = java.nio.file.Files.readString(out, StandardCharsets.UTF_8);

      assertThat(classes)
          .contains("ch.qos.logback.classic.AsyncAppender")
          .doesNotContain("ch.qos.logback.core.joran.GenericXMLConfigurator")
          .doesNotContain("ch.qos.logback.core.joran.event.SaxEventRecorder")
          .doesNotContain("ch.qos.logback.core.model.")
          .doesNotContain("com.sun.org.apache.xerces.")
          .doesNotContain("javax.xml.parsers.");
    } finally {
      java.nio.file.Files.deleteIfExists(out);
    }
  }
}
