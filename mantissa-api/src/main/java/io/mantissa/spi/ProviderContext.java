package io.mantissa.spi;

import io.mantissa.api.config.MantissaConfig;
import java.time.Clock;
import java.util.Map;
import java.util.Objects;

/**
 * What a provider gets to build its instance: the whole configuration, the clock (injected so that
 * tests control time), and the settings addressed to this provider ({@code
 * mantissa.providers.<name>.<key>}).
 *
 * @param config the configuration
 * @param clock the clock to use for all time decisions
 * @param settings this provider's own settings, possibly empty
 */
public record ProviderContext(MantissaConfig config, Clock clock, Map<String, String> settings) {

  /** Validates the context. */
  public ProviderContext {
    Objects.requireNonNull(config, "config");
    Objects.requireNonNull(clock, "clock");
    settings = Map.copyOf(settings);
  }

  /** A context with the UTC system clock and the provider settings found in {@code config}. */
  public static ProviderContext of(MantissaConfig config, String providerName) {
    return new ProviderContext(config, Clock.systemUTC(), config.providerSettings(providerName));
  }
}
