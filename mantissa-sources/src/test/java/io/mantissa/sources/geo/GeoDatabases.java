package io.mantissa.sources.geo;

import io.mantissa.sources.geo.MmdbWriter.U16;
import io.mantissa.sources.geo.MmdbWriter.U32;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Test City and ASN databases written with {@link MmdbWriter}. */
final class GeoDatabases {
  /** A public address in the London network of the test City database (AS 20712). */
  static final String LONDON = "81.2.69.160";

  /** A public address in the Mountain View network; the City record has no city name. */
  static final String COUNTRY_ONLY = "8.8.4.4";

  /** A public IPv6 address in the Frankfurt network. */
  static final String FRANKFURT_V6 = "2a00:1450:4001:800::200e";

  /** A public address no database knows. */
  static final String UNKNOWN = "1.1.1.1";

  private GeoDatabases() {}

  static Map<String, Object> city(
      String iso, String country, String city, double lat, double lon, String tz) {
    Map<String, Object> r = new LinkedHashMap<>();
    r.put(
        "continent",
        Map.of("code", "EU", "geoname_id", new U32(6_255_148), "names", Map.of("en", "Europe")));
    r.put(
        "country",
        Map.of("iso_code", iso, "geoname_id", new U32(2_635_167), "names", Map.of("en", country)));
    if (city != null) {
      r.put("city", Map.of("geoname_id", new U32(2_643_743), "names", Map.of("en", city)));
    }
    r.put(
        "location",
        Map.of(
            "latitude", lat, "longitude", lon, "accuracy_radius", new U16(100), "time_zone", tz));
    r.put("subdivisions", List.of(Map.of("iso_code", "ENG", "names", Map.of("en", "England"))));
    r.put("registered_country", Map.of("iso_code", iso, "is_in_european_union", Boolean.FALSE));
    return r;
  }

  /** A City database of type {@code type} ("GeoLite2-City", "DBIP-City-Lite"). */
  static Path writeCity(Path dir, String type) throws IOException {
    MmdbWriter w = new MmdbWriter(type);
    w.insert(
        "81.2.69.0/24", city("GB", "United Kingdom", "London", 51.5142, -0.0931, "Europe/London"));
    w.insert("8.8.4.0/24", city("US", "United States", null, 37.751, -97.822, "America/Chicago"));
    w.insert(
        "2a00:1450:4001::/48",
        city("DE", "Germany", "Frankfurt am Main", 50.1188, 8.6843, "Europe/Berlin"));
    // Documentation ranges with data: these must still never be looked up.
    w.insert(
        "203.0.113.0/24", city("AU", "Australia", "Sydney", -33.86, 151.2, "Australia/Sydney"));
    w.insert("198.51.100.0/24", city("FR", "France", "Paris", 48.85, 2.35, "Europe/Paris"));
    w.insert("10.0.0.0/8", city("US", "United States", "Nowhere", 1.0, 1.0, "UTC"));
    if (w.pointersWritten() == 0) {
      throw new IllegalStateException("the test database should exercise pointers");
    }
    return w.write(dir.resolve(type + ".mmdb"));
  }

  /** A GeoLite2-ASN database. */
  static Path writeAsn(Path dir) throws IOException {
    MmdbWriter w = new MmdbWriter("GeoLite2-ASN");
    w.insert(
        "81.2.64.0/20",
        Map.of(
            "autonomous_system_number",
            new U32(20_712),
            "autonomous_system_organization",
            "Andrews & Arnold Ltd"));
    w.insert(
        "2a00:1450::/32",
        Map.of(
            "autonomous_system_number",
            new U32(15_169),
            "autonomous_system_organization",
            "GOOGLE"));
    w.insert(
        "203.0.113.0/24",
        Map.of(
            "autonomous_system_number", new U32(64_496), "autonomous_system_organization", "DOC"));
    return w.write(dir.resolve("GeoLite2-ASN.mmdb"));
  }
}
