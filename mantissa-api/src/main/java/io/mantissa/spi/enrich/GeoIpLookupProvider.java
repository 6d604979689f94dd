package io.mantissa.spi.enrich;

import io.mantissa.spi.Provider;

/**
 * Creates {@link GeoIpLookup}s; registered under a name such as {@code "maxmind"} and configured
 * from {@code mantissa.providers.<name>.<key>}.
 */
public interface GeoIpLookupProvider extends Provider<GeoIpLookup> {}
