package io.mantissa.itdr;

import io.mantissa.api.Severity;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * What an identity detector found.
 *
 * @param identityKey the person (or, for a password spray, the source IP as {@code ip:1.2.3.4})
 * @param detectorId the detector that found it
 * @param severity how urgent
 * @param time the event time of the event that completed the pattern
 * @param stage the kill-chain stage
 * @param mitre MITRE ATT&amp;CK technique ids ({@code T1110.001})
 * @param evidenceEventIds the ids of the events that make up the pattern, oldest first
 * @param explanation what was compared with what, in one or two sentences
 */
public record Finding(
    String identityKey,
    String detectorId,
    Severity severity,
    Instant time,
    KillChainStage stage,
    List<String> mitre,
    List<String> evidenceEventIds,
    String explanation) {

  /** Validates and copies the lists. */
  public Finding {
    requireText(identityKey, "identityKey");
    requireText(detectorId, "detectorId");
    Objects.requireNonNull(severity, "severity");
    Objects.requireNonNull(time, "time");
    Objects.requireNonNull(stage, "stage");
    mitre = List.copyOf(mitre);
    evidenceEventIds = List.copyOf(evidenceEventIds);
    if (evidenceEventIds.isEmpty()) {
      throw new IllegalArgumentException("a finding needs at least one evidence event");
    }
    requireText(explanation, "explanation");
  }

  private static void requireText(String value, String name) {
    Objects.requireNonNull(value, name);
    if (value.isBlank()) {
      throw new IllegalArgumentException(name + " must not be blank");
    }
  }
}
