package dev.pgvitals.http;

import dev.pgvitals.config.ListenAddress;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.ClientAuth;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.core.net.TrustOptions;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.KeyStore;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

/**
 * Turns {@link ServerSettings} into Vert.x server options: limits, timeouts, no cleartext HTTP/2
 * (h2c: nothing here needs it, and it is one more protocol to parse), and TLS as the web
 * configuration file says.
 */
final class ServerOptionsFactory {

  private ServerOptionsFactory() {}

  static HttpServerOptions create(ListenAddress listen, ServerSettings settings) {
    HttpLimits limits = settings.limits();
    HttpServerOptions options =
        new HttpServerOptions()
            .setHost(listen.host())
            .setPort(listen.port())
            .setCompressionSupported(true)
            .setHttp2ClearTextEnabled(false)
            .setMaxInitialLineLength(limits.maxRequestLineBytes())
            .setMaxHeaderSize(limits.maxHeaderBytes())
            .setMaxFormAttributeSize(0)
            // Nothing read or written for twice the idle timeout: closed. The guard's sweep closes
            // idle
            // connections first (and counts them); this ends a response nobody reads.
            .setIdleTimeoutUnit(TimeUnit.MILLISECONDS)
            .setIdleTimeout((int) Math.min(Integer.MAX_VALUE, 2 * limits.idleTimeout().toMillis()));
    settings.web().tls().ifPresent(tls -> tls(options, tls, settings.web().http2(), limits));
    return options;
  }

  private static void tls(
      HttpServerOptions options, WebConfig.Tls tls, boolean http2, HttpLimits limits) {
    options
        .setSsl(true)
        .setKeyCertOptions(
            new PemKeyCertOptions()
                .addCertValue(Buffer.buffer(tls.certPem(), "UTF-8"))
                .addKeyValue(Buffer.buffer(tls.keyPem(), "UTF-8")))
        .setEnabledSecureTransportProtocols(new LinkedHashSet<>(tls.protocols()))
        // a handshake is bounded like a request head
        .setSslHandshakeTimeoutUnit(TimeUnit.MILLISECONDS)
        .setSslHandshakeTimeout(limits.headerTimeout().toMillis());
    if (http2) {
      options.setUseAlpn(true).setAlpnVersions(List.of(HttpVersion.HTTP_2, HttpVersion.HTTP_1_1));
    }
    if (!tls.cipherSuites().isEmpty()) {
      tls.cipherSuites().forEach(options::addEnabledCipherSuite);
      // cipher_suites is for TLS 1.2 and below, as in Go: TLS 1.3's suites stay enabled
      if (tls.protocols().contains("TLSv1.3")) {
        List.of("TLS_AES_128_GCM_SHA256", "TLS_AES_256_GCM_SHA384", "TLS_CHACHA20_POLY1305_SHA256")
            .forEach(options::addEnabledCipherSuite);
      }
    }
    if (!tls.namedGroups().isEmpty() && System.getProperty("jdk.tls.namedGroups") == null) {
      System.setProperty("jdk.tls.namedGroups", String.join(",", tls.namedGroups()));
    }
    WebConfig.ClientAuthType auth = tls.clientAuth();
    options.setClientAuth(
        auth == WebConfig.ClientAuthType.NoClientCert
            ? ClientAuth.NONE
            : auth.requires() ? ClientAuth.REQUIRED : ClientAuth.REQUEST);
    if (auth != WebConfig.ClientAuthType.NoClientCert) {
      options.setTrustOptions(TrustOptions.wrap(clientTrust(tls)));
    }
  }

  /**
   * How client certificates are judged: against the client CAs when the mode verifies, else any
   * certificate; then, when {@code client_allowed_sans} is set, one of its names must be among the
   * certificate's subject alternative names.
   */
  static TrustManager clientTrust(WebConfig.Tls tls) {
    X509TrustManager ca =
        tls.clientAuth().verifies() ? caTrust(tls.clientCaPem().orElseThrow()) : null;
    List<String> sans = tls.clientAllowedSans();
    return new X509TrustManager() {
      @Override
      public void checkClientTrusted(X509Certificate[] chain, String authType)
          throws CertificateException {
        if (ca != null) {
          ca.checkClientTrusted(chain, authType);
        }
        if (!sans.isEmpty() && !hasAllowedSan(chain[0], sans)) {
          throw new CertificateException("client certificate has none of client_allowed_sans");
        }
      }

      @Override
      public void checkServerTrusted(X509Certificate[] chain, String authType)
          throws CertificateException {
        throw new CertificateException("not a client");
      }

      @Override
      public X509Certificate[] getAcceptedIssuers() {
        return ca == null ? new X509Certificate[0] : ca.getAcceptedIssuers();
      }
    };
  }

  private static boolean hasAllowedSan(X509Certificate cert, List<String> allowed)
      throws CertificateException {
    Collection<List<?>> names = cert.getSubjectAlternativeNames();
    if (names == null) {
      return false;
    }
    for (List<?> n : names) {
      if (n.size() >= 2 && n.get(1) instanceof String s && allowed.contains(s)) {
        return true;
      }
    }
    return false;
  }

  private static X509TrustManager caTrust(String pem) {
    try {
      KeyStore ks = KeyStore.getInstance(KeyStore.getDefaultType());
      ks.load(null, null);
      int i = 0;
      for (X509Certificate c : certificates(pem)) {
        ks.setCertificateEntry("ca" + i++, c);
      }
      TrustManagerFactory f =
          TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      f.init(ks);
      for (TrustManager tm : f.getTrustManagers()) {
        if (tm instanceof X509TrustManager x) {
          return x;
        }
      }
      throw new IllegalStateException("no X.509 trust manager");
    } catch (java.security.GeneralSecurityException | java.io.IOException e) {
      throw new IllegalArgumentException(
          "tls_server_config.client_ca_file: " + ErrorLog.oneLine(e));
    }
  }

  /** Every certificate of a PEM text. */
  static List<X509Certificate> certificates(String pem) throws CertificateException {
    CertificateFactory f = CertificateFactory.getInstance("X.509");
    List<X509Certificate> out = new ArrayList<>();
    for (var c :
        f.generateCertificates(new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII)))) {
      out.add((X509Certificate) c);
    }
    if (out.isEmpty()) {
      throw new CertificateException("no certificate");
    }
    return out;
  }

  /**
   * Loads what the options name (certificate, key, client CAs) as the server would, so a bad file
   * fails at start with one line rather than at the first handshake.
   *
   * @throws IllegalArgumentException one line naming the key
   */
  static void check(ServerSettings settings, Vertx vertx) {
    WebConfig.Tls tls = settings.web().tls().orElse(null);
    if (tls == null) {
      return;
    }
    try {
      certificates(tls.certPem());
    } catch (CertificateException | RuntimeException e) {
      throw new IllegalArgumentException(
          "tls_server_config.cert_file: not a valid certificate: " + ErrorLog.oneLine(e));
    }
    try {
      new PemKeyCertOptions()
          .addCertValue(Buffer.buffer(tls.certPem(), "UTF-8"))
          .addKeyValue(Buffer.buffer(tls.keyPem(), "UTF-8"))
          .getKeyManagerFactory(vertx);
    } catch (Exception e) {
      throw new IllegalArgumentException(
          "tls_server_config.key_file: cannot load the key with the certificate: "
              + ErrorLog.oneLine(e));
    }
    if (tls.clientCaPem().isPresent()) {
      try {
        certificates(tls.clientCaPem().get());
      } catch (CertificateException | RuntimeException e) {
        throw new IllegalArgumentException(
            "tls_server_config.client_ca_file: not a valid certificate: " + ErrorLog.oneLine(e));
      }
      clientTrust(tls);
    }
  }
}
