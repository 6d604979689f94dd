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

  /** What {@link #integral} answers for a value it cannot give as a {@code long}. */
  static final long NOT_INTEGRAL = Long.MIN_VALUE;

  /**
   * The value as a {@code long} when that is exact and cheap: an integral Java number, a {@code
   * BigDecimal} with an integral value, or a string of 1 to 18 ASCII digits with an optional
   * leading {@code -} (no blanks, no {@code +}); else {@link #NOT_INTEGRAL}, and {@link #number}
   * must be asked. Where both answer, they answer the same number.
   */
  static long integral(Object v) {
    if (v instanceof Long || v instanceof Integer || v instanceof Short || v instanceof Byte) {
      return ((Number) v).longValue();
    }
    if (v instanceof String s) {
      int n = s.length();
      int i = n > 0 && s.charAt(0) == '-' ? 1 : 0;
      if (n == i || n - i > 18) {
        return NOT_INTEGRAL;
      }
      long x = 0;
      for (int k = i; k < n; k++) {
        char c = s.charAt(k);
        if (c < '0' || c > '9') {
          return NOT_INTEGRAL;
        }
        x = x * 10 + (c - '0');
      }
      return i == 1 ? -x : x;
    }
    if (v instanceof BigDecimal b) {
      if (b.signum() == 0) {
        return 0;
      }
      BigDecimal stripped = b.stripTrailingZeros();
      if (stripped.scale() <= 0 && stripped.precision() - stripped.scale() <= 18) {
        return stripped.longValueExact();
      }
    }
    return NOT_INTEGRAL;
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
