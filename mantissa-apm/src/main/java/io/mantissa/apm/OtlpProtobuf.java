package io.mantissa.apm;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import io.mantissa.api.ErrorCode;
import io.mantissa.api.MantissaException;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.metrics.v1.ExponentialHistogramDataPoint;
import io.opentelemetry.proto.metrics.v1.HistogramDataPoint;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.NumberDataPoint;
import io.opentelemetry.proto.metrics.v1.ResourceMetrics;
import io.opentelemetry.proto.metrics.v1.ScopeMetrics;
import io.opentelemetry.proto.metrics.v1.SummaryDataPoint;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Decodes OTLP/protobuf export requests ({@code Content-Type: application/x-protobuf}) into the
 * same {@link Span}s and {@link MetricPoint}s as {@link OtlpJson}, using the generated messages of
 * {@code opentelemetry-proto}. Bad input is a {@link MantissaException} with {@link
 * ErrorCode#PARSE_ERROR} naming the place.
 */
public final class OtlpProtobuf {
  private static final HexFormat HEX = HexFormat.of();

  private OtlpProtobuf() {}

  /**
   * The spans of a serialized {@code ExportTraceServiceRequest}.
   *
   * @throws MantissaException with {@link ErrorCode#PARSE_ERROR}
   */
  public static List<Span> traces(byte[] body) {
    ExportTraceServiceRequest request;
    try {
      request = ExportTraceServiceRequest.parseFrom(body);
    } catch (InvalidProtocolBufferException e) {
      throw new MantissaException(
          ErrorCode.PARSE_ERROR, "invalid OTLP/protobuf: " + e.getMessage());
    }
    List<Span> out = new ArrayList<>();
    for (int r = 0; r < request.getResourceSpansCount(); r++) {
      ResourceSpans rs = request.getResourceSpans(r);
      Map<String, Object> resource = attributes(rs.getResource().getAttributesList());
      for (int s = 0; s < rs.getScopeSpansCount(); s++) {
        ScopeSpans ss = rs.getScopeSpans(s);
        for (int i = 0; i < ss.getSpansCount(); i++) {
          io.opentelemetry.proto.trace.v1.Span p = ss.getSpans(i);
          String at = "resourceSpans[" + r + "].scopeSpans[" + s + "].spans[" + i + "]";
          try {
            out.add(
                new Span(
                    id(p.getTraceId(), 16, at + ".traceId"),
                    id(p.getSpanId(), 8, at + ".spanId"),
                    p.getParentSpanId().isEmpty()
                        ? ""
                        : id(p.getParentSpanId(), 8, at + ".parentSpanId"),
                    OtlpJson.serviceOf(resource),
                    p.getName(),
                    SpanKind.ofNumber(p.getKindValue()),
                    instant(p.getStartTimeUnixNano(), at + ".startTimeUnixNano"),
                    instant(p.getEndTimeUnixNano(), at + ".endTimeUnixNano"),
                    StatusCode.ofNumber(p.getStatus().getCodeValue()),
                    p.getStatus().getMessage(),
                    attributes(p.getAttributesList()),
                    resource,
                    ss.getScope().getName(),
                    ss.getScope().getVersion()));
          } catch (IllegalArgumentException e) {
            throw error(at, e.getMessage());
          }
        }
      }
    }
    return out;
  }

  /**
   * The data points of a serialized {@code ExportMetricsServiceRequest}.
   *
   * @throws MantissaException with {@link ErrorCode#PARSE_ERROR}
   */
  public static List<MetricPoint> metrics(byte[] body) {
    ExportMetricsServiceRequest request;
    try {
      request = ExportMetricsServiceRequest.parseFrom(body);
    } catch (InvalidProtocolBufferException e) {
      throw new MantissaException(
          ErrorCode.PARSE_ERROR, "invalid OTLP/protobuf: " + e.getMessage());
    }
    List<MetricPoint> out = new ArrayList<>();
    for (int r = 0; r < request.getResourceMetricsCount(); r++) {
      ResourceMetrics rm = request.getResourceMetrics(r);
      Map<String, Object> resource = attributes(rm.getResource().getAttributesList());
      String service = OtlpJson.serviceOf(resource);
      for (int s = 0; s < rm.getScopeMetricsCount(); s++) {
        ScopeMetrics sm = rm.getScopeMetrics(s);
        String scope = sm.getScope().getName();
        for (int m = 0; m < sm.getMetricsCount(); m++) {
          Metric metric = sm.getMetrics(m);
          String at = "resourceMetrics[" + r + "].scopeMetrics[" + s + "].metrics[" + m + "]";
          try {
            points(metric, service, resource, scope, at, out);
          } catch (IllegalArgumentException e) {
            throw error(at, e.getMessage());
          }
        }
      }
    }
    return out;
  }

  private static void points(
      Metric metric,
      String service,
      Map<String, Object> resource,
      String scope,
      String at,
      List<MetricPoint> out) {
    switch (metric.getDataCase()) {
      case GAUGE -> {
        for (NumberDataPoint p : metric.getGauge().getDataPointsList()) {
          out.add(
              point(
                  metric,
                  MetricPoint.Type.GAUGE,
                  service,
                  resource,
                  scope,
                  p.getTimeUnixNano(),
                  p.getStartTimeUnixNano(),
                  scalar(p, at),
                  false,
                  "UNSPECIFIED",
                  p.getAttributesList(),
                  at));
        }
      }
      case SUM -> {
        String temporality = temporality(metric.getSum().getAggregationTemporalityValue());
        for (NumberDataPoint p : metric.getSum().getDataPointsList()) {
          out.add(
              point(
                  metric,
                  MetricPoint.Type.SUM,
                  service,
                  resource,
                  scope,
                  p.getTimeUnixNano(),
                  p.getStartTimeUnixNano(),
                  scalar(p, at),
                  metric.getSum().getIsMonotonic(),
                  temporality,
                  p.getAttributesList(),
                  at));
        }
      }
      case HISTOGRAM -> {
        String temporality = temporality(metric.getHistogram().getAggregationTemporalityValue());
        for (HistogramDataPoint p : metric.getHistogram().getDataPointsList()) {
          MetricPoint.Distribution d =
              new MetricPoint.Distribution(
                  p.getCount(),
                  p.hasSum() ? p.getSum() : Double.NaN,
                  p.hasMin() ? p.getMin() : Double.NaN,
                  p.hasMax() ? p.getMax() : Double.NaN,
                  p.getExplicitBoundsList(),
                  p.getBucketCountsList(),
                  Map.of());
          out.add(
              point(
                  metric,
                  MetricPoint.Type.HISTOGRAM,
                  service,
                  resource,
                  scope,
                  p.getTimeUnixNano(),
                  p.getStartTimeUnixNano(),
                  d,
                  false,
                  temporality,
                  p.getAttributesList(),
                  at));
        }
      }
      case EXPONENTIAL_HISTOGRAM -> {
        String temporality =
            temporality(metric.getExponentialHistogram().getAggregationTemporalityValue());
        for (ExponentialHistogramDataPoint p :
            metric.getExponentialHistogram().getDataPointsList()) {
          MetricPoint.Distribution d =
              new MetricPoint.Distribution(
                  p.getCount(),
                  p.hasSum() ? p.getSum() : Double.NaN,
                  p.hasMin() ? p.getMin() : Double.NaN,
                  p.hasMax() ? p.getMax() : Double.NaN,
                  List.of(),
                  List.of(),
                  Map.of());
          out.add(
              point(
                  metric,
                  MetricPoint.Type.EXPONENTIAL_HISTOGRAM,
                  service,
                  resource,
                  scope,
                  p.getTimeUnixNano(),
                  p.getStartTimeUnixNano(),
                  d,
                  false,
                  temporality,
                  p.getAttributesList(),
                  at));
        }
      }
      case SUMMARY -> {
        for (SummaryDataPoint p : metric.getSummary().getDataPointsList()) {
          Map<Double, Double> q = new LinkedHashMap<>();
          p.getQuantileValuesList().forEach(v -> q.put(v.getQuantile(), v.getValue()));
          MetricPoint.Distribution d =
              new MetricPoint.Distribution(
                  p.getCount(), p.getSum(), Double.NaN, Double.NaN, List.of(), List.of(), q);
          out.add(
              point(
                  metric,
                  MetricPoint.Type.SUMMARY,
                  service,
                  resource,
                  scope,
                  p.getTimeUnixNano(),
                  p.getStartTimeUnixNano(),
                  d,
                  false,
                  "UNSPECIFIED",
                  p.getAttributesList(),
                  at));
        }
      }
      default ->
          throw error(
              at, "has no data: one of gauge, sum, histogram, exponentialHistogram or summary");
    }
  }

  private static MetricPoint point(
      Metric metric,
      MetricPoint.Type type,
      String service,
      Map<String, Object> resource,
      String scope,
      long time,
      long start,
      MetricPoint.Value value,
      boolean monotonic,
      String temporality,
      List<KeyValue> attributes,
      String at) {
    return new MetricPoint(
        metric.getName(),
        metric.getDescription(),
        metric.getUnit(),
        type,
        service,
        instant(time, at + ".dataPoints.timeUnixNano"),
        start == 0 ? Instant.EPOCH : instant(start, at + ".dataPoints.startTimeUnixNano"),
        value,
        monotonic,
        temporality,
        attributes(attributes),
        resource,
        scope);
  }

  private static MetricPoint.Scalar scalar(NumberDataPoint p, String at) {
    return switch (p.getValueCase()) {
      case AS_DOUBLE -> new MetricPoint.Scalar(p.getAsDouble());
      case AS_INT -> new MetricPoint.Scalar(p.getAsInt());
      default -> throw error(at + ".dataPoints", "a point has neither asDouble nor asInt");
    };
  }

  private static String temporality(int value) {
    return switch (value) {
      case 1 -> "DELTA";
      case 2 -> "CUMULATIVE";
      default -> "UNSPECIFIED";
    };
  }

  private static String id(ByteString bytes, int length, String at) {
    if (bytes.size() != length) {
      throw error(at, "has " + bytes.size() + " bytes, not " + length);
    }
    return HEX.formatHex(bytes.toByteArray());
  }

  private static Instant instant(long unsignedNanos, String at) {
    if (unsignedNanos < 0) {
      throw error(at, Long.toUnsignedString(unsignedNanos) + " is out of range");
    }
    return Instant.ofEpochSecond(unsignedNanos / 1_000_000_000L, unsignedNanos % 1_000_000_000L);
  }

  private static Map<String, Object> attributes(List<KeyValue> list) {
    Map<String, Object> out = new LinkedHashMap<>();
    for (KeyValue kv : list) {
      out.put(kv.getKey(), value(kv.getValue()));
    }
    return out;
  }

  private static Object value(AnyValue v) {
    return switch (v.getValueCase()) {
      case STRING_VALUE -> v.getStringValue();
      case BOOL_VALUE -> v.getBoolValue();
      case INT_VALUE -> v.getIntValue();
      case DOUBLE_VALUE -> v.getDoubleValue();
      case BYTES_VALUE ->
          java.util.Base64.getEncoder().encodeToString(v.getBytesValue().toByteArray());
      case ARRAY_VALUE -> {
        List<Object> out = new ArrayList<>();
        v.getArrayValue().getValuesList().forEach(e -> out.add(value(e)));
        yield out;
      }
      case KVLIST_VALUE -> attributes(v.getKvlistValue().getValuesList());
      default -> null;
    };
  }

  /**
   * A {@code google.rpc.Status} message (field 1 {@code code}, field 2 {@code message}) as the
   * OTLP/HTTP specification asks for in the body of a failed protobuf request.
   *
   * @param code the gRPC status code ({@code 3} INVALID_ARGUMENT for bad data)
   * @param message what went wrong
   */
  public static byte[] status(int code, String message) {
    try {
      java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
      com.google.protobuf.CodedOutputStream coded =
          com.google.protobuf.CodedOutputStream.newInstance(out);
      coded.writeInt32(1, code);
      coded.writeString(2, message);
      coded.flush();
      return out.toByteArray();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static MantissaException error(String at, String what) {
    return new MantissaException(ErrorCode.PARSE_ERROR, "OTLP/protobuf " + at + " " + what);
  }
}
