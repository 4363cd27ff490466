package dev.pgvitals.ops;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.LoaderOptions;

/** Small typed accessors over SnakeYAML's maps and lists, for the ops files. */
final class Yaml {

  private Yaml() {}

  @SuppressWarnings("unchecked")
  static Map<String, Object> load(Path file) {
    try {
      LoaderOptions options = new LoaderOptions();
      options.setAllowDuplicateKeys(false);
      Object doc = new org.yaml.snakeyaml.Yaml(options).load(Files.readString(file));
      if (!(doc instanceof Map)) {
        throw new AssertionError(file + ": not a YAML mapping");
      }
      return (Map<String, Object>) doc;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> map(Object node, String what) {
    if (node instanceof Map<?, ?> m) {
      return (Map<String, Object>) m;
    }
    throw new AssertionError(what + ": expected a mapping, got " + node);
  }

  static Map<String, Object> map(Map<String, Object> parent, String key) {
    return map(parent.get(key), key);
  }

  @SuppressWarnings("unchecked")
  static List<Object> list(Object node, String what) {
    if (node instanceof List<?> l) {
      return (List<Object>) l;
    }
    throw new AssertionError(what + ": expected a list, got " + node);
  }

  static List<Object> list(Map<String, Object> parent, String key) {
    return list(parent.get(key), key);
  }

  static List<Object> listOrEmpty(Map<String, Object> parent, String key) {
    return parent.containsKey(key) ? list(parent, key) : List.of();
  }

  static String string(Map<String, Object> parent, String key) {
    Object v = parent.get(key);
    if (v == null) {
      throw new AssertionError("missing " + key + " in " + parent);
    }
    return String.valueOf(v);
  }
}
