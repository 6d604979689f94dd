package io.mantissa.sources.collect;

import io.mantissa.sources.SourceCatalog;
import io.mantissa.spi.ProviderContext;
import io.mantissa.spi.source.LogCollector;
import io.mantissa.spi.source.LogCollectorProvider;
import java.util.Arrays;

/**
 * The {@code onepassword} collector. Its settings are {@code
 * mantissa.providers.onepassword-collector.*}: {@code token}, and optionally {@code base-url}
 * (default {@code https://events.1password.com}; {@code events.1password.ca}, {@code
 * events.1password.eu} and {@code events.ent.1password.com} for other regions), {@code limit},
 * {@code endpoints} (comma-separated), {@code since}, {@code lookback}, {@code timeout} and {@code
 * allow-private-addresses}.
 */
public final class OnePasswordEventsCollectorProvider implements LogCollectorProvider {

  /**
   * The group of settings this provider reads: {@code mantissa.providers.onepassword-collector}.
   */
  public static final String SETTINGS = OnePasswordEventsCollector.PROVIDER;

  @Override
  public String name() {
    return "onepassword";
  }

  @Override
  public LogCollector create(ProviderContext context) {
    SettingsReader s = new SettingsReader(SETTINGS, context.settings());
    OnePasswordEventsCollector.Builder b =
        OnePasswordEventsCollector.builder()
            .clock(context.clock())
            .parser(SourceCatalog.load().parser("onepassword", context));
    s.common(b);
    s.secret("token").ifPresent(b::token);
    s.apply("limit", v -> b.limit(Integer.parseInt(v)));
    s.apply("endpoints", v -> b.endpoints(Arrays.stream(v.split(",")).map(String::trim).toList()));
    return b.build();
  }
}
