package io.mantissa.alerting;

import java.util.Objects;

/** What the {@link AlertPipeline} did with one detection. */
public sealed interface PipelineOutcome {

  /**
   * A new alert was created and handed to the listeners and the outbox.
   *
   * @param alert the new alert
   */
  record Created(AlertRecord alert) implements PipelineOutcome {
    /** Validates. */
    public Created {
      Objects.requireNonNull(alert, "alert");
    }
  }

  /**
   * The detection repeated an active alert with the same dedup key and was counted into it; no new
   * notification was sent.
   *
   * @param alert the alert after grouping (count and last-seen time updated)
   */
  record Grouped(AlertRecord alert) implements PipelineOutcome {
    /** Validates. */
    public Grouped {
      Objects.requireNonNull(alert, "alert");
    }
  }

  /**
   * A suppression covered the detection; no alert was created or changed.
   *
   * @param suppression the suppression that matched
   */
  record Suppressed(Suppression suppression) implements PipelineOutcome {
    /** Validates. */
    public Suppressed {
      Objects.requireNonNull(suppression, "suppression");
    }
  }
}
