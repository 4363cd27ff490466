package dev.pgvitals.postgres;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Parses a libpq connection string, in either of its two forms, into libpq keywords ({@code host},
 * {@code port}, {@code user}, {@code password}, {@code dbname}, {@code sslmode}, {@code
 * application_name}, …):
 *
 * <ul>
 *   <li>URI: {@code postgres[ql]://[user[:password]@][host][:port][/dbname][?key=value&…]}, with
 *       percent-encoding and IPv6 hosts in brackets ({@code postgres://u@[::1]:5433/db}). One host
 *       only: several comma-separated hosts belong in {@code --peers}.
 *   <li>key=value: {@code host=10.0.0.5 port=5433 user=pgvitals password='a b\'c'}; values may be
 *       single-quoted, {@code \'} and {@code \\} escape inside and outside quotes.
 * </ul>
 *
 * <p>Errors are {@link IllegalArgumentException}s whose message never repeats the input (it may
 * hold a password), only the part that is wrong when that part cannot be a secret.
 */
public final class ConnInfo {

  /**
   * Keywords echoed in parse errors; what each keyword does (honoured, no effect, refused) is
   * {@link LibpqParams}.
   */
  static final Set<String> KNOWN =
      Set.of(
          "host",
          "hostaddr",
          "port",
          "user",
          "password",
          "dbname",
          "sslmode",
          "application_name",
          "connect_timeout",
          "passfile",
          "target_session_attrs",
          "options",
          "fallback_application_name");

  private ConnInfo() {}

  /** True when {@code s} is in the URI form. */
  public static boolean isUri(String s) {
    String t = s.strip().toLowerCase(Locale.ROOT);
    return t.startsWith("postgres://") || t.startsWith("postgresql://");
  }

  /** Parses either form; keys are lower-case libpq keywords. */
  public static Map<String, String> parse(String s) {
    if (s == null || s.isBlank()) {
      throw new IllegalArgumentException("empty connection string");
    }
    return isUri(s) ? parseUri(s.strip()) : parseKeyValue(s);
  }

  static Map<String, String> parseUri(String s) {
    Map<String, String> out = new LinkedHashMap<>();
    String rest = s.substring(s.indexOf("://") + 3);
    String query = null;
    int q = rest.indexOf('?');
    if (q >= 0) {
      query = rest.substring(q + 1);
      rest = rest.substring(0, q);
    }
    String path = null;
    int slash = rest.indexOf('/');
    if (slash >= 0) {
      path = rest.substring(slash + 1);
      rest = rest.substring(0, slash);
    }
    // user info ends at the last '@' (a raw '@' in a password is a common mistake; libpq also
    // splits at the last one before the host)
    int at = rest.lastIndexOf('@');
    if (at >= 0) {
      String userInfo = rest.substring(0, at);
      rest = rest.substring(at + 1);
      int colon = userInfo.indexOf(':');
      String user = colon >= 0 ? userInfo.substring(0, colon) : userInfo;
      if (!user.isEmpty()) {
        out.put("user", decode(user, "user name"));
      }
      if (colon >= 0) {
        out.put("password", decode(userInfo.substring(colon + 1), "password"));
      }
    }
    if (rest.contains(",")) {
      throw new IllegalArgumentException(
          "several hosts in one URL are not supported (list the nodes with --peers)");
    }
    String host;
    String port = null;
    if (rest.startsWith("[")) {
      int close = rest.indexOf(']');
      if (close < 0) {
        throw new IllegalArgumentException("unterminated IPv6 address in URL (missing ']')");
      }
      host = rest.substring(1, close);
      String after = rest.substring(close + 1);
      if (after.startsWith(":")) {
        port = after.substring(1);
      } else if (!after.isEmpty()) {
        throw new IllegalArgumentException("unexpected text after IPv6 address in URL");
      }
    } else {
      int colon = rest.lastIndexOf(':');
      if (colon >= 0) {
        host = rest.substring(0, colon);
        port = rest.substring(colon + 1);
      } else {
        host = rest;
      }
      host = decode(host, "host");
    }
    if (!host.isEmpty()) {
      out.put("host", host);
    }
    if (port != null && !port.isEmpty()) {
      out.put("port", port);
    }
    if (path != null && !path.isEmpty()) {
      out.put("dbname", decode(path, "database name"));
    }
    if (query != null && !query.isEmpty()) {
      for (String pair : query.split("&")) {
        if (pair.isEmpty()) {
          continue;
        }
        int eq = pair.indexOf('=');
        if (eq <= 0) {
          throw new IllegalArgumentException("URL parameter without a value (expected key=value)");
        }
        String key = decode(pair.substring(0, eq), "parameter name").toLowerCase(Locale.ROOT);
        out.put(key, decode(pair.substring(eq + 1), "parameter " + key));
      }
    }
    return out;
  }

  static Map<String, String> parseKeyValue(String s) {
    Map<String, String> out = new LinkedHashMap<>();
    int i = 0;
    int n = s.length();
    while (true) {
      while (i < n && Character.isWhitespace(s.charAt(i))) {
        i++;
      }
      if (i >= n) {
        return out;
      }
      int keyStart = i;
      while (i < n && s.charAt(i) != '=' && !Character.isWhitespace(s.charAt(i))) {
        i++;
      }
      String key = s.substring(keyStart, i).toLowerCase(Locale.ROOT);
      while (i < n && Character.isWhitespace(s.charAt(i))) {
        i++;
      }
      if (i >= n || s.charAt(i) != '=') {
        throw new IllegalArgumentException(
            "missing '=' after \"" + safeKey(key) + "\" in connection string");
      }
      i++;
      while (i < n && Character.isWhitespace(s.charAt(i))) {
        i++;
      }
      StringBuilder value = new StringBuilder();
      if (i < n && s.charAt(i) == '\'') {
        i++;
        boolean closed = false;
        while (i < n) {
          char c = s.charAt(i++);
          if (c == '\\' && i < n) {
            value.append(s.charAt(i++));
          } else if (c == '\'') {
            closed = true;
            break;
          } else {
            value.append(c);
          }
        }
        if (!closed) {
          throw new IllegalArgumentException(
              "unterminated quoted value for \"" + safeKey(key) + "\" in connection string");
        }
      } else {
        while (i < n && !Character.isWhitespace(s.charAt(i))) {
          char c = s.charAt(i++);
          if (c == '\\' && i < n) {
            value.append(s.charAt(i++));
          } else {
            value.append(c);
          }
        }
      }
      out.put(key, value.toString());
    }
  }

  /** A key is echoed in errors only when it looks like a keyword, never arbitrary text. */
  private static String safeKey(String key) {
    return KNOWN.contains(key) ? key : "…";
  }

  private static String decode(String s, String what) {
    if (s.indexOf('%') < 0) {
      return s;
    }
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '%') {
        if (i + 2 >= s.length()) {
          throw new IllegalArgumentException("bad percent-encoding in URL " + what);
        }
        int hi = Character.digit(s.charAt(i + 1), 16);
        int lo = Character.digit(s.charAt(i + 2), 16);
        if (hi < 0 || lo < 0) {
          throw new IllegalArgumentException("bad percent-encoding in URL " + what);
        }
        bytes.write(hi * 16 + lo);
        i += 2;
      } else {
        int cp = s.codePointAt(i);
        byte[] b = new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8);
        bytes.write(b, 0, b.length);
        i += Character.charCount(cp) - 1;
      }
    }
    return bytes.toString(StandardCharsets.UTF_8);
  }
}
