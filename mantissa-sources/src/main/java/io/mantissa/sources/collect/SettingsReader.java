package io.mantissa.sources.collect;

import io.mantissa.api.ErrorCode;
import io.mantissa.api.MantissaException;
import io.mantissa.api.config.Secret;
import java.time.DateTimeException;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Reads one provider's settings for the collectors and receivers of this package: trimmed values,
 * secrets, the settings every HTTP collector shares (through {@link CollectorSettings}), and a bad
 * value turned into {@code CONFIG_INVALID} naming the settings group and the key, never the value
 * of a secret.
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
    return Optional.ofNullable(CollectorSettings.text(settings, key));
  }

  /** A secret setting, when set. */
  Optional<Secret> secret(String key) {
    return get(key).map(Secret::of);
  }

  /** Applies the shared settings to {@code builder}. */
  void common(CollectorBuilder<?> builder) {
    try {
      CollectorSettings.common(settings, builder);
    } catch (IllegalArgumentException | DateTimeException e) {
      throw new MantissaException(
          ErrorCode.CONFIG_INVALID, group + ": invalid setting: " + e.getMessage());
    }
  }

  /** Applies {@code key} when set; a value {@code setter} refuses is {@code CONFIG_INVALID}. */
  void apply(String key, Consumer<String> setter) {
    Optional<String> v = get(key);
    if (v.isEmpty()) {
      return;
    }
    try {
      setter.accept(v.get());
    } catch (IllegalArgumentException | DateTimeException e) {
      throw new MantissaException(
          ErrorCode.CONFIG_INVALID, group + ": invalid setting '" + key + "': " + e.getMessage());
    }
  }
}
