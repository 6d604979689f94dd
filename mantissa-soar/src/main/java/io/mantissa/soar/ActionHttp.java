package io.mantissa.soar;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import io.mantissa.spi.net.DestinationGuard;
import io.mantissa.spi.response.ActionResult;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP side of the response actions: one JSON request whose destination is checked by {@link
 * DestinationGuard}, with a timeout and no redirects. Transport problems come back as failures
 * (timeouts, connection failures and unresolvable names retryable; refused destinations permanent);
 * answers come back with their status, JSON body and headers, and {@link #failure} classifies a
 * non-2xx answer: 408, 429 and 5xx retryable (with the vendor's Retry-After, or Okta's {@code
 * X-Rate-Limit-Reset}, as a hint in the reason: {@code "retry after N s"}), every other status
 * permanent. Never throws; request headers (which carry the credentials) are never logged nor put
 * in a reason.
 */
final class ActionHttp {
  private static final Logger LOG = LoggerFactory.getLogger(ActionHttp.class);
  static final ObjectMapper MAPPER = new ObjectMapper();
  private static final int MAX_VENDOR_TEXT = 300;
  private static final Pattern HINT = Pattern.compile("retry after (\\d+) s");

  /** What a request got. */
  sealed interface Reply {
    /** The server answered. */
    record Answered(int status, JsonNode body, HttpHeaders headers) implements Reply {
      boolean ok() {
        return status >= 200 && status < 300;
      }
    }

    /** No answer: refused destination, timeout, connection failure. */
    record Unreachable(ActionResult failure) implements Reply {}
  }

  private final String vendor;
  private final HttpClient client;
  private final Duration timeout;
  private final boolean allowPrivate;
  private final Clock clock;

  ActionHttp(String vendor, Duration timeout, boolean allowPrivate, Clock clock) {
    this.vendor = Objects.requireNonNull(vendor, "vendor");
    this.timeout = Objects.requireNonNull(timeout, "timeout");
    this.allowPrivate = allowPrivate;
    this.clock = Objects.requireNonNull(clock, "clock");
    this.client =
        HttpClient.newBuilder()
            .connectTimeout(timeout)
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();
  }

  /** {@code method uri} with {@code headers} and an optional JSON body. */
  Reply send(String method, URI uri, Map<String, String> headers, JsonNode json) {
    String body = null;
    if (json != null) {
      try {
        body = MAPPER.writeValueAsString(json);
      } catch (JsonProcessingException e) {
        return new Reply.Unreachable(new ActionResult.PermanentFailure(vendor + ": bad request"));
      }
    }
    return exchange(method, uri, headers, body, "application/json");
  }

  /** {@code POST uri} of an {@code application/x-www-form-urlencoded} form (OAuth token grants). */
  Reply postForm(URI uri, Map<String, String> form) {
    StringBuilder body = new StringBuilder();
    form.forEach(
        (k, v) ->
            body.append(body.length() == 0 ? "" : "&")
                .append(URLEncoder.encode(k, StandardCharsets.UTF_8))
                .append('=')
                .append(URLEncoder.encode(v, StandardCharsets.UTF_8)));
    return exchange("POST", uri, Map.of(), body.toString(), "application/x-www-form-urlencoded");
  }

  private Reply exchange(
      String method, URI uri, Map<String, String> headers, String body, String contentType) {
    DestinationGuard.Verdict verdict = DestinationGuard.check(uri, allowPrivate);
    if (verdict instanceof DestinationGuard.Verdict.Refused r) {
      LOG.warn("{} refused endpoint host {}: {}", vendor, uri.getHost(), r.reason());
      return new Reply.Unreachable(new ActionResult.PermanentFailure(vendor + ": " + r.reason()));
    }
    if (verdict instanceof DestinationGuard.Verdict.Unresolved u) {
      LOG.warn("{} refused endpoint host {}: {}", vendor, uri.getHost(), u.reason());
      return new Reply.Unreachable(new ActionResult.RetryableFailure(vendor + ": " + u.reason()));
    }
    HttpRequest.Builder request =
        HttpRequest.newBuilder(uri)
            .timeout(timeout)
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8))
            .header("Accept", "application/json")
            .header("User-Agent", "mantissa-soar");
    if (body != null) {
      request.header("Content-Type", contentType);
    }
    headers.forEach(request::header);
    HttpResponse<String> response;
    try {
      response = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    } catch (HttpTimeoutException e) {
      return retryable(vendor + ": timed out after " + timeout.toMillis() + " ms");
    } catch (IOException e) {
      return retryable(vendor + ": connection failed (" + e.getClass().getSimpleName() + ")");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return retryable(vendor + ": interrupted");
    } catch (RuntimeException e) {
      return new Reply.Unreachable(
          new ActionResult.PermanentFailure(
              vendor + ": request failed (" + e.getClass().getSimpleName() + ")"));
    }
    JsonNode json = MissingNode.getInstance();
    String text = response.body();
    if (text != null && !text.isBlank()) {
      try {
        json = MAPPER.readTree(text);
      } catch (JsonProcessingException e) {
        json = MissingNode.getInstance(); // HTML error pages of proxies: the status decides
      }
    }
    return new Reply.Answered(response.statusCode(), json, response.headers());
  }

  private static Reply retryable(String reason) {
    return new Reply.Unreachable(new ActionResult.RetryableFailure(reason));
  }

  /**
   * The failure for a non-2xx answer to {@code what} (such as {@code "suspend user alice"}): 408,
   * 429 and 5xx retryable, with a Retry-After hint when the vendor gave one; 401 and 403 permanent
   * with a pointer to the credentials; every other status permanent. The vendor's error text is
   * part of the reason.
   */
  ActionResult failure(String what, Reply.Answered a) {
    int status = a.status();
    String vendorText = errorText(a.body());
    String detail = vendorText.isEmpty() ? "" : ": " + vendorText;
    if (status == 429 || status == 408 || status >= 500) {
      String label = status == 429 ? "rate limited (HTTP 429)" : "HTTP " + status;
      String reason = vendor + ": " + what + " failed, " + label + detail;
      return new ActionResult.RetryableFailure(
          retryAfter(a.headers()).map(d -> reason + "; " + hint(d)).orElse(reason));
    }
    if (status == 401) {
      return new ActionResult.PermanentFailure(
          vendor
              + ": "
              + what
              + " failed, the credentials were rejected (HTTP 401)"
              + detail
              + "; check the token");
    }
    if (status == 403) {
      return new ActionResult.PermanentFailure(
          vendor
              + ": "
              + what
              + " failed, not allowed (HTTP 403)"
              + detail
              + "; check the permissions of the token or app");
    }
    if (status == 404) {
      return new ActionResult.PermanentFailure(
          vendor + ": " + what + " failed, not found (HTTP 404)" + detail);
    }
    return new ActionResult.PermanentFailure(
        vendor + ": " + what + " failed (HTTP " + status + ")" + detail);
  }

  /** The wait the vendor asked for: Retry-After (seconds or HTTP date), else Okta's reset time. */
  Optional<Duration> retryAfter(HttpHeaders headers) {
    Instant now = clock.instant();
    Optional<String> after = headers.firstValue("Retry-After");
    if (after.isPresent()) {
      String v = after.get().trim();
      try {
        long seconds = Long.parseLong(v);
        return seconds < 0 ? Optional.empty() : Optional.of(Duration.ofSeconds(seconds));
      } catch (NumberFormatException e) {
        try {
          Duration d =
              Duration.between(
                  now, ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant());
          return Optional.of(d.isNegative() ? Duration.ZERO : d);
        } catch (DateTimeParseException e2) {
          return Optional.empty();
        }
      }
    }
    Optional<String> reset = headers.firstValue("X-Rate-Limit-Reset"); // Okta: UTC epoch second
    if (reset.isPresent()) {
      try {
        Duration d =
            Duration.between(now, Instant.ofEpochSecond(Long.parseLong(reset.get().trim())));
        return Optional.of(d.isNegative() ? Duration.ZERO : d);
      } catch (NumberFormatException | DateTimeException e) {
        return Optional.empty();
      }
    }
    return Optional.empty();
  }

  /** The hint put into a retryable reason: {@code "retry after N s"} (rounded up). */
  static String hint(Duration d) {
    long seconds = d.getSeconds() + (d.getNano() > 0 ? 1 : 0);
    return "retry after " + seconds + " s";
  }

  /** The wait hinted in a failure reason by {@link #hint}, if any. */
  static Optional<Duration> hinted(String reason) {
    Matcher m = HINT.matcher(reason);
    Duration found = null;
    while (m.find()) {
      try {
        found = Duration.ofSeconds(Long.parseLong(m.group(1)));
      } catch (NumberFormatException e) {
        found = null;
      }
    }
    return Optional.ofNullable(found);
  }

  /**
   * The vendor's error text in a JSON error body: Okta's {@code errorSummary} (and code), Microsoft
   * Graph's and Google's {@code error.message} (and code or reason), OAuth's {@code error} and
   * {@code error_description}; empty when there is none. Cut to a few hundred characters.
   */
  static String errorText(JsonNode body) {
    String text = "";
    if (body.hasNonNull("errorSummary")) {
      text = body.path("errorCode").asText("") + " " + body.path("errorSummary").asText("");
    } else if (body.path("error").isObject()) {
      JsonNode e = body.path("error");
      String code = e.path("code").asText("");
      String reason = e.path("errors").path(0).path("reason").asText("");
      text =
          (code.isEmpty() ? "" : code + " ")
              + (reason.isEmpty() ? "" : reason + " ")
              + e.path("message").asText("");
    } else if (body.path("error").isTextual()) {
      text = body.path("error").asText() + " " + body.path("error_description").asText("");
    }
    String oneLine = text.replaceAll("\\s+", " ").trim();
    return oneLine.length() > MAX_VENDOR_TEXT
        ? oneLine.substring(0, MAX_VENDOR_TEXT) + "..."
        : oneLine;
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
        out.append('%').append(String.format(Locale.ROOT, "%02X", c));
      }
    }
    return out.toString();
  }

  /** The base URL without a trailing slash; an absolute http(s) URL or an exception. */
  static String base(String url) {
    String u = Objects.requireNonNull(url, "url").trim();
    while (u.endsWith("/")) {
      u = u.substring(0, u.length() - 1);
    }
    URI uri;
    try {
      uri = URI.create(u);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("not a URL");
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (!(scheme.equals("https") || scheme.equals("http")) || uri.getHost() == null) {
      throw new IllegalArgumentException("not an absolute http(s) URL");
    }
    return u;
  }
}
