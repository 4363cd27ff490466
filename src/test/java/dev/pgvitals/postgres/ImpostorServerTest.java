package dev.pgvitals.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetSocket;
import io.vertx.sqlclient.Pool;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A fake PostgreSQL server that asks for a password the way an impostor would (cleartext, MD5,
 * SCRAM without channel binding, or no authentication at all) and records what the client sends.
 * With {@code channel_binding=require} or {@code require_auth=scram-sha-256} it must never receive
 * a password message; without them it does (so the fake is shown to work).
 */
class ImpostorServerTest {

  private static final String PASSWORD = "s3cret-impostor-pw";

  /** What the fake server asks after the startup message. */
  enum Ask {
    CLEARTEXT,
    MD5,
    SCRAM_ONLY,
    TRUST
  }

  private Vertx vertx;
  private NetServer server;
  private Ask ask;
  private volatile Promise<Buffer> afterStartup;

  @BeforeEach
  void start() throws Exception {
    vertx = Vertx.vertx();
    server = vertx.createNetServer().connectHandler(this::serve);
    server.listen(0, "127.0.0.1").await(10, TimeUnit.SECONDS);
  }

  @AfterEach
  void stop() throws Exception {
    vertx.close().await(10, TimeUnit.SECONDS);
  }

  /** Speaks just enough protocol: declines SSL, asks per {@link #ask}, records the rest. */
  private void serve(NetSocket socket) {
    Buffer[] in = {Buffer.buffer()};
    Buffer rest = Buffer.buffer();
    Promise<Buffer> done = afterStartup;
    boolean[] started = {false};
    socket.handler(
        b -> {
          if (started[0]) {
            rest.appendBuffer(b);
            return;
          }
          in[0].appendBuffer(b);
          while (!started[0] && in[0].length() >= 8) {
            int len = in[0].getInt(0);
            if (in[0].length() < len) {
              return;
            }
            int code = in[0].getInt(4);
            in[0] = in[0].getBuffer(len, in[0].length());
            if (code == 80877103) { // SSLRequest: no
              socket.write(Buffer.buffer("N"));
            } else if (code == 196608) {
              started[0] = true;
              rest.appendBuffer(in[0]);
              socket.write(request());
            } else {
              socket.close();
            }
          }
        });
    socket.closeHandler(
        v -> {
          if (started[0]) { // sslmode=prefer may first open a connection that ends at SSL
            done.tryComplete(rest);
          }
        });
  }

  private Buffer request() {
    Buffer b = Buffer.buffer().appendByte((byte) 'R');
    return switch (ask) {
      case CLEARTEXT -> b.appendInt(8).appendInt(3);
      case MD5 -> b.appendInt(12).appendInt(5).appendBytes(new byte[] {1, 2, 3, 4});
      case TRUST -> b.appendInt(8).appendInt(0);
      case SCRAM_ONLY -> {
        byte[] mech = "SCRAM-SHA-256\0\0".getBytes(StandardCharsets.US_ASCII);
        yield b.appendInt(8 + mech.length).appendInt(10).appendBytes(mech);
      }
    };
  }

  /**
   * Connects with {@code params} appended to the URL; returns the client's failure text and what
   * the server got.
   */
  private Result connect(Ask what, String params) throws Exception {
    ask = what;
    afterStartup = Promise.promise();
    PgConnectionSettings s =
        PgConnectionSettingsResolver.fromConnInfo(
            "postgres://pgvitals:"
                + PASSWORD
                + "@127.0.0.1:"
                + server.actualPort()
                + "/postgres?"
                + params,
            "--pg-url",
            Map.of(),
            Duration.ofSeconds(3),
            Duration.ofSeconds(2),
            w -> {});
    Pool pool = PgPools.single(vertx, s);
    String error;
    try {
      Future<?> f = pool.query("SELECT 1").execute();
      f.await(20, TimeUnit.SECONDS);
      error = null;
    } catch (Exception e) {
      error = String.valueOf(e.getMessage());
    } finally {
      pool.close().await(10, TimeUnit.SECONDS);
    }
    Buffer got = afterStartup.future().await(20, TimeUnit.SECONDS);
    return new Result(error, got);
  }

  private record Result(String error, Buffer sent) {
    boolean passwordMessageSent() {
      return sent.length() > 0 && sent.getByte(0) == 'p';
    }
  }

  @Test
  void withoutAPolicyTheDriverHandsTheCleartextPasswordToWhoeverAsks() throws Exception {
    Result r = connect(Ask.CLEARTEXT, "sslmode=prefer");
    assertThat(r.passwordMessageSent()).isTrue();
    assertThat(r.sent.toString(StandardCharsets.UTF_8)).contains(PASSWORD);
  }

  @Test
  void channelBindingRequireNeverSendsACleartextPassword() throws Exception {
    Result r = connect(Ask.CLEARTEXT, "sslmode=prefer&channel_binding=require");
    assertThat(r.passwordMessageSent()).isFalse();
    assertThat(r.sent.length()).isZero();
    assertThat(r.error)
        .startsWith("channel_binding=require refused: server asked for a cleartext password")
        .doesNotContain(PASSWORD);
  }

  @Test
  void channelBindingRequireNeverSendsAnMd5Hash() throws Exception {
    Result r = connect(Ask.MD5, "channel_binding=require");
    assertThat(r.sent.length()).isZero();
    assertThat(r.error)
        .contains("channel_binding=require refused: server asked for an MD5 password");
  }

  @Test
  void channelBindingRequireRefusesScramWithoutTls() throws Exception {
    Result r = connect(Ask.SCRAM_ONLY, "channel_binding=require");
    assertThat(r.sent.length()).isZero();
    assertThat(r.error)
        .contains("channel_binding=require refused: the connection is not encrypted");
  }

  @Test
  void channelBindingRequireRefusesAServerThatAsksForNothing() throws Exception {
    Result r = connect(Ask.TRUST, "channel_binding=require");
    assertThat(r.error)
        .contains("channel_binding=require refused: server asked for no authentication");
  }

  @Test
  void requireAuthScramNeverSendsACleartextOrMd5Password() throws Exception {
    Result clear = connect(Ask.CLEARTEXT, "sslmode=disable&require_auth=scram-sha-256");
    assertThat(clear.sent.length()).isZero();
    assertThat(clear.error)
        .isEqualTo(
            "require_auth=scram-sha-256 refused: server asked for a cleartext password (nothing was sent)");
    Result md5 = connect(Ask.MD5, "sslmode=disable&require_auth=scram-sha-256");
    assertThat(md5.sent.length()).isZero();
    assertThat(md5.error).contains("server asked for an MD5 password");
  }

  @Test
  void requireAuthNegatedListRefusesTheListedMethod() throws Exception {
    Result r = connect(Ask.CLEARTEXT, "sslmode=disable&require_auth=!password");
    assertThat(r.sent.length()).isZero();
    assertThat(r.error).contains("require_auth=!password refused");
    Result md5 = connect(Ask.MD5, "sslmode=disable&require_auth=!password");
    assertThat(md5.passwordMessageSent()).isTrue(); // md5 is not excluded
  }

  @Test
  void peersAndDiscoveredLeadersCarryTheSamePolicy() throws Exception {
    PgConnectionSettings local =
        PgConnectionSettingsResolver.fromConnInfo(
            "postgres://pgvitals:" + PASSWORD + "@10.0.0.1:5432/postgres?channel_binding=require",
            "--pg-url",
            Map.of(),
            Duration.ofSeconds(3),
            Duration.ofSeconds(2),
            w -> {});
    PgConnectionSettings peer = local.withAddress("127.0.0.1", server.actualPort(), "--peers");
    assertThat(peer.auth()).isEqualTo(local.auth());
    ask = Ask.CLEARTEXT;
    afterStartup = Promise.promise();
    Pool pool = PgPools.single(vertx, peer);
    try {
      assertThat(
              pool.query("SELECT 1")
                  .execute()
                  .toCompletionStage()
                  .toCompletableFuture()
                  .handle((ok, e) -> e == null ? "" : e.getMessage())
                  .get(20, TimeUnit.SECONDS))
          .startsWith("channel_binding=require refused");
    } finally {
      pool.close().await(10, TimeUnit.SECONDS);
    }
    assertThat(afterStartup.future().await(20, TimeUnit.SECONDS).length()).isZero();
  }
}
