package io.mantissa.alerting;

import io.mantissa.api.ErrorCode;
import io.mantissa.api.MantissaException;
import java.time.Duration;
import java.util.Optional;
import java.util.Random;

/**
 * How the {@link Outbox} retries: exponential backoff with "equal jitter" (half the delay fixed,
 * half random), at most {@code maxAttempts} attempts, then the dead-letter list. A destination's
 * Retry-After is honoured when it asks for longer than the backoff, up to {@code maxRetryAfter}.
 *
 * @param initialDelay delay after the first failure (before jitter)
 * @param maxDelay the largest delay (before jitter)
 * @param maxAttempts attempts before dead-lettering, at least 1
 * @param maxRetryAfter the longest Retry-After honoured
 */
public record RetryPolicy(
    Duration initialDelay, Duration maxDelay, int maxAttempts, Duration maxRetryAfter) {

  /** Validates. */
  public RetryPolicy {
    Checks.positive(initialDelay, "initialDelay");
    Checks.positive(maxDelay, "maxDelay");
    Checks.positive(maxRetryAfter, "maxRetryAfter");
    if (maxDelay.compareTo(initialDelay) < 0) {
      throw new MantissaException(ErrorCode.INVALID_ARGUMENT, "maxDelay < initialDelay");
    }
    Checks.atLeastOne(maxAttempts, "maxAttempts");
  }

  /** 5 s doubling to 15 min, 12 attempts (about 1.5 h), Retry-After up to 1 h. */
  public static RetryPolicy defaults() {
    return new RetryPolicy(Duration.ofSeconds(5), Duration.ofMinutes(15), 12, Duration.ofHours(1));
  }

  /** The delay after failed attempt number {@code attempt} (1-based), jittered with random. */
  Duration backoff(int attempt, Random random) {
    long base = initialDelay.toMillis();
    long cap = maxDelay.toMillis();
    long delay = base;
    for (int i = 1; i < attempt && delay < cap; i++) {
      delay = Math.min(cap, delay * 2);
    }
    long half = delay / 2;
    long jitter = half <= 0 ? 0 : (long) (random.nextDouble() * (delay - half + 1));
    return Duration.ofMillis(half + Math.min(jitter, delay - half));
  }

  /** The delay honouring a Retry-After, if any. */
  Duration delay(int attempt, Random random, Optional<Duration> retryAfter) {
    Duration backoff = backoff(attempt, random);
    if (retryAfter.isEmpty()) {
      return backoff;
    }
    Duration asked = retryAfter.get();
    if (asked.compareTo(maxRetryAfter) > 0) {
      asked = maxRetryAfter;
    }
    return asked.compareTo(backoff) > 0 ? asked : backoff;
  }
}
