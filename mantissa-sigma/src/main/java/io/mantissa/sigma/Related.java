package io.mantissa.sigma;

import java.util.Objects;

/**
 * A {@code related} entry of a rule.
 *
 * @param id the other rule's id
 * @param type the relation: derived, obsolete, merged, renamed or similar
 */
public record Related(String id, String type) {
  /** Validates the entry. */
  public Related {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(type, "type");
  }
}
