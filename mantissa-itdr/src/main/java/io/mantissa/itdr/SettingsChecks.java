package io.mantissa.itdr;

import io.mantissa.api.ErrorCode;
import io.mantissa.api.MantissaException;
import java.time.Duration;
import java.util.Objects;

/**
 * The range checks of the ITDR settings records, each failure a {@code CONFIG_INVALID} error whose
 * message starts with the settings' {@code prefix} (such as {@code "itdr: "}).
 */
record SettingsChecks(String prefix) {

  void atLeast(int value, int min, String name) {
    if (value < min) {
      throw invalid(name + " must be at least " + min + ", was " + value);
    }
  }

  void positive(Duration d, String name) {
    Objects.requireNonNull(d, name);
    if (d.isNegative() || d.isZero()) {
      throw invalid(name + " must be positive, was " + d);
    }
  }

  void notNegative(Duration d, String name) {
    Objects.requireNonNull(d, name);
    if (d.isNegative()) {
      throw invalid(name + " must not be negative");
    }
  }

  MantissaException invalid(String message) {
    return new MantissaException(ErrorCode.CONFIG_INVALID, prefix + message);
  }
}
