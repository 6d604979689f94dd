package io.mantissa.api;

import java.util.Objects;

/**
 * A thing an event or alert is about, such as user {@code alice@example.com} or IP {@code
 * 203.0.113.7}.
 *
 * @param type what kind of thing
 * @param value its identifier, non-blank
 */
public record Entity(EntityType type, String value) {

  /** Validates the entity. */
  public Entity {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(value, "value");
    if (value.isBlank()) {
      throw new IllegalArgumentException("entity value must not be blank");
    }
  }

  /** A user entity. */
  public static Entity user(String value) {
    return new Entity(EntityType.USER, value);
  }

  /** An IP entity. */
  public static Entity ip(String value) {
    return new Entity(EntityType.IP, value);
  }

  @Override
  public String toString() {
    return type.name().toLowerCase(java.util.Locale.ROOT) + ":" + value;
  }
}
