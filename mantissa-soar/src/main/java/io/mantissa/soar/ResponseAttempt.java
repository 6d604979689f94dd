package io.mantissa.soar;

import io.mantissa.api.Entity;
import java.time.Instant;
import java.util.Objects;

/**
 * One entry of the audit log: who ran what against whom, when, and what came of it; or who approved
 * or rejected a request (or that it expired waiting), when, and with which comment.
 *
 * @param time when the attempt ended, or when the decision was taken (the trigger's clock)
 * @param actor who asked: {@code rule:<response rule>} for automatic responses, else the caller's
 *     name; for a decision, the approver ({@code approval-timeout} for an expiry)
 * @param rule the response rule that asked, or empty
 * @param alertId the alert that caused it, or empty
 * @param action the action name
 * @param target the entity acted on
 * @param idempotencyKey the request's key; the same for every attempt of one request
 * @param attempt the attempt number, from 1; 0 for a decision
 * @param outcome what came of it
 * @param detail what the action reported (done) or why it failed; for a decision, the approver's
 *     comment (or why it expired)
 */
public record ResponseAttempt(
    Instant time,
    String actor,
    String rule,
    String alertId,
    String action,
    Entity target,
    String idempotencyKey,
    int attempt,
    Outcome outcome,
    String detail) {

  /** What came of an attempt. */
  public enum Outcome {
    /** The action was carried out. */
    DONE,
    /** It failed and will be (or, after the last attempt, would have been) retried. */
    RETRYABLE_FAILURE,
    /** It failed for good. */
    PERMANENT_FAILURE,
    /**
     * It did not finish (the process stopped while it ran); the vendor may or may not have acted.
     */
    UNKNOWN,
    /** Decision: an approver approved the request; it runs next. */
    APPROVED,
    /** Decision: an approver rejected the request; it never runs. */
    REJECTED,
    /** Decision: nobody decided before the approval deadline; it never runs. */
    EXPIRED;

    /** Whether this entry records an approval decision rather than an attempt. */
    public boolean decision() {
      return this == APPROVED || this == REJECTED || this == EXPIRED;
    }
  }

  /** Validates. */
  public ResponseAttempt {
    Objects.requireNonNull(time, "time");
    Objects.requireNonNull(actor, "actor");
    Objects.requireNonNull(rule, "rule");
    Objects.requireNonNull(alertId, "alertId");
    Objects.requireNonNull(action, "action");
    Objects.requireNonNull(target, "target");
    Objects.requireNonNull(idempotencyKey, "idempotencyKey");
    Objects.requireNonNull(outcome, "outcome");
    Objects.requireNonNull(detail, "detail");
    if (outcome.decision() ? attempt != 0 : attempt < 1) {
      throw new IllegalArgumentException(
          "attempt must be 0 for a decision and at least 1 otherwise, was " + attempt);
    }
  }

  /** The {@linkplain ResponseRequest#id() id} of the request this entry belongs to. */
  public String requestId() {
    return ResponseTrigger.hash(idempotencyKey);
  }
}
