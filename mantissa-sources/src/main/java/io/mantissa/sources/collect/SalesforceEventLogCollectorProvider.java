package io.mantissa.sources.collect;

import io.mantissa.api.config.Secret;
import io.mantissa.sources.SourceCatalog;
import io.mantissa.spi.ProviderContext;
import io.mantissa.spi.source.LogCollector;
import io.mantissa.spi.source.LogCollectorProvider;
import java.util.Arrays;
import java.util.Optional;

/**
 * The {@code salesforce} collector (event log files). Its settings are {@code
 * mantissa.providers.salesforce-collector.*}: {@code base-url} (the instance or My Domain URL),
 * {@code access-token} or {@code client-id} and {@code client-secret}, and optionally {@code
 * api-version}, {@code rows-per-page}, {@code interval}, {@code event-types} (comma-separated),
 * {@code since}, {@code lookback}, {@code timeout} and {@code allow-private-addresses}.
 */
public final class SalesforceEventLogCollectorProvider implements LogCollectorProvider {

  /** The group of settings this provider reads: {@code mantissa.providers.salesforce-collector}. */
  public static final String SETTINGS = SalesforceEventLogCollector.PROVIDER;

  @Override
  public String name() {
    return "salesforce";
  }

  @Override
  public LogCollector create(ProviderContext context) {
    SettingsReader s = new SettingsReader(SETTINGS, context.settings());
    SalesforceEventLogCollector.Builder b =
        SalesforceEventLogCollector.builder()
            .clock(context.clock())
            .parser(SourceCatalog.load().parser("salesforce", context));
    s.common(b);
    s.secret("access-token").ifPresent(b::accessToken);
    Optional<Secret> id = s.secret("client-id");
    Optional<Secret> secret = s.secret("client-secret");
    if (id.isPresent() && secret.isPresent()) {
      b.clientCredentials(id.get(), secret.get());
    }
    s.apply("api-version", b::apiVersion);
    s.apply("rows-per-page", v -> b.rowsPerPage(Integer.parseInt(v)));
    s.apply("interval", b::interval);
    s.apply(
        "event-types", v -> b.eventTypes(Arrays.stream(v.split(",")).map(String::trim).toList()));
    return b.build();
  }
}
