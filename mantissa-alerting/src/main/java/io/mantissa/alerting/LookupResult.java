package io.mantissa.alerting;

import java.util.Objects;
import java.util.Optional;

/**
 * What an enrichment client found, told apart so that {@link AlertEnricher} caches answers
 * ("found", "unknown") but not outages ("unavailable": rate limited, 5xx, timeout, rejected
 * credentials), which would otherwise hide context for a whole cache TTL.
 *
 * @param <T> the kind of context
 */
sealed interface LookupResult<T> {

  /** The source knows the key. */
  record Found<T>(T value) implements LookupResult<T> {
    public Found {
      Objects.requireNonNull(value, "value");
    }
  }

  /** The source answered and does not know the key (or the key is not one it can look up). */
  record Unknown<T>() implements LookupResult<T> {}

  /** The source did not answer usefully; ask again later. */
  record Unavailable<T>(String reason) implements LookupResult<T> {
    public Unavailable {
      Objects.requireNonNull(reason, "reason");
    }
  }

  /** The value, empty for unknown and unavailable (the SPIs' contract). */
  default Optional<T> asOptional() {
    return this instanceof Found<T> f ? Optional.of(f.value()) : Optional.empty();
  }

  /** A client whose answers tell "unknown" and "unavailable" apart. */
  interface Source<T> {
    /** Looks {@code key} up; never throws. */
    LookupResult<T> find(String key);
  }
}
