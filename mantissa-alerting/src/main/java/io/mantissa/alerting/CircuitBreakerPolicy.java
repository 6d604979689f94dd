package io.mantissa.alerting;

import io.mantissa.api.ErrorCode;
import io.mantissa.api.MantissaException;
import java.time.Duration;
import java.util.Objects;

/**
 * When the {@link Outbox} stops calling a failing destination: after {@code failureThreshold}
 * consecutive retryable failures the circuit opens for {@code openFor}; then one trial delivery is
 * let through (half-open) and its result closes or reopens the circuit.
 *
 * @param failureThreshold consecutive failures that open the circuit, at least 1
 * @param openFor how long the circuit stays open
 */
public record CircuitBreakerPolicy(int failureThreshold, Duration openFor) {

  /** Validates. */
  public CircuitBreakerPolicy {
    Objects.requireNonNull(openFor, "openFor");
    if (failureThreshold < 1 || openFor.isNegative() || openFor.isZero()) {
      throw new MantissaException(
          ErrorCode.INVALID_ARGUMENT, "failureThreshold must be >= 1 and openFor positive");
    }
  }

  /** 5 consecutive failures open the circuit for 1 minute. */
  public static CircuitBreakerPolicy defaults() {
    return new CircuitBreakerPolicy(5, Duration.ofMinutes(1));
  }
}
