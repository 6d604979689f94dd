package io.mantissa.alerting;

import java.time.Instant;
import java.util.Objects;

/**
 * A delivery the {@link Outbox} gave up on; it can be replayed.
 *
 * @param id the id to pass to {@link Outbox#replay(String)}
 * @param sink the destination's name
 * @param idempotencyKey the delivery's idempotency key
 * @param alertId the alert
 * @param attempts attempts made
 * @param reason the last failure
 * @param deadAt when it was given up
 */
public record DeadLetter(
    String id,
    String sink,
    String idempotencyKey,
    String alertId,
    int attempts,
    String reason,
    Instant deadAt) {

  /** Validates. */
  public DeadLetter {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(sink, "sink");
    Objects.requireNonNull(idempotencyKey, "idempotencyKey");
    Objects.requireNonNull(alertId, "alertId");
    Objects.requireNonNull(reason, "reason");
    Objects.requireNonNull(deadAt, "deadAt");
  }
}
