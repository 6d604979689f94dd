package io.mantissa.sources.collect;

import io.mantissa.api.ErrorCode;
import io.mantissa.api.MantissaException;
import io.mantissa.api.config.Secret;
import io.mantissa.sources.SourceCatalog;
import io.mantissa.spi.ProviderContext;
import io.mantissa.spi.source.LogCollector;
import io.mantissa.spi.source.LogCollectorProvider;
import java.time.DateTimeException;
import java.time.Duration;
import java.util.Map;

/**
 * The {@code duo} collector: Cisco Duo's authentication and administrator logs from the Admin API.
 * Its settings are {@code mantissa.providers.duo-collector.*}: {@code host} (such as {@code
 * api-xxxxxxxx.duosecurity.com}) or {@code base-url}, {@code integration-key} and {@code
 * secret-key} of an Admin API application with "Grant read log", and optionally {@code limit},
 * {@code delay}, {@code since}, {@code lookback}, {@code timeout} and {@code
 * allow-private-addresses}.
 */
public final class DuoAdminLogCollectorProvider implements LogCollectorProvider {

  /** The group of settings this provider reads. */
  public static final String SETTINGS = DuoAdminLogCollector.PROVIDER;

  @Override
  public String name() {
    return "duo";
  }

  @Override
  public LogCollector create(ProviderContext context) {
    Map<String, String> s = context.settings();
    DuoAdminLogCollector.Builder b =
        DuoAdminLogCollector.builder()
            .clock(context.clock())
            .parser(SourceCatalog.load().parser("duo", context));
    try {
      String host = CollectorSettings.text(s, "host");
      if (host != null) {
        b.host(host);
      }
      CollectorSettings.common(s, b);
      String ikey = CollectorSettings.text(s, "integration-key");
      String skey = CollectorSettings.text(s, "secret-key");
      if (ikey != null && skey != null) {
        b.keys(ikey, Secret.of(skey));
      }
      if (CollectorSettings.text(s, "limit") != null) {
        b.limit(Integer.parseInt(CollectorSettings.text(s, "limit")));
      }
      if (CollectorSettings.text(s, "delay") != null) {
        b.delay(Duration.parse(CollectorSettings.text(s, "delay")));
      }
    } catch (IllegalArgumentException | DateTimeException e) {
      throw new MantissaException(
          ErrorCode.CONFIG_INVALID, SETTINGS + ": invalid setting: " + e.getMessage());
    }
    return b.build();
  }
}
