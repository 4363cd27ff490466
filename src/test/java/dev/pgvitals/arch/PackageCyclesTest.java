package dev.pgvitals.arch;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The packages of {@code dev.pgvitals} form no cycle (docs/architecture.md draws them in layers).
 * Reads the compiled main classes: every class a class file names in its constant pool (class
 * entries and type descriptors) is an edge from its package to that class's package.
 */
class PackageCyclesTest {

  static final Path CLASSES = Path.of("target/classes");
  static final String ROOT = "dev/pgvitals/";
  static final Pattern TYPE = Pattern.compile("L(dev/pgvitals/[A-Za-z0-9_$/]+);");

  @Test
  void noPackageDependsOnItselfThroughOthers() throws IOException {
    Map<String, Set<String>> graph = graph();
    assertThat(graph)
        .as("compiled classes under " + CLASSES)
        .containsKeys("agent", "check", "sample");
    List<List<String>> cycles = cycles(graph);
    assertThat(cycles).as("package graph: " + graph).isEmpty();
  }

  @Test
  void theCycleFinderFindsACycle() {
    Map<String, Set<String>> g =
        new TreeMap<>(
            Map.of("a", Set.of("b"), "b", Set.of("c"), "c", Set.of("a"), "d", Set.of("a")));
    assertThat(cycles(g)).containsExactly(List.of("a", "b", "c"));
  }

  /** package → packages it uses (other than itself), for every class under {@code dev.pgvitals}. */
  static Map<String, Set<String>> graph() throws IOException {
    Map<String, Set<String>> graph = new TreeMap<>();
    try (Stream<Path> files = Files.walk(CLASSES.resolve(ROOT))) {
      for (Path f : files.filter(p -> p.toString().endsWith(".class")).toList()) {
        String from = pkg(CLASSES.relativize(f).toString().replace('\\', '/'));
        Set<String> to = graph.computeIfAbsent(from, k -> new TreeSet<>());
        try (InputStream in = Files.newInputStream(f)) {
          for (String name : referencedClasses(in)) {
            String p = pkg(name);
            if (p != null && !p.equals(from)) {
              to.add(p);
            }
          }
        }
      }
    }
    return graph;
  }

  /** The first package level under {@code dev/pgvitals/}, or null outside it. */
  static String pkg(String internalName) {
    if (!internalName.startsWith(ROOT)) {
      return null;
    }
    String rest = internalName.substring(ROOT.length());
    int slash = rest.indexOf('/');
    return slash < 0 ? null : rest.substring(0, slash);
  }

  /** Class names of a class file's constant pool: class entries, and types inside descriptors. */
  static Set<String> referencedClasses(InputStream raw) throws IOException {
    DataInputStream in = new DataInputStream(raw);
    if (in.readInt() != 0xCAFEBABE) {
      throw new IOException("not a class file");
    }
    in.readUnsignedShort();
    in.readUnsignedShort();
    int count = in.readUnsignedShort();
    String[] utf8 = new String[count];
    List<Integer> classIndexes = new ArrayList<>();
    for (int i = 1; i < count; i++) {
      int tag = in.readUnsignedByte();
      switch (tag) {
        case 1 -> utf8[i] = in.readUTF();
        case 7 -> classIndexes.add(in.readUnsignedShort());
        case 8, 16, 19, 20 -> in.readUnsignedShort();
        case 3, 4, 9, 10, 11, 12, 17, 18 -> in.readInt();
        case 15 -> {
          in.readUnsignedByte();
          in.readUnsignedShort();
        }
        case 5, 6 -> {
          in.readLong();
          i++; // takes two entries
        }
        default -> throw new IOException("unknown constant pool tag " + tag);
      }
    }
    Set<String> out = new TreeSet<>();
    for (int idx : classIndexes) {
      String name = utf8[idx];
      out.add(name.startsWith("[") ? name.replaceAll("^\\[+L?|;$", "") : name);
    }
    for (String s : utf8) {
      if (s != null) {
        Matcher m = TYPE.matcher(s);
        while (m.find()) {
          out.add(m.group(1));
        }
      }
    }
    return out;
  }

  /**
   * Every elementary cycle found by a depth-first search, each once, starting at its least package.
   */
  static List<List<String>> cycles(Map<String, Set<String>> graph) {
    Set<List<String>> found = new java.util.LinkedHashSet<>();
    for (String start : graph.keySet()) {
      Deque<String> path = new ArrayDeque<>();
      walk(graph, start, start, path, found);
    }
    return new ArrayList<>(found);
  }

  private static void walk(
      Map<String, Set<String>> g,
      String start,
      String at,
      Deque<String> path,
      Set<List<String>> found) {
    path.addLast(at);
    for (String next : g.getOrDefault(at, Set.of())) {
      if (next.equals(start)) {
        List<String> cycle = new ArrayList<>(path);
        if (cycle.stream().allMatch(p -> p.compareTo(start) >= 0)) {
          found.add(cycle);
        }
      } else if (!path.contains(next) && next.compareTo(start) > 0) {
        walk(g, start, next, path, found);
      }
    }
    path.removeLast();
  }
}
