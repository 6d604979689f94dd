package io.mantissa.sources.collect;

import java.time.Duration;
import java.util.Objects;

/**
 * How {@link CollectorRunner} retries a failed poll: up to {@code maxAttempts} tries in all,
 * waiting {@code initialDelay * 2^(n-1)} (at most {@code maxDelay}) with jitter between half and
 * all of it, or what the server asked for with Retry-After (at most {@code maxRetryAfter}).
 *
 * @param maxAttempts tries in all, at least 1
 * @param initialDelay the first backoff
 * @param maxDelay the longest backoff
 * @param maxRetryAfter the longest Retry-After honoured; a longer one is cut to this
 */
public record RetryPolicy(
    int maxAttempts, Duration initialDelay, Duration maxDelay, Duration maxRetryAfter) {

  /** Five tries, 1 s doubling up to 60 s, Retry-After up to 15 minutes. */
  public static final RetryPolicy DEFAULT =
      new RetryPolicy(5, Duration.ofSeconds(1), Duration.ofSeconds(60), Duration.ofMinutes(15));

  /** Validates. */
  public RetryPolicy {
    if (maxAttempts < 1) {
      throw new IllegalArgumentException("maxAttempts must be at least 1, was " + maxAttempts);
    }
    Objects.requireNonNull(initialDelay, "initialDelay");
    Objects.requireNonNull(maxDelay, "maxDelay");
    Objects.requireNonNull(maxRetryAfter, "maxRetryAfter");
    if (initialDelay.isNegative() || maxDelay.compareTo(initialDelay) < 0) {
      throw new IllegalArgumentException("need 0 <= initialDelay <= maxDelay");
    }
    if (maxRetryAfter.isNegative()) {
      throw new IllegalArgumentException("maxRetryAfter must not be negative");
    }
  }

  /** The backoff before try {@code attempt + 1}, given a uniform {@code jitter} in [0, 1). */
  Duration backoff(int attempt, double jitter) {
    long base = initialDelay.toMillis();
    long capped = maxDelay.toMillis();
    long delay = base;
    for (int i = 1; i < attempt && delay < capped; i++) {
      delay *= 2;
    }
    delay = Math.min(delay, capped);
    return Duration.ofMillis(delay / 2 + (long) (delay / 2.0 * jitter));
  }
}
