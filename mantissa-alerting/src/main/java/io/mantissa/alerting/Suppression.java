package io.mantissa.alerting;

import io.mantissa.api.Entity;
import io.mantissa.api.ErrorCode;
import io.mantissa.api.MantissaException;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * A window in which detections of one rule (optionally only for some entities) are dropped: a
 * maintenance window or the scoped exception added when an alert is marked a false positive.
 *
 * @param id unique id
 * @param ruleId the rule it applies to
 * @param entities the entities a detection must all carry to be suppressed; empty means every
 *     detection of the rule
 * @param from start of the window (inclusive)
 * @param until end of the window (exclusive)
 * @param reason why, for the audit trail
 * @param createdBy who added it
 */
public record Suppression(
    String id,
    String ruleId,
    List<Entity> entities,
    Instant from,
    Instant until,
    String reason,
    String createdBy) {

  /** Validates. */
  public Suppression {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(ruleId, "ruleId");
    entities = List.copyOf(entities);
    Objects.requireNonNull(from, "from");
    Objects.requireNonNull(until, "until");
    Objects.requireNonNull(reason, "reason");
    Objects.requireNonNull(createdBy, "createdBy");
    if (!until.isAfter(from)) {
      throw new MantissaException(
          ErrorCode.INVALID_ARGUMENT, "suppression " + id + " must end after it starts");
    }
  }

  /** Whether this suppression covers a detection at pipeline time {@code now}. */
  public boolean covers(Detection detection, Instant now) {
    return detection.ruleId().equals(ruleId)
        && !now.isBefore(from)
        && now.isBefore(until)
        && detection.entities().containsAll(entities);
  }
}
