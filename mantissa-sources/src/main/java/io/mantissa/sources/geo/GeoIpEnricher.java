package io.mantissa.sources.geo;

import io.mantissa.api.Event;
import io.mantissa.spi.enrich.GeoIpLookup;
import io.mantissa.spi.enrich.GeoLocation;
import java.net.InetAddress;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Adds where an event's source address is to its OCSF fields. For an event with {@code
 * src_endpoint.ip}:
 *
 * <ul>
 *   <li>a public address is looked up and sets {@code src_endpoint.location.country} (ISO 3166-1
 *       alpha-2), {@code .city}, {@code .lat}, {@code .long} and {@code
 *       src_endpoint.autonomous_system.number} and {@code .name}, each when known;
 *   <li>a private, loopback, link-local, documentation, multicast or reserved address is not looked
 *       up; it sets {@code src_endpoint.location.desc} to {@link IpScope#label()} ({@code
 *       "private"}, {@code "loopback"}, {@code "link-local"}, {@code "documentation"}, {@code
 *       "multicast"}, {@code "reserved"}).
 * </ul>
 *
 * <p>Fields the normalizer already set are kept: a vendor's country wins, and when it differs from
 * the database's, the database's city and coordinates are not added either. Native fields (and the
 * raw JSON text they came from) are untouched. A failing lookup leaves the event as it was.
 */
public final class GeoIpEnricher {
  private static final Logger LOG = LoggerFactory.getLogger(GeoIpEnricher.class);

  private final GeoIpLookup lookup;

  /** An enricher looking addresses up in {@code lookup}. */
  public GeoIpEnricher(GeoIpLookup lookup) {
    this.lookup = Objects.requireNonNull(lookup, "lookup");
  }

  /** The event with location fields added, or {@code event} itself when there is nothing to add. */
  public Event enrich(Event event) {
    try {
      return enrichOrSame(event);
    } catch (RuntimeException e) {
      LOG.debug("GeoIP enrichment of event {} failed", event.id(), e);
      return event;
    }
  }

  private Event enrichOrSame(Event event) {
    if (!(event.normalized().get("src_endpoint") instanceof Map<?, ?> endpoint)
        || !(endpoint.get("ip") instanceof String ip)) {
      return event;
    }
    Optional<InetAddress> address = IpScope.parse(ip);
    if (address.isEmpty()) {
      return event;
    }
    IpScope scope = IpScope.of(address.get());
    Map<String, Object> src = copy(endpoint);
    Map<String, Object> location =
        src.get("location") instanceof Map<?, ?> l ? copy(l) : new LinkedHashMap<>();
    if (scope != IpScope.PUBLIC) {
      if (location.containsKey("desc")) {
        return event;
      }
      location.put("desc", scope.label());
      src.put("location", location);
      return with(event, src);
    }
    Optional<GeoLocation> found = lookup.lookup(ip);
    if (found.isEmpty()) {
      return event;
    }
    GeoLocation g = found.get();
    Object vendorCountry = location.get("country");
    boolean agrees =
        vendorCountry == null
            || g.countryIsoCode().isEmpty()
            || g.countryIsoCode().equalsIgnoreCase(String.valueOf(vendorCountry));
    if (!g.countryIsoCode().isEmpty()) {
      location.putIfAbsent("country", g.countryIsoCode());
    }
    if (agrees) {
      if (!g.city().isEmpty()) {
        location.putIfAbsent("city", g.city());
      }
      if (Double.isFinite(g.latitude()) && Double.isFinite(g.longitude())) {
        location.putIfAbsent("lat", g.latitude());
        location.putIfAbsent("long", g.longitude());
      }
    }
    if (!location.isEmpty()) {
      src.put("location", location);
    }
    if (g.asn() > 0) {
      Map<String, Object> as =
          src.get("autonomous_system") instanceof Map<?, ?> a ? copy(a) : new LinkedHashMap<>();
      as.putIfAbsent("number", g.asn());
      if (!g.asOrganization().isEmpty()) {
        as.putIfAbsent("name", g.asOrganization());
      }
      src.put("autonomous_system", as);
    }
    return with(event, src);
  }

  private static Event with(Event event, Map<String, Object> src) {
    Map<String, Object> normalized = new LinkedHashMap<>(event.normalized());
    normalized.put("src_endpoint", src);
    // event.fields() is kept as is: a parsed event's raw JSON text travels with it.
    return new Event(event.source(), event.time(), event.id(), event.fields(), normalized);
  }

  private static Map<String, Object> copy(Map<?, ?> map) {
    Map<String, Object> out = new LinkedHashMap<>();
    map.forEach((k, v) -> out.put(String.valueOf(k), v));
    return out;
  }
}
