package io.mantissa.soar;

import io.mantissa.api.Entity;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * A response request as the trigger keeps it in the state store, under its idempotency key.
 *
 * @param idempotencyKey the request's key: a request with a key already seen is never run again
 * @param action the action name
 * @param target the entity acted on
 * @param parameters the action parameters
 * @param actor who asked ({@code rule:<name>} or the caller's name)
 * @param rule the response rule that asked, or empty
 * @param alertId the alert that caused it, or empty
 * @param reason why it was asked (the alert's title, or the caller's note)
 * @param state where it stands
 * @param attempts how many attempts have started
 * @param nextAttemptAt when a pending request is due
 * @param leaseUntil until when a running attempt holds the request
 * @param lastDetail what the last attempt reported, or empty
 * @param createdAt when it was asked
 * @param updatedAt when it last changed
 */
public record ResponseRequest(
    String idempotencyKey,
    String action,
    Entity target,
    Map<String, String> parameters,
    String actor,
    String rule,
    String alertId,
    String reason,
    State state,
    int attempts,
    Instant nextAttemptAt,
    Instant leaseUntil,
    String lastDetail,
    Instant createdAt,
    Instant updatedAt) {

  /** Where a request stands. */
  public enum State {
    /** Waiting for its (next) attempt. */
    PENDING,
    /** An attempt is running (or its process stopped; the lease then runs out). */
    RUNNING,
    /** Carried out. */
    DONE,
    /** Failed for good, or retries exhausted. */
    FAILED;

    /** Whether nothing more will happen. */
    public boolean terminal() {
      return this == DONE || this == FAILED;
    }
  }

  /** Validates and copies. */
  public ResponseRequest {
    Objects.requireNonNull(idempotencyKey, "idempotencyKey");
    Objects.requireNonNull(action, "action");
    Objects.requireNonNull(target, "target");
    parameters = Map.copyOf(parameters);
    Objects.requireNonNull(actor, "actor");
    Objects.requireNonNull(rule, "rule");
    Objects.requireNonNull(alertId, "alertId");
    Objects.requireNonNull(reason, "reason");
    Objects.requireNonNull(state, "state");
    Objects.requireNonNull(nextAttemptAt, "nextAttemptAt");
    Objects.requireNonNull(leaseUntil, "leaseUntil");
    Objects.requireNonNull(lastDetail, "lastDetail");
    Objects.requireNonNull(createdAt, "createdAt");
    Objects.requireNonNull(updatedAt, "updatedAt");
    if (attempts < 0) {
      throw new IllegalArgumentException("attempts must not be negative, was " + attempts);
    }
  }

  ResponseRequest with(
      State newState,
      int newAttempts,
      Instant newNextAttemptAt,
      Instant newLeaseUntil,
      String newLastDetail,
      Instant now) {
    return new ResponseRequest(
        idempotencyKey,
        action,
        target,
        parameters,
        actor,
        rule,
        alertId,
        reason,
        newState,
        newAttempts,
        newNextAttemptAt,
        newLeaseUntil,
        newLastDetail,
        createdAt,
        now);
  }
}
