package io.mantissa.spi.query;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * The rows a query returned.
 *
 * @param columns the result columns, in order
 * @param rows the rows; each has one value per column (JDBC-style Java values, {@code null} for SQL
 *     NULL)
 * @param truncated whether more rows existed than the row limit allowed
 * @param elapsed how long the query ran
 * @param estimate what the query was estimated to scan
 */
public record QueryResult(
    List<ColumnInfo> columns,
    List<List<Object>> rows,
    boolean truncated,
    Duration elapsed,
    CostEstimate estimate) {

  /** Validates and copies the result. Rows may contain nulls, so they are copied as given. */
  public QueryResult {
    columns = List.copyOf(columns);
    rows = List.copyOf(rows);
    Objects.requireNonNull(elapsed, "elapsed");
    Objects.requireNonNull(estimate, "estimate");
  }
}
