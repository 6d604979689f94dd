package io.mantissa.soar;

import io.mantissa.api.config.Secret;
import io.mantissa.spi.response.ActionResult;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * An OAuth 2.0 access token for the {@code Authorization} header: either fixed, or obtained with a
 * form grant (client credentials, JWT bearer) from a token endpoint, cached until five minutes
 * before it expires and forgotten after a 401. Neither the token nor the grant's secrets are logged
 * or shown by {@link #toString()}.
 */
final class BearerToken {
  /** How long before its expiry a token is renewed. */
  static final Duration RENEW_BEFORE = Duration.ofMinutes(5);

  /** An authorization value, or why there is none now. */
  sealed interface Result {
    /** The {@code Authorization} header value ({@code Bearer ...}). */
    record Have(Secret authorization) implements Result {}

    /** No token: the failure to report. */
    record Cannot(ActionResult failure) implements Result {}
  }

  private final Secret fixed;
  private final URI tokenUri;
  private final Function<Instant, Map<String, String>> grant;
  private final ActionHttp http;
  private final Clock clock;
  private Secret token;
  private Instant renewAt = Instant.MIN;

  private BearerToken(
      Secret fixed,
      URI tokenUri,
      Function<Instant, Map<String, String>> grant,
      ActionHttp http,
      Clock clock) {
    this.fixed = fixed;
    this.tokenUri = tokenUri;
    this.grant = grant;
    this.http = http;
    this.clock = clock;
  }

  /** A fixed access token, never renewed. */
  static BearerToken fixed(Secret accessToken) {
    return new BearerToken(
        Secret.of("Bearer " + Objects.requireNonNull(accessToken, "accessToken").reveal()),
        null,
        null,
        null,
        null);
  }

  /** Tokens from {@code POST tokenUri} of the form {@code grant} makes for the current time. */
  static BearerToken granted(
      URI tokenUri, Function<Instant, Map<String, String>> grant, ActionHttp http, Clock clock) {
    return new BearerToken(
        null,
        Objects.requireNonNull(tokenUri, "tokenUri"),
        Objects.requireNonNull(grant, "grant"),
        Objects.requireNonNull(http, "http"),
        Objects.requireNonNull(clock, "clock"));
  }

  /** Whether the token is renewed (and a 401 may pass with a new one). */
  boolean renewable() {
    return fixed == null;
  }

  /** The authorization value: the fixed token, the cached one, or a new one. */
  synchronized Result get() {
    if (fixed != null) {
      return new Result.Have(fixed);
    }
    Instant now = clock.instant();
    if (token != null && now.isBefore(renewAt)) {
      return new Result.Have(token);
    }
    Map<String, String> form;
    try {
      form = grant.apply(now);
    } catch (RuntimeException e) {
      return new Result.Cannot(
          new ActionResult.PermanentFailure("cannot build the token request: " + e.getMessage()));
    }
    ActionHttp.Reply reply = http.postForm(tokenUri, form);
    if (reply instanceof ActionHttp.Reply.Unreachable u) {
      return new Result.Cannot(u.failure());
    }
    ActionHttp.Reply.Answered a = (ActionHttp.Reply.Answered) reply;
    if (!a.ok()) {
      return new Result.Cannot(http.failure("get an access token", a));
    }
    String access = a.body().path("access_token").asText("");
    if (access.isBlank()) {
      return new Result.Cannot(
          new ActionResult.RetryableFailure("the token endpoint gave no access_token"));
    }
    long expiresIn = Math.max(0, a.body().path("expires_in").asLong(3600));
    token = Secret.of("Bearer " + access);
    renewAt = now.plusSeconds(expiresIn).minus(RENEW_BEFORE);
    return new Result.Have(token);
  }

  /** Forgets the cached token (after a 401: revoked or expired early). */
  synchronized void forget() {
    token = null;
  }

  @Override
  public String toString() {
    return fixed != null ? "BearerToken[fixed]" : "BearerToken[" + tokenUri + "]";
  }
}
