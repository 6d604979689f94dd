package io.mantissa.api;

/** Where an alert is in its life. */
public enum AlertStatus {
  /** New, nobody has looked at it. */
  OPEN,
  /** Someone is on it. */
  ACKNOWLEDGED,
  /** Handled. */
  RESOLVED,
  /** Not a real threat; may add a scoped exception. */
  FALSE_POSITIVE
}
