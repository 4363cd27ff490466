package dev.pgvitals.agent;

import ch.qos.logback.classic.AsyncAppender;
import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.CoreConstants;
import ch.qos.logback.core.LayoutBase;
import ch.qos.logback.core.encoder.LayoutWrappingEncoder;
import ch.qos.logback.core.spi.ContextAwareBase;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * The agent's logging, configured in code (registered as logback's {@link Configurator} service) so
 * that logback never loads its XML configuration machinery and the JDK's XML parser: about 600
 * classes and several MB of a small VM's memory (docs/benchmarks.md, "Footprint").
 *
 * <p>Lines go to stderr (script mode's stdout holds only check text) through a non-blocking queue,
 * so an event loop never waits on a slow stderr; when the queue is full a line is dropped, not
 * waited for. Each line is {@code 2021-02-19T22:54:35Z [info] message}: ISO-8601 UTC, the level in
 * lower case, as views.md's {@code [HEALTHCHECK]} lines are. The level is {@code
 * PGVITALS_LOG_LEVEL} (system property or environment; default INFO); Netty, Vert.x and OSHI log at
 * WARN and above. {@code -Dlogback.configurationFile=…} still selects an XML file (the benchmarks
 * use one), and only then is the XML machinery loaded.
 */
public final class LogConfigurator extends ContextAwareBase implements Configurator {
  static final String LEVEL_VARIABLE = "PGVITALS_LOG_LEVEL";

  @Override
  public ExecutionStatus configure(LoggerContext context) {
    if (System.getProperty("logback.configurationFile") != null) {
      return ExecutionStatus.INVOKE_NEXT_IF_ANY;
    }
    LineLayout layout = new LineLayout();
    layout.setContext(context);
    layout.start();
    LayoutWrappingEncoder<ILoggingEvent> encoder = new LayoutWrappingEncoder<>();
    encoder.setContext(context);
    encoder.setCharset(StandardCharsets.UTF_8);
    encoder.setLayout(layout);
    encoder.start();
    ConsoleAppender<ILoggingEvent> stderr = new ConsoleAppender<>();
    stderr.setContext(context);
    stderr.setName("STDERR");
    stderr.setTarget("System.err");
    stderr.setEncoder(encoder);
    stderr.start();
    AsyncAppender async = new AsyncAppender();
    async.setContext(context);
    async.setName("ASYNC");
    async.setQueueSize(1024);
    async.setDiscardingThreshold(0);
    async.setNeverBlock(true);
    async.addAppender(stderr);
    async.start();

    ch.qos.logback.classic.Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    root.setLevel(level(System.getProperty(LEVEL_VARIABLE, System.getenv(LEVEL_VARIABLE))));
    root.addAppender(async);
    for (String quiet : new String[] {"io.netty", "io.vertx", "oshi"}) {
      context.getLogger(quiet).setLevel(Level.WARN);
    }
    // What is queued is flushed by dev.pgvitals.cli.Main's exit hook, after the agent's stop: a
    // logging shutdown hook of its own would race with it and could drop "pgvitals stopped".
    return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
  }

  /** The configured level; unset or unknown means INFO. */
  static Level level(String name) {
    return name == null || name.isBlank() ? Level.INFO : Level.toLevel(name.trim(), Level.INFO);
  }

  /** {@code 2021-02-19T22:54:35Z [info] message}, then the stack trace of a logged throwable. */
  static final class LineLayout extends LayoutBase<ILoggingEvent> {
    private static final DateTimeFormatter TIME =
        DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss'Z'", Locale.ROOT)
            .withZone(ZoneOffset.UTC);

    @Override
    public String doLayout(ILoggingEvent event) {
      StringBuilder line =
          new StringBuilder(96)
              .append(TIME.format(Instant.ofEpochMilli(event.getTimeStamp())))
              .append(" [")
              .append(event.getLevel().toString().toLowerCase(Locale.ROOT))
              .append("] ")
              .append(event.getFormattedMessage())
              .append(CoreConstants.LINE_SEPARATOR);
      IThrowableProxy thrown = event.getThrowableProxy();
      if (thrown != null) {
        line.append(ThrowableProxyUtil.asString(thrown)).append(CoreConstants.LINE_SEPARATOR);
      }
      return line.toString();
    }
  }
}
