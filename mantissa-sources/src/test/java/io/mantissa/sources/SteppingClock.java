package io.mantissa.sources;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * A clock that advances by a fixed step every time it is read, so that elapsed time grows with work
 * done.
 */
final class SteppingClock extends Clock {
  private Instant now;
  private final Duration step;

  SteppingClock(Instant start, Duration step) {
    this.now = start;
    this.step = step;
  }

  @Override
  public ZoneId getZone() {
    return ZoneOffset.UTC;
  }

  @Override
  public Clock withZone(ZoneId zone) {
    return this;
  }

  @Override
  public Instant instant() {
    Instant t = now;
    now = now.plus(step);
    return t;
  }
}
