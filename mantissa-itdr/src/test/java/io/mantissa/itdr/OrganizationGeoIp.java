package io.mantissa.itdr;

import io.mantissa.sources.synthetic.Location;
import io.mantissa.sources.synthetic.Organization;
import io.mantissa.spi.enrich.GeoIpLookup;
import io.mantissa.spi.enrich.GeoLocation;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A GeoIP lookup over the synthetic organisation's networks (homes and foreign places), as a GeoIP
 * database would answer for them: each place gets its own private-use ASN (64512 + its index).
 * Addresses outside every place (the rotating proxies of {@code 198.18.0.0/15}) are unknown.
 */
final class OrganizationGeoIp implements GeoIpLookup {
  private final List<Location> places = new ArrayList<>();

  OrganizationGeoIp(Organization org) {
    places.addAll(org.homes());
    places.addAll(org.foreign());
  }

  @Override
  public Optional<GeoLocation> lookup(String ip) {
    for (int i = 0; i < places.size(); i++) {
      Location l = places.get(i);
      if (l.contains(ip)) {
        long asn = 64512L + i;
        return Optional.of(
            new GeoLocation(l.country(), l.city(), l.latitude(), l.longitude(), asn, "AS" + asn));
      }
    }
    return Optional.empty();
  }
}
