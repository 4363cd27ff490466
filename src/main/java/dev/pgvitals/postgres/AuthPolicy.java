package dev.pgvitals.postgres;

import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What a server must do before pgvitals sends it anything derived from the password: libpq's {@code
 * channel_binding} and {@code require_auth} (PostgreSQL 16 libpq), enforced by {@link AuthGuard} on
 * every connection — local node, {@code --leader-url}, {@code --peers} and discovered leaders
 * alike.
 *
 * <ul>
 *   <li>{@code channel_binding=require}: the server must authenticate with SCRAM-SHA-256-PLUS over
 *       TLS. A request for a cleartext or MD5 password, SCRAM without {@code -PLUS}, or an {@code
 *       AuthenticationOk} without any SCRAM exchange is refused before anything is sent. {@code
 *       prefer} (the default) binds when TLS is up and the server offers it, like libpq. {@code
 *       disable} is refused at start: the driver binds whenever it can and cannot be told not to.
 *   <li>{@code require_auth=m1,m2}: the server must use one of these methods ({@code password},
 *       {@code md5}, {@code scram-sha-256}, {@code none}; {@code gss} and {@code sspi} are refused
 *       at start because the driver cannot speak them), or, written {@code !m1,!m2}, none of these.
 *       {@code none} is "no authentication asked for".
 * </ul>
 *
 * The check itself ({@link #refusal}) is pure; messages name the parameter and never a password.
 */
public record AuthPolicy(
    ChannelBinding channelBinding, Set<Method> allowed, String requireAuthText) {

  /** libpq's {@code channel_binding} values. */
  public enum ChannelBinding {
    DISABLE,
    PREFER,
    REQUIRE
  }

  /** What a server can ask for, with libpq's {@code require_auth} names. */
  public enum Method {
    PASSWORD("password", "a cleartext password"),
    MD5("md5", "an MD5 password"),
    GSS("gss", "GSSAPI authentication"),
    SSPI("sspi", "SSPI authentication"),
    SCRAM_SHA_256("scram-sha-256", "SCRAM-SHA-256 authentication"),
    NONE("none", "no authentication");

    final String keyword;
    final String asked;

    Method(String keyword, String asked) {
      this.keyword = keyword;
      this.asked = asked;
    }

    public String keyword() {
      return keyword;
    }

    static Method of(String keyword) {
      for (Method m : values()) {
        if (m.keyword.equals(keyword)) {
          return m;
        }
      }
      throw new IllegalArgumentException(
          "invalid require_auth method \""
              + keyword
              + "\" (expected password, md5, gss, sspi, scram-sha-256 or none, each optionally with !)");
    }
  }

  /** libpq's defaults: channel binding preferred, any method. */
  public static final AuthPolicy DEFAULT =
      new AuthPolicy(ChannelBinding.PREFER, EnumSet.allOf(Method.class), null);

  public AuthPolicy {
    Objects.requireNonNull(channelBinding, "channelBinding");
    allowed = Set.copyOf(allowed);
  }

  /**
   * Parses the two parameters (null = not given) and refuses at start what cannot be honoured.
   *
   * @param sslDisabled {@code sslmode=disable}, with which channel binding can never happen
   * @throws IllegalArgumentException one line naming the parameter
   */
  public static AuthPolicy parse(String channelBinding, String requireAuth, boolean sslDisabled) {
    ChannelBinding cb = ChannelBinding.PREFER;
    if (channelBinding != null && !channelBinding.isBlank()) {
      cb =
          switch (channelBinding.strip().toLowerCase(Locale.ROOT)) {
            case "prefer" -> ChannelBinding.PREFER;
            case "require" -> ChannelBinding.REQUIRE;
            case "disable" ->
                throw new IllegalArgumentException(
                    "channel_binding=disable is not supported: the PostgreSQL driver binds whenever TLS is "
                        + "up and the server offers SCRAM-SHA-256-PLUS (use prefer or require)");
            default ->
                throw new IllegalArgumentException(
                    "invalid channel_binding value \""
                        + safe(channelBinding)
                        + "\" (expected prefer or require)");
          };
    }
    Set<Method> allowed = EnumSet.allOf(Method.class);
    String text = null;
    if (requireAuth != null && !requireAuth.isBlank()) {
      text = requireAuth.strip();
      List<String> items = List.of(text.split(","));
      long negated = items.stream().filter(s -> s.strip().startsWith("!")).count();
      if (negated != 0 && negated != items.size()) {
        throw new IllegalArgumentException(
            "require_auth: negative and positive methods cannot be mixed (\"" + safe(text) + "\")");
      }
      EnumSet<Method> listed = EnumSet.noneOf(Method.class);
      for (String item : items) {
        String k = item.strip().toLowerCase(Locale.ROOT);
        listed.add(Method.of(k.startsWith("!") ? k.substring(1) : k));
      }
      allowed = negated > 0 ? EnumSet.complementOf(listed) : listed;
      EnumSet<Method> usable = EnumSet.copyOf(allowed.isEmpty() ? EnumSet.of(Method.GSS) : allowed);
      usable.removeAll(EnumSet.of(Method.GSS, Method.SSPI));
      if (usable.isEmpty()) {
        throw new IllegalArgumentException(
            "require_auth="
                + safe(text)
                + " leaves no method pgvitals can authenticate with (its driver cannot do gss or sspi)");
      }
    }
    if (cb == ChannelBinding.REQUIRE) {
      if (sslDisabled) {
        throw new IllegalArgumentException(
            "channel_binding=require needs SSL, but sslmode=disable");
      }
      if (!allowed.contains(Method.SCRAM_SHA_256)) {
        throw new IllegalArgumentException(
            "channel_binding=require needs SCRAM-SHA-256, which require_auth="
                + safe(text)
                + " excludes");
      }
    }
    return new AuthPolicy(cb, allowed, text);
  }

  /** True when nothing beyond the driver's own behaviour is required. */
  public boolean isDefault() {
    return channelBinding != ChannelBinding.REQUIRE && allowed.size() == Method.values().length;
  }

  /**
   * Why the server's request must be refused, or empty when it may be answered.
   *
   * @param method what the server asked for ({@link Method#NONE}: it accepted the client without
   *     asking for anything)
   * @param plusOffered for SCRAM: the server listed SCRAM-SHA-256-PLUS
   * @param tls the connection is encrypted
   */
  public Optional<String> refusal(Method method, boolean plusOffered, boolean tls) {
    if (!allowed.contains(method)) {
      return Optional.of(
          "require_auth="
              + requireAuthText
              + " refused: server asked for "
              + method.asked
              + " (nothing was sent)");
    }
    if (channelBinding == ChannelBinding.REQUIRE) {
      if (method != Method.SCRAM_SHA_256) {
        return Optional.of(
            "channel_binding=require refused: server asked for "
                + method.asked
                + " instead of SCRAM with channel binding (nothing was sent)");
      }
      if (!tls) {
        return Optional.of(
            "channel_binding=require refused: the connection is not encrypted "
                + "(server declined SSL), so there is nothing to bind to (nothing was sent)");
      }
      if (!plusOffered) {
        return Optional.of(
            "channel_binding=require refused: server offered SCRAM without "
                + "channel binding (no SCRAM-SHA-256-PLUS; nothing was sent)");
      }
    }
    return Optional.empty();
  }

  /** Methods listed in messages keep to the keywords, so a typo never echoes arbitrary text. */
  private static String safe(String s) {
    return s.codePoints()
                .allMatch(
                    c ->
                        c == '!'
                            || c == ','
                            || c == '-'
                            || c == ' '
                            || Character.isLetterOrDigit(c))
            && s.length() <= 80
        ? s
        : "…";
  }

  @Override
  public String toString() {
    return "channel_binding="
        + channelBinding.name().toLowerCase(Locale.ROOT)
        + (requireAuthText == null ? "" : " require_auth=" + requireAuthText)
        + " allowed="
        + allowed.stream().map(Method::keyword).sorted().collect(Collectors.joining(","));
  }
}
