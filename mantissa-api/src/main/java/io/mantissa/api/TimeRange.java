package io.mantissa.api;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * A half-open interval of time {@code [start, end)}. Every query over the lake is bounded by one,
 * so that storage can prune partitions.
 *
 * @param start inclusive start
 * @param end exclusive end, not before {@code start}
 */
public record TimeRange(Instant start, Instant end) {

  /** Validates the range. */
  public TimeRange {
    Objects.requireNonNull(start, "start");
    Objects.requireNonNull(end, "end");
    if (end.isBefore(start)) {
      throw new IllegalArgumentException("time range end " + end + " is before start " + start);
    }
  }

  /** The range {@code [now - duration, now)}. */
  public static TimeRange last(Duration duration, Instant now) {
    return new TimeRange(now.minus(duration), now);
  }

  /** A range covering all representable event times; use only when a caller really means it. */
  public static TimeRange all() {
    return new TimeRange(Instant.EPOCH, Instant.parse("9999-12-31T23:59:59Z"));
  }

  /** Whether {@code t} lies in the range. */
  public boolean contains(Instant t) {
    return !t.isBefore(start) && t.isBefore(end);
  }

  /** Whether this range and {@code [otherStart, otherEnd)} share any instant. */
  public boolean overlaps(Instant otherStart, Instant otherEnd) {
    return start.isBefore(otherEnd) && otherStart.isBefore(end);
  }

  /** The length of the range. */
  public Duration duration() {
    return Duration.between(start, end);
  }
}
