package io.mantissa.spi.query;

import java.util.Objects;

/**
 * A column of a table or of a result.
 *
 * @param name the column name
 * @param type the engine's type name, such as {@code VARCHAR} or {@code TIMESTAMP WITH TIME ZONE}
 */
public record ColumnInfo(String name, String type) {

  /** Validates the column. */
  public ColumnInfo {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(type, "type");
  }
}
