package io.mantissa.sigma;

import io.mantissa.api.SourceLocation;
import java.util.Objects;

/**
 * Something accepted but worth knowing, such as an obsolete construct.
 *
 * @param message what is wrong
 * @param location where
 */
public record ParseWarning(String message, SourceLocation location) {
  /** Validates the warning. */
  public ParseWarning {
    Objects.requireNonNull(message, "message");
    Objects.requireNonNull(location, "location");
  }

  @Override
  public String toString() {
    return location + ": " + message;
  }
}
