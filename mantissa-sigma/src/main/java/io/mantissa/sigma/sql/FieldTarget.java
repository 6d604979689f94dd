package io.mantissa.sigma.sql;

import java.util.Objects;

/** Where a Sigma field lives in a lake table: a column, or a JSON path into a JSON column. */
public sealed interface FieldTarget permits FieldTarget.Column, FieldTarget.JsonPath {

  /**
   * A column holding the value as text.
   *
   * @param name the column name
   */
  record Column(String name) implements FieldTarget {
    /** Validates the target. */
    public Column {
      Objects.requireNonNull(name, "name");
    }
  }

  /**
   * A path into a JSON column, in Sigma's dotted notation: {@code actor.alternateId} is looked up
   * first as one key and then as nested keys, as the in-memory evaluator does.
   *
   * @param column the JSON column ({@code raw} for native fields)
   * @param path the dotted path
   */
  record JsonPath(String column, String path) implements FieldTarget {
    /** Validates the target. */
    public JsonPath {
      Objects.requireNonNull(column, "column");
      Objects.requireNonNull(path, "path");
      if (path.isEmpty()) {
        throw new IllegalArgumentException("JSON path must not be empty");
      }
    }
  }
}
