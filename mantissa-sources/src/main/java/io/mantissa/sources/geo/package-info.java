/**
 * GeoIP enrichment at ingest: the {@code maxmind} {@link io.mantissa.spi.enrich.GeoIpLookup} over
 * MaxMind DB files and {@link io.mantissa.sources.geo.GeoIpEnricher}, which adds OCSF location and
 * autonomous-system fields to events.
 */
package io.mantissa.sources.geo;
