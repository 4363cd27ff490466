package dev.pgvitals.postgres;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.Objects;

/**
 * A resolved node address: an IP literal (IPv6 without brackets) and a port.
 *
 * <p>{@link #toString()} is the leader check's form, Go's {@code net.JoinHostPort}: brackets around
 * IPv6 only ({@code 10.0.0.5:5432}, {@code [fdaa:0:33:a7b:ab8:0:c24:2]:5433}), as the reference
 * printed {@code RemoteAddr()} and as checks.md specifies.
 */
public record PgAddress(String ip, int port) {

  public PgAddress {
    Objects.requireNonNull(ip, "ip");
  }

  @Override
  public String toString() {
    return hostPort(ip, port);
  }

  /** The address of {@code addr}, IPv6 in its shortest form ({@code ::1}), as Go prints it. */
  public static PgAddress of(InetAddress addr, int port) {
    return new PgAddress(ipText(addr), port);
  }

  /**
   * IPv4 dotted; IPv6 per RFC 5952 (lower-case hex, no leading zeros, the longest run of two or
   * more zero groups as {@code ::}, a single zero group kept), no scope id.
   */
  public static String ipText(InetAddress addr) {
    if (!(addr instanceof Inet6Address)) {
      return addr.getHostAddress();
    }
    byte[] b = addr.getAddress();
    int[] g = new int[8];
    for (int i = 0; i < 8; i++) {
      g[i] = ((b[2 * i] & 0xff) << 8) | (b[2 * i + 1] & 0xff);
    }
    int bestStart = -1;
    int bestLen = 0;
    for (int i = 0; i < 8; ) {
      if (g[i] != 0) {
        i++;
        continue;
      }
      int j = i;
      while (j < 8 && g[j] == 0) {
        j++;
      }
      if (j - i > bestLen) {
        bestStart = i;
        bestLen = j - i;
      }
      i = j;
    }
    if (bestLen < 2) {
      bestStart = -1;
    }
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < 8; i++) {
      if (i == bestStart) {
        sb.append("::");
        i += bestLen - 1;
        continue;
      }
      if (sb.length() > 0 && sb.charAt(sb.length() - 1) != ':') {
        sb.append(':');
      }
      sb.append(Integer.toHexString(g[i]));
    }
    return sb.toString();
  }

  /**
   * {@code host:port}, brackets only around IPv6 literals: {@code 10.0.0.5:5432}, {@code
   * [::1]:5432}.
   */
  public static String hostPort(String host, int port) {
    return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
  }
}
