package io.mantissa.spi.alert;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/** What happened when a sink tried to deliver an alert. Sinks return it; they do not throw. */
public sealed interface DeliveryResult {

  /**
   * The destination accepted the alert.
   *
   * @param externalId the destination's id for it (ticket key, message ts), or empty
   */
  record Delivered(String externalId) implements DeliveryResult {
    /** Validates. */
    public Delivered {
      Objects.requireNonNull(externalId, "externalId");
    }
  }

  /**
   * A failure that may pass on retry (timeout, 429, 5xx).
   *
   * @param reason what went wrong
   * @param retryAfter how long the destination asked to wait, if it said
   */
  record RetryableFailure(String reason, Optional<Duration> retryAfter) implements DeliveryResult {
    /** Validates. */
    public RetryableFailure {
      Objects.requireNonNull(reason, "reason");
      Objects.requireNonNull(retryAfter, "retryAfter");
    }
  }

  /**
   * A failure that will not pass on retry (bad credentials, 4xx other than 429).
   *
   * @param reason what went wrong
   */
  record PermanentFailure(String reason) implements DeliveryResult {
    /** Validates. */
    public PermanentFailure {
      Objects.requireNonNull(reason, "reason");
    }
  }
}
