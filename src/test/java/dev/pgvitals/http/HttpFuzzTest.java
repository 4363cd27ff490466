package dev.pgvitals.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * A bounded, seeded fuzz of the HTTP side: 500 requests built from valid pieces and broken ones
 * (methods, request targets, percent-escapes, query strings, header names and values, versions,
 * bodies, raw bytes), each on its own connection. Every answer must be a 2xx or a 4xx whose body is
 * one line (501 only for a version that is not HTTP/1.x, which Vert.x answers itself), no
 * unexpected error may be counted (a {@code /flycheck/} 500 is a check's answer: this server runs
 * no suites), and the server must still answer afterwards. A failure prints the seed and the
 * request, so it can be replayed.
 */
class HttpFuzzTest {

  private static final long SEED = 0x9e3779b97f4a7c15L;
  private static final int REQUESTS = 500;
  private static final Pattern STATUS = Pattern.compile("^HTTP/\\S* (\\d{3}) ");

  private static final List<String> METHODS =
      List.of(
          "GET",
          "GET",
          "GET",
          "HEAD",
          "POST",
          "PUT",
          "DELETE",
          "OPTIONS",
          "TRACE",
          "CONNECT",
          "PATCH",
          "BREW",
          "get",
          "G\u00e9T",
          "");
  private static final List<String> PATHS =
      List.of(
          "/",
          "/metrics",
          "/liveness",
          "/v1/users",
          "/flycheck/vm",
          "/nope",
          "*",
          "http://h/metrics",
          "//",
          "/../../etc/passwd",
          "/%",
          "/%zz",
          "/%00",
          "/a%2f..%2fb",
          "/\u00ff",
          "",
          "/metrics/",
          "/" + "a".repeat(5000));
  private static final List<String> QUERIES =
      List.of(
          "",
          "?",
          "?format=seed",
          "?format=%",
          "?x=%zz",
          "?%=%",
          "?a=1&a=2",
          "?lag=10s",
          "?format=" + "x".repeat(300),
          "?=&&=",
          "?x=%E2%9C",
          "?x=%u0041",
          "?\u0001");
  private static final List<String> VERSIONS =
      List.of(
          "HTTP/1.1", "HTTP/1.1", "HTTP/1.0", "HTTP/2.0", "HTTP/9.9", "HTTP/1.1x", "", "http/1.1");
  private static final List<String> HEADERS =
      List.of(
          "Host: t",
          "Accept: */*",
          "Accept: application/openmetrics-text",
          "Accept-Encoding: gzip",
          "Authorization: Bearer x",
          "Authorization: Basic !!!",
          "Authorization: bearer",
          "Authorization: Basic " + "QQ==",
          "Content-Length: 5",
          "Content-Length: -1",
          "Content-Length: x",
          "Transfer-Encoding: chunked",
          "Connection: close",
          "Upgrade: h2c",
          "Upgrade: websocket",
          "X-Big: " + "b".repeat(9000),
          "Bad Header",
          ": empty-name",
          "X-Ctl: a\u0001b",
          "X-Utf8: \u00e9",
          "Host: t\r\nHost: u",
          "Expect: 100-continue");

  @Test
  void everyRequestGetsA2xxOrAOneLine4xx() throws Exception {
    Random random = new Random(SEED);
    try (TestServer server = new TestServer(ServerSettings.DEFAULTS)) {
      for (int i = 0; i < REQUESTS; i++) {
        byte[] request = request(random);
        String answer = send(server.port(), request);
        String shown =
            "seed "
                + SEED
                + " request "
                + i
                + ": "
                + new String(request, StandardCharsets.ISO_8859_1).replace("\r\n", "\\r\\n");
        shown = shown.length() > 400 ? shown.substring(0, 400) + "…" : shown;
        if (answer.isEmpty()) {
          continue; // the server may close on bytes that are not HTTP at all (nothing to answer to)
        }
        Matcher m = STATUS.matcher(answer);
        assertThat(m.find()).as(shown + " -> " + answer).isTrue();
        int status = Integer.parseInt(m.group(1));
        String version = new String(request, StandardCharsets.ISO_8859_1).split("\r\n", 2)[0];
        if (status == 501) {
          assertThat(version).as(shown).doesNotMatch(".* HTTP/1\\.[01]$");
          continue;
        }
        if (status == 500 && version.contains(" /flycheck/")) {
          continue; // a failing suite's answer (this server runs no checks), not an error
        }
        assertThat(status).as(shown + " -> " + answer).isBetween(200, 499);
        if (status >= 400) {
          String body = answer.substring(answer.indexOf("\r\n\r\n") + 4);
          boolean gzip = answer.toLowerCase().contains("\r\ncontent-encoding: gzip");
          if (!body.isEmpty() && !gzip) { // HEAD: no body; gzip: asked for, compressed
            assertThat(body).as(shown).endsWith("\n");
            assertThat(body.substring(0, body.length() - 1)).as(shown).doesNotContain("\n", "\r");
          }
        }
      }
      assertThat(server.metric("pgvitals_http_errors_total")).isZero();
      assertThat(server.raw("GET /liveness HTTP/1.1\r\nHost: t\r\n\r\n"))
          .startsWith("HTTP/1.1 200 OK");
    }
  }

  private static byte[] request(Random r) {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    if (r.nextInt(20) == 0) { // raw bytes, no HTTP at all
      byte[] junk = new byte[1 + r.nextInt(200)];
      r.nextBytes(junk);
      b.writeBytes(junk);
      b.writeBytes("\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
      return b.toByteArray();
    }
    String line =
        pick(r, METHODS) + " " + pick(r, PATHS) + pick(r, QUERIES) + " " + pick(r, VERSIONS);
    StringBuilder s = new StringBuilder(line).append("\r\n");
    boolean host = r.nextInt(5) != 0;
    if (host) {
      s.append("Host: t\r\n");
    }
    int headers = r.nextInt(4);
    for (int h = 0; h < headers; h++) {
      s.append(pick(r, HEADERS)).append("\r\n");
    }
    s.append("\r\n");
    if (s.indexOf("Content-Length: 5") >= 0) {
      s.append("hello");
    } else if (s.indexOf("Transfer-Encoding: chunked") >= 0) {
      s.append("5\r\nhello\r\n0\r\n\r\n");
    }
    // UTF-8 for the non-ASCII pieces, as a client that knows no better would send them
    b.writeBytes(s.toString().getBytes(StandardCharsets.UTF_8));
    return b.toByteArray();
  }

  private static String pick(Random r, List<String> from) {
    return from.get(r.nextInt(from.size()));
  }

  /** The first response on a new connection, or "" when the server closed without one. */
  private static String send(int port, byte[] request) throws IOException {
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress("127.0.0.1", port), 5000);
      s.setSoTimeout(10_000);
      try {
        s.getOutputStream().write(request);
        s.getOutputStream().flush();
        s.shutdownOutput(); // no more requests: the server answers and closes
      } catch (IOException closedEarly) {
        // the server may close before reading all of an over-long request; read what it said
      }
      try {
        byte[] all = s.getInputStream().readAllBytes();
        String text = new String(all, StandardCharsets.UTF_8);
        int next = text.indexOf("HTTP/1.", 1);
        return next > 0 ? text.substring(0, next) : text;
      } catch (IOException reset) {
        return "";
      }
    }
  }
}
