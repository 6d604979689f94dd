package io.mantissa.sigma.sql;

import io.mantissa.sigma.sql.internal.LakeParts;
import io.mantissa.spi.query.SqlDialect;
import java.util.List;
import org.apache.calcite.sql.SqlNode;

/**
 * The dialect pieces that Sigma conversion uses, for other SQL producers over the same lake tables
 * (natural-language queries): the Calcite dialect object of each target, with string literals
 * quoted exactly as the engine reads them, JSON text access and time buckets. The returned nodes
 * render only in their own dialect ({@code node.toSqlString(LakeSql.dialect(target))}).
 */
public final class LakeSql {
  private LakeSql() {}

  /** The Calcite dialect object that renders SQL for {@code target}. */
  public static org.apache.calcite.sql.SqlDialect dialect(SqlDialect target) {
    return LakeParts.dialect(target);
  }

  /**
   * The scalar at the nested {@code keys} of the JSON held by {@code column}, as text: NULL when
   * the path is missing or holds JSON null, an object or an array.
   *
   * @throws IllegalArgumentException when there are no keys or a key cannot be written in a path
   *     (empty, or holding a quote or a backslash)
   */
  public static SqlNode jsonText(SqlDialect target, SqlNode column, List<String> keys) {
    return LakeParts.jsonText(target, column, keys);
  }

  /**
   * The start of the epoch-aligned bucket of {@code seconds} that holds the timestamp {@code time}
   * (a day bucket starts at midnight UTC).
   */
  public static SqlNode timeBucket(SqlDialect target, SqlNode time, long seconds) {
    if (seconds < 1) {
      throw new IllegalArgumentException("bucket size must be at least one second");
    }
    return LakeParts.timeBucket(target, time, seconds);
  }
}
