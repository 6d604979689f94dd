package io.mantissa.sources.collect;

import io.mantissa.sources.SourceCatalog;
import io.mantissa.spi.ProviderContext;
import io.mantissa.spi.source.LogCollector;
import io.mantissa.spi.source.LogCollectorProvider;
import java.util.Arrays;

/**
 * The {@code m365} collector: the Office 365 Management Activity API. Its settings are {@code
 * mantissa.providers.m365-collector.*}: {@code tenant-id}, {@code client-id} and {@code
 * client-secret} (or {@code access-token}), and optionally {@code content-types} (comma-separated,
 * default all five), {@code publisher-id}, {@code login-url}, {@code base-url}, {@code since},
 * {@code lookback}, {@code timeout} and {@code allow-private-addresses}.
 */
public final class Office365ManagementCollectorProvider implements LogCollectorProvider {

  /** The group of settings this provider reads. */
  public static final String SETTINGS = Office365ManagementCollector.PROVIDER;

  @Override
  public String name() {
    return "m365";
  }

  @Override
  public LogCollector create(ProviderContext context) {
    SettingsReader s = new SettingsReader(SETTINGS, context.settings());
    Office365ManagementCollector.Builder b =
        Office365ManagementCollector.builder()
            .clock(context.clock())
            .parser(SourceCatalog.load().parser("m365", context));
    s.common(b);
    EntraCredentials.read(s, b);
    s.apply("content-types", v -> b.contentTypes(Arrays.asList(v.split(","))));
    s.apply("publisher-id", b::publisherId);
    return b.build();
  }
}
