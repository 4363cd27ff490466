package dev.pgvitals.postgres;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Where a replica looks for its leader, in the order of checks.md:
 *
 * <ol>
 *   <li>{@code --leader-url}: that node, with the URL's own credentials (gaps filled from the
 *       environment like the local URL);
 *   <li>{@code --peers}: every address of every listed name ({@code host}, {@code host:port},
 *       {@code [v6]:port}; a DNS name may return several A/AAAA records, one per node), with the
 *       <b>local</b> node's credentials and, where no port is given, the local port;
 *   <li>else this replica's upstream: the WAL receiver's actual {@code sender_host:sender_port},
 *       else {@code primary_conninfo}'s host and port (default 5432), with the local node's
 *       credentials (not {@code primary_conninfo}'s replication user, which usually can't log in to
 *       a database).
 * </ol>
 *
 * Names are resolved here (blocking; callers run this on a worker). Unresolvable names are skipped;
 * when nothing is left the reason says which names failed.
 */
public final class LeaderCandidates {

  /** One address to try, with the settings to try it with. */
  public record Candidate(PgAddress address, PgConnectionSettings settings) {}

  /** The resolved list and how it was found. */
  public record Resolved(String discoveredBy, List<Candidate> candidates) {}

  private LeaderCandidates() {}

  /**
   * @param leaderUrl settings from {@code --leader-url}, or null
   * @param peers {@code --peers} entries (may be empty)
   * @param local the local node's settings (credentials for peers and upstream)
   * @param upstream the local replica's upstream, from its latest fast sample
   */
  public static Resolved resolve(
      PgConnectionSettings leaderUrl,
      List<Peer> peers,
      PgConnectionSettings local,
      Optional<PgFastSnapshot.Upstream> upstream)
      throws UnknownHostException {
    List<String> failed = new ArrayList<>();
    if (leaderUrl != null) {
      List<Candidate> c =
          addresses(leaderUrl.host(), leaderUrl.port(), leaderUrl, "--leader-url", failed);
      return done("--leader-url", c, failed);
    }
    if (peers != null && !peers.isEmpty()) {
      Map<PgAddress, Candidate> all = new LinkedHashMap<>();
      for (Peer peer : peers) {
        for (Candidate c :
            addresses(peer.host(), peer.port().orElse(local.port()), local, "--peers", failed)) {
          all.putIfAbsent(c.address(), c);
        }
      }
      return done("--peers", new ArrayList<>(all.values()), failed);
    }
    if (upstream.isEmpty()) {
      throw new UnknownHostException(
          "no leader to check: set --leader-url or --peers, or primary_conninfo on this replica");
    }
    PgFastSnapshot.Upstream u = upstream.get();
    String host;
    int port;
    if (u.senderHost().isPresent()) {
      host = u.senderHost().get();
      port = u.senderPort().orElse(u.port().orElse(5432));
    } else if (u.host().isPresent()) {
      host = u.host().get();
      port = u.port().orElse(5432);
    } else {
      throw new UnknownHostException("primary_conninfo names no host: set --leader-url or --peers");
    }
    return done(
        "primary_conninfo", addresses(host, port, local, "primary_conninfo", failed), failed);
  }

  private static Resolved done(String by, List<Candidate> c, List<String> failed)
      throws UnknownHostException {
    if (c.isEmpty()) {
      throw new UnknownHostException("cannot resolve " + String.join(", ", failed));
    }
    return new Resolved(by, c);
  }

  private static List<Candidate> addresses(
      String host, int port, PgConnectionSettings creds, String source, List<String> failed) {
    List<Candidate> out = new ArrayList<>();
    if (host.startsWith("/")) {
      out.add(new Candidate(new PgAddress(host, port), creds.withAddress(host, port, source)));
      return out;
    }
    try {
      for (InetAddress a : InetAddress.getAllByName(host)) {
        PgAddress addr = PgAddress.of(a, port);
        out.add(new Candidate(addr, creds.withAddress(addr.ip(), port, source)));
      }
    } catch (UnknownHostException e) {
      failed.add(host);
    }
    return out;
  }

  /**
   * One {@code --peers} entry, already parsed where the flag is read ({@code config.HostPort}): a
   * host name or IP literal, and its port when the entry named one (else the local node's).
   */
  public record Peer(String host, OptionalInt port) {
    public Peer {
      java.util.Objects.requireNonNull(host, "host");
      java.util.Objects.requireNonNull(port, "port");
    }
  }
}
