package io.mantissa.alerting;

/**
 * Told about alerts as the pipeline creates and changes them; the hook that response automation
 * (SOAR) subscribes to. Listeners run on the caller's thread after the state is stored; an
 * exception from a listener is logged and does not undo the alert.
 */
@FunctionalInterface
public interface AlertListener {

  /** A new alert was created. */
  void alertCreated(AlertRecord alert);

  /** An alert's status changed; does nothing unless overridden. */
  default void alertUpdated(AlertRecord alert) {}
}
