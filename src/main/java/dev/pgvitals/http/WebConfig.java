package dev.pgvitals.http;

import dev.pgvitals.config.Durations;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;

/**
 * {@code --web.config.file}: the web configuration file of Prometheus' exporter-toolkit
 * (docs/web-configuration.md there), read once at start: {@code tls_server_config}, {@code
 * http_server_config}, {@code basic_auth_users} (bcrypt hashes) and {@code rate_limit}. As in the
 * toolkit, unknown keys are errors and relative file names are relative to the file's directory.
 * Every problem is one line naming the key.
 *
 * <p>Where Java differs from Go: {@code prefer_server_cipher_suites} is accepted and has no effect
 * (Go ignores it too since 1.18); {@code curve_preferences} applies to the whole process (the JDK's
 * {@code jdk.tls.namedGroups}); {@code cipher_suites} takes the IANA names, which are Go's names
 * too.
 */
public record WebConfig(
    Optional<Tls> tls,
    boolean http2,
    Map<String, String> headers,
    Map<String, String> users,
    Optional<RateLimit> rateLimit) {

  /** No file: plain HTTP, no users, no extra headers. */
  public static final WebConfig NONE =
      new WebConfig(Optional.empty(), false, Map.of(), Map.of(), Optional.empty());

  /** Go's {@code tls.ClientAuthType} names, as {@code client_auth_type} takes them. */
  public enum ClientAuthType {
    NoClientCert,
    RequestClientCert,
    RequireAnyClientCert,
    VerifyClientCertIfGiven,
    RequireAndVerifyClientCert;

    /** The client sent no certificate, or one that is not checked against a CA. */
    boolean verifies() {
      return this == VerifyClientCertIfGiven || this == RequireAndVerifyClientCert;
    }

    boolean requires() {
      return this == RequireAnyClientCert || this == RequireAndVerifyClientCert;
    }
  }

  /**
   * @param certPem the server's certificate chain (PEM)
   * @param keyPem its private key (PEM: PKCS#8, PKCS#1 or SEC1)
   * @param clientCaPem CAs that sign client certificates (PEM), when client certificates are
   *     verified
   * @param protocols the enabled protocol versions ({@code TLSv1.2}, {@code TLSv1.3}, …) from
   *     {@code min_version} to {@code max_version}
   * @param cipherSuites TLS 1.2 suites to allow (empty: the JDK's defaults)
   * @param namedGroups JDK names of {@code curve_preferences} (empty: the JDK's defaults)
   */
  public record Tls(
      String certPem,
      String keyPem,
      Optional<String> clientCaPem,
      ClientAuthType clientAuth,
      List<String> clientAllowedSans,
      List<String> protocols,
      List<String> cipherSuites,
      List<String> namedGroups) {

    @Override
    public String toString() {
      return "Tls[clientAuth="
          + clientAuth
          + ", protocols="
          + protocols
          + "]"; // the key is a secret
    }
  }

  /** exporter-toolkit's token bucket: one request per {@code interval}, bursts of {@code burst}. */
  public record RateLimit(Duration interval, int burst) {}

  @Override
  public String toString() {
    return "WebConfig[tls=" + tls + ", http2=" + http2 + ", users=" + users.keySet() + "]";
  }

  private static final Set<String> TOP =
      Set.of("tls_server_config", "http_server_config", "basic_auth_users", "rate_limit");
  private static final Set<String> TLS_KEYS =
      Set.of(
          "cert",
          "key",
          "client_ca",
          "cert_file",
          "key_file",
          "client_auth_type",
          "client_ca_file",
          "client_allowed_sans",
          "min_version",
          "max_version",
          "cipher_suites",
          "prefer_server_cipher_suites",
          "curve_preferences");
  private static final Set<String> HTTP_KEYS = Set.of("http2", "headers");

  /** The response headers the toolkit lets a file set, with their allowed values (null: any). */
  private static final Map<String, List<String>> HEADERS =
      Map.of(
          "Strict-Transport-Security", List.of(),
          "X-Content-Type-Options", List.of("nosniff"),
          "X-Frame-Options", List.of("deny", "sameorigin"),
          "X-XSS-Protection", List.of(),
          "Content-Security-Policy", List.of());

  private static final Map<String, String> VERSIONS =
      Map.of("TLS10", "TLSv1", "TLS11", "TLSv1.1", "TLS12", "TLSv1.2", "TLS13", "TLSv1.3");
  private static final List<String> VERSION_ORDER = List.of("TLS10", "TLS11", "TLS12", "TLS13");
  private static final Map<String, String> CURVES =
      Map.of(
          "CurveP256",
          "secp256r1",
          "CurveP384",
          "secp384r1",
          "CurveP521",
          "secp521r1",
          "X25519",
          "x25519");

  /**
   * What Go's bcrypt.Cost accepts: {@code $2a$}, {@code $2b$} or {@code $2y$}, a cost 04-31, 53
   * characters of salt and hash.
   */
  private static final Pattern BCRYPT =
      Pattern.compile("\\$2[aby]?\\$(\\d\\d)\\$[./A-Za-z0-9]{53}");

  /**
   * Reads and checks a web configuration file.
   *
   * @throws IllegalArgumentException one line naming the file and the problem
   */
  public static WebConfig load(Path file) {
    String text;
    try {
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      throw new IllegalArgumentException(file + ": no such file");
    } catch (IOException | RuntimeException e) {
      throw new IllegalArgumentException(file + ": cannot read: " + e.getMessage());
    }
    try {
      Path dir = file.toAbsolutePath().getParent();
      return parse(text, dir);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(file + ": " + e.getMessage());
    }
  }

  /** Parses the file's text; relative file names resolve against {@code dir}. */
  static WebConfig parse(String text, Path dir) {
    Object root;
    try {
      LoaderOptions options = new LoaderOptions();
      options.setAllowDuplicateKeys(false);
      options.setMaxAliasesForCollections(10);
      options.setCodePointLimit(1 << 20);
      root = new Yaml(new SafeConstructor(options)).load(text);
    } catch (MarkedYAMLException e) {
      String problem = e.getProblem() == null ? "invalid YAML" : e.getProblem();
      int line = e.getProblemMark() == null ? 0 : e.getProblemMark().getLine() + 1;
      throw new IllegalArgumentException(
          "invalid YAML" + (line > 0 ? " at line " + line : "") + ": " + problem);
    } catch (YAMLException e) {
      throw new IllegalArgumentException("invalid YAML: " + ErrorLog.oneLine(e));
    }
    if (root == null) {
      return new WebConfig(
          Optional.empty(), true, Map.of(), Map.of(), Optional.empty()); // an empty file
    }
    Map<String, Object> top = map(root, "the file");
    keys(top, TOP, "");
    Optional<Tls> tls =
        top.get("tls_server_config") == null
            ? Optional.empty()
            : tls(map(top.get("tls_server_config"), "tls_server_config"), dir);
    boolean http2 = true;
    Map<String, String> headers = Map.of();
    if (top.get("http_server_config") != null) {
      Map<String, Object> http = map(top.get("http_server_config"), "http_server_config");
      keys(http, HTTP_KEYS, "http_server_config.");
      if (http.containsKey("http2")) {
        http2 = bool(http.get("http2"), "http_server_config.http2");
      }
      if (http.get("headers") != null) {
        headers = headers(map(http.get("headers"), "http_server_config.headers"));
      }
    }
    Map<String, String> users =
        top.get("basic_auth_users") == null
            ? Map.of()
            : users(map(top.get("basic_auth_users"), "basic_auth_users"));
    Optional<RateLimit> rate =
        top.get("rate_limit") == null
            ? Optional.empty()
            : rateLimit(map(top.get("rate_limit"), "rate_limit"));
    return new WebConfig(
        tls, http2 && tls.isPresent(), Map.copyOf(headers), Map.copyOf(users), rate);
  }

  private static Optional<Tls> tls(Map<String, Object> m, Path dir) {
    keys(m, TLS_KEYS, "tls_server_config.");
    String p = "tls_server_config.";
    String certFile = string(m.get("cert_file"), p + "cert_file");
    String keyFile = string(m.get("key_file"), p + "key_file");
    String cert = string(m.get("cert"), p + "cert");
    String key = string(m.get("key"), p + "key");
    String caFile = string(m.get("client_ca_file"), p + "client_ca_file");
    String ca = string(m.get("client_ca"), p + "client_ca");
    String authName = string(m.get("client_auth_type"), p + "client_auth_type");
    boolean enabled =
        certFile != null || keyFile != null || cert != null || key != null || authName != null;
    if (!enabled) {
      if (caFile != null || ca != null) {
        throw new IllegalArgumentException(
            p + "client_ca_file: client CAs are configured without a cert_file and key_file");
      }
      return Optional.empty(); // the toolkit's "TLS is disabled"
    }
    if (certFile == null && cert == null) {
      throw new IllegalArgumentException(
          p + "cert_file: missing (one of cert or cert_file is needed)");
    }
    if (keyFile == null && key == null) {
      throw new IllegalArgumentException(
          p + "key_file: missing (one of key or key_file is needed)");
    }
    String certPem = certFile != null ? read(dir, certFile, p + "cert_file") : cert;
    String keyPem = keyFile != null ? read(dir, keyFile, p + "key_file") : key;
    if (!certPem.contains("-----BEGIN CERTIFICATE-----")) {
      throw new IllegalArgumentException(
          p + (certFile != null ? "cert_file " + certFile : "cert") + ": no PEM certificate in it");
    }
    if (!keyPem.matches("(?s).*-----BEGIN (RSA |EC )?PRIVATE KEY-----.*")) {
      throw new IllegalArgumentException(
          p
              + (keyFile != null ? "key_file " + keyFile : "key")
              + ": no PEM private key in it (PKCS#8, RSA or EC)");
    }
    ClientAuthType auth;
    String a = authName == null || authName.isEmpty() ? "NoClientCert" : authName;
    if (a.equals("RequireClientCert")) {
      a = "RequireAnyClientCert"; // the toolkit's old name
    }
    try {
      auth = ClientAuthType.valueOf(a);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          p
              + "client_auth_type: invalid '"
              + authName
              + "' (expected NoClientCert, "
              + "RequestClientCert, RequireAnyClientCert, VerifyClientCertIfGiven or RequireAndVerifyClientCert)");
    }
    Optional<String> caPem =
        Optional.ofNullable(caFile != null ? read(dir, caFile, p + "client_ca_file") : ca);
    if (caPem.isPresent() && auth == ClientAuthType.NoClientCert) {
      throw new IllegalArgumentException(
          p + "client_ca_file: client CAs are configured without a client_auth_type");
    }
    if (auth.verifies() && caPem.isEmpty()) {
      throw new IllegalArgumentException(
          p + "client_auth_type: " + auth + " needs client_ca_file (or client_ca)");
    }
    if (caPem.isPresent() && !caPem.get().contains("-----BEGIN CERTIFICATE-----")) {
      throw new IllegalArgumentException(p + "client_ca_file: no PEM certificate in it");
    }
    List<String> sans = strings(m.get("client_allowed_sans"), p + "client_allowed_sans");
    String min = string(m.get("min_version"), p + "min_version");
    String max = string(m.get("max_version"), p + "max_version");
    int from = version(min == null ? "TLS12" : min, p + "min_version");
    int to = version(max == null ? "TLS13" : max, p + "max_version");
    if (from > to) {
      throw new IllegalArgumentException(
          p + "min_version " + min + " is above max_version " + (max == null ? "TLS13" : max));
    }
    List<String> protocols = new ArrayList<>();
    for (int i = from; i <= to; i++) {
      protocols.add(VERSIONS.get(VERSION_ORDER.get(i)));
    }
    List<String> ciphers = strings(m.get("cipher_suites"), p + "cipher_suites");
    Set<String> known = supportedCipherSuites();
    for (String c : ciphers) {
      if (!known.contains(c)) {
        throw new IllegalArgumentException(p + "cipher_suites: unknown cipher: " + c);
      }
    }
    if (m.containsKey("prefer_server_cipher_suites")) {
      bool(m.get("prefer_server_cipher_suites"), p + "prefer_server_cipher_suites");
    }
    List<String> groups = new ArrayList<>();
    for (String c : strings(m.get("curve_preferences"), p + "curve_preferences")) {
      String g = CURVES.get(c);
      if (g == null) {
        throw new IllegalArgumentException(
            p
                + "curve_preferences: unknown curve: "
                + c
                + " (expected CurveP256, CurveP384, CurveP521 or X25519)");
      }
      groups.add(g);
    }
    return Optional.of(
        new Tls(
            certPem,
            keyPem,
            caPem,
            auth,
            List.copyOf(sans),
            List.copyOf(protocols),
            List.copyOf(ciphers),
            List.copyOf(groups)));
  }

  private static Set<String> supportedCipherSuites() {
    try {
      return Set.of(
          javax.net.ssl.SSLContext.getDefault().getSupportedSSLParameters().getCipherSuites());
    } catch (java.security.NoSuchAlgorithmException e) {
      return Set.of();
    }
  }

  private static int version(String name, String key) {
    int i = VERSION_ORDER.indexOf(name);
    if (i < 0) {
      throw new IllegalArgumentException(
          key + ": unknown TLS version: " + name + " (expected TLS10, TLS11, TLS12 or TLS13)");
    }
    return i;
  }

  private static Map<String, String> headers(Map<String, Object> m) {
    Map<String, String> out = new LinkedHashMap<>();
    m.forEach(
        (k, v) -> {
          List<String> allowed = HEADERS.get(k);
          if (allowed == null) {
            throw new IllegalArgumentException(
                "http_server_config.headers: HTTP header \"" + k + "\" can not be configured");
          }
          String value = string(v, "http_server_config.headers." + k);
          if (value == null || value.isEmpty()) {
            return; // unset if blank
          }
          if (!allowed.isEmpty() && !allowed.contains(value)) {
            throw new IllegalArgumentException(
                "http_server_config.headers."
                    + k
                    + ": invalid value \""
                    + value
                    + "\" (expected one of "
                    + allowed
                    + ")");
          }
          if (value.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
            throw new IllegalArgumentException(
                "http_server_config.headers." + k + ": control characters in the value");
          }
          out.put(k, value);
        });
    return out;
  }

  private static Map<String, String> users(Map<String, Object> m) {
    Map<String, String> out = new LinkedHashMap<>();
    m.forEach(
        (user, hash) -> {
          String h = string(hash, "basic_auth_users." + user);
          if (h == null) {
            throw new IllegalArgumentException("basic_auth_users." + user + ": no bcrypt hash");
          }
          Matcher bc = BCRYPT.matcher(h);
          if (!bc.matches()) {
            // never print the value: it may be a cleartext password put there by mistake
            throw new IllegalArgumentException(
                "basic_auth_users."
                    + user
                    + ": not a bcrypt hash "
                    + "(expected $2y$10$ and 53 characters; make one with: htpasswd -nBC 10 \"\" | tr -d ':\\n')");
          }
          int cost = Integer.parseInt(bc.group(1));
          if (cost < 4 || cost > 31) {
            throw new IllegalArgumentException(
                "basic_auth_users." + user + ": bcrypt cost " + cost + " is outside 4-31");
          }
          if (user.contains(":")) {
            throw new IllegalArgumentException("basic_auth_users: a user name cannot contain ':'");
          }
          out.put(user, h);
        });
    return out;
  }

  private static Optional<RateLimit> rateLimit(Map<String, Object> m) {
    keys(m, Set.of("interval", "burst"), "rate_limit.");
    Object iv = m.get("interval");
    Duration interval =
        iv == null ? Duration.ZERO : goDuration(String.valueOf(iv), "rate_limit.interval");
    int burst = 0;
    if (m.get("burst") != null) {
      if (!(m.get("burst") instanceof Integer b) || b < 0) {
        throw new IllegalArgumentException("rate_limit.burst: expected a non-negative integer");
      }
      burst = b;
    }
    if (interval.isZero()) {
      return Optional.empty(); // "set to 0 to disable rate limiter"
    }
    return Optional.of(new RateLimit(interval, Math.max(1, burst)));
  }

  /**
   * A Go duration ({@code 1s}, {@code 1m30s}, {@code 250ms}, {@code 0}), read by {@link Durations};
   * at most 365 days.
   */
  static Duration goDuration(String text, String key) {
    try {
      Duration d = Durations.parseNonNegative(text);
      if (d.compareTo(Duration.ofDays(365)) <= 0) {
        return d;
      }
    } catch (IllegalArgumentException e) {
      // the key and the examples below say it in this file's wording
    }
    throw new IllegalArgumentException(
        key + ": '" + text + "' is not a duration (e.g. 1s, 500ms, 1m30s)");
  }

  private static String read(Path dir, String name, String key) {
    Path f = dir == null ? Path.of(name) : dir.resolve(name);
    try {
      return Files.readString(f, StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      throw new IllegalArgumentException(key + ": " + f + ": no such file");
    } catch (IOException | RuntimeException e) {
      throw new IllegalArgumentException(key + ": cannot read " + f + ": " + ErrorLog.oneLine(e));
    }
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> map(Object o, String what) {
    if (!(o instanceof Map<?, ?> m)) {
      throw new IllegalArgumentException(what + ": expected a mapping of keys to values");
    }
    for (Object k : m.keySet()) {
      if (!(k instanceof String)) {
        throw new IllegalArgumentException(what + ": key " + k + " is not a string");
      }
    }
    return (Map<String, Object>) m;
  }

  private static void keys(Map<String, Object> m, Set<String> allowed, String prefix) {
    for (String k : m.keySet()) {
      if (!allowed.contains(k)) {
        throw new IllegalArgumentException(
            prefix
                + k
                + ": unknown key (expected one of "
                + allowed.stream().sorted().toList()
                + ")");
      }
    }
  }

  private static String string(Object o, String key) {
    if (o == null) {
      return null;
    }
    if (o instanceof String s) {
      return s;
    }
    if (o instanceof Map || o instanceof List) {
      throw new IllegalArgumentException(key + ": expected a string");
    }
    return String.valueOf(o);
  }

  private static boolean bool(Object o, String key) {
    if (o instanceof Boolean b) {
      return b;
    }
    throw new IllegalArgumentException(key + ": expected true or false");
  }

  private static List<String> strings(Object o, String key) {
    if (o == null) {
      return List.of();
    }
    if (!(o instanceof List<?> l)) {
      throw new IllegalArgumentException(key + ": expected a list");
    }
    List<String> out = new ArrayList<>();
    for (Object e : l) {
      String s = string(e, key);
      if (s == null || s.isBlank()) {
        throw new IllegalArgumentException(key + ": empty entry");
      }
      out.add(s.trim());
    }
    return out;
  }

  /** For logs: what the file turns on. */
  public String describe() {
    return (tls.isPresent()
            ? "TLS ("
                + String.join(", ", tls.get().protocols())
                + ", client certificates: "
                + tls.get().clientAuth()
                + (http2 ? ", HTTP/2" : "")
                + ")"
            : "plain HTTP")
        + (users.isEmpty()
            ? ""
            : ", basic auth for " + users.size() + " user" + (users.size() == 1 ? "" : "s"))
        + rateLimit
            .map(r -> ", rate limit 1/" + r.interval().toMillis() + "ms burst " + r.burst())
            .orElse("");
  }
}
