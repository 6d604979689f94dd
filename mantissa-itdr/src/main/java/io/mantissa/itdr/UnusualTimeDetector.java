package io.mantissa.itdr;

import io.mantissa.api.Severity;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.format.TextStyle;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Unusual login time: a successful sign-in outside the identity's usual hours or on a day of the
 * week it does not sign in, against its {@link Baseline} (UTC hour and weekday counts of its
 * successful sign-ins). The usual hours are the shortest span of hours of the day (wrapping at
 * midnight, at most {@link ItdrSettings#usualHoursMaxSpan()}, default 12 h) such that the chance of
 * a sign-in outside it, estimated by Laplace's rule of succession as {@code (outside + 1) / (total
 * + 2)}, is at most {@code 1 - }{@link ItdrSettings#usualHoursShare()} (default 1 %). So a person
 * needs about 100 sign-ins, all inside one 14-hour span, before an hour can be unusual, and a
 * person who signs in at any hour now and then never has usual hours: the detector stays silent
 * instead of calling everyone anomalous. A sign-in more than one hour away from the span is unusual
 * (the margin absorbs daylight-saving shifts). A weekday is unusual when its estimated share {@code
 * (count + 1) / (total + 7)} is at most the same 1 %. LOW, or MEDIUM when both the hour and the
 * weekday are unusual; once per identity and hour (state: the last reported hour of at most {@link
 * ItdrSettings#maxTrackedKeys()} identities). Nothing is reported while the behaviour baseline is
 * learning ({@link Baselines#behaviourLearning}). Hours are UTC: a person's local working hours are
 * a fixed UTC span except for daylight-saving changes.
 */
final class UnusualTimeDetector implements Detector {
  static final String ID = "unusual_time";

  /** History a weekday needs: three weeks, so that every weekday occurred three times. */
  static final Duration WEEKDAY_HISTORY = Duration.ofDays(21);

  private final Baselines baselines;
  private final double share;
  private final int maxSpan;

  /** Identity to the UTC hour (hours since the epoch) last reported: once per hour. */
  private final LruMap<String, long[]> reported;

  UnusualTimeDetector(Baselines baselines) {
    this.baselines = baselines;
    this.reported = new LruMap<>(baselines.settings().maxTrackedKeys());
    this.share = baselines.settings().usualHoursShare();
    this.maxSpan = baselines.settings().usualHoursMaxSpan();
  }

  @Override
  public String id() {
    return ID;
  }

  /**
   * The usual hours of {@code hours}: {start, length} of the shortest span of at most {@code
   * maxSpan} hours whose sign-ins leave an estimated chance of a sign-in outside it, {@code
   * (outside + 1) / (total + 2)} (Laplace's rule of succession), of at most {@code 1 - share};
   * empty when there is no such span (too few sign-ins to tell, or sign-ins at all hours).
   */
  static Optional<int[]> usualHours(List<Integer> hours, double share, int maxSpan) {
    long total = 0;
    for (int h : hours) {
      total += h;
    }
    for (int length = 1; length <= maxSpan; length++) {
      int best = -1;
      long bestSum = -1;
      for (int start = 0; start < 24; start++) {
        long sum = 0;
        for (int i = 0; i < length; i++) {
          sum += hours.get((start + i) % 24);
        }
        if (sum > bestSum) {
          best = start;
          bestSum = sum;
        }
      }
      if ((total - bestSum + 1.0) / (total + 2.0) <= 1 - share + 1e-12) {
        return Optional.of(new int[] {best, length});
      }
    }
    return Optional.empty();
  }

  /** Whether {@code count} of {@code total} sign-ins leave a weekday's estimated share below. */
  static boolean rare(long count, long total, int buckets, double share) {
    return (count + 1.0) / (total + buckets) <= 1 - share + 1e-12;
  }

  /** Hours from {@code hour} to the nearest hour of the span (0 inside it). */
  static int distance(int[] span, int hour) {
    int offset = Math.floorMod(hour - span[0], 24);
    if (offset < span[1]) {
      return 0;
    }
    return Math.min(offset - span[1] + 1, 24 - offset);
  }

  @Override
  public List<Finding> accept(IdentityEvent e) {
    if (!e.isSuccessfulSignIn()) {
      return List.of();
    }
    Optional<Baseline> known = baselines.of(e.identityKey());
    if (known.isEmpty() || baselines.behaviourLearning(known.get(), e.time())) {
      return List.of();
    }
    Baseline b = known.get();
    var at = e.time().atOffset(ZoneOffset.UTC);
    int hour = at.getHour();
    Optional<int[]> span = usualHours(b.hours(), share, maxSpan);
    boolean oddHour = span.isPresent() && distance(span.get(), hour) > 1;
    int weekday = at.getDayOfWeek().getValue() - 1;
    long signIns = b.weekdays().stream().mapToLong(Integer::longValue).sum();
    boolean oddDay =
        Duration.between(b.firstSeen(), e.time()).compareTo(WEEKDAY_HISTORY) >= 0
            && rare(b.weekdays().get(weekday), signIns, 7, share);
    if (!oddHour && !oddDay) {
      return List.of();
    }
    long slot = e.time().getEpochSecond() / 3600;
    long[] last = reported.computeIfAbsent(e.identityKey(), () -> new long[] {-1});
    if (last[0] == slot) {
      return List.of();
    }
    last[0] = slot;
    StringBuilder what = new StringBuilder();
    if (oddHour) {
      int[] s = span.get();
      what.append(
          String.format(
              Locale.ROOT,
              "%02d:00 UTC is %d hours outside its usual hours %02d:00-%02d:00 UTC (a sign-in"
                  + " outside them estimated at most %.0f %% likely)",
              hour,
              distance(s, hour),
              s[0],
              (s[0] + s[1]) % 24,
              (1 - share) * 100));
    }
    if (oddDay) {
      if (oddHour) {
        what.append("; ");
      }
      DayOfWeek day = at.getDayOfWeek();
      what.append(day.getDisplayName(TextStyle.FULL, Locale.ROOT))
          .append(" had ")
          .append(b.weekdays().get(weekday))
          .append(" of its ")
          .append(signIns)
          .append(" sign-ins");
    }
    return List.of(
        new Finding(
            e.identityKey(),
            ID,
            oddHour && oddDay ? Severity.MEDIUM : Severity.LOW,
            e.time(),
            KillChainStage.INITIAL_ACCESS,
            List.of("T1078"),
            List.of(e.eventId()),
            "successful sign-in for "
                + e.identityKey()
                + " ("
                + e.source()
                + ", IP "
                + (e.srcIp().isEmpty() ? "unknown" : e.srcIp())
                + ") at "
                + Describe.time(e.time())
                + " compared with its baseline of "
                + b.describe()
                + ": "
                + what
                + "."));
  }
}
