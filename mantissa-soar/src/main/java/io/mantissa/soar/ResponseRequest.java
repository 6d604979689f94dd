package io.mantissa.soar;

import io.mantissa.api.Entity;
import java.time.Instant;
import java.util.List;
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
 * @param approval whether it needs a human's approval, and the decision ({@link
 *     Approval#NOT_REQUIRED} for requests that run without one)
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
    Instant updatedAt,
    Approval approval) {

  /** Where a request stands. */
  public enum State {
    /** Waiting for a human's approval ({@link ResponseTrigger#approve}); it does not run yet. */
    AWAITING_APPROVAL,
    /** Waiting for its (next) attempt. */
    PENDING,
    /** An attempt is running (or its process stopped; the lease then runs out). */
    RUNNING,
    /** Carried out. */
    DONE,
    /** Failed for good, or retries exhausted. */
    FAILED,
    /** An approver rejected it; it never runs. */
    REJECTED,
    /** Nobody decided before the approval deadline; it never runs. */
    EXPIRED;

    /** Whether nothing more will happen. */
    public boolean terminal() {
      return this == DONE || this == FAILED || this == REJECTED || this == EXPIRED;
    }
  }

  /**
   * The approval of a request.
   *
   * @param required whether the request waits for a human before it runs
   * @param approvers who may decide (empty: anyone who gives a name)
   * @param deadline until when a decision is accepted ({@link Instant#EPOCH} when not required)
   * @param decision the decision taken
   * @param decidedBy the approver, {@code approval-timeout} for an expiry, or empty
   * @param decidedAt when it was decided, or {@link Instant#EPOCH}
   * @param comment the approver's comment (or why it expired), or empty
   */
  public record Approval(
      boolean required,
      List<String> approvers,
      Instant deadline,
      Decision decision,
      String decidedBy,
      Instant decidedAt,
      String comment) {

    /** A request that runs without approval. */
    public static final Approval NOT_REQUIRED =
        new Approval(false, List.of(), Instant.EPOCH, Decision.NONE, "", Instant.EPOCH, "");

    /** What was decided. */
    public enum Decision {
      /** Nothing (yet), or no approval needed. */
      NONE,
      /** Approved: the request runs. */
      APPROVED,
      /** Rejected: it never runs. */
      REJECTED,
      /** Not decided before the deadline: it never runs. */
      EXPIRED
    }

    /** Validates and copies. */
    public Approval {
      approvers = List.copyOf(approvers);
      Objects.requireNonNull(deadline, "deadline");
      Objects.requireNonNull(decision, "decision");
      Objects.requireNonNull(decidedBy, "decidedBy");
      Objects.requireNonNull(decidedAt, "decidedAt");
      Objects.requireNonNull(comment, "comment");
      if (!required && decision != Decision.NONE) {
        throw new IllegalArgumentException("a decision needs a required approval");
      }
    }

    /** A required approval, undecided, accepted until {@code deadline}. */
    public static Approval awaiting(List<String> approvers, Instant deadline) {
      return new Approval(true, approvers, deadline, Decision.NONE, "", Instant.EPOCH, "");
    }

    Approval decided(Decision newDecision, String by, Instant at, String newComment) {
      return new Approval(true, approvers, deadline, newDecision, by, at, newComment);
    }
  }

  /**
   * The request's id: the SHA-256 of its idempotency key, in hex (used in state-store keys and by
   * {@link ResponseTrigger#approve}).
   */
  public String id() {
    return ResponseTrigger.hash(idempotencyKey);
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
    Objects.requireNonNull(approval, "approval");
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
        now,
        approval);
  }

  ResponseRequest decided(
      State newState, Approval newApproval, Instant newNextAttemptAt, String detail, Instant now) {
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
        attempts,
        newNextAttemptAt,
        leaseUntil,
        detail,
        createdAt,
        now,
        newApproval);
  }
}
