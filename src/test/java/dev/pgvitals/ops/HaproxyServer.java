package dev.pgvitals.ops;

import dev.pgvitals.testpg.Wait;
import java.io.File;
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
import java.util.concurrent.TimeUnit;

/**
 * A real HAProxy (the {@code haproxy} binary on PATH, Debian package {@code haproxy}) running one
 * configuration in the foreground, with a reader of its stats page ({@code ;csv}) to see which
 * servers its health checks mark UP. {@link #close()} stops it; a JVM shutdown hook kills it if
 * the test JVM dies first.
 */
final class HaproxyServer implements AutoCloseable {

    private static final HttpClient HTTP = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(2)).build();

    private final Process process;
    private final int statsPort;
    private final Path log;
    private final Thread shutdownHook;

    private HaproxyServer(Process process, int statsPort, Path log) {
        this.process = process;
        this.statsPort = statsPort;
        this.log = log;
        this.shutdownHook = new Thread(process::destroyForcibly, "haproxy-test-kill");
        Runtime.getRuntime().addShutdownHook(shutdownHook);
    }

    /** Checks {@code config} ({@code haproxy -c}), then runs it ({@code -db}: foreground). */
    static HaproxyServer start(Path binary, Path dir, String name, String config, int statsPort)
            throws IOException, InterruptedException {
        Path file = dir.resolve(name + ".cfg");
        Files.writeString(file, config, StandardCharsets.UTF_8);
        ExternalTool.Result check = ExternalTool.run(List.of(binary.toString(), "-c", "-f", file.toString()), dir);
        if (check.exitCode() != 0) {
            throw new IllegalStateException("haproxy -c rejects " + name + ":\n" + check.output() + "\n" + config);
        }
        Path log = dir.resolve(name + ".log");
        Process p = new ProcessBuilder(binary.toString(), "-db", "-f", file.toString())
                .directory(dir.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        HaproxyServer h = new HaproxyServer(p, statsPort, log);
        Wait.until("haproxy " + name + " serving its stats page", Duration.ofSeconds(20), () -> {
            if (!p.isAlive()) {
                throw new IllegalStateException("haproxy exited with " + p.exitValue() + ":\n" + h.logText());
            }
            try {
                return !h.statuses().isEmpty();
            } catch (UncheckedIOException notYet) {
                return false;
            }
        });
        return h;
    }

    /** {@code proxy/server} → status ({@code UP}, {@code DOWN}, {@code UP 1/2}, …) from the stats CSV. */
    Map<String, String> statuses() {
        String csv;
        try {
            csv = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + statsPort + "/;csv"))
                    .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString()).body();
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
        try {
            return Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "";
        } catch (IOException e) {
            return "(log unreadable: " + e.getMessage() + ")";
        }
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException shuttingDown) {
            // the hook runs anyway
        }
    }
}
