package io.mantissa.sigma.schedule;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * What one {@link ScheduledDetection#run()} did.
 *
 * @param startedAt the clock's instant when the run started
 * @param end the exclusive end of the event time the run covered (start minus the settle delay)
 * @param detections the detections delivered, in rule order
 * @param failures the rules that failed, with their reasons
 * @param rulesRun how many rules and correlations were queried (those with a non-empty window)
 */
public record RunReport(
    Instant startedAt,
    Instant end,
    List<RuleDetection> detections,
    List<DetectionFailure> failures,
    int rulesRun) {

  /** Validates and copies the report. */
  public RunReport {
    Objects.requireNonNull(startedAt, "startedAt");
    Objects.requireNonNull(end, "end");
    detections = List.copyOf(detections);
    failures = List.copyOf(failures);
  }
}
