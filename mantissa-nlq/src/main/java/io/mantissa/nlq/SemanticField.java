package io.mantissa.nlq;

import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A column that questions and neutral SQL can name. It is either a physical column of every lake
 * table ({@code event_time} is the column {@code time}) or the first non-null of some JSON paths in
 * the {@code ocsf} or {@code raw} columns, so that {@code country} reads the OCSF location where a
 * normalizer set it and the vendor's own field where it did not.
 *
 * @param name the name used in neutral SQL (lower case, letters, digits and underscores)
 * @param type the SQL type
 * @param description what it holds, shown to language models and in the catalog
 * @param column the physical column, or {@code null} for a JSON field
 * @param paths the JSON paths, first non-null wins (empty for a physical column)
 * @param synonyms words that name this field in questions ("ip", "address" for {@code src_ip})
 */
public record SemanticField(
    String name,
    Type type,
    String description,
    String column,
    List<JsonPath> paths,
    List<String> synonyms) {

  private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9_]*");

  /** The SQL types of semantic fields. */
  public enum Type {
    /** Text. */
    TEXT,
    /** A timestamp (UTC). */
    TIMESTAMP
  }

  /**
   * A dotted path into one of the JSON columns.
   *
   * @param column {@code ocsf} (normalized fields) or {@code raw} (the vendor's fields)
   * @param path the dotted path, e.g. {@code actor.user.name}
   */
  public record JsonPath(String column, String path) {
    /** Validates the path. */
    public JsonPath {
      if (!"ocsf".equals(column) && !"raw".equals(column)) {
        throw new IllegalArgumentException("JSON column must be ocsf or raw, was " + column);
      }
      if (path.isEmpty() || path.startsWith(".") || path.endsWith(".") || path.contains("..")) {
        throw new IllegalArgumentException("bad JSON path: " + path);
      }
    }

    /** The path's keys. */
    public List<String> keys() {
      return List.of(path.split("\\."));
    }
  }

  /** Validates and copies. */
  public SemanticField {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(description, "description");
    if (!NAME.matcher(name).matches()) {
      throw new IllegalArgumentException("field name must match " + NAME + ": " + name);
    }
    paths = List.copyOf(paths);
    synonyms = List.copyOf(synonyms);
    if ((column == null) == paths.isEmpty()) {
      throw new IllegalArgumentException(
          "field " + name + " needs exactly one of a physical column or JSON paths");
    }
  }

  /** A physical column of every lake table. */
  public static SemanticField column(
      String name, Type type, String column, String description, String... synonyms) {
    return new SemanticField(name, type, description, column, List.of(), List.of(synonyms));
  }

  /**
   * A text field read from JSON paths written {@code ocsf:actor.user.name} or {@code
   * raw:eventName}, first non-null wins.
   */
  public static SemanticField json(
      String name, String description, List<String> paths, String... synonyms) {
    List<JsonPath> parsed =
        paths.stream()
            .map(
                p -> {
                  int colon = p.indexOf(':');
                  if (colon < 0) {
                    throw new IllegalArgumentException("path must be column:path, was " + p);
                  }
                  return new JsonPath(p.substring(0, colon), p.substring(colon + 1));
                })
            .toList();
    return new SemanticField(name, Type.TEXT, description, null, parsed, List.of(synonyms));
  }

  /** Whether this is a physical column. */
  public boolean physical() {
    return column != null;
  }
}
