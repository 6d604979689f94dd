package io.mantissa.sources.collect;

import io.mantissa.api.ErrorCode;
import io.mantissa.api.MantissaException;
import io.mantissa.api.config.Secret;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Reads one provider's settings for the collectors and receivers of this package: trimmed values,
 * secrets, the settings every HTTP collector shares, and a bad value turned into {@code
 * CONFIG_INVALID} naming the settings group and the key, never the value of a secret.
 */
final class SettingsReader {
  private final String group;
  private final Map<String, String> settings;

  SettingsReader(String group, Map<String, String> settings) {
    this.group = group;
    this.settings = settings;
  }

  /** A trimmed, non-blank setting. */
  Optional<String> get(String key) {
    String v = settings.get(key);
    return v == null || v.isBlank() ? Optional.empty() : Optional.of(v.trim());
  }

  /** A secret setting, when set. */
  Optional<Secret> secret(String key) {
    return get(key).map(Secret::of);
  }

  /**
   * Applies the settings every HTTP collector shares to {@code builder}: {@code base-url}, {@code
   * allow-private-addresses}, {@code since}, {@code lookback}, {@code timeout}.
   */
  void common(CollectorBuilder<?> builder) {
    apply("base-url", builder::baseUrl);
    builder.allowPrivateAddresses(
        get("allow-private-addresses").map(Boolean::parseBoolean).orElse(false));
    apply("since", v -> builder.since(Instant.parse(v)));
    apply("lookback", v -> builder.lookback(Duration.parse(v)));
    apply("timeout", v -> builder.timeout(Duration.parse(v)));
  }

  /** Throws {@code CONFIG_INVALID} for this group: {@code message} says what is wrong. */
  MantissaException invalid(String message) {
    return new MantissaException(ErrorCode.CONFIG_INVALID, group + ": " + message);
  }

  /** Applies {@code key} when set; a value {@code setter} refuses is {@code CONFIG_INVALID}. */
  void apply(String key, Consumer<String> setter) {
    get(key).ifPresent(v -> applyValue(key, v, setter));
  }

  /**
   * Applies {@code value} as {@code key} (a value read from elsewhere, such as a credentials file);
   * a value {@code setter} refuses is {@code CONFIG_INVALID}.
   */
  void applyValue(String key, String value, Consumer<String> setter) {
    try {
      setter.accept(value);
    } catch (IllegalArgumentException | DateTimeException e) {
      throw new MantissaException(
          ErrorCode.CONFIG_INVALID, group + ": invalid setting '" + key + "': " + e.getMessage());
    }
  }
}
