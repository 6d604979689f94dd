package io.mantissa.testkit;

import io.mantissa.api.ErrorCode;
import io.mantissa.api.MantissaException;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;

/** The argument rules of the {@code StateStore} contract, shared by the testkit's fakes. */
final class StateKeys {
  /** The longest key, in UTF-16 chars. */
  static final int MAX_KEY_LENGTH = 512;

  /** Unicode code point order, which is also UTF-8 byte order. */
  static final Comparator<String> CODE_POINT_ORDER = StateKeys::compareCodePoints;

  private StateKeys() {}

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
   * When an entry written at {@code now} with {@code ttl} expires, rounded up to the next
   * millisecond and saturated at the largest epoch millisecond.
   */
  static Instant expiry(Instant now, Duration ttl) {
    requireTtl(ttl);
    long nowMillis = now.toEpochMilli();
    long ttlMillis;
    try {
      ttlMillis = ttl.toMillis();
      if (!ttl.minusMillis(ttlMillis).isZero()) {
        ttlMillis++;
      }
      return Instant.ofEpochMilli(Math.addExact(nowMillis, ttlMillis));
    } catch (ArithmeticException overflow) {
      return Instant.ofEpochMilli(Long.MAX_VALUE);
    }
  }

  static void requireTtl(Duration ttl) {
    if (ttl == null || ttl.isNegative() || ttl.isZero()) {
      throw invalid("ttl must be positive, was " + ttl);
    }
  }

  private static void requireWellFormed(String s, String what) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (Character.isHighSurrogate(c)) {
        if (i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
          i++;
          continue;
        }
        throw invalid(what + " has an unpaired surrogate at index " + i);
      }
      if (Character.isLowSurrogate(c)) {
        throw invalid(what + " has an unpaired surrogate at index " + i);
      }
    }
  }

  private static int compareCodePoints(String a, String b) {
    int i = 0;
    int j = 0;
    while (i < a.length() && j < b.length()) {
      int ca = a.codePointAt(i);
      int cb = b.codePointAt(j);
      if (ca != cb) {
        return Integer.compare(ca, cb);
      }
      i += Character.charCount(ca);
      j += Character.charCount(cb);
    }
    return Integer.compare(a.length() - i, b.length() - j);
  }

  private static MantissaException invalid(String message) {
    return new MantissaException(ErrorCode.INVALID_ARGUMENT, message);
  }
}
