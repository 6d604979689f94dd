package io.mantissa.api;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A dotted path to a field of an event, such as {@code actor.alternateId}, split once so that
 * detection, which touches every event, does not split it again. Lookup first tries the whole path
 * as one key (vendors do use dotted keys), then walks nested maps segment by segment.
 */
public final class FieldPath {
  private static final Pattern DOT = Pattern.compile("\\.");

  private final String path;
  private final String[] segments;

  private FieldPath(String path) {
    // interned, as the JSON parser interns the keys it reads: maps can then find them by identity
    this.path = path.intern();
    this.segments = DOT.split(path, -1);
    for (int i = 0; i < segments.length; i++) {
      segments[i] = segments[i].intern();
    }
  }

  /** Compiles a dotted path. */
  public static FieldPath of(String path) {
    Objects.requireNonNull(path, "path");
    if (path.isEmpty()) {
      throw new IllegalArgumentException("field path must not be empty");
    }
    return new FieldPath(path);
  }

  /** The path as written. */
  public String path() {
    return path;
  }

  /** The segments between dots. */
  public List<String> segments() {
    return List.of(segments);
  }

  /**
   * The value at this path in a tree of maps and lists, or {@code null} when absent. A list segment
   * may be addressed by its index ({@code items.0.name}).
   */
  public Object lookup(Map<String, ?> root) {
    Object direct = root.get(path);
    if (direct != null || segments.length == 1) {
      return direct;
    }
    Object current = root;
    for (String segment : segments) {
      if (current instanceof Map<?, ?> map) {
        current = map.get(segment);
      } else if (current instanceof List<?> list) {
        current = listElement(list, segment);
      } else {
        return null;
      }
      if (current == null) {
        return null;
      }
    }
    return current;
  }

  private static Object listElement(List<?> list, String segment) {
    int index = 0;
    if (segment.isEmpty() || segment.length() > 9) {
      return null;
    }
    for (int i = 0; i < segment.length(); i++) {
      char c = segment.charAt(i);
      if (c < '0' || c > '9') {
        return null;
      }
      index = index * 10 + (c - '0');
    }
    return index < list.size() ? list.get(index) : null;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof FieldPath other && other.path.equals(path);
  }

  @Override
  public int hashCode() {
    return path.hashCode();
  }

  @Override
  public String toString() {
    return path;
  }
}
