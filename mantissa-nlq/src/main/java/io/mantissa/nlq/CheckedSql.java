package io.mantissa.nlq;

import java.util.List;
import org.apache.calcite.sql.SqlNode;

/**
 * Neutral SQL that passed every check, with the time bound and row limit applied.
 *
 * @param node the parsed query
 * @param sql the query as neutral SQL text
 * @param tables the lake tables it reads
 * @param rowLimit its row limit
 * @param notes what was changed and why ("added the time window", "lowered the limit")
 */
record CheckedSql(SqlNode node, String sql, List<String> tables, int rowLimit, List<String> notes) {
  CheckedSql {
    tables = List.copyOf(tables);
    notes = List.copyOf(notes);
  }
}
