package io.mantissa.sources.collect;

import io.mantissa.api.config.Secret;
import io.mantissa.sources.SourceCatalog;
import io.mantissa.spi.ProviderContext;
import io.mantissa.spi.source.LogCollector;
import io.mantissa.spi.source.LogCollectorProvider;
import java.time.Duration;
import java.util.Optional;

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
    SettingsReader s = new SettingsReader(SETTINGS, context.settings());
    DuoAdminLogCollector.Builder b =
        DuoAdminLogCollector.builder()
            .clock(context.clock())
            .parser(SourceCatalog.load().parser("duo", context));
    s.apply("host", b::host);
    s.common(b);
    Optional<String> ikey = s.get("integration-key");
    Optional<Secret> skey = s.secret("secret-key");
    if (ikey.isPresent() && skey.isPresent()) {
      b.keys(ikey.get(), skey.get());
    }
    s.apply("limit", v -> b.limit(Integer.parseInt(v)));
    s.apply("delay", v -> b.delay(Duration.parse(v)));
    return b.build();
  }
}
