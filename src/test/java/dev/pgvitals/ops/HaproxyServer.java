package dev.pgvitals.ops;

import dev.pgvitals.testpg.Wait;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A real HAProxy (the {@code haproxy} binary on PATH, Debian package {@code haproxy}) running one
 * configuration in the foreground, with a reader of its stats page ({@code ;csv}) to see which
 * servers its health checks mark UP. {@link #close()} stops it; a JVM shutdown hook kills it if the
 * test JVM dies first.
 */
final class HaproxyServer implements AutoCloseable {

  private static final HttpClient HTTP =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(2))
          .build();

  private final ForegroundProcess process;
  private final int statsPort;

  private HaproxyServer(ForegroundProcess process, int statsPort) {
    this.process = process;
    this.statsPort = statsPort;
  }

  /** Checks {@code config} ({@code haproxy -c}), then runs it ({@code -db}: foreground). */
  static HaproxyServer start(Path binary, Path dir, String name, String config, int statsPort)
      throws IOException, InterruptedException {
    Path file = dir.resolve(name + ".cfg");
    Files.writeString(file, config, StandardCharsets.UTF_8);
    ExternalTool.Result check =
        ExternalTool.run(List.of(binary.toString(), "-c", "-f", file.toString()), dir);
    if (check.exitCode() != 0) {
      throw new IllegalStateException(
          "haproxy -c rejects " + name + ":\n" + check.output() + "\n" + config);
    }
    ForegroundProcess p =
        ForegroundProcess.start(
            "haproxy",
            List.of(binary.toString(), "-db", "-f", file.toString()),
            dir,
            dir.resolve(name + ".log"));
    HaproxyServer h = new HaproxyServer(p, statsPort);
    Wait.until(
        "haproxy " + name + " serving its stats page",
        Duration.ofSeconds(20),
        () -> {
          if (!p.isAlive()) {
            throw new IllegalStateException(
                "haproxy exited with " + p.exitValue() + ":\n" + h.logText());
          }
          try {
            return !h.statuses().isEmpty();
          } catch (UncheckedIOException notYet) {
            return false;
          }
        });
    return h;
  }

  /**
   * {@code proxy/server} → status ({@code UP}, {@code DOWN}, {@code UP 1/2}, …) from the stats CSV.
   */
  Map<String, String> statuses() {
    String csv;
    try {
      csv =
          HTTP.send(
                  HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + statsPort + "/;csv"))
                      .timeout(Duration.ofSeconds(5))
                      .build(),
                  HttpResponse.BodyHandlers.ofString())
              .body();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
    Map<String, String> out = new HashMap<>();
    List<String> lines = csv.lines().toList();
    if (lines.isEmpty() || !lines.get(0).startsWith("# ")) {
      return out;
    }
    List<String> header = List.of(lines.get(0).substring(2).split(",", -1));
    int px = header.indexOf("pxname");
    int sv = header.indexOf("svname");
    int st = header.indexOf("status");
    for (String line : lines.subList(1, lines.size())) {
      String[] f = line.split(",", -1);
      if (f.length > st && !f[sv].equals("FRONTEND") && !f[sv].equals("BACKEND")) {
        out.put(f[px] + "/" + f[sv], f[st]);
      }
    }
    return out;
  }

  String logText() {
    return process.logText();
  }

  @Override
  public void close() {
    process.close();
  }
}
