package io.mantissa.backend.local.state;

import io.mantissa.api.ErrorCode;
import io.mantissa.api.MantissaException;
import java.time.Duration;

/** The argument rules of the {@code StateStore} contract. */
final class StateArguments {
  /** The longest key, in UTF-16 chars. */
  static final int MAX_KEY_LENGTH = 512;

  private StateArguments() {}

  static String requireKey(String key) {
    if (key == null || key.isEmpty() || key.length() > MAX_KEY_LENGTH) {
      throw invalid(
          "state key must be 1-"
              + MAX_KEY_LENGTH
              + " characters, was "
              + (key == null ? "null" : key.length() + " characters"));
    }
    requireWellFormed(key, "state key");
    return key;
  }

  static String requirePrefix(String prefix) {
    if (prefix == null || prefix.length() > MAX_KEY_LENGTH) {
      throw invalid("scan prefix must be 0-" + MAX_KEY_LENGTH + " characters");
    }
    requireWellFormed(prefix, "scan prefix");
    return prefix;
  }

  /** Values are stored as UTF-8, so an unpaired surrogate would not come back as written. */
  static String requireValue(String value) {
    if (value == null) {
      throw invalid("state value must not be null");
    }
    requireWellFormed(value, "state value");
    return value;
  }

  static void requireLimit(int limit) {
    if (limit < 1) {
      throw invalid("scan limit must be at least 1, was " + limit);
    }
  }

  /**
   * The epoch millisecond at which an entry written at {@code nowMillis} with {@code ttl} expires:
   * rounded up to the next millisecond, saturated at {@link Long#MAX_VALUE}.
   */
  static long expiry(long nowMillis, Duration ttl) {
    requireTtl(ttl);
    try {
      long ttlMillis = ttl.toMillis();
      if (!ttl.minusMillis(ttlMillis).isZero()) {
        ttlMillis++;
      }
      return Math.addExact(nowMillis, ttlMillis);
    } catch (ArithmeticException overflow) {
      return Long.MAX_VALUE;
    }
  }

  static void requireTtl(Duration ttl) {
    if (ttl == null || ttl.isNegative() || ttl.isZero()) {
      throw invalid("ttl must be positive, was " + ttl);
    }
  }

  /**
   * The smallest string greater than every string that starts with {@code prefix}, in code point
   * order (which is SQLite's BINARY order of UTF-8 text), or {@code null} when there is none (the
   * prefix is empty or made only of U+10FFFF).
   */
  static String prefixUpperBound(String prefix) {
    int[] codePoints = prefix.codePoints().toArray();
    for (int i = codePoints.length - 1; i >= 0; i--) {
      int next = codePoints[i] + 1;
      if (next == Character.MIN_SURROGATE) {
        next = Character.MAX_SURROGATE + 1;
      }
      if (next <= Character.MAX_CODE_POINT) {
        return new String(codePoints, 0, i) + Character.toString(next);
      }
    }
    return null;
  }

  private static void requireWellFormed(String s, String what) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (Character.isHighSurrogate(c)
          && i + 1 < s.length()
          && Character.isLowSurrogate(s.charAt(i + 1))) {
        i++;
      } else if (Character.isSurrogate(c)) {
        throw invalid(what + " has an unpaired surrogate at index " + i);
      }
    }
  }

  private static MantissaException invalid(String message) {
    return new MantissaException(ErrorCode.INVALID_ARGUMENT, message);
  }
}
