package dev.pgvitals.postgres;

import io.vertx.core.net.ClientSSLOptions;
import io.vertx.core.net.PemKeyCertOptions;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The TLS parameters besides sslmode and sslrootcert, as libpq names them.
 *
 * @param sslCert client certificate (PEM), {@code sslcert} / {@code PGSSLCERT}, or null
 * @param sslKey its unencrypted private key (PEM), {@code sslkey} / {@code PGSSLKEY}, or null
 * @param sslCrl certificate revocation list (PEM), {@code sslcrl} / {@code PGSSLCRL}, or null
 * @param minProtocol {@code ssl_min_protocol_version} ({@code TLSv1.2} by default, as libpq)
 * @param maxProtocol {@code ssl_max_protocol_version}, or null for no upper bound
 */
public record TlsFiles(
    String sslCert, String sslKey, String sslCrl, String minProtocol, String maxProtocol) {

  static final List<String> PROTOCOLS = List.of("TLSv1", "TLSv1.1", "TLSv1.2", "TLSv1.3");

  public static final TlsFiles NONE = new TlsFiles(null, null, null, "TLSv1.2", null);

  public TlsFiles {
    if ((sslCert == null) != (sslKey == null)) {
      throw new IllegalArgumentException(
          sslCert == null
              ? "sslkey is set but sslcert is not (a client certificate needs both)"
              : "sslcert is set but sslkey is not (a client certificate needs both)");
    }
    minProtocol =
        minProtocol == null ? "TLSv1.2" : checkProtocol(minProtocol, "ssl_min_protocol_version");
    if (maxProtocol != null) {
      maxProtocol = checkProtocol(maxProtocol, "ssl_max_protocol_version");
      if (PROTOCOLS.indexOf(maxProtocol) < PROTOCOLS.indexOf(minProtocol)) {
        throw new IllegalArgumentException(
            "ssl_max_protocol_version "
                + maxProtocol
                + " is below ssl_min_protocol_version "
                + minProtocol);
      }
    }
  }

  private static String checkProtocol(String v, String key) {
    for (String p : PROTOCOLS) {
      if (p.equalsIgnoreCase(v.strip())) {
        return p;
      }
    }
    throw new IllegalArgumentException(
        "invalid " + key + " (expected TLSv1, TLSv1.1, TLSv1.2 or TLSv1.3)");
  }

  /** The enabled protocols, between the bounds. */
  public Set<String> protocols() {
    Set<String> out = new LinkedHashSet<>();
    int lo = PROTOCOLS.indexOf(minProtocol);
    int hi = maxProtocol == null ? PROTOCOLS.size() - 1 : PROTOCOLS.indexOf(maxProtocol);
    for (int i = lo; i <= hi; i++) {
      out.add(PROTOCOLS.get(i));
    }
    return out;
  }

  void applyTo(ClientSSLOptions ssl) {
    if (sslCert != null) {
      ssl.setKeyCertOptions(new PemKeyCertOptions().setCertPath(sslCert).setKeyPath(sslKey));
    }
    if (sslCrl != null) {
      ssl.addCrlPath(sslCrl);
    }
    ssl.setEnabledSecureTransportProtocols(protocols());
  }
}
