package io.mantissa.sources;

import io.mantissa.api.FieldPath;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Type-safe reads of native fields for the normalizers: a value of an unexpected type reads as
 * absent, so that odd vendor records never make normalization throw.
 */
final class Fields {
  private static final Map<String, FieldPath> PATHS = new ConcurrentHashMap<>();

  private Fields() {}

  static FieldPath path(String path) {
    FieldPath known = PATHS.get(path);
    return known != null ? known : PATHS.computeIfAbsent(path, FieldPath::of);
  }

  /** The value at the first present path, or {@code null}. */
  static Object value(Map<String, Object> fields, String... paths) {
    for (String p : paths) {
      Object v = path(p).lookup(fields);
      if (v != null) {
        return v;
      }
    }
    return null;
  }

  /** The first non-blank string (numbers and booleans as text) at the given paths, or null. */
  static String text(Map<String, Object> fields, String... paths) {
    for (String p : paths) {
      Object v = path(p).lookup(fields);
      if (v instanceof String s) {
        if (!s.isBlank()) {
          return s;
        }
      } else if (v instanceof Number || v instanceof Boolean) {
        return v.toString();
      }
    }
    return null;
  }

  /** The map at the first path holding one, or an empty map. */
  @SuppressWarnings("unchecked")
  static Map<String, Object> map(Map<String, Object> fields, String... paths) {
    for (String p : paths) {
      if (path(p).lookup(fields) instanceof Map<?, ?> m) {
        return (Map<String, Object>) m;
      }
    }
    return Map.of();
  }

  /** The list at the first path holding one, or an empty list. */
  static List<?> list(Map<String, Object> fields, String... paths) {
    for (String p : paths) {
      if (path(p).lookup(fields) instanceof List<?> l) {
        return l;
      }
    }
    return List.of();
  }

  /** The boolean at the first path holding a boolean (or "true"/"false"), or null. */
  static Boolean bool(Map<String, Object> fields, String... paths) {
    for (String p : paths) {
      Object v = path(p).lookup(fields);
      if (v instanceof Boolean b) {
        return b;
      }
      if (v instanceof String s && (s.equalsIgnoreCase("true") || s.equalsIgnoreCase("false"))) {
        return Boolean.valueOf(s);
      }
    }
    return null;
  }

  /** The number at the first path holding one (or a numeric string), or null. */
  static Double number(Map<String, Object> fields, String... paths) {
    for (String p : paths) {
      Object v = path(p).lookup(fields);
      if (v instanceof Number n) {
        return n.doubleValue();
      }
      if (v instanceof String s) {
        try {
          return Double.valueOf(s.trim());
        } catch (NumberFormatException e) {
          // not a number: try the next path
        }
      }
    }
    return null;
  }

  /** The string elements of the list at {@code path}, or its single string value. */
  static List<String> strings(Map<String, Object> fields, String path) {
    Object v = path(path).lookup(fields);
    if (v instanceof String s) {
      return List.of(s);
    }
    if (v instanceof List<?> l) {
      return l.stream().filter(String.class::isInstance).map(String.class::cast).toList();
    }
    return List.of();
  }
}
