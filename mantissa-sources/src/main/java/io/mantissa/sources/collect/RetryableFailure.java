package io.mantissa.sources.collect;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * The cause of a {@link io.mantissa.api.MantissaException} ({@code REMOTE_FAILURE}) that a
 * collector throws for a failure worth retrying: a 5xx, a timeout, a refused connection, or a 429
 * with the wait the vendor asked for. {@link CollectorRunner} retries the poll when it sees this
 * cause.
 */
public final class RetryableFailure extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** The wait the server asked for (Retry-After), when it did. */
  private final transient Duration retryAfter;

  /**
   * A retryable failure.
   *
   * @param message what failed
   * @param retryAfter the wait the server asked for, or {@code null}
   */
  public RetryableFailure(String message, Duration retryAfter) {
    super(Objects.requireNonNull(message, "message"));
    this.retryAfter = retryAfter;
  }

  /** The wait the server asked for, when it asked for one. */
  public Optional<Duration> retryAfter() {
    return Optional.ofNullable(retryAfter);
  }
}
