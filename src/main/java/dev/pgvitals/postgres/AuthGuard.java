package dev.pgvitals.postgres;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.handler.ssl.SslHandler;
import io.netty.util.ReferenceCountUtil;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Sits in each PostgreSQL connection's Netty pipeline between TLS and the driver's codec and
 * enforces an {@link AuthPolicy} on the server's authentication requests <em>before the driver sees
 * them</em>: a refused request is dropped, the connection fails with the policy's one-line reason
 * and is closed, so the driver never answers it — no password, no MD5 hash, no SCRAM message goes
 * to a server that asked for the wrong thing. Once the server says {@code AuthenticationOk} the
 * guard removes itself; it costs nothing afterwards.
 *
 * <p>It reads the protocol without consuming it: outbound it only notices the startup message
 * (protocol 3.0), after which every inbound byte belongs to a framed message (type, int32 length,
 * body); it collects the bodies of {@code 'R'} (authentication) messages and skips the rest. Before
 * the startup message (SSL negotiation's one-byte answer) it passes everything through.
 *
 * <p>It is installed on every connection, also without a policy, to give the driver the cause of a
 * failed TLS handshake ({@link #channelInactive}).
 */
final class AuthGuard extends ChannelDuplexHandler {

  static final String NAME = "pgvitals-auth-guard";

  private static final int PROTOCOL_3 = 196608;
  private static final int MAX_AUTH_BODY = 64 * 1024;

  /** Thrown into the pipeline when a request is refused; its message is the reason. */
  static final class Refused extends RuntimeException {
    Refused(String message) {
      super(message, null, false, false);
    }
  }

  private final AuthPolicy policy;
  private boolean startupSent;
  private boolean tls;
  private String refused;
  // parser state for the inbound framed stream
  private int headerPos; // bytes of the 5-byte header read so far
  private byte type;
  private int length;
  private long remaining; // body bytes still to come
  private ByteArrayOutputStream body;
  // what the server has asked for so far
  private boolean asked;
  private boolean saslStarted;
  private boolean saslFinal;
  private boolean plusOffered;

  AuthGuard(AuthPolicy policy) {
    this.policy = policy;
  }

  @Override
  public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise)
      throws Exception {
    if (refused != null) {
      ReferenceCountUtil.release(msg);
      promise.setFailure(new Refused(refused));
      return;
    }
    if (!startupSent
        && msg instanceof ByteBuf buf
        && buf.readableBytes() >= 8
        && buf.getInt(buf.readerIndex() + 4) == PROTOCOL_3) {
      startupSent = true;
      tls = ctx.pipeline().get(SslHandler.class) != null;
    }
    super.write(ctx, msg, promise);
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) throws Exception {
    if (refused != null) {
      ReferenceCountUtil.release(msg);
      return;
    }
    if (!startupSent || !(msg instanceof ByteBuf buf)) {
      super.channelRead(ctx, msg);
      return;
    }
    Verdict v = scan(buf);
    if (v.refusal != null) {
      refused = v.refusal;
      ReferenceCountUtil.release(msg);
      ctx.fireExceptionCaught(new Refused(v.refusal));
      ctx.close();
      return;
    }
    ctx.fireChannelRead(msg);
    if (v.authenticated && ctx.pipeline().get(NAME) == this) {
      ctx.pipeline().remove(this);
    }
  }

  /**
   * A failed TLS handshake reaches the driver only as "SSL handshake failed" (vertx-pg-client 5.0.7
   * drops the cause); hand it the real cause first, so the reason says what was wrong (untrusted
   * certificate, wrong host name, …).
   */
  @Override
  public void channelInactive(ChannelHandlerContext ctx) throws Exception {
    SslHandler ssl = ctx.pipeline().get(SslHandler.class);
    if (ssl != null
        && ssl.handshakeFuture().isDone()
        && !ssl.handshakeFuture().isSuccess()
        && ssl.handshakeFuture().cause() != null) {
      ctx.fireExceptionCaught(ssl.handshakeFuture().cause());
    }
    super.channelInactive(ctx);
  }

  private record Verdict(String refusal, boolean authenticated) {}

  /** Walks the framed messages in {@code buf} (without moving its reader index). */
  private Verdict scan(ByteBuf buf) {
    int i = buf.readerIndex();
    int end = buf.writerIndex();
    boolean authenticated = false;
    while (i < end) {
      if (headerPos < 5) {
        byte b = buf.getByte(i++);
        if (headerPos == 0) {
          type = b;
          length = 0;
        } else {
          length = (length << 8) | (b & 0xff);
        }
        headerPos++;
        if (headerPos == 5) {
          if (length < 4) {
            return new Verdict("malformed message from server during authentication", false);
          }
          remaining = length - 4L;
          if (type == 'R') {
            if (remaining > MAX_AUTH_BODY) {
              return new Verdict("oversized authentication request from server", false);
            }
            body = new ByteArrayOutputStream((int) remaining);
          } else {
            body = null;
          }
          if (remaining == 0) {
            Optional<Verdict> done = messageDone();
            if (done.isPresent()) {
              return done.get();
            }
          }
        }
        continue;
      }
      int n = (int) Math.min(remaining, end - i);
      if (body != null) {
        byte[] chunk = new byte[n];
        buf.getBytes(i, chunk);
        body.write(chunk, 0, n);
      }
      i += n;
      remaining -= n;
      if (remaining == 0) {
        Optional<Verdict> done = messageDone();
        if (done.isPresent()) {
          Verdict v = done.get();
          if (v.refusal != null) {
            return v;
          }
          authenticated = true;
          // whatever follows AuthenticationOk (ParameterStatus, BackendKeyData, …) is the driver's
          break;
        }
      }
    }
    return new Verdict(null, authenticated);
  }

  /** One whole message has been read; a verdict when it decides the connection. */
  private Optional<Verdict> messageDone() {
    headerPos = 0;
    if (type != 'R') {
      return Optional.empty(); // ErrorResponse, NoticeResponse, … : the driver reports them
    }
    byte[] b = body.toByteArray();
    body = null;
    if (b.length < 4) {
      return Optional.of(new Verdict("malformed authentication request from server", false));
    }
    int code = ((b[0] & 0xff) << 24) | ((b[1] & 0xff) << 16) | ((b[2] & 0xff) << 8) | (b[3] & 0xff);
    Optional<String> refusal;
    switch (code) {
      case 0 -> { // AuthenticationOk
        if (!asked) {
          refusal = policy.refusal(AuthPolicy.Method.NONE, false, tls);
        } else if (saslStarted && !saslFinal) {
          refusal =
              Optional.of(
                  "server ended the SCRAM exchange early (no server signature): "
                      + "it did not prove it knows the password");
        } else {
          refusal = Optional.empty();
        }
        return Optional.of(new Verdict(refusal.orElse(null), refusal.isEmpty()));
      }
      case 3 -> refusal = ask(AuthPolicy.Method.PASSWORD);
      case 5 -> refusal = ask(AuthPolicy.Method.MD5);
      case 7, 8 -> refusal = ask(AuthPolicy.Method.GSS);
      case 9 -> refusal = ask(AuthPolicy.Method.SSPI);
      case 10 -> {
        List<String> mechanisms = cstrings(b, 4);
        plusOffered = mechanisms.contains("SCRAM-SHA-256-PLUS");
        saslStarted = true;
        refusal = ask(AuthPolicy.Method.SCRAM_SHA_256);
      }
      case 11 ->
          refusal =
              saslStarted
                  ? Optional.empty()
                  : Optional.of("server sent a SCRAM continuation without starting SCRAM");
      case 12 -> {
        saslFinal = true;
        refusal =
            saslStarted
                ? Optional.empty()
                : Optional.of("server sent a SCRAM result without starting SCRAM");
      }
      default ->
          refusal =
              Optional.of("server asked for an unsupported authentication method (" + code + ")");
    }
    return refusal.map(r -> new Verdict(r, false));
  }

  private Optional<String> ask(AuthPolicy.Method m) {
    asked = true;
    return policy.refusal(m, plusOffered, tls);
  }

  private static List<String> cstrings(byte[] b, int from) {
    List<String> out = new ArrayList<>();
    int start = from;
    for (int i = from; i < b.length; i++) {
      if (b[i] == 0) {
        if (i == start) {
          break; // the list ends with an empty string
        }
        out.add(new String(b, start, i - start, StandardCharsets.UTF_8));
        start = i + 1;
      }
    }
    return out;
  }
}
