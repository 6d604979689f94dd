package io.mantissa.apm;

import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.regex.Pattern;

/**
 * One span of a trace, decoded from an OTLP export, with its resource's and scope's context.
 *
 * @param traceId the trace id, 32 lower-case hex digits, not all zero
 * @param spanId the span id, 16 lower-case hex digits, not all zero
 * @param parentSpanId the parent span's id (16 hex digits), or empty for a root span
 * @param service the resource attribute {@code service.name}, or {@code unknown_service} when the
 *     resource has none (as the OpenTelemetry SDKs name such services)
 * @param name the span name (the operation, e.g. {@code GET /cart})
 * @param kind the span kind
 * @param start when the span started
 * @param end when it ended, not before {@code start}
 * @param status the status code
 * @param statusMessage the status message, possibly empty
 * @param attributes the span's attributes (strings, booleans, longs, doubles, lists and maps)
 * @param resource the resource's attributes
 * @param scopeName the instrumentation scope's name, possibly empty
 * @param scopeVersion the instrumentation scope's version, possibly empty
 */
public record Span(
    String traceId,
    String spanId,
    String parentSpanId,
    String service,
    String name,
    SpanKind kind,
    Instant start,
    Instant end,
    StatusCode status,
    String statusMessage,
    Map<String, Object> attributes,
    Map<String, Object> resource,
    String scopeName,
    String scopeVersion) {

  /** The service name OpenTelemetry SDKs report when none is configured. */
  public static final String UNKNOWN_SERVICE = "unknown_service";

  private static final Pattern TRACE_ID = Pattern.compile("[0-9a-f]{32}");
  private static final Pattern SPAN_ID = Pattern.compile("[0-9a-f]{16}");

  /** Validates and copies. */
  public Span {
    requireId(traceId, TRACE_ID, "traceId");
    requireId(spanId, SPAN_ID, "spanId");
    Objects.requireNonNull(parentSpanId, "parentSpanId");
    if (!parentSpanId.isEmpty()) {
      requireId(parentSpanId, SPAN_ID, "parentSpanId");
    }
    Objects.requireNonNull(service, "service");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(start, "start");
    Objects.requireNonNull(end, "end");
    if (end.isBefore(start)) {
      throw new IllegalArgumentException(
          "span ends (" + end + ") before it starts (" + start + ")");
    }
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(statusMessage, "statusMessage");
    attributes = Collections.unmodifiableMap(new LinkedHashMap<>(attributes));
    resource = Collections.unmodifiableMap(new LinkedHashMap<>(resource));
    Objects.requireNonNull(scopeName, "scopeName");
    Objects.requireNonNull(scopeVersion, "scopeVersion");
  }

  static void requireId(String id, Pattern pattern, String what) {
    Objects.requireNonNull(id, what);
    if (!pattern.matcher(id).matches() || id.chars().allMatch(c -> c == '0')) {
      throw new IllegalArgumentException(
          what + " must be " + (pattern == TRACE_ID ? 32 : 16) + " hex digits, not all zero");
    }
  }

  /** How long the span took. */
  public Duration duration() {
    return Duration.between(start, end);
  }

  /** The duration in milliseconds, with the sub-millisecond part as a fraction. */
  public double durationMillis() {
    Duration d = duration();
    return d.getSeconds() * 1_000.0 + d.getNano() / 1_000_000.0;
  }

  /** Whether this span has no parent. */
  public boolean root() {
    return parentSpanId.isEmpty();
  }

  /** The attribute {@code http.route}, the matched route template ({@code /products/{id}}). */
  public Optional<String> httpRoute() {
    return text(attributes.get("http.route"));
  }

  /**
   * The HTTP method: {@code http.request.method} (semantic conventions 1.23 and later) or the older
   * {@code http.method}.
   */
  public Optional<String> httpMethod() {
    return text(attributes.get("http.request.method"))
        .or(() -> text(attributes.get("http.method")));
  }

  /**
   * The HTTP response status code: {@code http.response.status_code} or the older {@code
   * http.status_code}.
   */
  public OptionalInt httpStatusCode() {
    for (String key : new String[] {"http.response.status_code", "http.status_code"}) {
      Object v = attributes.get(key);
      if (v instanceof Number n) {
        return OptionalInt.of(n.intValue());
      }
      if (v instanceof String s && s.matches("\\d{1,3}")) {
        return OptionalInt.of(Integer.parseInt(s));
      }
    }
    return OptionalInt.empty();
  }

  private static Optional<String> text(Object v) {
    return v instanceof String s && !s.isEmpty() ? Optional.of(s) : Optional.empty();
  }
}
