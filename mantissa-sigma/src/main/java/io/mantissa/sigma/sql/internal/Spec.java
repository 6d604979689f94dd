package io.mantissa.sigma.sql.internal;

import io.mantissa.spi.query.SqlDialect;
import java.util.List;
import java.util.regex.Pattern;

/**
 * What differs between the four engines, as templates around Calcite-rendered operands: JSON
 * access, numeric conversion, regular expressions and LIKE escaping.
 *
 * @param dialect the target
 * @param text the scalar at a JSON path as text, NULL for objects, arrays, JSON null and missing
 * @param present whether a JSON path exists, even with a JSON null
 * @param nonNull whether a JSON path holds something other than JSON null
 * @param number text as a DOUBLE when it is a decimal number (as the evaluator's BigDecimal parsing
 *     accepts), else NULL
 * @param regex whether text contains a match of a regular expression (null: no regex support)
 * @param likeEscapeClause whether LIKE takes {@code ESCAPE '\'} (BigQuery escapes with backslash by
 *     default and has no ESCAPE clause)
 * @param bracketIsSpecial whether {@code [} is a LIKE metacharacter (T-SQL)
 * @param cased a case-sensitive view of a text (T-SQL collations are often case-insensitive)
 * @param equalityByLike whether exact matches use LIKE, with a sentinel character appended to value
 *     and pattern (T-SQL ignores trailing blanks with = and at the end of LIKE values)
 * @param bucket the start of the fixed time bucket of {@code time} for a bucket size in seconds
 * @param plusSeconds a timestamp {@code {0}} plus a whole number of seconds {@code {1}}
 * @param jsonPathStyle how keys are quoted in JSON paths
 * @param elementText the text of one array element bound by {@link #anyElement}, as {@code text}
 *     gives it for a field (NULL for objects, arrays and JSON null)
 * @param anyElement whether some element of the JSON array at a path satisfies a predicate: {@code
 *     {0}} the JSON column, {@code {1}} the path (with {@code [*]} appended when {@code
 *     wildcardList}), {@code {2}} the predicate over the element variable {@code %s}; FALSE when
 *     the path holds no array
 * @param wildcardList whether the array path of {@code anyElement} ends in {@code [*]}
 */
record Spec(
    SqlDialect dialect,
    Template text,
    Template present,
    Template nonNull,
    Template number,
    Template regex,
    boolean likeEscapeClause,
    boolean bracketIsSpecial,
    Template cased,
    boolean equalityByLike,
    Template bucket,
    Template plusSeconds,
    PathStyle jsonPathStyle,
    Template elementText,
    String anyElement,
    boolean wildcardList) {

  enum PathStyle {
    /** {@code $."a.b"}. */
    DOUBLE_QUOTED,
    /** {@code $["a.b"]}. */
    BRACKETS
  }

  private static final Pattern PLAIN_KEY = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

  /** Deepest nesting of {@link #anyElement} (a fieldref on a list element reads another list). */
  static final int MAX_ELEMENT_DEPTH = 2;

  /** The element variable of nesting level {@code depth} (1-based). */
  static String elementVariable(int depth) {
    return "sigma_e" + depth;
  }

  /** The element variable as an operand (a template without operands). */
  Template element(int depth) {
    return ELEMENTS.get(depth - 1);
  }

  /** The {@link #anyElement} template of nesting level {@code depth}. */
  Template anyElement(int depth) {
    return Template.bool("ANY_ELEMENT", anyElement.replace("%s", elementVariable(depth)));
  }

  private static final List<Template> ELEMENTS =
      List.of(
          Template.text("ELEMENT", elementVariable(1)),
          Template.text("ELEMENT", elementVariable(2)));

  /**
   * The JSON path of nested segments: a {@link String} is an object key, an {@link Integer} an
   * array index ({@code $.a[0].b}).
   */
  String jsonPathOf(List<?> segments) {
    StringBuilder sb = new StringBuilder("$");
    for (Object o : segments) {
      if (o instanceof Integer index) {
        sb.append('[').append(index).append(']');
      } else {
        appendKey(sb, (String) o);
      }
    }
    return sb.toString();
  }

  private void appendKey(StringBuilder sb, String k) {
    if (PLAIN_KEY.matcher(k).matches()) {
      sb.append('.').append(k);
    } else if (jsonPathStyle == PathStyle.BRACKETS) {
      sb.append("[\"").append(k).append("\"]");
    } else {
      sb.append(".\"").append(k).append('"');
    }
  }

  /**
   * Whether {@code key} can be written as one key of a JSON path in every dialect (not empty, no
   * double quote, backslash or single quote).
   */
  static boolean writableKey(String key) {
    return !key.isEmpty() && key.indexOf('"') < 0 && key.indexOf('\\') < 0 && key.indexOf('\'') < 0;
  }

  /** The JSON path of nested {@code keys} in this dialect's quoting, e.g. {@code $.a."b-c"}. */
  String jsonPath(List<String> keys) {
    StringBuilder sb = new StringBuilder("$");
    for (String k : keys) {
      appendKey(sb, k);
    }
    return sb.toString();
  }

  /** T-SQL: the text with {@code |} appended, so that LIKE sees trailing blanks. */
  static final Template SENTINEL = Template.text("WITH_SENTINEL", "CONCAT({0}, '|')");

  private static final String DECIMAL = "[-+]?([0-9]+[.]?[0-9]*|[.][0-9]+)([eE][-+]?[0-9]+)?";

  static Spec of(SqlDialect dialect) {
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

  private static final Spec DUCKDB =
      new Spec(
          SqlDialect.DUCKDB,
          Template.text("JSON_TEXT", "json_extract_string(json_value({0}, {1}), '$')"),
          Template.bool("JSON_PRESENT", "json_exists({0}, {1})"),
          Template.bool("JSON_NON_NULL", "(coalesce(json_type({0}, {1}), 'NULL') <> 'NULL')"),
          Template.number(
              "TO_NUMBER",
              "(CASE WHEN regexp_full_match({0}, '\\s*"
                  + DECIMAL
                  + "\\s*') THEN TRY_CAST(trim({0}) AS DOUBLE) END)"),
          Template.bool("REGEX", "regexp_matches({0}, {1})"),
          true,
          false,
          Template.text("CASED", "{0}"),
          false,
          Template.timestamp("BUCKET", "time_bucket(to_seconds({1}), {0})"),
          Template.timestamp("PLUS_SECONDS", "({0} + to_seconds({1}))"),
          PathStyle.DOUBLE_QUOTED,
          Template.text("ELEMENT_TEXT", "json_extract_string(json_value({0}, '$'), '$')"),
          "coalesce(list_bool_or(list_transform(json_extract({0}, {1}), lambda %s: ({2}))),"
              + " false)",
          true);

  private static final Spec ATHENA =
      new Spec(
          SqlDialect.ATHENA,
          Template.text("JSON_TEXT", "json_extract_scalar({0}, {1})"),
          Template.bool("JSON_PRESENT", "(json_extract({0}, {1}) IS NOT NULL)"),
          Template.bool(
              "JSON_NON_NULL", "(coalesce(json_format(json_extract({0}, {1})), 'null') <> 'null')"),
          Template.number(
              "TO_NUMBER",
              "(CASE WHEN regexp_like({0}, '^\\s*"
                  + DECIMAL
                  + "\\s*$') THEN TRY_CAST(trim({0}) AS DOUBLE) END)"),
          Template.bool("REGEX", "regexp_like({0}, {1})"),
          true,
          false,
          Template.text("CASED", "{0}"),
          false,
          Template.timestamp("BUCKET", "from_unixtime(floor(to_unixtime({0}) / {1}) * {1})"),
          Template.timestamp("PLUS_SECONDS", "date_add('second', {1}, {0})"),
          PathStyle.BRACKETS,
          Template.text("ELEMENT_TEXT", "json_extract_scalar({0}, '$')"),
          "coalesce(any_match(TRY_CAST(json_extract({0}, {1}) AS ARRAY(JSON)), %s -> ({2})),"
              + " false)",
          false);

  private static final Spec BIGQUERY =
      new Spec(
          SqlDialect.BIGQUERY,
          Template.text("JSON_TEXT", "JSON_VALUE({0}, {1})"),
          Template.bool("JSON_PRESENT", "(JSON_QUERY({0}, {1}) IS NOT NULL)"),
          Template.bool("JSON_NON_NULL", "(coalesce(JSON_QUERY({0}, {1}), 'null') <> 'null')"),
          Template.number(
              "TO_NUMBER",
              "(CASE WHEN REGEXP_CONTAINS({0}, r'^\\s*"
                  + DECIMAL
                  + "\\s*$') THEN SAFE_CAST(TRIM({0}) AS FLOAT64) END)"),
          Template.bool("REGEX", "REGEXP_CONTAINS({0}, {1})"),
          false,
          false,
          Template.text("CASED", "{0}"),
          false,
          Template.timestamp("BUCKET", "TIMESTAMP_SECONDS(DIV(UNIX_SECONDS({0}), {1}) * {1})"),
          Template.timestamp("PLUS_SECONDS", "TIMESTAMP_ADD({0}, INTERVAL {1} SECOND)"),
          PathStyle.DOUBLE_QUOTED,
          Template.text("ELEMENT_TEXT", "JSON_VALUE({0}, '$')"),
          "EXISTS(SELECT 1 FROM UNNEST(JSON_QUERY_ARRAY({0}, {1})) AS %s WHERE {2})",
          false);

  private static final Spec SYNAPSE =
      new Spec(
          SqlDialect.SYNAPSE,
          Template.text("JSON_TEXT", "JSON_VALUE({0}, {1})"),
          Template.bool("JSON_PRESENT", "(JSON_PATH_EXISTS({0}, {1}) = 1)"),
          Template.bool(
              "JSON_NON_NULL",
              "(JSON_VALUE({0}, {1}) IS NOT NULL OR JSON_QUERY({0}, {1}) IS NOT NULL)"),
          Template.number("TO_NUMBER", "TRY_CAST({0} AS FLOAT)"),
          null,
          true,
          true,
          Template.text("CASED", "({0} COLLATE Latin1_General_100_BIN2_UTF8)"),
          true,
          Template.timestamp(
              "BUCKET",
              "DATEADD(second, (DATEDIFF_BIG(second, '1970-01-01', {0}) / {1}) * {1}, '1970-01-01')"),
          Template.timestamp("PLUS_SECONDS", "DATEADD(second, {1}, {0})"),
          PathStyle.DOUBLE_QUOTED,
          Template.text("ELEMENT_TEXT", "(CASE WHEN {0}.[type] IN (1, 2, 3) THEN {0}.[value] END)"),
          "EXISTS (SELECT 1 FROM OPENJSON(JSON_QUERY({0}, {1})) AS %s"
              + " WHERE LEFT(JSON_QUERY({0}, {1}), 1) = '[' AND {2})",
          false);
}
