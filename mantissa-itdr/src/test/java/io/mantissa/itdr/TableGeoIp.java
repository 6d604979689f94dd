package io.mantissa.itdr;

import io.mantissa.spi.enrich.GeoIpLookup;
import io.mantissa.spi.enrich.GeoLocation;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/** A GeoIP lookup by the first two octets of an IPv4 address, filled by the test. */
final class TableGeoIp implements GeoIpLookup {
  private final Map<String, GeoLocation> byPrefix = new HashMap<>();

  TableGeoIp put(String prefix, String country, String city, double lat, double lon, long asn) {
    byPrefix.put(prefix, new GeoLocation(country, city, lat, lon, asn, "AS" + asn));
    return this;
  }

  @Override
  public Optional<GeoLocation> lookup(String ip) {
    int first = ip.indexOf('.');
    int second = first < 0 ? -1 : ip.indexOf('.', first + 1);
    return second < 0
        ? Optional.empty()
        : Optional.ofNullable(byPrefix.get(ip.substring(0, second)));
  }

  /** Berlin home ISP, Berlin mobile, Paris, New York, Lagos hosting, a VPN egress in NL. */
  static TableGeoIp standard() {
    return new TableGeoIp()
        .put("81.10", "DE", "Berlin", 52.52, 13.40, 3320)
        .put("100.10", "DE", "Berlin", 52.52, 13.40, 6805)
        .put("82.20", "FR", "Paris", 48.86, 2.35, 3215)
        .put("24.30", "US", "New York", 40.71, -74.01, 7922)
        .put("45.40", "NG", "Lagos", 6.52, 3.38, 14061)
        .put("185.50", "NL", "Amsterdam", 52.37, 4.90, 9009);
  }

  static final long VPN_ASN = 9009;
}
