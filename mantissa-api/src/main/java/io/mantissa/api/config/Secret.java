package io.mantissa.api.config;

import java.util.Objects;

/**
 * A secret value (API key, token, password). Its {@link #toString()} never shows the value, so
 * secrets cannot leak through logs or printed configuration; call {@link #reveal()} only where the
 * value is used.
 */
public final class Secret {
  private final String value;

  private Secret(String value) {
    this.value = value;
  }

  /** Wraps a secret value. */
  public static Secret of(String value) {
    return new Secret(Objects.requireNonNull(value, "value"));
  }

  /** The secret value itself. */
  public String reveal() {
    return value;
  }

  /** Whether {@code candidate} equals the secret, compared in constant time. */
  public boolean matches(String candidate) {
    return candidate != null
        && java.security.MessageDigest.isEqual(
            value.getBytes(java.nio.charset.StandardCharsets.UTF_8),
            candidate.getBytes(java.nio.charset.StandardCharsets.UTF_8));
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Secret other && other.value.equals(value);
  }

  @Override
  public int hashCode() {
    return value.hashCode();
  }

  /** Always {@code "****"}. */
  @Override
  public String toString() {
    return "****";
  }
}
