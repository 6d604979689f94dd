package io.mantissa.api;

import java.util.Arrays;
import java.util.Locale;

/** How urgent an alert is. The names and order are the Sigma {@code level} values. */
public enum Severity {
  /** Worth recording, not worth a notification. */
  INFORMATIONAL,
  /** Low urgency. */
  LOW,
  /** Look at it today. */
  MEDIUM,
  /** Look at it now. */
  HIGH,
  /** Wake someone up. */
  CRITICAL;

  /**
   * Parses a severity by name, case-insensitively ({@code "high"}, {@code "HIGH"}).
   *
   * @throws MantissaException with {@link ErrorCode#INVALID_ARGUMENT} listing the valid names
   */
  public static Severity fromName(String name) {
    for (Severity s : values()) {
      if (s.name().equalsIgnoreCase(name.trim())) {
        return s;
      }
    }
    throw new MantissaException(
        ErrorCode.INVALID_ARGUMENT,
        "unknown severity '" + name + "'; expected one of " + Arrays.toString(namesLowerCase()));
  }

  /** The lower-case name used in Sigma rules and JSON. */
  public String lowerCaseName() {
    return name().toLowerCase(Locale.ROOT);
  }

  private static String[] namesLowerCase() {
    return Arrays.stream(values()).map(Severity::lowerCaseName).toArray(String[]::new);
  }
}
