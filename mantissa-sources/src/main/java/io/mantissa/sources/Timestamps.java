package io.mantissa.sources;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.Month;
import java.time.Year;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoField;
import java.time.temporal.TemporalAccessor;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Reads event times as vendors write them.
 *
 * <ul>
 *   <li>ISO-8601 date-times with an offset or {@code Z} ({@code 2024-11-19T00:49:55.301834867Z},
 *       {@code 2019-10-18T04:45:48.0729893-05:00}, {@code +0000} offsets too), with {@code T} or a
 *       space between date and time, up to nanosecond precision;
 *   <li>the same without an offset, read as UTC (Salesforce, Snowflake and Panther write UTC times
 *       that way);
 *   <li>epoch numbers, or strings holding one, whose unit is decided by magnitude: below 10<sup>
 *       11</sup> seconds, below 10<sup>14</sup> milliseconds, below 10<sup>17</sup> microseconds,
 *       else nanoseconds. Fractions are kept.
 * </ul>
 *
 * Times before 1970 or after 9999 are refused: they are always a unit or format mistake.
 */
public final class Timestamps {
  private static final Pattern NUMBER = Pattern.compile("-?\\d{1,30}(\\.\\d{1,18})?");
  private static final BigDecimal SECONDS_BOUND = BigDecimal.valueOf(100_000_000_000L);
  private static final BigDecimal MILLIS_BOUND = BigDecimal.valueOf(100_000_000_000_000L);
  private static final BigDecimal MICROS_BOUND = BigDecimal.valueOf(100_000_000_000_000_000L);
  private static final BigDecimal NANOS_PER_SECOND = BigDecimal.valueOf(1_000_000_000L);
  private static final Instant MIN = Instant.EPOCH;
  private static final Instant MAX = Instant.parse("9999-12-31T23:59:59.999999999Z");

  private static final DateTimeFormatter ISO =
      new DateTimeFormatterBuilder()
          .parseCaseInsensitive()
          .append(DateTimeFormatter.ISO_LOCAL_DATE)
          .optionalStart()
          .appendLiteral('T')
          .optionalEnd()
          .optionalStart()
          .appendLiteral(' ')
          .optionalEnd()
          .appendValue(ChronoField.HOUR_OF_DAY, 2)
          .appendLiteral(':')
          .appendValue(ChronoField.MINUTE_OF_HOUR, 2)
          .optionalStart()
          .appendLiteral(':')
          .appendValue(ChronoField.SECOND_OF_MINUTE, 2)
          .optionalStart()
          .appendFraction(ChronoField.NANO_OF_SECOND, 1, 9, true)
          .optionalEnd()
          .optionalEnd()
          .optionalStart()
          .appendOffset("+HH:MM:ss", "Z")
          .optionalEnd()
          .optionalStart()
          .appendOffset("+HHMM", "Z")
          .optionalEnd()
          .optionalStart()
          .appendLiteral(" UTC")
          .optionalEnd()
          .toFormatter();

  private Timestamps() {}

  /**
   * The instant {@code value} denotes, or empty when it is not a timestamp in one of the accepted
   * forms.
   */
  public static Optional<Instant> parse(Object value) {
    try {
      Instant t = parseOrNull(value);
      if (t == null || t.isBefore(MIN) || t.isAfter(MAX)) {
        return Optional.empty();
      }
      return Optional.of(t);
    } catch (DateTimeException | ArithmeticException | NumberFormatException e) {
      return Optional.empty();
    }
  }

  private static Instant parseOrNull(Object value) {
    if (value instanceof Integer || value instanceof Long || value instanceof Short) {
      return fromEpoch(BigDecimal.valueOf(((Number) value).longValue()));
    }
    if (value instanceof BigInteger big) {
      return fromEpoch(new BigDecimal(big));
    }
    if (value instanceof BigDecimal decimal) {
      return fromEpoch(decimal);
    }
    if (value instanceof Double || value instanceof Float) {
      double d = ((Number) value).doubleValue();
      if (Double.isNaN(d) || Double.isInfinite(d)) {
        return null;
      }
      return fromEpoch(new BigDecimal(Double.toString(d)));
    }
    if (value instanceof String s) {
      String text = s.trim();
      if (text.isEmpty()) {
        return null;
      }
      Instant fast = fromCommonIso(text);
      if (fast != null) {
        return fast;
      }
      if (NUMBER.matcher(text).matches()) {
        return fromEpoch(new BigDecimal(text));
      }
      return fromText(text);
    }
    return null;
  }

  /**
   * The instant of the commonest form, {@code yyyy-MM-ddTHH:mm:ss[.f{1,9}](Z|+HH:MM|-HH:MM)}, with
   * a valid date and time of day, read without the formatter; {@code null} for anything else, which
   * {@link #fromText} then reads (the same instant for the texts read here).
   */
  static Instant fromCommonIso(String t) {
    int n = t.length();
    if (n < 20
        || t.charAt(4) != '-'
        || t.charAt(7) != '-'
        || t.charAt(10) != 'T'
        || t.charAt(13) != ':'
        || t.charAt(16) != ':') {
      return null;
    }
    int year = digits(t, 0, 4);
    int month = digits(t, 5, 2);
    int day = digits(t, 8, 2);
    int hour = digits(t, 11, 2);
    int minute = digits(t, 14, 2);
    int second = digits(t, 17, 2);
    if (year < 0
        || month < 1
        || month > 12
        || day < 1
        || day > 28 && day > Month.of(month).length(Year.isLeap(year))
        || hour < 0
        || hour > 23
        || minute < 0
        || minute > 59
        || second < 0
        || second > 59) {
      return null;
    }
    int pos = 19;
    int nano = 0;
    if (t.charAt(pos) == '.') {
      int start = ++pos;
      while (pos < n && pos - start < 9 && isDigit(t.charAt(pos))) {
        nano = nano * 10 + (t.charAt(pos) - '0');
        pos++;
      }
      int count = pos - start;
      if (count == 0 || pos < n && isDigit(t.charAt(pos))) {
        return null;
      }
      for (int i = count; i < 9; i++) {
        nano *= 10;
      }
    }
    int offsetSeconds;
    if (pos == n - 1 && t.charAt(pos) == 'Z') {
      offsetSeconds = 0;
    } else if (pos == n - 6
        && (t.charAt(pos) == '+' || t.charAt(pos) == '-')
        && t.charAt(pos + 3) == ':') {
      int offsetHours = digits(t, pos + 1, 2);
      int offsetMinutes = digits(t, pos + 4, 2);
      if (offsetHours < 0 || offsetHours > 17 || offsetMinutes < 0 || offsetMinutes > 59) {
        return null;
      }
      offsetSeconds = (offsetHours * 3_600 + offsetMinutes * 60) * (t.charAt(pos) == '-' ? -1 : 1);
    } else {
      return null;
    }
    long epochDay = LocalDate.of(year, month, day).toEpochDay();
    long seconds = epochDay * 86_400L + hour * 3_600L + minute * 60L + second - offsetSeconds;
    return Instant.ofEpochSecond(seconds, nano);
  }

  /** The decimal number of {@code count} ASCII digits at {@code start}, or -1. */
  private static int digits(String t, int start, int count) {
    int value = 0;
    for (int i = start; i < start + count; i++) {
      char c = t.charAt(i);
      if (!isDigit(c)) {
        return -1;
      }
      value = value * 10 + (c - '0');
    }
    return value;
  }

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }

  static Instant fromText(String text) {
    TemporalAccessor parsed;
    try {
      parsed = ISO.parse(text);
    } catch (DateTimeParseException e) {
      return null;
    }
    LocalDateTime local = LocalDateTime.from(parsed);
    ZoneOffset offset =
        parsed.isSupported(ChronoField.OFFSET_SECONDS) ? ZoneOffset.from(parsed) : ZoneOffset.UTC;
    return local.toInstant(offset);
  }

  /** Reads an epoch number whose unit is decided by its magnitude. */
  static Instant fromEpoch(BigDecimal value) {
    BigDecimal magnitude = value.abs();
    BigDecimal nanos;
    if (magnitude.compareTo(SECONDS_BOUND) < 0) {
      nanos = value.multiply(NANOS_PER_SECOND);
    } else if (magnitude.compareTo(MILLIS_BOUND) < 0) {
      nanos = value.movePointRight(6);
    } else if (magnitude.compareTo(MICROS_BOUND) < 0) {
      nanos = value.movePointRight(3);
    } else {
      nanos = value;
    }
    BigInteger[] secondsAndNanos =
        nanos
            .setScale(0, RoundingMode.FLOOR)
            .toBigIntegerExact()
            .divideAndRemainder(BigInteger.valueOf(1_000_000_000L));
    BigInteger seconds = secondsAndNanos[0];
    long nano = secondsAndNanos[1].longValueExact();
    if (nano < 0) {
      seconds = seconds.subtract(BigInteger.ONE);
      nano += 1_000_000_000L;
    }
    return Instant.ofEpochSecond(seconds.longValueExact(), nano);
  }
}
