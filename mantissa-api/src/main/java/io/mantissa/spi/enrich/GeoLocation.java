package io.mantissa.spi.enrich;

import java.util.Objects;

/**
 * Where an IP address is.
 *
 * @param countryIsoCode ISO 3166-1 alpha-2 country code, or empty when unknown
 * @param city city name, or empty when unknown
 * @param latitude latitude in degrees
 * @param longitude longitude in degrees
 * @param asn autonomous system number, or 0 when unknown
 * @param asOrganization the AS organisation, or empty when unknown
 */
public record GeoLocation(
    String countryIsoCode,
    String city,
    double latitude,
    double longitude,
    long asn,
    String asOrganization) {

  /** Validates. */
  public GeoLocation {
    Objects.requireNonNull(countryIsoCode, "countryIsoCode");
    Objects.requireNonNull(city, "city");
    Objects.requireNonNull(asOrganization, "asOrganization");
  }
}
