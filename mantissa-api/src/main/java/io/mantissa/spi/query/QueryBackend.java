package io.mantissa.spi.query;

import java.util.List;

/**
 * Runs read-only SQL over the lake. Implementations refuse anything but a single SELECT, enforce
 * the row limit and the timeout, and read only the partitions of the request's time range.
 *
 * <p>Time bounding is exact: while a query runs, every lake table it names (one per source, and the
 * unified views) holds only the events whose {@code time} lies in the request's {@link
 * QueryRequest#timeRange()}. Queries therefore cannot read outside their range, whatever their SQL.
 *
 * <p>Every lake table has at least the columns {@code time} (timestamp with time zone, UTC), {@code
 * source}, {@code id}, {@code raw} (the native fields as JSON) and {@code ocsf} (the normalized
 * fields as JSON).
 */
public interface QueryBackend extends AutoCloseable {

  /** The SQL dialect this backend speaks. */
  SqlDialect dialect();

  /**
   * Runs a query.
   *
   * @throws io.mantissa.api.MantissaException {@code QUERY_REJECTED} before running (not a single
   *     SELECT, unknown table), {@code QUERY_FAILED} on an engine error, {@code QUERY_TIMEOUT} when
   *     cancelled at the timeout
   */
  QueryResult execute(QueryRequest request);

  /** What the query would scan, without running it. */
  CostEstimate estimate(QueryRequest request);

  /** The tables and views queries can name, with their columns. */
  List<TableInfo> catalog();

  /** Releases resources. */
  @Override
  void close();
}
