package io.mantissa.sources.collect;

import io.mantissa.api.ErrorCode;
import io.mantissa.api.MantissaException;
import io.mantissa.sources.SourceCatalog;
import io.mantissa.spi.ProviderContext;
import io.mantissa.spi.source.LogCollector;
import io.mantissa.spi.source.LogCollectorProvider;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Map;
import java.util.Properties;

/**
 * The {@code snowflake} collector. Its settings are {@code
 * mantissa.providers.snowflake-collector.*}: {@code jdbc-url}, driver properties as {@code
 * jdbc.<name>} ({@code jdbc.user}, {@code jdbc.private_key_file}, {@code jdbc.password}, {@code
 * jdbc.role}, {@code jdbc.warehouse}, …), and optionally {@code schema}, {@code views}
 * (comma-separated), {@code batch-size}, {@code latency}, {@code since} and {@code lookback}. The
 * Snowflake JDBC driver ({@code net.snowflake:snowflake-jdbc}) is not shipped: put it on the class
 * path.
 */
public final class SnowflakeAccountUsageCollectorProvider implements LogCollectorProvider {

  /** The group of settings this provider reads: {@code mantissa.providers.snowflake-collector}. */
  public static final String SETTINGS = SnowflakeAccountUsageCollector.PROVIDER;

  @Override
  public String name() {
    return "snowflake";
  }

  @Override
  public LogCollector create(ProviderContext context) {
    Map<String, String> raw = context.settings();
    SettingsReader s = new SettingsReader(SETTINGS, raw);
    SnowflakeAccountUsageCollector.Builder b =
        SnowflakeAccountUsageCollector.builder()
            .clock(context.clock())
            .parser(SourceCatalog.load().parser("snowflake", context));
    String url =
        s.get("jdbc-url")
            .orElseThrow(
                () ->
                    new MantissaException(
                        ErrorCode.CONFIG_INVALID, SETTINGS + ": jdbc-url is required"));
    if (!url.startsWith("jdbc:")) {
      throw new MantissaException(
          ErrorCode.CONFIG_INVALID, SETTINGS + ": jdbc-url must start with jdbc:");
    }
    Properties properties = new Properties();
    raw.forEach(
        (k, v) -> {
          if (k.startsWith("jdbc.") && v != null) {
            properties.setProperty(k.substring("jdbc.".length()), v.trim());
          }
        });
    b.jdbcUrl(url, properties);
    s.apply("schema", b::schema);
    s.apply("views", v -> b.views(Arrays.asList(v.split(","))));
    s.apply("batch-size", v -> b.batchSize(Integer.parseInt(v)));
    s.apply("latency", v -> b.latency(Duration.parse(v)));
    s.apply("since", v -> b.since(Instant.parse(v)));
    s.apply("lookback", v -> b.lookback(Duration.parse(v)));
    return b.build();
  }
}
