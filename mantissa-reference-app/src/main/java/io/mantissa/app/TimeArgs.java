package io.mantissa.app;

import io.mantissa.api.ErrorCode;
import io.mantissa.api.MantissaException;
import io.mantissa.api.TimeRange;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Locale;

/** Reads the time range of a query from {@code from}/{@code to} or {@code last}. */
final class TimeArgs {
  static final Duration DEFAULT_RANGE = Duration.ofHours(24);

  private TimeArgs() {}

  /**
   * The range named by the arguments; each may be {@code null}. Without any, the last 24 hours.
   *
   * @throws MantissaException with {@link ErrorCode#INVALID_ARGUMENT} for bad or conflicting ones
   */
  static TimeRange range(String from, String to, String last, Instant now) {
    if (last != null) {
      if (from != null || to != null) {
        throw invalid("use either a relative range (last) or from/to, not both");
      }
      return TimeRange.last(duration(last), now);
    }
    Instant end = to == null ? now : instant(to, "to");
    Instant start = from == null ? end.minus(DEFAULT_RANGE) : instant(from, "from");
    if (end.isBefore(start)) {
      throw invalid("'to' " + end + " is before 'from' " + start);
    }
    return new TimeRange(start, end);
  }

  /** Parses an ISO-8601 instant, offset date-time, or date (midnight UTC). */
  static Instant instant(String text, String name) {
    String t = text.trim();
    try {
      return OffsetDateTime.parse(t).toInstant();
    } catch (DateTimeException e) {
      try {
        return LocalDate.parse(t).atStartOfDay().toInstant(ZoneOffset.UTC);
      } catch (DateTimeException e2) {
        throw invalid(
            "'"
                + name
                + "' value '"
                + text
                + "' is not an ISO-8601 time (use 2025-01-31T12:00:00Z or 2025-01-31)");
      }
    }
  }

  /** Parses {@code 30m}, {@code 24h}, {@code 7d}, {@code 90s} or ISO-8601 {@code PT2H}. */
  static Duration duration(String text) {
    String t = text.trim().toLowerCase(Locale.ROOT);
    try {
      Duration d;
      if (t.startsWith("p")) {
        d = Duration.parse(t.toUpperCase(Locale.ROOT));
      } else {
        long n = Long.parseLong(t.substring(0, t.length() - 1));
        d =
            switch (t.charAt(t.length() - 1)) {
              case 's' -> Duration.ofSeconds(n);
              case 'm' -> Duration.ofMinutes(n);
              case 'h' -> Duration.ofHours(n);
              case 'd' -> Duration.ofDays(n);
              case 'w' -> Duration.ofDays(7 * n);
              default -> throw new NumberFormatException();
            };
      }
      if (d.isNegative() || d.isZero()) {
        throw invalid("duration '" + text + "' must be positive");
      }
      return d;
    } catch (NumberFormatException | StringIndexOutOfBoundsException | DateTimeException e) {
      throw invalid("'" + text + "' is not a duration (use 90s, 30m, 24h, 7d, 2w or PT2H)");
    }
  }

  private static MantissaException invalid(String message) {
    return new MantissaException(ErrorCode.INVALID_ARGUMENT, message);
  }
}
