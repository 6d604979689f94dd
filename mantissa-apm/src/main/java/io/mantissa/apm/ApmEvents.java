package io.mantissa.apm;

import io.mantissa.api.Event;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Spans and data points as lake events, one event each, so that SQL can query them.
 *
 * <p>A span event (source {@value #TRACES}) has the time the span started, the id {@code traceId +
 * spanId}, and these native fields: {@code traceId}, {@code spanId}, {@code parentSpanId} (absent
 * for a root span), {@code name}, {@code kind} ({@code SERVER}, {@code CLIENT}, …), {@code
 * startTimeUnixNano} and {@code endTimeUnixNano} (strings, as OTLP/JSON writes them), {@code
 * durationMs} (a number), {@code serviceName}, {@code statusCode} ({@code UNSET}, {@code OK},
 * {@code ERROR}), {@code statusMessage}, {@code httpRoute}, {@code httpMethod}, {@code
 * httpStatusCode} (when the span has them), {@code attributes} and {@code resource} (the attribute
 * maps, keys as written) and {@code scope} ({@code name}, {@code version}).
 *
 * <p>A data point event (source {@value #METRICS}) has the point's time, an id hashed from its
 * content, and the fields {@code metricName}, {@code description}, {@code unit}, {@code type}
 * ({@code gauge}, {@code sum}, {@code histogram}, {@code exponentialHistogram}, {@code summary}),
 * {@code serviceName}, {@code timeUnixNano}, {@code startTimeUnixNano}, {@code value} (gauges and
 * sums) or {@code count}, {@code sum}, {@code min}, {@code max}, {@code explicitBounds}, {@code
 * bucketCounts}, {@code quantiles} (distributions), {@code isMonotonic}, {@code
 * aggregationTemporality}, {@code attributes}, {@code resource} and {@code scope}. Numbers that
 * JSON cannot hold (NaN, infinities) are left out.
 */
public final class ApmEvents {
  /** The source id of span events. */
  public static final String TRACES = "otel_traces";

  /** The source id of metric data point events. */
  public static final String METRICS = "otel_metrics";

  private ApmEvents() {}

  /** The lake event of one span. */
  public static Event of(Span span) {
    Map<String, Object> f = new LinkedHashMap<>();
    f.put("traceId", span.traceId());
    f.put("spanId", span.spanId());
    if (!span.root()) {
      f.put("parentSpanId", span.parentSpanId());
    }
    f.put("name", span.name());
    f.put("kind", span.kind().name());
    f.put("startTimeUnixNano", nanos(span.start()));
    f.put("endTimeUnixNano", nanos(span.end()));
    f.put("durationMs", span.durationMillis());
    f.put("serviceName", span.service());
    f.put("statusCode", span.status().name());
    if (!span.statusMessage().isEmpty()) {
      f.put("statusMessage", span.statusMessage());
    }
    span.httpRoute().ifPresent(r -> f.put("httpRoute", r));
    span.httpMethod().ifPresent(m -> f.put("httpMethod", m));
    span.httpStatusCode().ifPresent(c -> f.put("httpStatusCode", c));
    f.put("attributes", json(span.attributes()));
    f.put("resource", json(span.resource()));
    f.put("scope", scope(span.scopeName(), span.scopeVersion()));
    return Event.of(TRACES, span.start(), span.traceId() + span.spanId(), f);
  }

  /** The lake events of some spans, in order. */
  public static List<Event> ofSpans(List<Span> spans) {
    List<Event> out = new ArrayList<>(spans.size());
    spans.forEach(s -> out.add(of(s)));
    return out;
  }

  /** The lake event of one metric data point. */
  public static Event of(MetricPoint point) {
    Map<String, Object> f = new LinkedHashMap<>();
    f.put("metricName", point.metric());
    if (!point.description().isEmpty()) {
      f.put("description", point.description());
    }
    if (!point.unit().isEmpty()) {
      f.put("unit", point.unit());
    }
    f.put("type", typeName(point.type()));
    f.put("serviceName", point.service());
    f.put("timeUnixNano", nanos(point.time()));
    if (!point.start().equals(Instant.EPOCH)) {
      f.put("startTimeUnixNano", nanos(point.start()));
    }
    if (point.value() instanceof MetricPoint.Scalar s) {
      putFinite(f, "value", s.value());
    } else if (point.value() instanceof MetricPoint.Distribution d) {
      f.put("count", d.count());
      putFinite(f, "sum", d.sum());
      putFinite(f, "min", d.min());
      putFinite(f, "max", d.max());
      if (!d.bucketCounts().isEmpty()) {
        f.put("explicitBounds", jsonValue(d.bounds()));
        f.put("bucketCounts", d.bucketCounts());
      }
      if (!d.quantiles().isEmpty()) {
        Map<String, Object> q = new LinkedHashMap<>();
        d.quantiles().forEach((k, v) -> q.put(String.valueOf(k), Double.isFinite(v) ? v : null));
        f.put("quantiles", q);
      }
    }
    if (point.type() == MetricPoint.Type.SUM) {
      f.put("isMonotonic", point.monotonic());
    }
    if (!point.temporality().equals("UNSPECIFIED")) {
      f.put("aggregationTemporality", point.temporality());
    }
    f.put("attributes", json(point.attributes()));
    f.put("resource", json(point.resource()));
    f.put("scope", scope(point.scopeName(), ""));
    return Event.of(METRICS, point.time(), idOf(point), f);
  }

  /** The lake events of some data points, in order. */
  public static List<Event> ofPoints(List<MetricPoint> points) {
    List<Event> out = new ArrayList<>(points.size());
    points.forEach(p -> out.add(of(p)));
    return out;
  }

  static String typeName(MetricPoint.Type type) {
    return switch (type) {
      case GAUGE -> "gauge";
      case SUM -> "sum";
      case HISTOGRAM -> "histogram";
      case EXPONENTIAL_HISTOGRAM -> "exponentialHistogram";
      case SUMMARY -> "summary";
    };
  }

  private static Map<String, Object> scope(String name, String version) {
    Map<String, Object> s = new LinkedHashMap<>();
    if (!name.isEmpty()) {
      s.put("name", name);
    }
    if (!version.isEmpty()) {
      s.put("version", version);
    }
    return s;
  }

  private static void putFinite(Map<String, Object> f, String key, double v) {
    if (Double.isFinite(v)) {
      f.put(key, v);
    }
  }

  /** A copy of an attribute map that JSON can hold (non-finite doubles become strings). */
  private static Map<String, Object> json(Map<String, Object> attributes) {
    Map<String, Object> out = new LinkedHashMap<>();
    attributes.forEach((k, v) -> out.put(k, jsonValue(v)));
    return out;
  }

  private static Object jsonValue(Object v) {
    if (v instanceof Double d && !Double.isFinite(d)) {
      return String.valueOf(d);
    }
    if (v instanceof List<?> list) {
      List<Object> out = new ArrayList<>(list.size());
      list.forEach(e -> out.add(jsonValue(e)));
      return out;
    }
    if (v instanceof Map<?, ?> map) {
      Map<String, Object> out = new LinkedHashMap<>();
      map.forEach((k, e) -> out.put(String.valueOf(k), jsonValue(e)));
      return out;
    }
    return v;
  }

  private static String nanos(Instant t) {
    return java.math.BigInteger.valueOf(t.getEpochSecond())
        .multiply(java.math.BigInteger.valueOf(1_000_000_000L))
        .add(java.math.BigInteger.valueOf(t.getNano()))
        .toString();
  }

  /** SHA-256 over the point's identity (metric, service, times, attributes), hex, 32 digits. */
  private static String idOf(MetricPoint p) {
    String key =
        String.join(
            "\n",
            p.metric(),
            p.service(),
            nanos(p.time()),
            nanos(p.start()),
            new TreeMap<>(p.attributes()).toString(),
            new TreeMap<>(p.resource()).toString(),
            p.scopeName(),
            p.type().name());
    try {
      byte[] d = MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(d, 0, 16);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
