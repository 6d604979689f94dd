package io.mantissa.nlq;

import io.mantissa.api.ErrorCode;
import io.mantissa.api.MantissaException;
import io.mantissa.api.TimeRange;
import java.math.BigDecimal;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import org.apache.calcite.avatica.util.Casing;
import org.apache.calcite.avatica.util.Quoting;
import org.apache.calcite.jdbc.JavaTypeFactoryImpl;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.schema.SchemaPlus;
import org.apache.calcite.schema.impl.AbstractTable;
import org.apache.calcite.sql.SqlBasicCall;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlDataTypeSpec;
import org.apache.calcite.sql.SqlDynamicParam;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlIntervalQualifier;
import org.apache.calcite.sql.SqlJoin;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlLiteral;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlNodeList;
import org.apache.calcite.sql.SqlNumericLiteral;
import org.apache.calcite.sql.SqlOrderBy;
import org.apache.calcite.sql.SqlSelect;
import org.apache.calcite.sql.SqlWith;
import org.apache.calcite.sql.SqlWithItem;
import org.apache.calcite.sql.SqlWriterConfig;
import org.apache.calcite.sql.dialect.AnsiSqlDialect;
import org.apache.calcite.sql.fun.SqlStdOperatorTable;
import org.apache.calcite.sql.parser.SqlParseException;
import org.apache.calcite.sql.parser.SqlParser;
import org.apache.calcite.sql.parser.SqlParserPos;
import org.apache.calcite.sql.type.SqlTypeName;
import org.apache.calcite.tools.FrameworkConfig;
import org.apache.calcite.tools.Frameworks;
import org.apache.calcite.tools.Planner;
import org.apache.calcite.util.TimestampString;

/**
 * Checks neutral SQL on its parsed tree, never by keywords: exactly one query (SELECT, set
 * operations, WITH, ORDER BY), FROM naming only lake tables and subqueries (no table functions,
 * UNNEST, LATERAL or VALUES), every function on an allow-list, subqueries nested at most {@link
 * NlqLimits#maxSubqueryDepth()} deep, no parameters. Then it bounds every lake table read by the
 * time window, applies the row limit, and validates the result with Calcite against the semantic
 * catalog, so unknown tables and columns and type errors are refused before anything runs.
 */
final class SqlGuard {
  static final SqlParser.Config PARSER =
      SqlParser.config()
          .withQuoting(Quoting.DOUBLE_QUOTE)
          .withUnquotedCasing(Casing.UNCHANGED)
          .withQuotedCasing(Casing.UNCHANGED)
          .withCaseSensitive(false);

  /** Operators and functions queries may use, by name. */
  private static final Set<String> FUNCTIONS =
      Set.of(
          "AND",
          "OR",
          "NOT",
          "=",
          "<>",
          "<",
          ">",
          "<=",
          ">=",
          "IN",
          "NOT IN",
          "LIKE",
          "NOT LIKE",
          "BETWEEN ASYMMETRIC",
          "NOT BETWEEN ASYMMETRIC",
          "BETWEEN",
          "NOT BETWEEN",
          "IS NULL",
          "IS NOT NULL",
          "IS TRUE",
          "IS FALSE",
          "IS NOT TRUE",
          "IS NOT FALSE",
          "CASE",
          "CAST",
          "COALESCE",
          "NULLIF",
          "AS",
          "DESC",
          "NULLS FIRST",
          "NULLS LAST",
          "+",
          "-",
          "*",
          "/",
          "COUNT",
          "SUM",
          "MIN",
          "MAX",
          "AVG",
          "FLOOR",
          "CEIL",
          "LOWER",
          "UPPER",
          "TRIM",
          "SUBSTRING",
          "CHAR_LENGTH",
          "CHARACTER_LENGTH",
          "ABS",
          "ROUND",
          "||",
          "EXISTS");

  private static final String TIME = "event_time";

  private final SemanticCatalog catalog;
  private final NlqLimits limits;

  SqlGuard(SemanticCatalog catalog, NlqLimits limits) {
    this.catalog = catalog;
    this.limits = limits;
  }

  /**
   * Checks {@code sql}, bounds it to {@code window} and limits it to {@code requestedRows} (capped
   * at the maximum).
   *
   * @param tables the lake tables that exist
   * @throws MantissaException {@code QUERY_REJECTED} with what is wrong and where
   */
  CheckedSql check(String sql, Set<String> tables, TimeRange window, int requestedRows) {
    SqlNode node = parse(sql);
    List<String> notes = new ArrayList<>();
    Walk walk = new Walk(tables);
    walk.query(node, 1);
    node = bound(node, window);
    node = limit(node, requestedRows, notes);
    String neutral = neutral(node);
    validate(neutral, tables);
    return new CheckedSql(node, neutral, new ArrayList<>(walk.read), limitOf(node), notes);
  }

  static SqlNode parse(String sql) {
    List<SqlNode> statements;
    try {
      statements = SqlParser.create(sql, PARSER).parseStmtList().getList();
    } catch (SqlParseException e) {
      throw rejected("the SQL does not parse: " + firstLine(e.getMessage()));
    }
    if (statements.size() != 1) {
      throw rejected("exactly one statement is allowed, got " + statements.size());
    }
    return statements.get(0);
  }

  /** The query as neutral SQL text (ANSI, identifiers quoted only where needed). */
  static String neutral(SqlNode node) {
    return node.toSqlString(
            (SqlWriterConfig c) ->
                c.withDialect(AnsiSqlDialect.DEFAULT)
                    .withQuoteAllIdentifiers(false)
                    .withAlwaysUseParentheses(false))
        .getSql();
  }

  private final class Walk {
    private final Set<String> tables;
    private final Set<String> ctes = new HashSet<>();
    private final Set<String> read = new LinkedHashSet<>();

    Walk(Set<String> tables) {
      this.tables = tables;
    }

    void query(SqlNode node, int depth) {
      if (depth > limits.maxSubqueryDepth()) {
        throw rejected(
            "queries may nest at most " + limits.maxSubqueryDepth() + " deep " + at(node));
      }
      if (node instanceof SqlOrderBy ob) {
        query(ob.query, depth);
        expressions(ob.orderList, depth);
        number(ob.offset, "OFFSET");
        number(ob.fetch, "LIMIT");
      } else if (node instanceof SqlSelect s) {
        select(s, depth);
      } else if (node instanceof SqlWith w) {
        for (SqlNode item : w.withList) {
          SqlWithItem wi = (SqlWithItem) item;
          query(wi.query, depth + 1);
          ctes.add(wi.name.getSimple().toLowerCase(Locale.ROOT));
        }
        query(w.body, depth);
      } else if (node.getKind() == SqlKind.UNION
          || node.getKind() == SqlKind.INTERSECT
          || node.getKind() == SqlKind.EXCEPT) {
        for (SqlNode operand : ((SqlCall) node).getOperandList()) {
          query(operand, depth);
        }
      } else {
        throw rejected("only a SELECT query is allowed, not " + describe(node) + " " + at(node));
      }
    }

    private void select(SqlSelect s, int depth) {
      if (s.getFrom() == null) {
        throw rejected("a query must read a lake table (FROM is missing) " + at(s));
      }
      from(s.getFrom(), depth);
      expressions(s.getSelectList(), depth);
      expression(s.getWhere(), depth);
      expressions(s.getGroup(), depth);
      expression(s.getHaving(), depth);
      expressions(s.getOrderList(), depth);
      if (s.getWindowList() != null && !s.getWindowList().isEmpty()) {
        throw rejected("window definitions are not allowed " + at(s));
      }
      if (s.getQualify() != null) {
        throw rejected("QUALIFY is not allowed " + at(s));
      }
      number(s.getOffset(), "OFFSET");
      number(s.getFetch(), "LIMIT");
    }

    private void from(SqlNode node, int depth) {
      if (node instanceof SqlIdentifier id) {
        if (!id.isSimple()) {
          throw rejected("tables are named without a schema: " + id + " " + at(node));
        }
        String name = id.getSimple().toLowerCase(Locale.ROOT);
        if (ctes.contains(name)) {
          return;
        }
        if (!tables.contains(name)) {
          throw rejected(
              "unknown table '"
                  + id.getSimple()
                  + "' "
                  + at(node)
                  + "; the tables are: "
                  + String.join(", ", new TreeSet<>(tables)));
        }
        read.add(name);
      } else if (node instanceof SqlJoin j) {
        from(j.getLeft(), depth);
        from(j.getRight(), depth);
        expression(j.getCondition(), depth);
        if (j.getCondition() == null && !j.isNatural()) {
          // a cross join is still bounded by the time window; nothing to check
          return;
        }
      } else if (node.getKind() == SqlKind.AS) {
        SqlNode source = ((SqlCall) node).operand(0);
        if (source instanceof SqlIdentifier) {
          from(source, depth);
        } else {
          query(source, depth + 1);
        }
      } else if (isQuery(node)) {
        query(node, depth + 1);
      } else {
        throw rejected(
            "FROM may name only lake tables and subqueries, not "
                + describe(node)
                + " "
                + at(node));
      }
    }

    private void expressions(SqlNodeList list, int depth) {
      if (list != null) {
        for (SqlNode n : list) {
          expression(n, depth);
        }
      }
    }

    private void expression(SqlNode node, int depth) {
      if (node == null
          || node instanceof SqlIdentifier
          || node instanceof SqlLiteral
          || node instanceof SqlIntervalQualifier
          || node instanceof SqlDataTypeSpec) {
        return;
      }
      if (node instanceof SqlDynamicParam) {
        throw rejected("parameters (?) are not allowed " + at(node));
      }
      if (node instanceof SqlNodeList list) {
        expressions(list, depth);
        return;
      }
      if (isQuery(node)) {
        query(node, depth + 1);
        return;
      }
      if (!(node instanceof SqlCall call)) {
        throw rejected("unexpected " + describe(node) + " " + at(node));
      }
      String name = call.getOperator().getName().toUpperCase(Locale.ROOT);
      if (!FUNCTIONS.contains(name)) {
        throw rejected(
            "the function or operator "
                + call.getOperator().getName()
                + " is not allowed "
                + at(node)
                + "; allowed: "
                + String.join(", ", new TreeSet<>(FUNCTIONS)));
      }
      for (SqlNode operand : call.getOperandList()) {
        expression(operand, depth);
      }
    }

    private void number(SqlNode node, String what) {
      if (node != null && !(node instanceof SqlNumericLiteral)) {
        throw rejected(what + " must be a number " + at(node));
      }
    }
  }

  private static boolean isQuery(SqlNode node) {
    return node instanceof SqlSelect
        || node instanceof SqlOrderBy
        || node instanceof SqlWith
        || node.getKind() == SqlKind.UNION
        || node.getKind() == SqlKind.INTERSECT
        || node.getKind() == SqlKind.EXCEPT;
  }

  /** Adds the time window to every SELECT that reads a lake table directly. */
  private static SqlNode bound(SqlNode node, TimeRange window) {
    node.accept(
        new org.apache.calcite.sql.util.SqlShuttle() {
          @Override
          public SqlNode visit(SqlCall call) {
            if (call instanceof SqlSelect s) {
              List<SqlNode> refs = new ArrayList<>();
              tableRefs(s.getFrom(), refs);
              SqlNode where = s.getWhere();
              for (SqlNode ref : refs) {
                where = and(where, window(ref, window));
              }
              s.setWhere(where);
            }
            return super.visit(call);
          }
        });
    return node;
  }

  private static void tableRefs(SqlNode from, List<SqlNode> out) {
    if (from instanceof SqlIdentifier id) {
      out.add(id);
    } else if (from instanceof SqlJoin j) {
      tableRefs(j.getLeft(), out);
      tableRefs(j.getRight(), out);
    } else if (from != null && from.getKind() == SqlKind.AS) {
      SqlCall as = (SqlCall) from;
      if (as.operand(0) instanceof SqlIdentifier) {
        out.add(as.operand(1));
      }
    }
  }

  private static SqlNode window(SqlNode ref, TimeRange range) {
    String qualifier = ((SqlIdentifier) ref).getSimple();
    SqlIdentifier time = new SqlIdentifier(List.of(qualifier, TIME), SqlParserPos.ZERO);
    return and(
        SqlStdOperatorTable.GREATER_THAN_OR_EQUAL.createCall(
            SqlParserPos.ZERO, time, timestamp(range.start())),
        SqlStdOperatorTable.LESS_THAN.createCall(
            SqlParserPos.ZERO, time.clone(SqlParserPos.ZERO), timestamp(range.end())));
  }

  static SqlNode timestamp(java.time.Instant instant) {
    java.time.LocalDateTime t = java.time.LocalDateTime.ofInstant(instant, ZoneOffset.UTC);
    TimestampString ts =
        new TimestampString(
            t.getYear(),
            t.getMonthValue(),
            t.getDayOfMonth(),
            t.getHour(),
            t.getMinute(),
            t.getSecond());
    return SqlLiteral.createTimestamp(SqlTypeName.TIMESTAMP, ts, 0, SqlParserPos.ZERO);
  }

  static SqlNode and(SqlNode a, SqlNode b) {
    if (a == null) {
      return b;
    }
    return SqlStdOperatorTable.AND.createCall(SqlParserPos.ZERO, a, b);
  }

  private SqlNode limit(SqlNode node, int requested, List<String> notes) {
    int wanted = requested;
    if (wanted > limits.maxRows()) {
      notes.add("the row limit was lowered from " + wanted + " to " + limits.maxRows());
      wanted = limits.maxRows();
    }
    SqlNode fetch = null;
    if (node instanceof SqlOrderBy ob) {
      fetch = ob.fetch;
    } else if (node instanceof SqlSelect s) {
      fetch = s.getFetch();
    }
    int rows = wanted;
    if (fetch != null) {
      int asked = ((SqlNumericLiteral) fetch).intValue(true);
      if (asked > limits.maxRows()) {
        notes.add("the query's LIMIT " + asked + " was lowered to " + limits.maxRows());
        rows = limits.maxRows();
      } else {
        rows = Math.min(asked, wanted);
      }
    }
    SqlNode literal =
        SqlLiteral.createExactNumeric(BigDecimal.valueOf(rows).toPlainString(), SqlParserPos.ZERO);
    if (node instanceof SqlSelect s) {
      s.setFetch(literal);
      return s;
    }
    if (node instanceof SqlOrderBy ob) {
      return new SqlOrderBy(SqlParserPos.ZERO, ob.query, ob.orderList, ob.offset, literal);
    }
    return new SqlOrderBy(SqlParserPos.ZERO, node, SqlNodeList.EMPTY, null, literal);
  }

  /**
   * Checked neutral SQL with its row limit raised to {@code rows}: what runs, one row beyond the
   * answer's limit, so that the backend can tell that more rows existed.
   */
  static String withFetch(String neutralSql, int rows) {
    SqlNode node = parse(neutralSql);
    SqlNode literal =
        SqlLiteral.createExactNumeric(BigDecimal.valueOf(rows).toPlainString(), SqlParserPos.ZERO);
    if (node instanceof SqlSelect s) {
      s.setFetch(literal);
    } else if (node instanceof SqlOrderBy ob) {
      node = new SqlOrderBy(SqlParserPos.ZERO, ob.query, ob.orderList, ob.offset, literal);
    }
    return neutral(node);
  }

  private static int limitOf(SqlNode node) {
    SqlNode fetch = node instanceof SqlOrderBy ob ? ob.fetch : ((SqlSelect) node).getFetch();
    return ((SqlNumericLiteral) fetch).intValue(true);
  }

  private void validate(String neutral, Set<String> tables) {
    SchemaPlus root = Frameworks.createRootSchema(false);
    for (String t : tables) {
      root.add(t, new SemanticTable(catalog));
    }
    FrameworkConfig config =
        Frameworks.newConfigBuilder()
            .defaultSchema(root)
            .parserConfig(PARSER)
            .typeSystem(new JavaTypeFactoryImpl().getTypeSystem())
            .build();
    Planner planner = Frameworks.getPlanner(config);
    try {
      planner.validate(planner.parse(neutral));
    } catch (SqlParseException e) {
      throw rejected("the SQL does not parse: " + firstLine(e.getMessage()));
    } catch (org.apache.calcite.tools.ValidationException e) {
      Throwable cause = e.getCause() == null ? e : e.getCause();
      throw rejected("the SQL is not valid: " + firstLine(cause.getMessage()));
    } catch (RuntimeException e) {
      throw rejected("the SQL is not valid: " + firstLine(String.valueOf(e.getMessage())));
    } finally {
      planner.close();
    }
  }

  /** A lake table as the validator sees it: one column per semantic field. */
  private static final class SemanticTable extends AbstractTable {
    private final SemanticCatalog catalog;

    SemanticTable(SemanticCatalog catalog) {
      this.catalog = catalog;
    }

    @Override
    public RelDataType getRowType(RelDataTypeFactory f) {
      RelDataTypeFactory.Builder b = f.builder();
      for (SemanticField field : catalog.fields().values()) {
        SqlTypeName type =
            field.type() == SemanticField.Type.TIMESTAMP
                ? SqlTypeName.TIMESTAMP
                : SqlTypeName.VARCHAR;
        b.add(field.name(), type).nullable(true);
      }
      return b.build();
    }
  }

  private static String describe(SqlNode node) {
    String kind = node.getKind().toString().replace('_', ' ');
    if (node instanceof SqlBasicCall c) {
      return kind + " (" + c.getOperator().getName() + ")";
    }
    return kind;
  }

  private static String at(SqlNode node) {
    SqlParserPos p = node.getParserPosition();
    if (p == null || p.getLineNum() == 0) {
      return "";
    }
    return "at line " + p.getLineNum() + ", column " + p.getColumnNum();
  }

  private static String firstLine(String message) {
    if (message == null) {
      return "";
    }
    int nl = message.indexOf('\n');
    return nl < 0 ? message : message.substring(0, nl);
  }

  static MantissaException rejected(String message) {
    return new MantissaException(ErrorCode.QUERY_REJECTED, message);
  }
}
