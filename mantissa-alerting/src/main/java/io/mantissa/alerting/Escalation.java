package io.mantissa.alerting;

import io.mantissa.api.Severity;
import java.time.Duration;
import java.util.Objects;

/**
 * An escalation rule: an alert of at least {@code minSeverity} that is still open (nobody
 * acknowledged it) {@code after} its creation goes, once, to the sink {@code sinkName}.
 *
 * @param minSeverity the lowest severity escalated
 * @param after how long an alert may stay unacknowledged
 * @param sinkName the outbox sink to escalate to
 */
record Escalation(Severity minSeverity, Duration after, String sinkName) {

  /** Validates. */
  public Escalation {
    Objects.requireNonNull(minSeverity, "minSeverity");
    Objects.requireNonNull(after, "after");
    Objects.requireNonNull(sinkName, "sinkName");
    Checks.positive(after, "escalation delay");
  }
}
