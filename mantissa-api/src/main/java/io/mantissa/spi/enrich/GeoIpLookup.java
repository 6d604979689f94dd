package io.mantissa.spi.enrich;

import java.util.Optional;

/** Finds where an IP address is. Lookups must be fast: they run at ingest for every event. */
public interface GeoIpLookup {

  /** The location of {@code ip} (IPv4 or IPv6 text), or empty when unknown or not an address. */
  Optional<GeoLocation> lookup(String ip);
}
