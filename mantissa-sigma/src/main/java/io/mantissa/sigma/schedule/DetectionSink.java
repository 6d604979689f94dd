package io.mantissa.sigma.schedule;

/**
 * Receives the detections of a run. {@link ScheduledDetection} remembers the rows of a detection
 * and advances the rule's watermark only after {@link #deliver} returns, so a sink that throws (or
 * a process that dies while delivering) gets the same rows again on the next run: delivery is
 * at-least-once.
 */
@FunctionalInterface
public interface DetectionSink {

  /**
   * Takes one detection.
   *
   * @throws RuntimeException when it could not take it; the rule's rows are delivered again next
   *     run
   */
  void deliver(RuleDetection detection);
}
