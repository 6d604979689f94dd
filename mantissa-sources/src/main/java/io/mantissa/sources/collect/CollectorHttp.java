package io.mantissa.sources.collect;

import io.mantissa.api.ErrorCode;
import io.mantissa.api.MantissaException;
import io.mantissa.spi.net.DestinationGuard;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The HTTP side of the API collectors: GETs with a timeout on {@code java.net.http}, failures
 * sorted into retryable ({@link RetryableFailure}: 429 with Retry-After, 5xx, timeouts and
 * connection errors) and final ones, {@code Link} header pagination, and the rule that a next link
 * must stay on the configured origin, so that a token is never sent to another host. Every request
 * first passes {@link DestinationGuard} (unless private addresses are allowed): a host that
 * resolves to a loopback, private or link-local address is refused, so a configured URL cannot
 * point a collector, and its credentials, at this machine or the internal network.
 */
final class CollectorHttp {
  private static final Pattern LINK = Pattern.compile("<([^>]*)>\\s*((?:;[^,<]*)*)");
  private static final Pattern REL_NEXT = Pattern.compile(";\\s*rel=\"?([^\";]*)\"?");

  private final HttpClient client;
  private final Duration timeout;
  private final Clock clock;
  private final boolean allowPrivate;
  private final DestinationGuard.Resolver resolver;

  CollectorHttp(HttpClient client, Duration timeout, Clock clock, boolean allowPrivate) {
    this(client, timeout, clock, allowPrivate, DestinationGuard.SYSTEM);
  }

  /** With the given resolver for the destination check (tests simulate DNS answers with it). */
  CollectorHttp(
      HttpClient client,
      Duration timeout,
      Clock clock,
      boolean allowPrivate,
      DestinationGuard.Resolver resolver) {
    this.client = Objects.requireNonNull(client, "client");
    this.timeout = Objects.requireNonNull(timeout, "timeout");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.allowPrivate = allowPrivate;
    this.resolver = Objects.requireNonNull(resolver, "resolver");
  }

  /** A client with a connect timeout, not following redirects (a redirect is an error). */
  static HttpClient newClient(Duration connectTimeout) {
    return HttpClient.newBuilder()
        .connectTimeout(connectTimeout)
        .followRedirects(HttpClient.Redirect.NEVER)
        .build();
  }

  /**
   * The base URL of a vendor API: {@code https}, or {@code http} only when private addresses are
   * allowed (loopback test servers), and, unless they are, not an internal IP literal. Host names
   * are not resolved here (they may not resolve yet); {@link #guard} checks them before each
   * request.
   *
   * @throws MantissaException with {@code CONFIG_INVALID} otherwise
   */
  static URI base(String provider, String url, boolean allowPrivate) {
    URI uri;
    try {
      uri = URI.create(url.endsWith("/") ? url.substring(0, url.length() - 1) : url);
    } catch (IllegalArgumentException e) {
      throw new MantissaException(
          ErrorCode.CONFIG_INVALID, provider + ": base URL is not a URL: " + e.getMessage());
    }
    if (DestinationGuard.check(uri, allowPrivate, DestinationGuard.LITERALS_ONLY)
        instanceof DestinationGuard.Verdict.Refused r) {
      throw new MantissaException(
          ErrorCode.CONFIG_INVALID, provider + ": base URL refused: " + r.reason());
    }
    return uri;
  }

  /**
   * Checks {@code uri} with {@link DestinationGuard} before a request.
   *
   * @throws MantissaException {@code CONFIG_INVALID} when the destination is refused (the
   *     configuration must change); {@code REMOTE_FAILURE} with a {@link RetryableFailure} cause
   *     when its name does not resolve now
   */
  static void guard(
      String provider, URI uri, boolean allowPrivate, DestinationGuard.Resolver resolver) {
    DestinationGuard.Verdict verdict = DestinationGuard.check(uri, allowPrivate, resolver);
    if (verdict instanceof DestinationGuard.Verdict.Refused r) {
      throw new MantissaException(
          ErrorCode.CONFIG_INVALID, provider + ": " + path(uri) + " refused: " + r.reason());
    }
    if (verdict instanceof DestinationGuard.Verdict.Unresolved u) {
      throw retryable(provider + ": " + u.reason(), null);
    }
  }

  /** Whether {@code next} has the scheme, host and port of {@code origin}. */
  static boolean sameOrigin(URI origin, URI next) {
    return next.getScheme() != null
        && next.getScheme().equalsIgnoreCase(origin.getScheme())
        && next.getHost() != null
        && next.getHost().equalsIgnoreCase(origin.getHost())
        && next.getPort() == origin.getPort();
  }

  /** The {@code rel="next"} target among {@code Link} header values, if any. */
  static Optional<String> nextLink(List<String> linkHeaders) {
    for (String header : linkHeaders) {
      Matcher link = LINK.matcher(header);
      while (link.find()) {
        Matcher rel = REL_NEXT.matcher(link.group(2));
        while (rel.find()) {
          for (String r : rel.group(1).trim().split("\\s+")) {
            if (r.equalsIgnoreCase("next")) {
              return Optional.of(link.group(1));
            }
          }
        }
      }
    }
    return Optional.empty();
  }

  /**
   * The wait a {@code Retry-After} value asks for: delay-seconds or an HTTP date (then the time
   * from now to it, never negative); empty when absent or unreadable.
   */
  static Optional<Duration> retryAfter(String value, Clock clock) {
    if (value == null || value.isBlank()) {
      return Optional.empty();
    }
    String v = value.trim();
    if (v.chars().allMatch(Character::isDigit)) {
      try {
        return Optional.of(Duration.ofSeconds(Long.parseLong(v)));
      } catch (NumberFormatException e) {
        return Optional.empty();
      }
    }
    try {
      Instant at = ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
      Duration d = Duration.between(clock.instant(), at);
      return Optional.of(d.isNegative() ? Duration.ZERO : d);
    } catch (DateTimeParseException e) {
      return Optional.empty();
    }
  }

  /**
   * GETs {@code uri}; returns the response when it is 2xx.
   *
   * @param provider names the collector in messages
   * @param headers request headers (may hold the credential; never logged)
   * @param resetHeader a header holding the epoch second when a rate limit resets (Okta's {@code
   *     X-Rate-Limit-Reset}, GitHub's {@code X-RateLimit-Reset}), used for a 429 without
   *     Retry-After; or {@code null}
   * @throws MantissaException {@code REMOTE_FAILURE} with a {@link RetryableFailure} cause for 429,
   *     a 403 that is a rate limit (GitHub: Retry-After or {@code X-RateLimit-Remaining: 0}), 5xx,
   *     timeouts and I/O errors; {@code UNAUTHORIZED} for 401 and 403; {@code REMOTE_FAILURE} for
   *     other statuses
   */
  HttpResponse<String> get(
      String provider, URI uri, Map<String, String> headers, String resetHeader) {
    HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(timeout).GET();
    headers.forEach(request::header);
    return send(
        provider,
        request.build(),
        HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8),
        resetHeader);
  }

  /**
   * Sends {@code request} (any method; the caller sets the timeout and the headers) and returns the
   * 2xx response, its body read by {@code handler}; failures are sorted as by {@link #get} (the
   * body of a failed response is read as text for the message).
   */
  @SuppressWarnings("unchecked")
  <T> HttpResponse<T> send(
      String provider,
      HttpRequest request,
      HttpResponse.BodyHandler<T> handler,
      String resetHeader) {
    URI uri = request.uri();
    guard(provider, uri, allowPrivate, resolver);
    String what = provider + ": " + request.method() + " " + path(uri);
    HttpResponse<Object> response;
    try {
      response =
          client.send(
              request,
              info ->
                  info.statusCode() >= 200 && info.statusCode() < 300
                      ? HttpResponse.BodySubscribers.mapping(handler.apply(info), b -> (Object) b)
                      : HttpResponse.BodySubscribers.mapping(
                          HttpResponse.BodySubscribers.ofString(StandardCharsets.UTF_8),
                          b -> (Object) b));
    } catch (IOException e) {
      throw retryable(what + " failed: " + e, null);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new MantissaException(ErrorCode.REMOTE_FAILURE, what + ": interrupted", e);
    }
    int status = response.statusCode();
    if (status >= 200 && status < 300) {
      return (HttpResponse<T>) (HttpResponse<?>) response;
    }
    what = what + " answered " + status;
    if (status == 429) {
      Optional<Duration> wait =
          retryAfter(response.headers().firstValue("Retry-After").orElse(null), clock);
      if (wait.isEmpty() && resetHeader != null) {
        wait = resetAt(response.headers().firstValue(resetHeader).orElse(null));
      }
      throw retryable(what + " (rate limited)", wait.orElse(null));
    }
    if (status >= 500) {
      throw retryable(what, null);
    }
    if (status == 403
        && (response.headers().firstValue("Retry-After").isPresent()
            || response
                .headers()
                .firstValue("X-RateLimit-Remaining")
                .orElse("")
                .trim()
                .equals("0"))) {
      Optional<Duration> wait =
          retryAfter(response.headers().firstValue("Retry-After").orElse(null), clock);
      if (wait.isEmpty() && resetHeader != null) {
        wait = resetAt(response.headers().firstValue(resetHeader).orElse(null));
      }
      throw retryable(what + " (rate limited)", wait.orElse(null));
    }
    if (status == 401 || status == 403) {
      throw new MantissaException(
          ErrorCode.UNAUTHORIZED, what + ": check the API token and its permissions");
    }
    throw new MantissaException(
        ErrorCode.REMOTE_FAILURE, what + ": " + excerpt(String.valueOf(response.body())));
  }

  private Optional<Duration> resetAt(String epochSeconds) {
    if (epochSeconds == null || !epochSeconds.trim().matches("\\d{1,12}")) {
      return Optional.empty();
    }
    Duration d =
        Duration.between(
            clock.instant(), Instant.ofEpochSecond(Long.parseLong(epochSeconds.trim())));
    return Optional.of(d.isNegative() ? Duration.ZERO : d);
  }

  static MantissaException retryable(String message, Duration retryAfter) {
    return new MantissaException(
        ErrorCode.REMOTE_FAILURE, message, new RetryableFailure(message, retryAfter));
  }

  /** The path of a URI, without the query (which may hold cursors but never credentials). */
  static String path(URI uri) {
    return uri.getRawPath() == null ? uri.toString() : uri.getRawPath();
  }

  private static String excerpt(String body) {
    String b = body == null ? "" : body.strip().replaceAll("\\s+", " ");
    return b.length() > 200 ? b.substring(0, 200) + "..." : b;
  }
}
