package io.mantissa.alerting;

import java.time.Instant;
import java.util.Objects;

/**
 * One change made by a person or system to an alert or a suppression.
 *
 * @param time when (pipeline clock)
 * @param actor who
 * @param action what, such as {@code status:false_positive} or {@code suppression:add}
 * @param alertId the alert concerned, or empty when none
 * @param detail why, as the actor said
 */
public record AuditRecord(
    Instant time, String actor, String action, String alertId, String detail) {

  /** Validates. */
  public AuditRecord {
    Objects.requireNonNull(time, "time");
    Objects.requireNonNull(actor, "actor");
    Objects.requireNonNull(action, "action");
    Objects.requireNonNull(alertId, "alertId");
    Objects.requireNonNull(detail, "detail");
  }
}
