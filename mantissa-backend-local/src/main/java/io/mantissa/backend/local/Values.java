package io.mantissa.backend.local;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.sql.Array;
import java.sql.Blob;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Struct;
import java.sql.Timestamp;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.duckdb.DuckDBStruct;

/**
 * Converts engine values to plain Java: String, Long, Double, Boolean, BigDecimal, OffsetDateTime
 * (UTC), byte[], List and Map; JSON as its text.
 */
final class Values {
  private Values() {}

  static Object read(ResultSet rs, int column, String type) throws SQLException {
    if (type.equals("JSON")) {
      return rs.getString(column);
    }
    return plain(rs.getObject(column));
  }

  static Object plain(Object value) throws SQLException {
    if (value == null
        || value instanceof String
        || value instanceof Long
        || value instanceof Double
        || value instanceof Boolean
        || value instanceof BigDecimal) {
      return value;
    }
    if (value instanceof Integer || value instanceof Short || value instanceof Byte) {
      return ((Number) value).longValue();
    }
    if (value instanceof Float f) {
      return f.doubleValue();
    }
    if (value instanceof BigInteger i) {
      return new BigDecimal(i);
    }
    if (value instanceof OffsetDateTime t) {
      return t.withOffsetSameInstant(ZoneOffset.UTC);
    }
    if (value instanceof LocalDateTime t) {
      return t.atOffset(ZoneOffset.UTC);
    }
    if (value instanceof Timestamp t) {
      return t.toLocalDateTime().atOffset(ZoneOffset.UTC);
    }
    if (value instanceof byte[]) {
      return value;
    }
    if (value instanceof Blob b) {
      return b.getBytes(1, (int) b.length());
    }
    if (value instanceof Array a) {
      Object[] items = (Object[]) a.getArray();
      List<Object> list = new ArrayList<>(items.length);
      for (Object item : items) {
        list.add(plain(item));
      }
      return Collections.unmodifiableList(list);
    }
    if (value instanceof DuckDBStruct s) {
      return plainMap(s.getMap());
    }
    if (value instanceof Struct s) {
      List<Object> list = new ArrayList<>();
      for (Object item : s.getAttributes()) {
        list.add(plain(item));
      }
      return Collections.unmodifiableList(list);
    }
    if (value instanceof Map<?, ?> m) {
      return plainMap(m);
    }
    return value.toString();
  }

  private static Map<String, Object> plainMap(Map<?, ?> map) throws SQLException {
    Map<String, Object> out = new LinkedHashMap<>();
    for (Map.Entry<?, ?> e : map.entrySet()) {
      out.put(String.valueOf(e.getKey()), plain(e.getValue()));
    }
    return Collections.unmodifiableMap(out);
  }
}
