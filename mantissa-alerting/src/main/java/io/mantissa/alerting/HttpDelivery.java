package io.mantissa.alerting;

import com.fasterxml.jackson.databind.JsonNode;
import io.mantissa.api.config.Secret;
import io.mantissa.spi.alert.DeliveryResult;
import io.mantissa.spi.net.DestinationGuard;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends one JSON request for a sink and maps the answer: 2xx delivered; 429 retryable with its
 * Retry-After; 5xx, 408, timeouts and connection failures retryable; other 4xx permanent. Never
 * throws. Request bodies and headers are never logged (they may hold tokens).
 */
final class HttpDelivery {
  private static final Logger LOG = LoggerFactory.getLogger(HttpDelivery.class);
  private static final int MAX_REASON_BODY = 200;

  private final String sinkName;
  private final HttpClient client;
  private final Duration timeout;
  private final boolean allowPrivate;
  private final Clock clock;
  private final DestinationGuard.Resolver resolver;

  HttpDelivery(
      String sinkName, HttpClient client, Duration timeout, boolean allowPrivate, Clock clock) {
    this(sinkName, client, timeout, allowPrivate, clock, DestinationGuard.SYSTEM);
  }

  /** With the resolver the destination check uses (tests simulate DNS answers with it). */
  HttpDelivery(
      String sinkName,
      HttpClient client,
      Duration timeout,
      boolean allowPrivate,
      Clock clock,
      DestinationGuard.Resolver resolver) {
    this.resolver = resolver;
    this.sinkName = sinkName;
    this.client = client;
    this.timeout = timeout;
    this.allowPrivate = allowPrivate;
    this.clock = clock;
  }

  static HttpClient defaultClient(Duration connectTimeout) {
    return HttpClient.newBuilder()
        .connectTimeout(connectTimeout)
        .followRedirects(HttpClient.Redirect.NEVER)
        .build();
  }

  /**
   * The headers of a JSON API authenticated with {@code authorization}: {@code Content-Type} and
   * {@code Accept} {@code application/json}, and {@code Authorization}.
   */
  static Map<String, String> jsonHeaders(Secret authorization) {
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("Content-Type", "application/json");
    headers.put("Accept", "application/json");
    headers.put("Authorization", authorization.reveal());
    return headers;
  }

  /** The {@code Authorization} value of HTTP basic authentication. */
  static Secret basicAuthorization(String user, Secret password) {
    return Secret.of(
        "Basic "
            + Base64.getEncoder()
                .encodeToString((user + ":" + password.reveal()).getBytes(StandardCharsets.UTF_8)));
  }

  /**
   * Posts {@code body} as {@code application/json}.
   *
   * @param externalId what to report as the destination's id, from a 2xx response
   */
  DeliveryResult postJson(
      URI uri, JsonNode body, Function<HttpResponse<String>, String> externalId) {
    return send(
        "POST", uri, Map.of("Content-Type", "application/json"), Json.write(body), externalId);
  }

  /**
   * Sends {@code body} (none when null).
   *
   * @param externalId what to report as the destination's id, from a 2xx response
   */
  DeliveryResult send(
      String method,
      URI uri,
      Map<String, String> headers,
      String body,
      Function<HttpResponse<String>, String> externalId) {
    return sendChecked(
        method, uri, headers, body, r -> new DeliveryResult.Delivered(externalId.apply(r)));
  }

  /**
   * Like {@link #send}, but a 2xx answer is judged by {@code accepted}: for APIs that report errors
   * inside a 200 (Slack's Web API answers {@code {"ok": false}}).
   */
  DeliveryResult sendChecked(
      String method,
      URI uri,
      Map<String, String> headers,
      String body,
      Function<HttpResponse<String>, DeliveryResult> accepted) {
    DestinationGuard.Verdict verdict = DestinationGuard.check(uri, allowPrivate, resolver);
    if (verdict instanceof DestinationGuard.Verdict.Refused r) {
      LOG.warn("sink {} refused destination host {}: {}", sinkName, uri.getHost(), r.reason());
      return new DeliveryResult.PermanentFailure(r.reason());
    }
    if (verdict instanceof DestinationGuard.Verdict.Unresolved u) {
      return new DeliveryResult.RetryableFailure(u.reason(), Optional.empty());
    }
    HttpRequest.Builder request =
        HttpRequest.newBuilder(uri)
            .timeout(timeout)
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8))
            .header("User-Agent", "mantissa-alerting");
    headers.forEach(request::header);
    HttpResponse<String> response;
    try {
      response = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    } catch (HttpTimeoutException e) {
      return new DeliveryResult.RetryableFailure(
          "timeout after " + timeout.toMillis() + " ms", Optional.empty());
    } catch (IOException e) {
      if (e instanceof javax.net.ssl.SSLException
          || e.getCause() instanceof javax.net.ssl.SSLException) {
        // nothing was sent: TLS failed before the request (see DNS rebinding in the README)
        LOG.warn(
            "sink {}: TLS handshake with {} failed; its certificate is not valid for the name"
                + " (DNS rebinding, interception or a misconfigured endpoint)",
            sinkName,
            uri.getHost());
        return new DeliveryResult.RetryableFailure(
            "connection failed: TLS handshake failed", Optional.empty());
      }
      return new DeliveryResult.RetryableFailure(
          "connection failed: " + e.getClass().getSimpleName(), Optional.empty());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new DeliveryResult.RetryableFailure("interrupted", Optional.empty());
    } catch (RuntimeException e) {
      return new DeliveryResult.PermanentFailure("request failed: " + e.getClass().getSimpleName());
    }
    return map(response, accepted);
  }

  private DeliveryResult map(
      HttpResponse<String> response, Function<HttpResponse<String>, DeliveryResult> accepted) {
    int status = response.statusCode();
    String reason = "HTTP " + status + reasonBody(response.body());
    if (status >= 200 && status < 300) {
      try {
        DeliveryResult r = accepted.apply(response);
        return r == null ? new DeliveryResult.Delivered("") : r;
      } catch (RuntimeException e) {
        return new DeliveryResult.Delivered("");
      }
    }
    if (status == 429 || status == 408 || status >= 500) {
      return new DeliveryResult.RetryableFailure(
          reason, retryAfter(response.headers().firstValue("Retry-After")));
    }
    return new DeliveryResult.PermanentFailure(reason);
  }

  private static String reasonBody(String body) {
    if (body == null || body.isBlank()) {
      return "";
    }
    String oneLine = body.replaceAll("\\s+", " ").trim();
    return ": "
        + (oneLine.length() > MAX_REASON_BODY
            ? oneLine.substring(0, MAX_REASON_BODY) + "..."
            : oneLine);
  }

  /** Retry-After as delay-seconds or an HTTP date. */
  Optional<Duration> retryAfter(Optional<String> header) {
    if (header.isEmpty()) {
      return Optional.empty();
    }
    String v = header.get().trim();
    try {
      long seconds = Long.parseLong(v);
      return seconds < 0 ? Optional.empty() : Optional.of(Duration.ofSeconds(seconds));
    } catch (NumberFormatException e) {
      try {
        ZonedDateTime at = ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME);
        Duration d = Duration.between(clock.instant(), at.toInstant());
        return Optional.of(d.isNegative() ? Duration.ZERO : d);
      } catch (DateTimeParseException e2) {
        return Optional.empty();
      }
    }
  }
}
