package io.mantissa.nlq;

import io.mantissa.api.TimeRange;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.Month;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeParseException;
import java.time.format.TextStyle;
import java.time.temporal.ChronoUnit;
import java.time.temporal.TemporalAdjusters;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads time expressions in questions: "today", "yesterday", "this week", "last week", "this
 * month", "last month", "this year", "in the last 24 hours", "past 7 days", "last hour", "since
 * Monday", "since 2026-11-01", "on 2026-11-20", "between 2026-11-01 and 2026-11-05", "in November".
 * Calendar periods start at midnight in the zone given (UTC by default); weeks start on Monday.
 * Windows that end now end at the start of the next minute, so that the same question asked twice
 * in a minute has the same SQL (and can hit the caches).
 */
public final class TimeExpressions {
  private static final String NUMBER =
      "(\\d+|a|an|one|two|three|four|five|six|seven|eight|nine|ten|twelve|fifteen|twenty|thirty)";
  private static final String UNIT = "(minute|min|hour|hr|day|week|month|year)s?";
  private static final Pattern RELATIVE =
      Pattern.compile(
          "\\b(?:(?:in|over|during|within|for) )?(?:the )?(?:last|past|previous|recent) "
              + NUMBER
              + " ?"
              + UNIT
              + "\\b");
  private static final Pattern SHORT =
      Pattern.compile("\\b(?:in|over|during|within|for)? ?(?:the )?(\\d+) ?(h|d|m|w)\\b");
  private static final Pattern SINGLE =
      Pattern.compile(
          "\\b(?:(?:in|over|during|within|for) )?(?:the )?(last|past|previous) (minute|hour|day|24 hours)\\b");
  private static final Pattern NAMED =
      Pattern.compile(
          "\\b(?:(?:in|during|for|from|over) )?(today|yesterday|this week|last week|past week"
              + "|previous week|this month|last month|past month|previous month|this year"
              + "|last year|past year)\\b");
  private static final Pattern SINCE =
      Pattern.compile(
          "\\bsince (monday|tuesday|wednesday|thursday|friday|saturday|sunday|yesterday"
              + "|(\\d{4}-\\d{2}-\\d{2})|(january|february|march|april|may|june|july|august"
              + "|september|october|november|december)(?: (\\d{1,2}))?)\\b");
  private static final Pattern ON = Pattern.compile("\\bon (\\d{4}-\\d{2}-\\d{2})\\b");
  private static final Pattern BETWEEN =
      Pattern.compile("\\bbetween (\\d{4}-\\d{2}-\\d{2}) and (\\d{4}-\\d{2}-\\d{2})\\b");
  private static final Pattern IN_MONTH =
      Pattern.compile(
          "\\b(?:in|during) (january|february|march|april|may|june|july|august|september"
              + "|october|november|december)\\b");

  /**
   * A time expression found in a question.
   *
   * @param range the range it means
   * @param phrase the words of the question
   * @param start where the words start in the question
   * @param end where they end
   */
  public record Found(TimeRange range, String phrase, int start, int end) {}

  private final ZoneId zone;

  /** Reads expressions with calendar periods in {@code zone}. */
  public TimeExpressions(ZoneId zone) {
    this.zone = zone;
  }

  /** The first time expression in the lower-cased {@code text}, meant at {@code now}. */
  public Optional<Found> find(String text, Instant now) {
    Instant end = now.truncatedTo(ChronoUnit.MINUTES).plus(Duration.ofMinutes(1));
    ZonedDateTime today = now.atZone(zone).truncatedTo(ChronoUnit.DAYS);
    Matcher m = BETWEEN.matcher(text);
    if (m.find()) {
      Optional<LocalDate> a = date(m.group(1));
      Optional<LocalDate> b = date(m.group(2));
      if (a.isPresent() && b.isPresent() && !b.get().isBefore(a.get())) {
        return found(start(a.get()), start(b.get().plusDays(1)), m);
      }
    }
    m = ON.matcher(text);
    if (m.find()) {
      Optional<LocalDate> d = date(m.group(1));
      if (d.isPresent()) {
        return found(start(d.get()), start(d.get().plusDays(1)), m);
      }
    }
    m = SINCE.matcher(text);
    if (m.find()) {
      Instant from = since(m, today);
      if (from != null && from.isBefore(end)) {
        return found(from, end, m);
      }
    }
    m = RELATIVE.matcher(text);
    if (m.find()) {
      long n = number(m.group(1));
      if (n > 0 && n <= 10_000) {
        return found(minus(end, n, m.group(2)), end, m);
      }
    }
    m = SINGLE.matcher(text);
    if (m.find()) {
      String unit = m.group(2).equals("24 hours") ? "day" : m.group(2);
      return found(minus(end, 1, unit), end, m);
    }
    m = NAMED.matcher(text);
    if (m.find()) {
      return named(m, today, end);
    }
    m = IN_MONTH.matcher(text);
    if (m.find()) {
      Month month = Month.valueOf(m.group(1).toUpperCase(Locale.ROOT));
      ZonedDateTime first = today.withDayOfMonth(1).withMonth(month.getValue());
      if (first.isAfter(today)) {
        first = first.minusYears(1);
      }
      return found(first.toInstant(), min(first.plusMonths(1).toInstant(), end), m);
    }
    m = SHORT.matcher(text);
    if (m.find()) {
      long n = Long.parseLong(m.group(1));
      String unit =
          switch (m.group(2)) {
            case "h" -> "hour";
            case "d" -> "day";
            case "w" -> "week";
            default -> "minute";
          };
      if (n > 0 && n <= 10_000) {
        return found(minus(end, n, unit), end, m);
      }
    }
    return Optional.empty();
  }

  /** A window of {@code duration} ending at the start of the minute after {@code now}. */
  public static TimeRange lastPeriod(Instant now, Duration duration) {
    Instant end = now.truncatedTo(ChronoUnit.MINUTES).plus(Duration.ofMinutes(1));
    return new TimeRange(end.minus(duration), end);
  }

  private Optional<Found> named(Matcher m, ZonedDateTime today, Instant end) {
    ZonedDateTime monday = today.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
    ZonedDateTime firstOfMonth = today.withDayOfMonth(1);
    ZonedDateTime firstOfYear = today.withDayOfYear(1);
    return switch (m.group(1)) {
      case "today" -> found(today.toInstant(), end, m);
      case "yesterday" -> found(today.minusDays(1).toInstant(), today.toInstant(), m);
      case "this week" -> found(monday.toInstant(), end, m);
      case "last week", "previous week" ->
          found(monday.minusWeeks(1).toInstant(), monday.toInstant(), m);
      case "past week" -> found(minus(end, 7, "day"), end, m);
      case "this month" -> found(firstOfMonth.toInstant(), end, m);
      case "last month", "previous month" ->
          found(firstOfMonth.minusMonths(1).toInstant(), firstOfMonth.toInstant(), m);
      case "past month" -> found(minus(end, 30, "day"), end, m);
      case "this year" -> found(firstOfYear.toInstant(), end, m);
      case "past year" -> found(minus(end, 365, "day"), end, m);
      default -> found(firstOfYear.minusYears(1).toInstant(), firstOfYear.toInstant(), m);
    };
  }

  private Instant since(Matcher m, ZonedDateTime today) {
    String what = m.group(1);
    if (what.equals("yesterday")) {
      return today.minusDays(1).toInstant();
    }
    if (m.group(2) != null) {
      return date(m.group(2)).map(this::start).orElse(null);
    }
    if (m.group(3) != null) {
      Month month = Month.valueOf(m.group(3).toUpperCase(Locale.ROOT));
      int day = m.group(4) == null ? 1 : Integer.parseInt(m.group(4));
      if (day < 1 || day > month.length(today.toLocalDate().isLeapYear())) {
        return null;
      }
      ZonedDateTime t = today.withMonth(month.getValue()).withDayOfMonth(day);
      return (t.isAfter(today) ? t.minusYears(1) : t).toInstant();
    }
    for (DayOfWeek d : DayOfWeek.values()) {
      if (d.getDisplayName(TextStyle.FULL, Locale.ROOT).equalsIgnoreCase(what)) {
        return today.with(TemporalAdjusters.previousOrSame(d)).toInstant();
      }
    }
    return null;
  }

  private Instant start(LocalDate d) {
    return d.atStartOfDay(zone).toInstant();
  }

  private static Optional<LocalDate> date(String s) {
    try {
      return Optional.of(LocalDate.parse(s));
    } catch (DateTimeParseException e) {
      return Optional.empty();
    }
  }

  private Instant minus(Instant end, long n, String unit) {
    return switch (unit) {
      case "minute", "min" -> end.minus(Duration.ofMinutes(n));
      case "hour", "hr" -> end.minus(Duration.ofHours(n));
      case "day" -> end.minus(Duration.ofDays(n));
      case "week" -> end.minus(Duration.ofDays(7 * n));
      case "month" -> end.atZone(zone).minusMonths(n).toInstant();
      default -> end.atZone(zone).minusYears(n).toInstant();
    };
  }

  private static long number(String s) {
    return switch (s) {
      case "a", "an", "one" -> 1;
      case "two" -> 2;
      case "three" -> 3;
      case "four" -> 4;
      case "five" -> 5;
      case "six" -> 6;
      case "seven" -> 7;
      case "eight" -> 8;
      case "nine" -> 9;
      case "ten" -> 10;
      case "twelve" -> 12;
      case "fifteen" -> 15;
      case "twenty" -> 20;
      case "thirty" -> 30;
      default -> s.length() > 6 ? -1 : Long.parseLong(s);
    };
  }

  private static Instant min(Instant a, Instant b) {
    return a.isBefore(b) ? a : b;
  }

  private static Optional<Found> found(Instant from, Instant to, Matcher m) {
    if (!from.isBefore(to)) {
      return Optional.empty();
    }
    return Optional.of(new Found(new TimeRange(from, to), m.group().trim(), m.start(), m.end()));
  }
}
