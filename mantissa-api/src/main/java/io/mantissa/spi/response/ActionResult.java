package io.mantissa.spi.response;

import java.util.Objects;

/** What a {@link ResponseAction} did. Actions return it; they do not throw. */
public sealed interface ActionResult {

  /**
   * The action was carried out.
   *
   * @param detail what was done, for the audit log
   */
  record Done(String detail) implements ActionResult {
    /** Validates. */
    public Done {
      Objects.requireNonNull(detail, "detail");
    }
  }

  /**
   * The action failed and may pass on retry.
   *
   * @param reason what went wrong
   */
  record RetryableFailure(String reason) implements ActionResult {
    /** Validates. */
    public RetryableFailure {
      Objects.requireNonNull(reason, "reason");
    }
  }

  /**
   * The action failed for good.
   *
   * @param reason what went wrong
   */
  record PermanentFailure(String reason) implements ActionResult {
    /** Validates. */
    public PermanentFailure {
      Objects.requireNonNull(reason, "reason");
    }
  }
}
