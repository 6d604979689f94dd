package io.mantissa.alerting;

import io.mantissa.api.ErrorCode;
import io.mantissa.api.MantissaException;
import java.time.Duration;
import java.util.Objects;

/** Argument checks the builders of this module share; failures are {@code INVALID_ARGUMENT}. */
final class Checks {
  private Checks() {}

  /** {@code d}, which must be non-null and positive. */
  static Duration positive(Duration d, String name) {
    Objects.requireNonNull(d, name);
    if (d.isNegative() || d.isZero()) {
      throw new MantissaException(ErrorCode.INVALID_ARGUMENT, name + " must be positive");
    }
    return d;
  }

  /** {@code n}, which must be at least 1. */
  static int atLeastOne(int n, String name) {
    if (n < 1) {
      throw new MantissaException(ErrorCode.INVALID_ARGUMENT, name + " must be >= 1");
    }
    return n;
  }
}
