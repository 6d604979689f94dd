package io.mantissa.alerting;

import io.mantissa.api.MantissaException;
import io.mantissa.api.config.Secret;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * The {@code Authorization: Bearer} value of an enrichment client: a fixed access token, or one
 * obtained from an OAuth 2.0 token endpoint by posting a form ({@link Grant}: client credentials,
 * Google's JWT bearer assertion), cached until {@link #RENEW_BEFORE} before its {@code expires_in}
 * and forgotten after a 401 so that the next lookup gets a new one. Never throws; neither tokens
 * nor the grant's secrets are logged or shown by {@link #toString()}.
 */
final class BearerTokens {
  /** How long before its expiry a token is renewed. */
  static final Duration RENEW_BEFORE = Duration.ofMinutes(5);

  /** The form posted to the token endpoint, built at request time (assertions carry a time). */
  @FunctionalInterface
  interface Grant {
    /** The form fields; may throw {@link MantissaException} when a key cannot sign. */
    Map<String, String> form(Instant now);
  }

  private final Secret fixed;
  private final URI tokenUri;
  private final Grant grant;
  private final EnrichmentHttp http;
  private final Clock clock;
  private final String name;
  private Secret token;
  private Instant renewAt = Instant.MIN;

  private BearerTokens(
      Secret fixed, URI tokenUri, Grant grant, EnrichmentHttp http, Clock clock, String name) {
    this.fixed = fixed;
    this.tokenUri = tokenUri;
    this.grant = grant;
    this.http = http;
    this.clock = clock;
    this.name = name;
  }

  /** A fixed token, never renewed. */
  static BearerTokens fixed(Secret token) {
    return new BearerTokens(
        Secret.of("Bearer " + Objects.requireNonNull(token, "token").reveal()),
        null,
        null,
        null,
        null,
        "fixed");
  }

  /** Tokens from {@code tokenUri}, asked with {@code http} (whose provider name is in reasons). */
  static BearerTokens oauth(URI tokenUri, Grant grant, EnrichmentHttp http, Clock clock) {
    return new BearerTokens(
        null,
        Objects.requireNonNull(tokenUri, "tokenUri"),
        Objects.requireNonNull(grant, "grant"),
        Objects.requireNonNull(http, "http"),
        Objects.requireNonNull(clock, "clock"),
        tokenUri.getHost());
  }

  /** Whether tokens are renewed (not a fixed one). */
  boolean renewable() {
    return fixed == null;
  }

  /** The {@code Authorization} value, or why there is none now. */
  synchronized LookupResult<Secret> authorization() {
    if (fixed != null) {
      return new LookupResult.Found<>(fixed);
    }
    Instant now = clock.instant();
    if (token != null && now.isBefore(renewAt)) {
      return new LookupResult.Found<>(token);
    }
    Map<String, String> form;
    try {
      form = grant.form(now);
    } catch (RuntimeException e) {
      return new LookupResult.Unavailable<>(
          "cannot build the token request: "
              + (e instanceof MantissaException m ? m.getMessage() : e.getClass().getSimpleName()));
    }
    EnrichmentHttp.Answer answer = http.postForm(tokenUri, form);
    if (answer instanceof EnrichmentHttp.Answer.Ok ok
        && ok.body().path("access_token").isTextual()
        && !ok.body().path("access_token").asText().isBlank()) {
      long expiresIn = Math.max(0, ok.body().path("expires_in").asLong(0));
      token = Secret.of("Bearer " + ok.body().path("access_token").asText());
      renewAt = now.plusSeconds(expiresIn).minus(RENEW_BEFORE);
      return new LookupResult.Found<>(token);
    }
    return new LookupResult.Unavailable<>(
        answer instanceof EnrichmentHttp.Answer.Unavailable u
            ? u.reason()
            : "the token endpoint gave no access token");
  }

  /**
   * Sends one request with the {@code Authorization} header: {@code request} gets the headers and
   * sends them. Without a token the answer is {@code Unavailable} with the reason; a 401 drops the
   * token (revoked or expired early), so that the next request gets a new one.
   */
  EnrichmentHttp.Answer send(Function<Map<String, String>, EnrichmentHttp.Answer> request) {
    LookupResult<Secret> authorization = authorization();
    if (!(authorization instanceof LookupResult.Found<Secret> bearer)) {
      return new EnrichmentHttp.Answer.Unavailable(
          authorization instanceof LookupResult.Unavailable<Secret> u
              ? u.reason()
              : "no access token");
    }
    EnrichmentHttp.Answer answer = request.apply(Map.of("Authorization", bearer.value().reveal()));
    if (answer instanceof EnrichmentHttp.Answer.Unavailable u && u.status() == 401) {
      forget();
    }
    return answer;
  }

  /** Drops the cached token (after a 401: revoked or expired early). */
  synchronized void forget() {
    token = null;
  }

  @Override
  public String toString() {
    return "BearerTokens[" + name + "]";
  }
}
