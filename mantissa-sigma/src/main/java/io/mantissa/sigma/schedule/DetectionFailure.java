package io.mantissa.sigma.schedule;

import io.mantissa.sigma.RuleMetadata;
import java.util.Objects;

/**
 * A rule that produced no detection in a run, and why. Other rules of the run are not affected.
 *
 * @param rule the rule's or correlation's metadata
 * @param stage where it failed
 * @param reason the error message (for {@link Stage#CONVERT}, the converter's message naming rule,
 *     construct and dialect)
 */
public record DetectionFailure(RuleMetadata rule, Stage stage, String reason) {

  /** Where a rule failed. */
  public enum Stage {
    /** The rule cannot be converted to the backend's SQL dialect; it fails every run. */
    CONVERT,
    /** The backend refused or failed the query; the watermark stays, the next run retries. */
    QUERY,
    /** The sink refused the detection; the watermark stays, the rows come again next run. */
    DELIVER,
    /** The state store failed, or another runner moved the watermark (compare-and-set lost). */
    STATE
  }

  /** Validates the failure. */
  public DetectionFailure {
    Objects.requireNonNull(rule, "rule");
    Objects.requireNonNull(stage, "stage");
    Objects.requireNonNull(reason, "reason");
  }
}
