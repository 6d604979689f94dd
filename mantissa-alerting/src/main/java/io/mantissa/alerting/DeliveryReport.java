package io.mantissa.alerting;

/**
 * What one {@link Outbox#deliverDue()} pass did.
 *
 * @param delivered deliveries the destination accepted
 * @param retried retryable failures, scheduled again
 * @param deadLettered deliveries moved to the dead-letter list
 * @param skippedOpenCircuit due deliveries not attempted because their destination's circuit is
 *     open
 */
public record DeliveryReport(int delivered, int retried, int deadLettered, int skippedOpenCircuit) {

  /** Attempts made in the pass. */
  public int attempted() {
    return delivered + retried + deadLettered;
  }
}
