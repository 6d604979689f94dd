package io.mantissa.sources.collect;

import io.mantissa.api.ErrorCode;
import io.mantissa.api.MantissaException;
import io.mantissa.sources.SourceCatalog;
import io.mantissa.spi.ProviderContext;
import io.mantissa.spi.source.LogCollector;
import io.mantissa.spi.source.LogCollectorProvider;
import java.time.DateTimeException;
import java.util.Arrays;
import java.util.Map;

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
    Map<String, String> s = context.settings();
    Office365ManagementCollector.Builder b =
        Office365ManagementCollector.builder()
            .clock(context.clock())
            .parser(SourceCatalog.load().parser("m365", context));
    try {
      CollectorSettings.common(s, b);
      EntraCredentials.read(s, b);
      String types = CollectorSettings.text(s, "content-types");
      if (types != null) {
        b.contentTypes(Arrays.asList(types.split(",")));
      }
      b.publisherId(CollectorSettings.text(s, "publisher-id"));
    } catch (IllegalArgumentException | DateTimeException e) {
      throw new MantissaException(
          ErrorCode.CONFIG_INVALID, SETTINGS + ": invalid setting: " + e.getMessage());
    }
    return b.build();
  }
}
