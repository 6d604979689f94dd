package io.mantissa.sigma.sql.internal;

import io.mantissa.spi.query.SqlDialect;
import java.math.BigDecimal;
import java.util.List;
import org.apache.calcite.sql.SqlLiteral;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.parser.SqlParserPos;

/** The dialect pieces behind {@link io.mantissa.sigma.sql.LakeSql}; not for use elsewhere. */
public final class LakeParts {
  private LakeParts() {}

  /** The Calcite dialect object for {@code target}. */
  public static org.apache.calcite.sql.SqlDialect dialect(SqlDialect target) {
    return Dialects.of(target);
  }

  /** The text at nested {@code keys} of the JSON in {@code column}. */
  public static SqlNode jsonText(SqlDialect target, SqlNode column, List<String> keys) {
    if (keys.isEmpty()) {
      throw new IllegalArgumentException("a JSON path needs at least one key");
    }
    for (String k : keys) {
      if (!Spec.writableKey(k)) {
        throw new IllegalArgumentException("JSON key cannot be written in a path: " + k);
      }
    }
    Spec spec = Spec.of(target);
    SqlNode path = SqlLiteral.createCharString(spec.jsonPath(keys), "UTF-16LE", SqlParserPos.ZERO);
    return spec.text().createCall(SqlParserPos.ZERO, column, path);
  }

  /** The start of the epoch-aligned bucket of {@code seconds} that holds {@code time}. */
  public static SqlNode timeBucket(SqlDialect target, SqlNode time, long seconds) {
    SqlNode size =
        SqlLiteral.createExactNumeric(
            BigDecimal.valueOf(seconds).toPlainString(), SqlParserPos.ZERO);
    return Spec.of(target).bucket().createCall(SqlParserPos.ZERO, time, size);
  }
}
