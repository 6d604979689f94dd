package io.mantissa.sigma;

import java.util.Objects;
import java.util.Optional;

/**
 * The {@code logsource} of a rule: which events it applies to.
 *
 * @param category the category ({@code process_creation}), if any
 * @param product the product ({@code windows}, {@code okta}), if any
 * @param service the service ({@code security}, {@code cloudtrail}), if any
 */
public record LogSource(
    Optional<String> category, Optional<String> product, Optional<String> service) {
  /** A log source that matches every event. */
  public static final LogSource ANY =
      new LogSource(Optional.empty(), Optional.empty(), Optional.empty());

  /** Validates the log source. */
  public LogSource {
    Objects.requireNonNull(category, "category");
    Objects.requireNonNull(product, "product");
    Objects.requireNonNull(service, "service");
  }

  /** A log source from nullable parts. */
  public static LogSource of(String category, String product, String service) {
    return new LogSource(
        Optional.ofNullable(category), Optional.ofNullable(product), Optional.ofNullable(service));
  }

  /**
   * Whether a rule with this log source applies to events described by {@code events}: every part
   * this log source names must be equal (case-insensitive) in {@code events}.
   */
  public boolean covers(LogSource events) {
    return part(category, events.category)
        && part(product, events.product)
        && part(service, events.service);
  }

  private static boolean part(Optional<String> rule, Optional<String> event) {
    return rule.isEmpty() || (event.isPresent() && event.get().equalsIgnoreCase(rule.get()));
  }
}
