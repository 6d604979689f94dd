package io.mantissa.sources;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
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
      if (NUMBER.matcher(text).matches()) {
        return fromEpoch(new BigDecimal(text));
      }
      return fromText(text);
    }
    return null;
  }

  private static Instant fromText(String text) {
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
