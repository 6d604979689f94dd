package io.mantissa.itdr;

import io.mantissa.api.Severity;
import java.time.Instant;
import java.util.Objects;

/**
 * One finding's share of a risk score.
 *
 * @param detectorId the detector that found it
 * @param severity its severity
 * @param stage its kill-chain stage
 * @param time its event time
 * @param weight its weight when new (severity weight × detector multiplier)
 * @param decayedWeight its weight at the time the score was computed
 * @param points the part of the 0–100 score it accounts for (the parts sum to the unrounded score)
 * @param evidenceEventId the first evidence event of the finding
 * @param explanation the finding's explanation (cut at 300 characters)
 */
public record RiskContribution(
    String detectorId,
    Severity severity,
    KillChainStage stage,
    Instant time,
    double weight,
    double decayedWeight,
    double points,
    String evidenceEventId,
    String explanation) {

  /** Validates. */
  public RiskContribution {
    Objects.requireNonNull(detectorId, "detectorId");
    Objects.requireNonNull(severity, "severity");
    Objects.requireNonNull(stage, "stage");
    Objects.requireNonNull(time, "time");
    Objects.requireNonNull(evidenceEventId, "evidenceEventId");
    Objects.requireNonNull(explanation, "explanation");
    if (!(weight >= 0) || !(decayedWeight >= 0) || !(points >= 0)) {
      throw new IllegalArgumentException("weights and points must not be negative");
    }
  }
}
