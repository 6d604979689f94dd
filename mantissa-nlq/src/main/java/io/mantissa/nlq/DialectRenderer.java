package io.mantissa.nlq;

import io.mantissa.sigma.sql.LakeSql;
import io.mantissa.spi.query.SqlDialect;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.apache.calcite.avatica.util.TimeUnit;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlCharStringLiteral;
import org.apache.calcite.sql.SqlDataTypeSpec;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlIntervalQualifier;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlLiteral;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlNodeList;
import org.apache.calcite.sql.SqlOrderBy;
import org.apache.calcite.sql.SqlSelect;
import org.apache.calcite.sql.SqlTimestampLiteral;
import org.apache.calcite.sql.SqlUnknownLiteral;
import org.apache.calcite.sql.SqlUserDefinedTypeNameSpec;
import org.apache.calcite.sql.fun.SqlStdOperatorTable;
import org.apache.calcite.sql.parser.SqlParserPos;
import org.apache.calcite.sql.util.SqlShuttle;

/**
 * Renders checked neutral SQL in a backend's dialect: semantic fields become the physical column or
 * the dialect's JSON text access (the first non-null of their paths), {@code FLOOR(event_time TO
 * DAY)} becomes the dialect's time bucket, and the dialect object quotes identifiers and literals.
 */
final class DialectRenderer {
  private final SemanticCatalog catalog;

  DialectRenderer(SemanticCatalog catalog) {
    this.catalog = catalog;
  }

  String render(String neutralSql, SqlDialect dialect) {
    SqlNode node = SqlGuard.parse(neutralSql);
    SqlNode out = node.accept(new Rewrite(dialect));
    return out.toSqlString(LakeSql.dialect(dialect)).getSql();
  }

  private final class Rewrite extends SqlShuttle {
    private final SqlDialect dialect;
    private final Set<String> aliases = new HashSet<>();

    Rewrite(SqlDialect dialect) {
      this.dialect = dialect;
    }

    @Override
    public SqlNode visit(SqlIdentifier id) {
      if (id.isStar()) {
        return id;
      }
      String name = id.names.get(id.names.size() - 1).toLowerCase(Locale.ROOT);
      if (id.isSimple() && aliases.contains(name)) {
        return id;
      }
      SemanticField field = catalog.fields().get(name);
      if (field == null) {
        return id;
      }
      List<String> qualifier = id.names.subList(0, id.names.size() - 1);
      if (field.physical()) {
        return column(qualifier, field.column());
      }
      List<SqlNode> parts = new ArrayList<>();
      for (SemanticField.JsonPath p : field.paths()) {
        parts.add(LakeSql.jsonText(dialect, column(qualifier, p.column()), p.keys()));
      }
      return parts.size() == 1
          ? parts.get(0)
          : SqlStdOperatorTable.COALESCE.createCall(SqlParserPos.ZERO, parts);
    }

    private SqlIdentifier column(List<String> qualifier, String column) {
      List<String> names = new ArrayList<>(qualifier);
      names.add(column);
      return new SqlIdentifier(names, SqlParserPos.ZERO);
    }

    @Override
    public SqlNode visit(SqlLiteral literal) {
      String text = null;
      if (literal instanceof SqlTimestampLiteral ts) {
        text = ts.toFormattedString();
      } else if (literal instanceof SqlUnknownLiteral u && u.tag.equals("TIMESTAMP")) {
        text = u.getValue();
      }
      if (dialect == SqlDialect.SYNAPSE && text != null) {
        // T-SQL has no TIMESTAMP literal; DATETIME2 compares with the time column
        return SqlStdOperatorTable.CAST.createCall(
            SqlParserPos.ZERO,
            SqlLiteral.createCharString(text, SqlParserPos.ZERO),
            new SqlDataTypeSpec(
                new SqlUserDefinedTypeNameSpec("DATETIME2", SqlParserPos.ZERO), SqlParserPos.ZERO));
      }
      return literal;
    }

    @Override
    public SqlNode visit(SqlCall call) {
      if (call instanceof SqlSelect s) {
        return select(s);
      }
      if (call instanceof SqlOrderBy ob) {
        // the limit goes onto the SELECT itself, where every dialect renders it (TOP in T-SQL)
        SqlSelect inner =
            ob.query instanceof SqlSelect s && s.getOrderList() == null && s.getFetch() == null
                ? s
                : new SqlSelect(
                    SqlParserPos.ZERO,
                    null,
                    SqlNodeList.SINGLETON_STAR,
                    SqlStdOperatorTable.AS.createCall(
                        SqlParserPos.ZERO, ob.query, new SqlIdentifier("q", SqlParserPos.ZERO)),
                    null,
                    null,
                    null,
                    null,
                    null,
                    null,
                    null,
                    null,
                    null);
        inner.setOrderBy(ob.orderList.size() == 0 ? null : ob.orderList);
        inner.setOffset(ob.offset);
        inner.setFetch(ob.fetch);
        return inner.accept(this);
      }
      if (call.getKind() == SqlKind.FLOOR && call.operandCount() == 2) {
        SqlNode unit = call.operand(1);
        if (unit instanceof SqlIntervalQualifier q) {
          return LakeSql.timeBucket(dialect, call.operand(0).accept(this), seconds(q.getUnit()));
        }
      }
      if (call.getKind() == SqlKind.AS) {
        // keep the alias itself as written
        return SqlStdOperatorTable.AS.createCall(
            SqlParserPos.ZERO, call.operand(0).accept(this), call.operand(1));
      }
      if (call.getKind() == SqlKind.LIKE
          && call.operandCount() == 3
          && dialect == SqlDialect.BIGQUERY) {
        // BigQuery escapes with backslash by default and has no ESCAPE clause
        return call.getOperator()
            .createCall(
                SqlParserPos.ZERO, call.operand(0).accept(this), call.operand(1).accept(this));
      }
      if (call.getKind() == SqlKind.LIKE
          && call.operandCount() == 3
          && dialect == SqlDialect.SYNAPSE
          && call.operand(1) instanceof SqlCharStringLiteral pattern) {
        // in T-SQL '[' opens a character class
        String escaped = pattern.getValueAs(String.class).replace("[", "\\[");
        return call.getOperator()
            .createCall(
                SqlParserPos.ZERO,
                call.operand(0).accept(this),
                SqlLiteral.createCharString(escaped, SqlParserPos.ZERO),
                call.operand(2));
      }
      return super.visit(call);
    }

    private SqlNode select(SqlSelect s) {
      Set<String> outer = new HashSet<>(aliases);
      // aliases of this select's list may be used by its ORDER BY
      SqlNodeList list = new SqlNodeList(SqlParserPos.ZERO);
      for (SqlNode item : s.getSelectList()) {
        if (item instanceof SqlIdentifier id && !id.isStar()) {
          String name = id.names.get(id.names.size() - 1);
          SqlNode expr = item.accept(this);
          list.add(
              expr == item
                  ? item
                  : SqlStdOperatorTable.AS.createCall(
                      SqlParserPos.ZERO, expr, new SqlIdentifier(name, SqlParserPos.ZERO)));
        } else {
          list.add(item.accept(this));
        }
      }
      SqlNode from = s.getFrom() == null ? null : s.getFrom().accept(this);
      SqlNode where = s.getWhere() == null ? null : s.getWhere().accept(this);
      SqlNodeList group = s.getGroup() == null ? null : (SqlNodeList) s.getGroup().accept(this);
      SqlNode having = s.getHaving() == null ? null : s.getHaving().accept(this);
      for (SqlNode item : s.getSelectList()) {
        if (item.getKind() == SqlKind.AS) {
          aliases.add(
              ((SqlIdentifier) ((SqlCall) item).operand(1)).getSimple().toLowerCase(Locale.ROOT));
        }
      }
      SqlNodeList order =
          s.getOrderList() == null ? null : (SqlNodeList) s.getOrderList().accept(this);
      aliases.clear();
      aliases.addAll(outer);
      return new SqlSelect(
          SqlParserPos.ZERO,
          (SqlNodeList) s.getOperandList().get(0),
          list,
          from,
          where,
          group,
          having,
          s.getWindowList(),
          s.getQualify(),
          order,
          s.getOffset(),
          s.getFetch(),
          s.getHints());
    }
  }

  private static long seconds(TimeUnit unit) {
    return switch (unit) {
      case MINUTE -> 60;
      case HOUR -> 3_600;
      case DAY -> 86_400;
      default ->
          throw SqlGuard.rejected(
              "time buckets are MINUTE, HOUR or DAY (FLOOR(event_time TO DAY)), not " + unit);
    };
  }
}
