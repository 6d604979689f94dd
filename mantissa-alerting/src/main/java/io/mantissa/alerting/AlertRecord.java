package io.mantissa.alerting;

import io.mantissa.api.Alert;
import io.mantissa.api.AlertStatus;
import io.mantissa.api.Entity;
import io.mantissa.api.EntityType;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * An alert as the pipeline keeps it in the state store: the alert plus how often it repeated.
 *
 * @param alert the alert; its {@code time} is the time of the first matching activity
 * @param count how many detections were grouped into this alert, at least 1
 * @param lastSeen the activity time of the latest grouped detection
 * @param createdAt when the pipeline created the alert (pipeline clock)
 * @param updatedAt when the pipeline last changed it (pipeline clock); the grouping window runs
 *     from the last grouped detection
 * @param lastDetectionAt when the pipeline last grouped a detection into it (pipeline clock)
 * @param dedupBy the entity types that made up the dedup key
 */
public record AlertRecord(
    Alert alert,
    long count,
    Instant lastSeen,
    Instant createdAt,
    Instant updatedAt,
    Instant lastDetectionAt,
    Set<EntityType> dedupBy) {

  /** Validates the record. */
  public AlertRecord {
    Objects.requireNonNull(alert, "alert");
    Objects.requireNonNull(lastSeen, "lastSeen");
    Objects.requireNonNull(createdAt, "createdAt");
    Objects.requireNonNull(updatedAt, "updatedAt");
    Objects.requireNonNull(lastDetectionAt, "lastDetectionAt");
    dedupBy = Set.copyOf(dedupBy);
    if (count < 1) {
      throw new IllegalArgumentException("count must be at least 1, was " + count);
    }
  }

  /** The alert id. */
  public String id() {
    return alert.id();
  }

  /** The alert status. */
  public AlertStatus status() {
    return alert.status();
  }

  /** The alert's entities that are part of its dedup key. */
  public List<Entity> dedupEntities() {
    return alert.entities().stream().filter(e -> dedupBy.contains(e.type())).toList();
  }

  /** Whether repeats may still be grouped into this alert (open or acknowledged). */
  public boolean isActive() {
    return alert.status() == AlertStatus.OPEN || alert.status() == AlertStatus.ACKNOWLEDGED;
  }
}
