package dev.pgvitals.host;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The mount table ({@code /proc/self/mounts}, fstab syntax): which file system holds a path.
 *
 * @param mounts entries in file order (later entries are mounted on top of earlier ones)
 */
public record MountTable(List<Mount> mounts) {

  /** One line: {@code device mountPoint fsType options dump pass}. */
  public record Mount(String device, String mountPoint, String fsType) {}

  public MountTable {
    mounts = List.copyOf(mounts);
  }

  /**
   * Parses the table. Lines with fewer than three fields are skipped; the kernel's octal escapes
   * ({@code \040} for a space, {@code \011}, {@code \012}, {@code \134}) are decoded.
   */
  public static MountTable parse(String text) {
    List<Mount> mounts = new ArrayList<>();
    for (String line : (text == null ? "" : text).split("\n")) {
      String[] f = line.strip().split("\\s+");
      if (f.length >= 3 && !f[0].startsWith("#")) {
        mounts.add(new Mount(unescape(f[0]), unescape(f[1]), unescape(f[2])));
      }
    }
    return new MountTable(mounts);
  }

  /**
   * The mount whose mount point is the longest prefix (by whole path elements) of the absolute,
   * normalised {@code path}; of equal mount points the last one wins, as it is mounted on top.
   */
  public Optional<Mount> find(Path path) {
    Path p = path.toAbsolutePath().normalize();
    Mount best = null;
    int bestDepth = -1;
    for (Mount m : mounts) {
      Path mp;
      try {
        mp = Path.of(m.mountPoint());
      } catch (RuntimeException e) {
        continue;
      }
      if (!mp.isAbsolute() || !p.startsWith(mp)) {
        continue;
      }
      int depth = mp.getNameCount();
      if (depth >= bestDepth) {
        best = m;
        bestDepth = depth;
      }
    }
    return Optional.ofNullable(best);
  }

  static String unescape(String s) {
    if (s.indexOf('\\') < 0) {
      return s;
    }
    StringBuilder b = new StringBuilder(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '\\' && isOctal(s, i + 1)) {
        b.append((char) Integer.parseInt(s.substring(i + 1, i + 4), 8));
        i += 3;
      } else {
        b.append(c);
      }
    }
    return b.toString();
  }

  private static boolean isOctal(String s, int from) {
    if (from + 3 > s.length()) {
      return false;
    }
    for (int i = from; i < from + 3; i++) {
      char c = s.charAt(i);
      if (c < '0' || c > '7') {
        return false;
      }
    }
    return true;
  }
}
