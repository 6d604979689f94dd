package io.mantissa.sources.geo;

import io.mantissa.api.ErrorCode;
import io.mantissa.api.MantissaException;
import io.mantissa.spi.ProviderContext;
import io.mantissa.spi.enrich.GeoIpLookup;
import io.mantissa.spi.enrich.GeoIpLookupProvider;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Map;

/**
 * The {@code maxmind} GeoIP lookup. Its settings are {@code mantissa.providers.maxmind.*}: {@code
 * city-db} (path of a GeoIP2/GeoLite2 City or DB-IP Lite City {@code .mmdb} file, required) and
 * {@code asn-db} (path of a GeoLite2 ASN {@code .mmdb} file, optional).
 */
public final class MaxMindGeoIpLookupProvider implements GeoIpLookupProvider {

  /** The provider name and group of settings: {@code mantissa.providers.maxmind}. */
  public static final String NAME = "maxmind";

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public GeoIpLookup create(ProviderContext context) {
    Map<String, String> s = context.settings();
    String city = s.get("city-db");
    if (city == null || city.isBlank()) {
      throw new MantissaException(
          ErrorCode.CONFIG_INVALID,
          "mantissa.providers.maxmind.city-db is not set; " + MaxMindGeoIpLookup.HOW_TO_GET);
    }
    String asn = s.get("asn-db");
    return MaxMindGeoIpLookup.open(
        path("city-db", city), asn == null || asn.isBlank() ? null : path("asn-db", asn));
  }

  private static Path path(String key, String value) {
    try {
      return Path.of(value.trim());
    } catch (InvalidPathException e) {
      throw new MantissaException(
          ErrorCode.CONFIG_INVALID,
          "mantissa.providers.maxmind." + key + " is not a path: " + value);
    }
  }
}
