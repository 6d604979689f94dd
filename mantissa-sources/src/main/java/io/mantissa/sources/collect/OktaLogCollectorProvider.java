package io.mantissa.sources.collect;

import io.mantissa.sources.SourceCatalog;
import io.mantissa.spi.ProviderContext;
import io.mantissa.spi.source.LogCollector;
import io.mantissa.spi.source.LogCollectorProvider;

/**
 * The {@code okta} collector. Its settings are {@code mantissa.providers.okta-collector.*}: {@code
 * domain} (such as {@code example.okta.com}) or {@code base-url}, {@code api-token}, and optionally
 * {@code limit}, {@code since} (ISO instant), {@code lookback} (ISO duration, default {@code P7D}),
 * {@code timeout} (ISO duration) and {@code allow-private-addresses}. The context passed to {@link
 * #create} carries those settings.
 */
public final class OktaLogCollectorProvider implements LogCollectorProvider {

  /** The group of settings this provider reads: {@code mantissa.providers.okta-collector}. */
  public static final String SETTINGS = OktaLogCollector.PROVIDER;

  @Override
  public String name() {
    return "okta";
  }

  @Override
  public LogCollector create(ProviderContext context) {
    SettingsReader s = new SettingsReader(SETTINGS, context.settings());
    OktaLogCollector.Builder b =
        OktaLogCollector.builder()
            .clock(context.clock())
            .parser(SourceCatalog.load().parser("okta", context));
    s.common(b);
    if (s.get("base-url").isEmpty()) {
      s.get("domain").ifPresent(d -> b.baseUrl(d.startsWith("https://") ? d : "https://" + d));
    }
    s.secret("api-token").ifPresent(b::apiToken);
    s.apply("limit", v -> b.limit(Integer.parseInt(v)));
    return b.build();
  }
}
