package io.mantissa.spi.state;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A stored document with its version. The version starts at 1 and grows by one with each write of
 * the key; conditional writes compare it.
 *
 * @param key the key
 * @param value the document (usually JSON)
 * @param version the version, at least 1
 * @param expiresAt when the entry stops being visible, if it has a TTL
 */
public record StateEntry(String key, String value, long version, Optional<Instant> expiresAt) {

  /** Validates the entry. */
  public StateEntry {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(value, "value");
    Objects.requireNonNull(expiresAt, "expiresAt");
    if (version < 1) {
      throw new IllegalArgumentException("version must be at least 1, was " + version);
    }
  }
}
