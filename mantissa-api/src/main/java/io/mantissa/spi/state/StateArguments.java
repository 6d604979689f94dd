package io.mantissa.spi.state;

import io.mantissa.api.ErrorCode;
import io.mantissa.api.MantissaException;
import java.time.Duration;
import java.util.Comparator;

/**
 * The argument rules of the {@link StateStore} contract, for implementations to share: keys of 1 to
 * 512 UTF-16 characters without unpaired surrogates, positive TTLs, limits of at least 1; plus the
 * key order ({@link #CODE_POINT_ORDER}) and helpers for range scans and expiry arithmetic. Every
 * violation is a {@link MantissaException} with {@link ErrorCode#INVALID_ARGUMENT}.
 */
public final class StateArguments {
  /** The longest key, in UTF-16 chars. */
  public static final int MAX_KEY_LENGTH = 512;

  /** The order of keys in scans: Unicode code point order, which is also UTF-8 byte order. */
  public static final Comparator<String> CODE_POINT_ORDER = StateArguments::compareCodePoints;

  private StateArguments() {}

  /** Returns a valid key or throws. */
  public static String requireKey(String key) {
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

  /** Returns a valid scan prefix (possibly empty) or throws. */
  public static String requirePrefix(String prefix) {
    if (prefix == null || prefix.length() > MAX_KEY_LENGTH) {
      throw invalid("scan prefix must be 0-" + MAX_KEY_LENGTH + " characters");
    }
    requireWellFormed(prefix, "scan prefix");
    return prefix;
  }

  /** Values are stored as UTF-8, so an unpaired surrogate would not come back as written. */
  public static String requireValue(String value) {
    if (value == null) {
      throw invalid("state value must not be null");
    }
    requireWellFormed(value, "state value");
    return value;
  }

  /** Throws unless {@code limit} is at least 1. */
  public static void requireLimit(int limit) {
    if (limit < 1) {
      throw invalid("scan limit must be at least 1, was " + limit);
    }
  }

  /**
   * The epoch millisecond at which an entry written at {@code nowMillis} with {@code ttl} expires:
   * rounded up to the next millisecond, saturated at {@link Long#MAX_VALUE}.
   */
  public static long expiryEpochMillis(long nowMillis, Duration ttl) {
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

  /** Throws unless {@code ttl} is positive. */
  public static void requireTtl(Duration ttl) {
    if (ttl == null || ttl.isNegative() || ttl.isZero()) {
      throw invalid("ttl must be positive, was " + ttl);
    }
  }

  /**
   * The smallest string greater than every string that starts with {@code prefix}, in code point
   * order (which is SQLite's BINARY order of UTF-8 text), or {@code null} when there is none (the
   * prefix is empty or made only of U+10FFFF).
   */
  public static String prefixUpperBound(String prefix) {
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
