package io.mantissa.spi.query;

import java.util.List;
import java.util.Objects;

/**
 * A table or view that queries can name.
 *
 * @param name its name
 * @param description what it holds
 * @param columns its columns
 */
public record TableInfo(String name, String description, List<ColumnInfo> columns) {

  /** Validates and copies. */
  public TableInfo {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(description, "description");
    columns = List.copyOf(columns);
  }
}
