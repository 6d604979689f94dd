package io.mantissa.sigma.sql.internal;

import io.mantissa.spi.query.SqlDialect;
import org.apache.calcite.sql.dialect.BigQuerySqlDialect;
import org.apache.calcite.sql.dialect.DuckDBSqlDialect;
import org.apache.calcite.sql.dialect.MssqlSqlDialect;
import org.apache.calcite.sql.dialect.TrinoSqlDialect;

/**
 * The Calcite dialect objects, one per target, with string literals quoted exactly as each engine
 * reads them (Calcite's defaults add charset prefixes or Unicode escapes some engines reject, and
 * leave BigQuery backslashes unescaped).
 */
final class Dialects {
  private Dialects() {}

  static org.apache.calcite.sql.SqlDialect of(SqlDialect dialect) {
    switch (dialect) {
      case DUCKDB:
        return DUCKDB;
      case ATHENA:
        return ATHENA;
      case BIGQUERY:
        return BIGQUERY;
      default:
        return SYNAPSE;
    }
  }

  /** Standard SQL literal: quotes doubled, everything else as is. */
  static void standard(StringBuilder buf, String prefix, String val) {
    buf.append(prefix).append('\'');
    for (int i = 0; i < val.length(); i++) {
      char c = val.charAt(i);
      if (c == '\'') {
        buf.append('\'');
      }
      buf.append(c);
    }
    buf.append('\'');
  }

  /** GoogleSQL literal: backslash escapes. */
  static void google(StringBuilder buf, String val) {
    buf.append('\'');
    for (int i = 0; i < val.length(); i++) {
      char c = val.charAt(i);
      switch (c) {
        case '\\':
          buf.append("\\\\");
          break;
        case '\'':
          buf.append("\\'");
          break;
        case '\n':
          buf.append("\\n");
          break;
        case '\r':
          buf.append("\\r");
          break;
        case '\t':
          buf.append("\\t");
          break;
        default:
          if (c < 0x20 || c == 0x7f) {
            buf.append(String.format("\\x%02x", (int) c));
          } else {
            buf.append(c);
          }
      }
    }
    buf.append('\'');
  }

  private static boolean ascii(String val) {
    for (int i = 0; i < val.length(); i++) {
      if (val.charAt(i) > 0x7e) {
        return false;
      }
    }
    return true;
  }

  static final org.apache.calcite.sql.SqlDialect DUCKDB =
      new DuckDBSqlDialect(DuckDBSqlDialect.DEFAULT_CONTEXT) {
        @Override
        public void quoteStringLiteral(StringBuilder buf, String charset, String val) {
          standard(buf, "", val);
        }
      };

  static final org.apache.calcite.sql.SqlDialect ATHENA =
      new TrinoSqlDialect(TrinoSqlDialect.DEFAULT_CONTEXT) {
        @Override
        public void quoteStringLiteral(StringBuilder buf, String charset, String val) {
          standard(buf, "", val);
        }
      };

  static final org.apache.calcite.sql.SqlDialect BIGQUERY =
      new BigQuerySqlDialect(BigQuerySqlDialect.DEFAULT_CONTEXT) {
        @Override
        public void quoteStringLiteral(StringBuilder buf, String charset, String val) {
          google(buf, val);
        }
      };

  static final org.apache.calcite.sql.SqlDialect SYNAPSE =
      new MssqlSqlDialect(MssqlSqlDialect.DEFAULT_CONTEXT) {
        @Override
        public void quoteStringLiteral(StringBuilder buf, String charset, String val) {
          standard(buf, ascii(val) ? "" : "N", val);
        }
      };
}
