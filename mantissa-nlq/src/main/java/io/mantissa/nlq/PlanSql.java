package io.mantissa.nlq;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.calcite.avatica.util.TimeUnit;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlIntervalQualifier;
import org.apache.calcite.sql.SqlLiteral;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlNodeList;
import org.apache.calcite.sql.SqlSelect;
import org.apache.calcite.sql.fun.SqlStdOperatorTable;
import org.apache.calcite.sql.parser.SqlParserPos;

/**
 * A {@link QueryPlan} as neutral SQL, built as a Calcite tree (values are literals, never pasted
 * into text). The time window and the row limit are left to the guard, as for any other SQL.
 */
final class PlanSql {
  private static final SqlParserPos POS = SqlParserPos.ZERO;
  static final String COUNT_ALIAS = "events";
  static final String BUCKET_ALIAS = "bucket_start";

  private PlanSql() {}

  static String sql(QueryPlan plan) {
    SqlNodeList select = new SqlNodeList(POS);
    SqlNodeList group = null;
    SqlNodeList order = new SqlNodeList(POS);
    SqlNode count =
        SqlStdOperatorTable.AS.createCall(
            POS,
            SqlStdOperatorTable.COUNT.createCall(POS, SqlIdentifier.star(POS)),
            id(COUNT_ALIAS));
    switch (plan.shape()) {
      case ROWS, LATEST -> {
        plan.columns().forEach(c -> select.add(id(c)));
        order.add(SqlStdOperatorTable.DESC.createCall(POS, id("event_time")));
      }
      case COUNT, TOP -> {
        if (!plan.groupBy().isEmpty()) {
          group = new SqlNodeList(POS);
          for (String g : plan.groupBy()) {
            select.add(id(g));
            group.add(id(g));
          }
          order.add(SqlStdOperatorTable.DESC.createCall(POS, id(COUNT_ALIAS)));
          for (String g : plan.groupBy()) {
            order.add(id(g));
          }
        }
        select.add(count);
      }
      case TREND -> {
        SqlNode bucket =
            SqlStdOperatorTable.FLOOR.createCall(
                POS,
                id("event_time"),
                new SqlIntervalQualifier(unit(plan.bucketSeconds()), null, POS));
        select.add(SqlStdOperatorTable.AS.createCall(POS, bucket, id(BUCKET_ALIAS)));
        select.add(count);
        group = new SqlNodeList(List.of(bucket), POS);
        order.add(id(BUCKET_ALIAS));
      }
      default -> throw new IllegalStateException("unknown shape " + plan.shape());
    }
    SqlNode where = null;
    for (Condition c : plan.conditions()) {
      where = SqlGuard.and(where, condition(c));
    }
    SqlNode fetch =
        SqlLiteral.createExactNumeric(BigDecimal.valueOf(plan.limit()).toPlainString(), POS);
    boolean grouped = plan.shape() == QueryPlan.Shape.TREND || group != null;
    boolean ordered = plan.shape() != QueryPlan.Shape.COUNT || grouped;
    SqlSelect s =
        new SqlSelect(
            POS,
            null,
            select,
            id(plan.table()),
            where,
            group,
            null,
            null,
            null,
            ordered ? order : null,
            null,
            fetch,
            null);
    return SqlGuard.neutral(s);
  }

  private static SqlNode condition(Condition c) {
    SqlNode field = id(c.field());
    return switch (c.op()) {
      case IN ->
          c.values().size() == 1
              ? SqlStdOperatorTable.EQUALS.createCall(POS, field, literal(c.values().get(0)))
              : SqlStdOperatorTable.IN.createCall(POS, field, list(c.values()));
      case NOT_IN -> SqlStdOperatorTable.NOT_IN.createCall(POS, field, list(c.values()));
      case PRESENT -> SqlStdOperatorTable.IS_NOT_NULL.createCall(POS, field);
      case CONTAINS_ANY -> {
        SqlNode any = null;
        for (String v : c.values()) {
          SqlNode like =
              SqlStdOperatorTable.LIKE.createCall(
                  POS,
                  SqlStdOperatorTable.LOWER.createCall(POS, field.clone(POS)),
                  literal("%" + escape(v.toLowerCase(Locale.ROOT)) + "%"),
                  literal("\\"));
          any = any == null ? like : SqlStdOperatorTable.OR.createCall(POS, any, like);
        }
        yield any;
      }
    };
  }

  /** LIKE metacharacters escaped with a backslash (the renderer adds T-SQL's bracket). */
  static String escape(String v) {
    StringBuilder sb = new StringBuilder();
    for (char ch : v.toCharArray()) {
      if (ch == '%' || ch == '_' || ch == '\\') {
        sb.append('\\');
      }
      sb.append(ch);
    }
    return sb.toString();
  }

  private static SqlNodeList list(List<String> values) {
    List<SqlNode> nodes = new ArrayList<>();
    values.forEach(v -> nodes.add(literal(v)));
    return new SqlNodeList(nodes, POS);
  }

  static SqlNode literal(String v) {
    return SqlLiteral.createCharString(v, POS);
  }

  private static SqlIdentifier id(String name) {
    return new SqlIdentifier(name, POS);
  }

  private static TimeUnit unit(long seconds) {
    if (seconds == 60) {
      return TimeUnit.MINUTE;
    }
    if (seconds == 3_600) {
      return TimeUnit.HOUR;
    }
    if (seconds == 86_400) {
      return TimeUnit.DAY;
    }
    throw new IllegalArgumentException("trend buckets are a minute, an hour or a day");
  }
}
