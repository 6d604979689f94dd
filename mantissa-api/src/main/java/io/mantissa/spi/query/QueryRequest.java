package io.mantissa.spi.query;

import io.mantissa.api.TimeRange;
import java.time.Duration;
import java.util.Objects;

/**
 * A read-only query with its limits. The time range is mandatory: backends use it to read only the
 * partitions that can hold matching events; the SQL itself should also filter on {@code time}.
 *
 * @param sql one SELECT statement in the backend's dialect
 * @param timeRange the event-time range the query is about
 * @param rowLimit the most rows to return
 * @param timeout how long the query may run
 */
public record QueryRequest(String sql, TimeRange timeRange, int rowLimit, Duration timeout) {

  /** Validates the request. */
  public QueryRequest {
    Objects.requireNonNull(sql, "sql");
    Objects.requireNonNull(timeRange, "timeRange");
    Objects.requireNonNull(timeout, "timeout");
    if (sql.isBlank()) {
      throw new IllegalArgumentException("sql must not be blank");
    }
    if (rowLimit < 1) {
      throw new IllegalArgumentException("row limit must be at least 1, was " + rowLimit);
    }
    if (timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("timeout must be positive, was " + timeout);
    }
  }

  /** A request with a 1,000-row limit and a 120-second timeout. */
  public static QueryRequest of(String sql, TimeRange timeRange) {
    return new QueryRequest(sql, timeRange, 1_000, Duration.ofSeconds(120));
  }
}
