package io.mantissa.testkit;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A {@link Clock} whose instant tests set and advance, so that time-dependent code (TTLs, windows,
 * schedules) is tested without sleeping. Thread-safe: the instant is held in an atomic reference,
 * and clocks obtained with {@link #withZone} share it with this clock.
 *
 * <pre>{@code
 * MutableClock clock = MutableClock.at(Instant.parse("2026-01-01T00:00:00Z"));
 * StateStore store = new InMemoryStateStore(clock);
 * store.put("lock/a", "me", Duration.ofSeconds(30));
 * clock.advance(Duration.ofSeconds(30)); // the entry is now expired
 * }</pre>
 */
public final class MutableClock extends Clock {

  /** The instant a clock made with {@link #create()} starts at: 2026-01-01T00:00:00Z. */
  public static final Instant DEFAULT_START = Instant.parse("2026-01-01T00:00:00Z");

  private final AtomicReference<Instant> now;
  private final ZoneId zone;

  private MutableClock(AtomicReference<Instant> now, ZoneId zone) {
    this.now = now;
    this.zone = zone;
  }

  /** A UTC clock standing at {@link #DEFAULT_START}. */
  public static MutableClock create() {
    return at(DEFAULT_START);
  }

  /** A UTC clock standing at {@code start}. */
  public static MutableClock at(Instant start) {
    return new MutableClock(
        new AtomicReference<>(Objects.requireNonNull(start, "start")), ZoneOffset.UTC);
  }

  /** Moves the clock to {@code instant} (backwards too, to test clock skew). */
  public void set(Instant instant) {
    now.set(Objects.requireNonNull(instant, "instant"));
  }

  /**
   * Moves the clock forward by {@code duration} (a negative duration moves it back) and returns the
   * new instant.
   */
  public Instant advance(Duration duration) {
    Objects.requireNonNull(duration, "duration");
    return now.updateAndGet(t -> t.plus(duration));
  }

  @Override
  public Instant instant() {
    return now.get();
  }

  @Override
  public ZoneId getZone() {
    return zone;
  }

  /** A clock with another zone that shares this clock's instant: advancing one advances both. */
  @Override
  public MutableClock withZone(ZoneId zone) {
    return new MutableClock(now, Objects.requireNonNull(zone, "zone"));
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof MutableClock other && other.now == now && other.zone.equals(zone);
  }

  @Override
  public int hashCode() {
    return System.identityHashCode(now) * 31 + zone.hashCode();
  }

  @Override
  public String toString() {
    return "MutableClock[" + now.get() + ", " + zone + "]";
  }
}
