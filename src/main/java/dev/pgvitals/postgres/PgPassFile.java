package dev.pgvitals.postgres;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

/**
 * libpq's password file ({@code PGPASSFILE}, else {@code ~/.pgpass}), read the way libpq reads it:
 *
 * <ul>
 *   <li>one entry per line, {@code hostname:port:database:username:password}; the first line that
 *       matches wins; lines starting with {@code #} are comments;
 *   <li>each of the first four fields is a literal or {@code *} (matches anything); {@code \:} and
 *       {@code \\} stand for a literal colon and backslash;
 *   <li>a Unix-socket connection (host empty or starting with {@code /}) matches the host name
 *       {@code localhost};
 *   <li>the file is <b>ignored</b> (with a warning) unless it is a regular file whose permissions
 *       give nothing to group or others (mode {@code 0600} or stricter), exactly like libpq.
 * </ul>
 */
public final class PgPassFile {

  private static final Set<PosixFilePermission> GROUP_OR_OTHER =
      EnumSet.of(
          PosixFilePermission.GROUP_READ,
          PosixFilePermission.GROUP_WRITE,
          PosixFilePermission.GROUP_EXECUTE,
          PosixFilePermission.OTHERS_READ,
          PosixFilePermission.OTHERS_WRITE,
          PosixFilePermission.OTHERS_EXECUTE);

  private PgPassFile() {}

  /**
   * The password for the first matching entry, empty when the file is missing, unreadable, too
   * open, or has no match. Problems other than a missing file go to {@code warn} (one line, never a
   * password).
   */
  public static Optional<String> lookup(
      Path file, String host, int port, String database, String user, Consumer<String> warn) {
    if (!Files.exists(file, LinkOption.NOFOLLOW_LINKS) && !Files.exists(file)) {
      return Optional.empty();
    }
    if (!Files.isRegularFile(file)) {
      warn.accept("password file " + file + " is not a plain file, ignoring it");
      return Optional.empty();
    }
    try {
      Set<PosixFilePermission> perms = Files.getPosixFilePermissions(file);
      if (perms.stream().anyMatch(GROUP_OR_OTHER::contains)) {
        warn.accept(
            "password file "
                + file
                + " has group or world access, ignoring it; permissions should be u=rw (0600) or less");
        return Optional.empty();
      }
    } catch (UnsupportedOperationException e) {
      // not a POSIX file system: libpq does not check there either
    } catch (IOException e) {
      warn.accept("cannot read password file " + file + ": " + e.getClass().getSimpleName());
      return Optional.empty();
    }
    List<String> lines;
    try {
      lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      warn.accept("cannot read password file " + file + ": " + e.getClass().getSimpleName());
      return Optional.empty();
    }
    String hostKey = host == null || host.isEmpty() || host.startsWith("/") ? "localhost" : host;
    String portKey = Integer.toString(port);
    for (String line : lines) {
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      List<String> fields = split(line);
      if (fields.size() < 5) {
        continue;
      }
      if (matches(fields.get(0), hostKey)
          && matches(fields.get(1), portKey)
          && matches(fields.get(2), database)
          && matches(fields.get(3), user)) {
        return Optional.of(fields.get(4));
      }
    }
    return Optional.empty();
  }

  private static boolean matches(String field, String value) {
    return field.equals("*") || field.equals(value);
  }

  /** Splits at unescaped colons into at most five fields, resolving {@code \:} and {@code \\}. */
  static List<String> split(String line) {
    List<String> out = new ArrayList<>(5);
    StringBuilder cur = new StringBuilder();
    for (int i = 0; i < line.length(); i++) {
      char c = line.charAt(i);
      if (c == '\\' && i + 1 < line.length()) {
        cur.append(line.charAt(++i));
      } else if (c == ':' && out.size() < 4) {
        out.add(cur.toString());
        cur.setLength(0);
      } else {
        cur.append(c);
      }
    }
    out.add(cur.toString());
    return out;
  }
}
