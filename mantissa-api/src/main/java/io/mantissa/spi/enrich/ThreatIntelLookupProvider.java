package io.mantissa.spi.enrich;

import io.mantissa.spi.Provider;

/**
 * Creates {@link ThreatIntelLookup}s; registered under a name such as {@code "abuseipdb"} and
 * configured from {@code mantissa.providers.<name>.<key>}.
 */
public interface ThreatIntelLookupProvider extends Provider<ThreatIntelLookup> {}
