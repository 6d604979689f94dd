package io.mantissa.backend.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mantissa.api.ErrorCode;
import io.mantissa.api.MantissaException;
import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Checks user SQL with DuckDB's own parser ({@code json_serialize_sql}, which serialises SELECT
 * statements only) and reads the tables it names from the syntax tree. Never keyword matching.
 */
final class SqlGuard {
  /** Table functions that read no files: generators and JSON/list expansion. */
  static final Set<String> ALLOWED_TABLE_FUNCTIONS =
      Set.of("range", "generate_series", "unnest", "json_each", "json_tree");

  private static final ObjectMapper MAPPER = new ObjectMapper();

  /**
   * What a checked query names.
   *
   * @param tables every unqualified table name, lower-case, including CTE names
   * @param cteNames names defined by WITH clauses, lower-case
   */
  record Analysis(Set<String> tables, Set<String> cteNames) {}

  private SqlGuard() {}

  /**
   * Parses {@code sql} and checks that it is exactly one SELECT statement reading no files.
   *
   * @throws MantissaException {@code QUERY_REJECTED} naming what is wrong
   */
  static Analysis analyze(Connection conn, String sql) {
    JsonNode tree;
    try (PreparedStatement ps =
        conn.prepareStatement("SELECT json_serialize_sql(CAST(? AS VARCHAR))")) {
      ps.setString(1, sql);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        tree = MAPPER.readTree(rs.getString(1));
      }
    } catch (SQLException | IOException e) {
      throw new MantissaException(
          ErrorCode.QUERY_REJECTED, "the query could not be parsed: " + e.getMessage(), e);
    }
    if (tree.path("error").asBoolean(false)) {
      String message = tree.path("error_message").asText("");
      if (message.contains("Only SELECT statements")) {
        throw new MantissaException(
            ErrorCode.QUERY_REJECTED,
            "only read-only queries are allowed: the query must be exactly one SELECT statement");
      }
      throw new MantissaException(
          ErrorCode.QUERY_REJECTED, "the query is not valid SQL: " + message);
    }
    JsonNode statements = tree.path("statements");
    if (statements.size() != 1) {
      throw new MantissaException(
          ErrorCode.QUERY_REJECTED,
          "the query must be exactly one SELECT statement, found " + statements.size());
    }
    Set<String> tables = new TreeSet<>();
    Set<String> ctes = new TreeSet<>();
    walk(statements.get(0), tables, ctes);
    return new Analysis(tables, ctes);
  }

  private static void walk(JsonNode node, Set<String> tables, Set<String> ctes) {
    if (node.isArray()) {
      for (JsonNode child : node) {
        walk(child, tables, ctes);
      }
      return;
    }
    if (!node.isObject()) {
      return;
    }
    String type = node.path("type").asText("");
    if (type.equals("BASE_TABLE")) {
      String schema = node.path("schema_name").asText("");
      String catalog = node.path("catalog_name").asText("");
      String name = node.path("table_name").asText("");
      if (!schema.isEmpty() || !catalog.isEmpty()) {
        throw new MantissaException(
            ErrorCode.QUERY_REJECTED,
            "qualified table names such as '"
                + (catalog.isEmpty() ? "" : catalog + ".")
                + (schema.isEmpty() ? "" : schema + ".")
                + name
                + "' are not allowed; name the lake tables directly");
      }
      tables.add(name.toLowerCase(Locale.ROOT));
    } else if (type.equals("TABLE_FUNCTION")) {
      String function = node.path("function").path("function_name").asText("");
      String lower = function.toLowerCase(Locale.ROOT);
      if (!ALLOWED_TABLE_FUNCTIONS.contains(lower)) {
        throw new MantissaException(
            ErrorCode.QUERY_REJECTED,
            "table function '"
                + function
                + "' is not allowed: queries read the lake tables only (allowed table functions: "
                + String.join(", ", new TreeSet<>(ALLOWED_TABLE_FUNCTIONS))
                + ")");
      }
    }
    JsonNode cteMap = node.path("cte_map").path("map");
    if (cteMap.isArray()) {
      for (JsonNode entry : cteMap) {
        ctes.add(entry.path("key").asText("").toLowerCase(Locale.ROOT));
      }
    }
    for (Map.Entry<String, JsonNode> field : node.properties()) {
      walk(field.getValue(), tables, ctes);
    }
  }
}
