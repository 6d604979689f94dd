package io.mantissa.sigma;

import io.mantissa.api.FieldPath;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;

/** Conversions of event values (JSON-like trees) to text and numbers. */
final class Values {
  private Values() {}

  /** A scalar as text, or null for maps and lists. */
  static String text(Object v) {
    if (v instanceof String s) {
      return s;
    } else if (v instanceof Integer
        || v instanceof Long
        || v instanceof Short
        || v instanceof Byte) {
      return v.toString();
    } else if (v instanceof Double || v instanceof Float) {
      double d = ((Number) v).doubleValue();
      if (d == Math.rint(d) && !Double.isInfinite(d) && Math.abs(d) < 1e15) {
        return Long.toString((long) d);
      }
      return v.toString();
    } else if (v instanceof BigDecimal b) {
      return b.stripTrailingZeros().toPlainString();
    } else if (v instanceof Number || v instanceof Boolean || v instanceof Character) {
      return v.toString();
    } else if (v instanceof Map<?, ?> || v instanceof List<?>) {
      return null;
    }
    return v == null ? null : v.toString();
  }

  /** A value as a number: numbers, and strings that hold a decimal number; else null. */
  static BigDecimal number(Object v) {
    if (v instanceof Integer || v instanceof Long || v instanceof Short || v instanceof Byte) {
      return BigDecimal.valueOf(((Number) v).longValue());
    } else if (v instanceof BigDecimal b) {
      return b;
    } else if (v instanceof Number n) {
      double d = n.doubleValue();
      return Double.isFinite(d) ? new BigDecimal(n.toString()) : null;
    } else if (v instanceof String s) {
      return parseDecimal(s.trim());
    }
    return null;
  }

  static BigDecimal parseDecimal(String s) {
    if (s.isEmpty() || s.length() > 64) {
      return null;
    }
    char c = s.charAt(0);
    if (!(c == '-' || c == '+' || c == '.' || (c >= '0' && c <= '9'))) {
      return null;
    }
    try {
      return new BigDecimal(s);
    } catch (NumberFormatException e) {
      return null;
    }
  }

  /** Whether the path names a key present in the tree, even with a null value. */
  static boolean present(Map<String, ?> root, FieldPath path) {
    if (root.containsKey(path.path())) {
      return true;
    }
    List<String> segments = path.segments();
    Object current = root;
    for (int i = 0; i < segments.size(); i++) {
      String segment = segments.get(i);
      if (current instanceof Map<?, ?> map) {
        if (!map.containsKey(segment)) {
          return false;
        }
        current = map.get(segment);
      } else if (current instanceof List<?> list) {
        int index;
        try {
          index = Integer.parseInt(segment);
        } catch (NumberFormatException e) {
          return false;
        }
        if (index < 0 || index >= list.size()) {
          return false;
        }
        current = list.get(index);
      } else {
        return false;
      }
    }
    return true;
  }
}
