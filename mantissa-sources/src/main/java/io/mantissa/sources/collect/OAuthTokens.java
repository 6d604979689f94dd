package io.mantissa.sources.collect;

import com.fasterxml.jackson.databind.JsonNode;
import io.mantissa.api.ErrorCode;
import io.mantissa.api.MantissaException;
import io.mantissa.api.config.Secret;
import io.mantissa.spi.net.DestinationGuard;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * The OAuth 2.0 access token of a collector: either a fixed one, or one obtained by POSTing a grant
 * form to a token endpoint (client credentials for Microsoft Graph and the Office 365 Management
 * API, a JWT bearer assertion for Google) and cached until shortly before it expires.
 *
 * <p>A 429, 5xx or I/O error of the token endpoint is retryable ({@link RetryableFailure}), so
 * {@link CollectorRunner} retries the poll; a 400/401 (a wrong secret, a revoked grant) is {@code
 * UNAUTHORIZED} with the OAuth {@code error} code only. Neither the secret nor the token is logged
 * or put in a message.
 */
final class OAuthTokens {
  /** How long before its expiry a token is renewed, at most. */
  static final Duration RENEW_BEFORE = Duration.ofMinutes(5);

  private final String provider;
  private final Secret fixed;
  private final URI tokenUri;
  private final Supplier<Map<String, String>> form;
  private final HttpClient client;
  private final Duration timeout;
  private final Clock clock;
  private final boolean allowPrivate;
  private Secret token;
  private Instant renewAt = Instant.MIN;

  private OAuthTokens(
      String provider,
      Secret fixed,
      URI tokenUri,
      Supplier<Map<String, String>> form,
      HttpClient client,
      Duration timeout,
      Clock clock,
      boolean allowPrivate) {
    this.provider = Objects.requireNonNull(provider, "provider");
    this.fixed = fixed;
    this.tokenUri = tokenUri;
    this.form = form;
    this.client = client;
    this.timeout = timeout;
    this.clock = clock;
    this.allowPrivate = allowPrivate;
  }

  /** A fixed access token, sent as {@code Bearer}. */
  static OAuthTokens fixed(String provider, Secret accessToken) {
    return new OAuthTokens(
        provider,
        Objects.requireNonNull(accessToken, "accessToken"),
        null,
        null,
        null,
        null,
        null,
        false);
  }

  /**
   * Tokens from a grant: {@code form} (called for each new token, so a JWT assertion is signed
   * fresh) is POSTed as {@code application/x-www-form-urlencoded} to {@code tokenUri}, which is
   * checked with {@link io.mantissa.spi.net.DestinationGuard} first unless {@code allowPrivate}.
   */
  static OAuthTokens grant(
      String provider,
      URI tokenUri,
      Supplier<Map<String, String>> form,
      HttpClient client,
      Duration timeout,
      Clock clock,
      boolean allowPrivate) {
    return new OAuthTokens(
        provider,
        null,
        Objects.requireNonNull(tokenUri, "tokenUri"),
        Objects.requireNonNull(form, "form"),
        Objects.requireNonNull(client, "client"),
        Objects.requireNonNull(timeout, "timeout"),
        Objects.requireNonNull(clock, "clock"),
        allowPrivate);
  }

  /** The client-credentials grant ({@code client_id}, {@code client_secret}, {@code scope}). */
  static OAuthTokens clientCredentials(
      String provider,
      URI tokenUri,
      String clientId,
      Secret clientSecret,
      String scope,
      HttpClient client,
      Duration timeout,
      Clock clock,
      boolean allowPrivate) {
    Objects.requireNonNull(clientId, "clientId");
    Objects.requireNonNull(clientSecret, "clientSecret");
    Objects.requireNonNull(scope, "scope");
    return grant(
        provider,
        tokenUri,
        () -> {
          Map<String, String> f = new LinkedHashMap<>();
          f.put("grant_type", "client_credentials");
          f.put("client_id", clientId);
          f.put("client_secret", clientSecret.reveal());
          f.put("scope", scope);
          return f;
        },
        client,
        timeout,
        clock,
        allowPrivate);
  }

  /** The {@code Authorization} header value, {@code Bearer <token>}, fetching a token if needed. */
  synchronized String authorization() {
    if (fixed != null) {
      return "Bearer " + fixed.reveal();
    }
    Instant now = clock.instant();
    if (token == null || !now.isBefore(renewAt)) {
      fetch(now);
    }
    return "Bearer " + token.reveal();
  }

  /** Forgets a cached token (after the API answered 401 with it). */
  synchronized void invalidate() {
    token = null;
  }

  /**
   * Calls {@code call} with the {@code Authorization} value; when it fails with {@code
   * UNAUTHORIZED} on a cached token of a grant (revoked or expired early), fetches a new token and
   * calls once more.
   */
  <T> T withToken(Function<String, T> call) {
    boolean cached;
    synchronized (this) {
      cached = fixed == null && token != null && clock.instant().isBefore(renewAt);
    }
    try {
      return call.apply(authorization());
    } catch (MantissaException e) {
      if (!cached || e.code() != ErrorCode.UNAUTHORIZED) {
        throw e;
      }
      invalidate();
      return call.apply(authorization());
    }
  }

  private void fetch(Instant now) {
    String body =
        form.get().entrySet().stream()
            .map(
                e ->
                    URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8)
                        + "="
                        + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
            .collect(Collectors.joining("&"));
    HttpRequest request =
        HttpRequest.newBuilder(tokenUri)
            .timeout(timeout)
            .header("Content-Type", "application/x-www-form-urlencoded")
            .header("Accept", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8))
            .build();
    CollectorHttp.guard(provider, tokenUri, allowPrivate, DestinationGuard.SYSTEM);
    String what = provider + ": POST " + CollectorHttp.path(tokenUri);
    HttpResponse<String> response;
    try {
      response = client.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw CollectorHttp.retryable(what + " failed: " + e, null);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new MantissaException(ErrorCode.REMOTE_FAILURE, what + ": interrupted", e);
    }
    int status = response.statusCode();
    if (status == 429 || status >= 500) {
      throw CollectorHttp.retryable(
          what + " answered " + status,
          CollectorHttp.retryAfter(response.headers().firstValue("Retry-After").orElse(null), clock)
              .orElse(null));
    }
    JsonNode json;
    try {
      json = PageRecords.JSON.readTree(response.body());
    } catch (IOException e) {
      json = PageRecords.JSON.missingNode();
    }
    if (json == null) {
      json = PageRecords.JSON.missingNode();
    }
    if (status >= 200 && status < 300 && json.path("access_token").isTextual()) {
      String access = json.path("access_token").asText();
      if (!access.isBlank()) {
        long expiresIn = Math.max(0, json.path("expires_in").asLong(3600));
        Duration life = Duration.ofSeconds(expiresIn);
        Duration early =
            RENEW_BEFORE.compareTo(life.dividedBy(2)) < 0 ? RENEW_BEFORE : life.dividedBy(2);
        token = Secret.of(access);
        renewAt = now.plus(life).minus(early);
        return;
      }
    }
    String error = json.path("error").asText("");
    throw new MantissaException(
        status == 400 || status == 401 || status == 403
            ? ErrorCode.UNAUTHORIZED
            : ErrorCode.REMOTE_FAILURE,
        what
            + " answered "
            + status
            + (error.isEmpty() ? " without an access token" : " (" + error + ")")
            + ": check the credentials");
  }

  @Override
  public String toString() {
    return "OAuthTokens[" + provider + ", " + (fixed != null ? "fixed" : tokenUri) + "]";
  }
}
