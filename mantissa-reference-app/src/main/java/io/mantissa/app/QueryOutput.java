package io.mantissa.app;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.mantissa.spi.query.ColumnInfo;
import io.mantissa.spi.query.QueryResult;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZonedDateTime;
import java.time.temporal.TemporalAccessor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** Renders query results as JSON trees and as aligned text tables. */
final class QueryOutput {
  private static final int MAX_CELL = 80;

  private QueryOutput() {}

  /** Prints {@code value} as indented JSON, as the CLI's {@code --json} options do. */
  static void printJson(PrintWriter out, Object value) {
    try {
      out.println(PRETTY.writerWithDefaultPrettyPrinter().writeValueAsString(value));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static final ObjectMapper PRETTY = JsonMapper.builder().build();

  /**
   * The result as {@code {columns:[{name,type}], rows:[[...]], truncated, elapsedMs,
   * estimate:{bytes, partitions, files}}}.
   */
  static Map<String, Object> toJson(QueryResult result, ObjectMapper mapper) {
    Map<String, Object> out = new LinkedHashMap<>();
    List<Map<String, Object>> columns = new ArrayList<>();
    for (ColumnInfo c : result.columns()) {
      Map<String, Object> column = new LinkedHashMap<>();
      column.put("name", c.name());
      column.put("type", c.type());
      columns.add(column);
    }
    List<List<Object>> rows = new ArrayList<>(result.rows().size());
    for (List<Object> row : result.rows()) {
      List<Object> values = new ArrayList<>(row.size());
      for (int i = 0; i < row.size(); i++) {
        boolean json = i < result.columns().size() && isJsonType(result.columns().get(i).type());
        values.add(jsonValue(row.get(i), json, mapper));
      }
      rows.add(values);
    }
    out.put("columns", columns);
    out.put("rows", rows);
    out.put("truncated", result.truncated());
    out.put("elapsedMs", result.elapsed().toMillis());
    Map<String, Object> estimate = new LinkedHashMap<>();
    estimate.put("bytes", result.estimate().bytesScanned());
    estimate.put("partitions", result.estimate().partitions());
    estimate.put("files", result.estimate().files());
    out.put("estimate", estimate);
    return out;
  }

  private static boolean isJsonType(String type) {
    return type.toUpperCase(Locale.ROOT).equals("JSON");
  }

  /** The instant a JDBC timestamp value stands for, empty for other values. */
  static Optional<Instant> instant(Object value) {
    if (value instanceof java.sql.Timestamp ts) {
      return Optional.of(ts.toInstant());
    }
    if (value instanceof OffsetDateTime odt) {
      return Optional.of(odt.toInstant());
    }
    if (value instanceof ZonedDateTime zdt) {
      return Optional.of(zdt.toInstant());
    }
    if (value instanceof Instant i) {
      return Optional.of(i);
    }
    return Optional.empty();
  }

  /** A JDBC value as something Jackson writes plainly. */
  static Object jsonValue(Object value, boolean jsonColumn, ObjectMapper mapper) {
    if (value == null
        || value instanceof String && !jsonColumn
        || value instanceof Number
        || value instanceof Boolean) {
      return value;
    }
    if (value instanceof String s) {
      try {
        JsonNode node = mapper.readTree(s);
        return node == null ? s : node;
      } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
        return s;
      }
    }
    Optional<Instant> instant = instant(value);
    if (instant.isPresent()) {
      return instant.get().toString();
    }
    if (value instanceof TemporalAccessor) {
      return value.toString();
    }
    if (value instanceof java.sql.Array array) {
      try {
        Object inner = array.getArray();
        return jsonValue(inner, false, mapper);
      } catch (SQLException e) {
        return value.toString();
      }
    }
    if (value instanceof Object[] items) {
      List<Object> list = new ArrayList<>();
      for (Object item : items) {
        list.add(jsonValue(item, false, mapper));
      }
      return list;
    }
    if (value instanceof List<?> items) {
      List<Object> list = new ArrayList<>();
      for (Object item : items) {
        list.add(jsonValue(item, false, mapper));
      }
      return list;
    }
    if (value instanceof Map<?, ?> map) {
      Map<String, Object> copy = new LinkedHashMap<>();
      map.forEach((k, v) -> copy.put(String.valueOf(k), jsonValue(v, false, mapper)));
      return copy;
    }
    if (value instanceof byte[] bytes) {
      return java.util.Base64.getEncoder().encodeToString(bytes);
    }
    return value.toString();
  }

  /** The result as an aligned text table followed by a line with the row count. */
  static String table(QueryResult result) {
    int n = result.columns().size();
    List<String[]> cells = new ArrayList<>();
    String[] header = new String[n];
    for (int i = 0; i < n; i++) {
      header[i] = result.columns().get(i).name();
    }
    for (List<Object> row : result.rows()) {
      String[] line = new String[n];
      for (int i = 0; i < n; i++) {
        line[i] = cell(i < row.size() ? row.get(i) : null);
      }
      cells.add(line);
    }
    int[] widths = new int[n];
    for (int i = 0; i < n; i++) {
      widths[i] = header[i].length();
      for (String[] line : cells) {
        widths[i] = Math.max(widths[i], line[i].length());
      }
    }
    boolean[] right = new boolean[n];
    for (int i = 0; i < n; i++) {
      right[i] = !result.rows().isEmpty();
      for (List<Object> row : result.rows()) {
        Object v = i < row.size() ? row.get(i) : null;
        if (v != null && !(v instanceof Number)) {
          right[i] = false;
        }
      }
    }
    StringBuilder out = new StringBuilder();
    appendLine(out, header, widths, new boolean[n]);
    String[] rule = new String[n];
    for (int i = 0; i < n; i++) {
      char[] dashes = new char[widths[i]];
      Arrays.fill(dashes, '-');
      rule[i] = new String(dashes);
    }
    appendLine(out, rule, widths, new boolean[n]);
    for (String[] line : cells) {
      appendLine(out, line, widths, right);
    }
    int rows = result.rows().size();
    out.append('(')
        .append(rows)
        .append(rows == 1 ? " row" : " rows")
        .append(result.truncated() ? ", truncated at the row limit" : "")
        .append(", ")
        .append(result.elapsed().toMillis())
        .append(" ms)")
        .append(System.lineSeparator());
    return out.toString();
  }

  private static void appendLine(
      StringBuilder out, String[] values, int[] widths, boolean[] right) {
    StringBuilder line = new StringBuilder();
    for (int i = 0; i < values.length; i++) {
      if (i > 0) {
        line.append("  ");
      }
      String pad = " ".repeat(widths[i] - values[i].length());
      line.append(right[i] ? pad + values[i] : values[i] + pad);
    }
    int end = line.length();
    while (end > 0 && line.charAt(end - 1) == ' ') {
      end--;
    }
    out.append(line, 0, end).append(System.lineSeparator());
  }

  private static String cell(Object value) {
    String text;
    if (value == null) {
      text = "NULL";
    } else {
      text = instant(value).map(Instant::toString).orElseGet(() -> String.valueOf(value));
    }
    text = text.replace("\r", " ").replace("\n", " ").replace("\t", " ");
    return text.length() <= MAX_CELL ? text : text.substring(0, MAX_CELL - 3) + "...";
  }
}
