package io.mantissa.spi.enrich;

import java.util.Optional;

/** Asks a threat intelligence source about an indicator. Implementations cache and rate-limit. */
public interface ThreatIntelLookup {

  /** The verdict on {@code indicator}, or empty when the source knows nothing or is unavailable. */
  Optional<ThreatVerdict> lookup(String indicator);
}
