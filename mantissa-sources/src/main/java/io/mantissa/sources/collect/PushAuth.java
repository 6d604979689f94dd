package io.mantissa.sources.collect;

import io.mantissa.api.config.Secret;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * How a push sender proves who it is: a shared secret in a header of its choice (Jamf Pro's header
 * authentication), HTTP Basic (Jamf Pro's basic authentication), or a bearer token (the {@code
 * token} of the kubeconfig that {@code --audit-webhook-config-file} names). Comparisons take the
 * same time whatever the candidate (SHA-256 of both sides, then {@link MessageDigest#isEqual}).
 */
public sealed interface PushAuth {

  /**
   * Whether the request's headers carry the credential.
   *
   * @param header a request header by name, case-insensitive
   */
  boolean accepts(Function<String, Optional<String>> header);

  /** The {@code WWW-Authenticate} challenge of a 401, if the scheme has one. */
  Optional<String> challenge();

  /** A shared secret sent as the value of {@code header}. */
  record SharedSecretHeader(String header, Secret secret) implements PushAuth {
    /** Validates. */
    public SharedSecretHeader {
      if (header == null || !header.matches("[A-Za-z0-9-]{1,64}")) {
        throw new IllegalArgumentException("header must be a header name, was " + header);
      }
      Objects.requireNonNull(secret, "secret");
      if (header.equalsIgnoreCase("Authorization")) {
        throw new IllegalArgumentException("use basic or bearer for the Authorization header");
      }
    }

    @Override
    public boolean accepts(Function<String, Optional<String>> lookup) {
      return lookup.apply(header).map(v -> same(v.trim(), secret.reveal())).orElse(false);
    }

    @Override
    public Optional<String> challenge() {
      return Optional.empty();
    }
  }

  /** HTTP Basic: {@code Authorization: Basic base64(user:password)}. */
  record Basic(String user, Secret password) implements PushAuth {
    /** Validates. */
    public Basic {
      if (user == null || user.isEmpty() || user.indexOf(':') >= 0) {
        throw new IllegalArgumentException("user must be non-empty without ':'");
      }
      Objects.requireNonNull(password, "password");
    }

    @Override
    public boolean accepts(Function<String, Optional<String>> lookup) {
      Optional<String> value = scheme(lookup, "basic");
      if (value.isEmpty()) {
        return false;
      }
      String decoded;
      try {
        decoded = new String(Base64.getDecoder().decode(value.get()), StandardCharsets.UTF_8);
      } catch (IllegalArgumentException e) {
        return false;
      }
      return same(decoded, user + ":" + password.reveal());
    }

    @Override
    public Optional<String> challenge() {
      return Optional.of("Basic realm=\"mantissa\", charset=\"UTF-8\"");
    }
  }

  /** {@code Authorization: Bearer <token>}. */
  record Bearer(Secret token) implements PushAuth {
    /** Validates. */
    public Bearer {
      Objects.requireNonNull(token, "token");
    }

    @Override
    public boolean accepts(Function<String, Optional<String>> lookup) {
      return scheme(lookup, "bearer").map(v -> same(v, token.reveal())).orElse(false);
    }

    @Override
    public Optional<String> challenge() {
      return Optional.of("Bearer realm=\"mantissa\"");
    }
  }

  private static Optional<String> scheme(Function<String, Optional<String>> lookup, String scheme) {
    return lookup
        .apply("Authorization")
        .map(String::trim)
        .filter(
            v ->
                v.length() > scheme.length()
                    && v.substring(0, scheme.length()).toLowerCase(Locale.ROOT).equals(scheme)
                    && v.charAt(scheme.length()) == ' ')
        .map(v -> v.substring(scheme.length() + 1).trim());
  }

  private static boolean same(String candidate, String expected) {
    try {
      MessageDigest a = MessageDigest.getInstance("SHA-256");
      MessageDigest b = MessageDigest.getInstance("SHA-256");
      return MessageDigest.isEqual(
          a.digest(candidate.getBytes(StandardCharsets.UTF_8)),
          b.digest(expected.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing", e);
    }
  }
}
