package io.mantissa.alerting;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.mantissa.spi.net.DestinationGuard;
import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.URLEncoder;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP side of the enrichment clients: a JSON {@code GET} whose destination is checked by
 * {@link DestinationGuard}, with a timeout and no redirects, mapped to an {@link Answer}: 2xx with
 * a JSON body is {@code Ok}; 404 and other 4xx answers about the key (400, 422) are {@code
 * NotFound}; 401/403, 408, 429, 5xx, timeouts, connection failures and unreadable bodies are {@code
 * Unavailable}. A 429 pauses the client for its Retry-After (60 s without one, at most 1 h): until
 * then it answers {@code Unavailable} without asking. Never throws; headers (which carry the API
 * keys) and bodies are never logged.
 */
final class EnrichmentHttp {
  private static final Logger LOG = LoggerFactory.getLogger(EnrichmentHttp.class);
  private static final Duration DEFAULT_PAUSE = Duration.ofSeconds(60);
  private static final Duration MAX_PAUSE = Duration.ofHours(1);

  /** The answer to one request. */
  sealed interface Answer {
    /** A 2xx answer with its JSON body and the response (for headers such as Link). */
    record Ok(JsonNode body, HttpResponse<String> response) implements Answer {}

    /** The source does not know what was asked. */
    record NotFound() implements Answer {}

    /** No useful answer now; {@code status} is the HTTP status, 0 when there was none. */
    record Unavailable(String reason, int status) implements Answer {
      Unavailable(String reason) {
        this(reason, 0);
      }
    }
  }

  private final String provider;
  private final HttpClient client;
  private final Duration timeout;
  private final boolean allowPrivate;
  private final Clock clock;
  private final HttpDelivery retryAfterParser;
  private final DestinationGuard.Resolver resolver;
  private volatile Instant pausedUntil = Instant.MIN;

  EnrichmentHttp(String provider, Duration timeout, boolean allowPrivate, Clock clock) {
    this(provider, timeout, allowPrivate, clock, DestinationGuard.SYSTEM);
  }

  /** With the resolver the destination check uses (tests simulate DNS answers with it). */
  EnrichmentHttp(
      String provider,
      Duration timeout,
      boolean allowPrivate,
      Clock clock,
      DestinationGuard.Resolver resolver) {
    this.resolver = Objects.requireNonNull(resolver, "resolver");
    this.provider = Objects.requireNonNull(provider, "provider");
    this.timeout = Checks.positive(timeout, "timeout");
    this.allowPrivate = allowPrivate;
    this.clock = Objects.requireNonNull(clock, "clock");
    this.client = HttpDelivery.defaultClient(timeout);
    this.retryAfterParser = new HttpDelivery(provider, client, timeout, allowPrivate, clock);
  }

  /** {@code GET uri} with {@code headers} (plus {@code Accept: application/json}). */
  Answer get(URI uri, Map<String, String> headers) {
    return send(uri, headers, null, true);
  }

  /**
   * {@code GET uri} of a body that is not JSON (such as the XML of AWS's Query APIs): a 2xx answer
   * is {@code Ok} with an empty JSON body and the raw text in {@link Answer.Ok#response()}.
   */
  Answer getText(URI uri, Map<String, String> headers) {
    return send(uri, headers, null, false);
  }

  /** {@code POST uri} of a JSON {@code body} with {@code headers}, answered in JSON. */
  Answer postJson(URI uri, Map<String, String> headers, String body) {
    Map<String, String> all = new java.util.LinkedHashMap<>(headers);
    all.put("Content-Type", "application/json");
    return send(uri, all, Objects.requireNonNull(body, "body"), true);
  }

  /** {@code POST uri} of an {@code application/x-www-form-urlencoded} form (such as OAuth's). */
  Answer postForm(URI uri, Map<String, String> form) {
    StringBuilder body = new StringBuilder();
    form.forEach(
        (k, v) ->
            body.append(body.length() == 0 ? "" : "&")
                .append(URLEncoder.encode(k, StandardCharsets.UTF_8))
                .append('=')
                .append(URLEncoder.encode(v, StandardCharsets.UTF_8)));
    return send(
        uri, Map.of("Content-Type", "application/x-www-form-urlencoded"), body.toString(), true);
  }

  private Answer send(URI uri, Map<String, String> headers, String body, boolean json) {
    Instant now = clock.instant();
    if (now.isBefore(pausedUntil)) {
      return new Answer.Unavailable(provider + " rate limited until " + pausedUntil);
    }
    DestinationGuard.Verdict verdict = DestinationGuard.check(uri, allowPrivate, resolver);
    if (verdict instanceof DestinationGuard.Verdict.Refused r) {
      LOG.warn("{} refused destination host {}: {}", provider, uri.getHost(), r.reason());
      return new Answer.Unavailable(r.reason());
    }
    if (verdict instanceof DestinationGuard.Verdict.Unresolved u) {
      return new Answer.Unavailable(u.reason());
    }
    HttpRequest.Builder request =
        HttpRequest.newBuilder(uri)
            .timeout(timeout)
            .method(
                body == null ? "GET" : "POST",
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8))
            .header("Accept", json ? "application/json" : "*/*")
            .header("User-Agent", "mantissa-alerting");
    headers.forEach(request::header);
    HttpResponse<String> response;
    try {
      response = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    } catch (HttpTimeoutException e) {
      return new Answer.Unavailable(provider + " timed out after " + timeout.toMillis() + " ms");
    } catch (IOException e) {
      if (e instanceof javax.net.ssl.SSLException
          || e.getCause() instanceof javax.net.ssl.SSLException) {
        // the request was not sent: TLS failed before it (see DNS rebinding in the README)
        LOG.warn(
            "{}: TLS handshake with {} failed; its certificate is not valid for the name"
                + " (DNS rebinding, interception or a misconfigured endpoint)",
            provider,
            uri.getHost());
        return new Answer.Unavailable(provider + " connection failed: TLS handshake failed");
      }
      return new Answer.Unavailable(
          provider + " connection failed: " + e.getClass().getSimpleName());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new Answer.Unavailable(provider + " interrupted");
    } catch (RuntimeException e) {
      return new Answer.Unavailable(provider + " request failed: " + e.getClass().getSimpleName());
    }
    int status = response.statusCode();
    if (status >= 200 && status < 300) {
      if (!json) {
        return new Answer.Ok(Json.object(), response);
      }
      try {
        String answer = response.body();
        return new Answer.Ok(
            Json.MAPPER.readTree(answer == null || answer.isBlank() ? "{}" : answer), response);
      } catch (JsonProcessingException e) {
        return new Answer.Unavailable(provider + " answered with a body that is not JSON");
      }
    }
    if (status == 429) {
      Optional<Duration> after =
          retryAfterParser
              .retryAfter(response.headers().firstValue("Retry-After"))
              .or(() -> resetAt(response, now, "X-Rate-Limit-Reset")) // Okta
              .or(() -> resetAt(response, now, "X-RateLimit-Reset")) // AbuseIPDB
              .or(() -> resetsAfter(response)); // Azure Resource Graph
      Duration pause = after.orElse(DEFAULT_PAUSE);
      if (pause.compareTo(MAX_PAUSE) > 0) {
        pause = MAX_PAUSE;
      }
      pausedUntil = now.plus(pause);
      LOG.warn("{} rate limited (HTTP 429); pausing lookups for {}", provider, pause);
      return new Answer.Unavailable(provider + " rate limited (HTTP 429)");
    }
    if (status == 401 || status == 403) {
      LOG.warn(
          "{} rejected the credentials (HTTP {}); check its API key or token", provider, status);
      return new Answer.Unavailable(
          provider + " rejected the credentials (HTTP " + status + ")", status);
    }
    if (status == 408 || status >= 500) {
      return new Answer.Unavailable(provider + " failed (HTTP " + status + ")");
    }
    return new Answer.NotFound();
  }

  /** Azure Resource Graph's {@code x-ms-user-quota-resets-after: hh:mm:ss}, when there is one. */
  private static Optional<Duration> resetsAfter(HttpResponse<String> r) {
    Optional<String> v = r.headers().firstValue("x-ms-user-quota-resets-after");
    if (v.isEmpty() || !v.get().trim().matches("\\d{1,2}:\\d{2}:\\d{2}")) {
      return Optional.empty();
    }
    String[] p = v.get().trim().split(":");
    return Optional.of(
        Duration.ofHours(Long.parseLong(p[0]))
            .plusMinutes(Long.parseLong(p[1]))
            .plusSeconds(Long.parseLong(p[2])));
  }

  /** The pause until a rate-limit reset header's UTC epoch second, when there is one. */
  private static Optional<Duration> resetAt(HttpResponse<String> r, Instant now, String header) {
    Optional<String> v = r.headers().firstValue(header);
    if (v.isEmpty()) {
      return Optional.empty();
    }
    try {
      Duration d = Duration.between(now, Instant.ofEpochSecond(Long.parseLong(v.get().trim())));
      return Optional.of(d.isNegative() ? Duration.ZERO : d);
    } catch (NumberFormatException | java.time.DateTimeException e) {
      return Optional.empty();
    }
  }

  /**
   * {@code s} percent-encoded as one path segment (RFC 3986 unreserved characters and '@' kept).
   */
  static String segment(String s) {
    StringBuilder out = new StringBuilder();
    for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
      int c = b & 0xff;
      if ((c >= 'a' && c <= 'z')
          || (c >= 'A' && c <= 'Z')
          || (c >= '0' && c <= '9')
          || c == '-'
          || c == '.'
          || c == '_'
          || c == '~'
          || c == '@') {
        out.append((char) c);
      } else {
        out.append('%').append(String.format(java.util.Locale.ROOT, "%02X", c));
      }
    }
    return out.toString();
  }

  /** {@code s} percent-encoded for a query parameter value. */
  static String query(String s) {
    return segment(s).replace("@", "%40");
  }

  /** The base URL without a trailing slash, checked to be an absolute http(s) URL. */
  static String base(String url) {
    String u = Objects.requireNonNull(url, "url").trim();
    while (u.endsWith("/")) {
      u = u.substring(0, u.length() - 1);
    }
    URI uri = URI.create(u);
    if (uri.getScheme() == null || uri.getHost() == null) {
      throw new IllegalArgumentException("url must be an absolute http(s) URL");
    }
    return u;
  }

  /**
   * {@code s} as an IP address when it is an IPv4 or IPv6 literal (never a DNS lookup), and not an
   * internal one (loopback, private, link-local, ...): those are not worth, nor safe, to send to a
   * vendor.
   */
  static Optional<InetAddress> publicIp(String s) {
    return ipLiteral(s).filter(a -> !DestinationGuard.isInternal(a));
  }

  /** {@code s} as an IP address when it is an IPv4 or IPv6 literal (never a DNS lookup). */
  static Optional<InetAddress> ipLiteral(String s) {
    String v = s == null ? "" : s.trim();
    boolean v4 = v.matches("\\d{1,3}(\\.\\d{1,3}){3}");
    boolean v6 = v.contains(":") && v.matches("[0-9A-Fa-f:.]+");
    if (!v4 && !v6) {
      return Optional.empty();
    }
    if (v4) {
      for (String part : v.split("\\.")) {
        if (Integer.parseInt(part) > 255) {
          return Optional.empty();
        }
      }
    }
    try {
      return Optional.of(InetAddress.getByName(v));
    } catch (UnknownHostException e) {
      return Optional.empty();
    }
  }

  /** Whether {@code next} is on the same scheme, host and port as {@code base} (paging links). */
  static boolean sameOrigin(URI base, URI next) {
    return Objects.equals(base.getScheme(), next.getScheme())
        && Objects.equals(base.getHost(), next.getHost())
        && base.getPort() == next.getPort();
  }
}
