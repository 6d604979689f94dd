package io.mantissa.itdr;

/** How an identity event ended. */
public enum Outcome {
  /** OCSF {@code status_id} 1. */
  SUCCESS,
  /** OCSF {@code status_id} 2, except the interrupts listed in {@link IdentityEventReader}. */
  FAILURE,
  /**
   * The provider interrupted the flow to ask for more (Entra ID "MFA required" codes): neither a
   * failed credential nor a success.
   */
  INTERRUPTED,
  /** The record does not say. */
  UNKNOWN
}
