package io.mantissa.itdr;

import java.util.Locale;
import java.util.Objects;

/**
 * Where an identity event came from.
 *
 * @param country ISO 3166-1 alpha-2 country code, upper case, or empty when unknown
 * @param city the city, or empty when unknown
 * @param latitude degrees, {@code NaN} when unknown
 * @param longitude degrees, {@code NaN} when unknown
 * @param asn the autonomous system number, 0 when unknown
 */
public record Geo(String country, String city, double latitude, double longitude, long asn) {

  /** Validates and upper-cases the country code. */
  public Geo {
    Objects.requireNonNull(country, "country");
    Objects.requireNonNull(city, "city");
    country = country.trim().toUpperCase(Locale.ROOT);
    if (!country.isEmpty() && !country.matches("[A-Z]{2}")) {
      throw new IllegalArgumentException("country must be an ISO alpha-2 code, was " + country);
    }
    if (!Double.isNaN(latitude) && (latitude < -90 || latitude > 90)) {
      throw new IllegalArgumentException("latitude out of range: " + latitude);
    }
    if (!Double.isNaN(longitude) && (longitude < -180 || longitude > 180)) {
      throw new IllegalArgumentException("longitude out of range: " + longitude);
    }
    if (asn < 0) {
      throw new IllegalArgumentException("asn must not be negative, was " + asn);
    }
    if (Double.isNaN(latitude) != Double.isNaN(longitude)) {
      throw new IllegalArgumentException("latitude and longitude are both known or both unknown");
    }
  }

  /** Whether latitude and longitude are known. */
  public boolean hasCoordinates() {
    return !Double.isNaN(latitude);
  }

  /** Whether the country is known. */
  public boolean hasCountry() {
    return !country.isEmpty();
  }

  /** This location with the unknown parts taken from {@code other}. */
  Geo orElse(Geo other) {
    boolean coords = hasCoordinates();
    return new Geo(
        country.isEmpty() ? other.country : country,
        city.isEmpty() ? other.city : city,
        coords ? latitude : other.latitude,
        coords ? longitude : other.longitude,
        asn == 0 ? other.asn : asn);
  }

  /** Great-circle distance in kilometres (haversine, mean Earth radius 6371.0088 km). */
  static double distanceKm(Geo a, Geo b) {
    double lat1 = Math.toRadians(a.latitude);
    double lat2 = Math.toRadians(b.latitude);
    double dLat = lat2 - lat1;
    double dLon = Math.toRadians(b.longitude - a.longitude);
    double h =
        Math.sin(dLat / 2) * Math.sin(dLat / 2)
            + Math.cos(lat1) * Math.cos(lat2) * Math.sin(dLon / 2) * Math.sin(dLon / 2);
    return 2 * 6371.0088 * Math.asin(Math.min(1, Math.sqrt(h)));
  }

  /** Nothing known. */
  static final Geo UNKNOWN = new Geo("", "", Double.NaN, Double.NaN, 0);
}
