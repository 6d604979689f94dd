package io.mantissa.spi.alert;

import io.mantissa.api.Alert;

/**
 * A destination for alerts (Slack, PagerDuty, a webhook, ...). {@link #deliver} reports failures as
 * a {@link DeliveryResult} and never throws into the pipeline. The idempotency key is stable across
 * retries of one delivery; sinks pass it on where the destination supports one.
 */
public interface AlertSink {

  /** The name of this destination, as used in routing rules. */
  String name();

  /**
   * Delivers one alert.
   *
   * @param alert the alert
   * @param idempotencyKey the same for every retry of this delivery
   */
  DeliveryResult deliver(Alert alert, String idempotencyKey);
}
