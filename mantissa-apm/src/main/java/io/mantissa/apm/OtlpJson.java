package io.mantissa.apm;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.mantissa.api.ErrorCode;
import io.mantissa.api.MantissaException;
import java.math.BigInteger;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Decodes OTLP/JSON export requests, as the OTLP/HTTP exporters send them with {@code Content-Type:
 * application/json}: {@code ExportTraceServiceRequest} ({@code resourceSpans} → {@code scopeSpans}
 * → {@code spans}) and {@code ExportMetricsServiceRequest} ({@code resourceMetrics} → {@code
 * scopeMetrics} → {@code metrics} with gauge, sum, histogram, exponential histogram and summary
 * data points).
 *
 * <p>It follows the OTLP/JSON rules of the specification: trace and span ids are hex (either case),
 * 64-bit integers may be JSON strings or numbers, enums may be numbers or their names ({@code 2} or
 * {@code "SPAN_KIND_SERVER"}), field names are lowerCamelCase (the proto names in snake_case are
 * accepted too) and unknown fields are ignored. Bad input is a {@link MantissaException} with
 * {@link ErrorCode#PARSE_ERROR} whose message names the place ({@code
 * resourceSpans[0].scopeSpans[1].spans[3].traceId}) and what is wrong; nothing else is thrown.
 */
public final class OtlpJson {
  private static final ObjectMapper MAPPER =
      JsonMapper.builder()
          .enable(com.fasterxml.jackson.databind.DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
          .build();
  private static final BigInteger MAX_UINT64 =
      BigInteger.ONE.shiftLeft(64).subtract(BigInteger.ONE);

  private OtlpJson() {}

  /**
   * The spans of an {@code ExportTraceServiceRequest}.
   *
   * @throws MantissaException with {@link ErrorCode#PARSE_ERROR} naming where the input is wrong
   */
  public static List<Span> traces(String json) {
    return traces(read(json));
  }

  /**
   * The data points of an {@code ExportMetricsServiceRequest}.
   *
   * @throws MantissaException with {@link ErrorCode#PARSE_ERROR} naming where the input is wrong
   */
  public static List<MetricPoint> metrics(String json) {
    return metrics(read(json));
  }

  static JsonNode read(String json) {
    JsonNode root;
    try {
      root = MAPPER.readTree(json);
    } catch (JsonProcessingException e) {
      String message = e.getOriginalMessage();
      int nl = message == null ? -1 : message.indexOf('\n');
      String first = nl < 0 ? String.valueOf(message) : message.substring(0, nl);
      throw new MantissaException(
          ErrorCode.PARSE_ERROR,
          e.getLocation() == null
              ? "invalid JSON: " + first
              : "invalid JSON at line "
                  + e.getLocation().getLineNr()
                  + ", column "
                  + e.getLocation().getColumnNr()
                  + ": "
                  + first);
    }
    if (root == null || !root.isObject()) {
      throw error("", "is not a JSON object");
    }
    return root;
  }

  static List<Span> traces(JsonNode root) {
    JsonNode resources = field(root, "resourceSpans");
    if (resources == null) {
      throw error(
          "resourceSpans", "is missing: the input is not an OTLP/JSON ExportTraceServiceRequest");
    }
    List<Span> out = new ArrayList<>();
    int r = 0;
    for (JsonNode rs : array(resources, "resourceSpans")) {
      String rp = "resourceSpans[" + r++ + "]";
      object(rs, rp);
      Map<String, Object> resource = resource(rs, rp);
      JsonNode scopes = field(rs, "scopeSpans");
      int s = 0;
      for (JsonNode ss : scopes == null ? List.<JsonNode>of() : array(scopes, rp + ".scopeSpans")) {
        String sp = rp + ".scopeSpans[" + s++ + "]";
        object(ss, sp);
        JsonNode scope = optionalObject(field(ss, "scope"), sp + ".scope");
        JsonNode spans = field(ss, "spans");
        int i = 0;
        for (JsonNode span : spans == null ? List.<JsonNode>of() : array(spans, sp + ".spans")) {
          out.add(span(span, sp + ".spans[" + i++ + "]", resource, scope));
        }
      }
    }
    return out;
  }

  /** One span object; {@code resource} and {@code scope} are its context. */
  static Span span(JsonNode span, String at, Map<String, Object> resource, JsonNode scope) {
    object(span, at);
    String traceId = hexId(field(span, "traceId"), at + ".traceId", 32, true);
    String spanId = hexId(field(span, "spanId"), at + ".spanId", 16, true);
    String parent = hexId(field(span, "parentSpanId"), at + ".parentSpanId", 16, false);
    Instant start = nanos(field(span, "startTimeUnixNano"), at + ".startTimeUnixNano", true);
    Instant end = nanos(field(span, "endTimeUnixNano"), at + ".endTimeUnixNano", true);
    if (end.isBefore(start)) {
      throw error(at + ".endTimeUnixNano", "is before startTimeUnixNano");
    }
    SpanKind kind =
        SpanKind.ofNumber(
            enumValue(field(span, "kind"), at + ".kind", "SPAN_KIND_", SpanKind.class));
    JsonNode status = optionalObject(field(span, "status"), at + ".status");
    StatusCode code = StatusCode.UNSET;
    String message = "";
    if (status != null) {
      code =
          StatusCode.ofNumber(
              enumValue(
                  field(status, "code"), at + ".status.code", "STATUS_CODE_", StatusCode.class));
      message = text(field(status, "message"), at + ".status.message");
    }
    try {
      return new Span(
          traceId,
          spanId,
          parent,
          serviceOf(resource),
          text(field(span, "name"), at + ".name"),
          kind,
          start,
          end,
          code,
          message,
          attributes(field(span, "attributes"), at + ".attributes"),
          resource,
          scope == null ? "" : text(field(scope, "name"), at + ".scope.name"),
          scope == null ? "" : text(field(scope, "version"), at + ".scope.version"));
    } catch (IllegalArgumentException e) {
      throw error(at, e.getMessage());
    }
  }

  static List<MetricPoint> metrics(JsonNode root) {
    JsonNode resources = field(root, "resourceMetrics");
    if (resources == null) {
      throw error(
          "resourceMetrics",
          "is missing: the input is not an OTLP/JSON ExportMetricsServiceRequest");
    }
    List<MetricPoint> out = new ArrayList<>();
    int r = 0;
    for (JsonNode rm : array(resources, "resourceMetrics")) {
      String rp = "resourceMetrics[" + r++ + "]";
      object(rm, rp);
      Map<String, Object> resource = resource(rm, rp);
      String service = serviceOf(resource);
      JsonNode scopes = field(rm, "scopeMetrics");
      int s = 0;
      for (JsonNode sm :
          scopes == null ? List.<JsonNode>of() : array(scopes, rp + ".scopeMetrics")) {
        String sp = rp + ".scopeMetrics[" + s++ + "]";
        object(sm, sp);
        JsonNode scope = optionalObject(field(sm, "scope"), sp + ".scope");
        String scopeName = scope == null ? "" : text(field(scope, "name"), sp + ".scope.name");
        JsonNode metrics = field(sm, "metrics");
        int m = 0;
        for (JsonNode metric :
            metrics == null ? List.<JsonNode>of() : array(metrics, sp + ".metrics")) {
          String mp = sp + ".metrics[" + m++ + "]";
          object(metric, mp);
          metric(metric, mp, service, resource, scopeName, out);
        }
      }
    }
    return out;
  }

  private static void metric(
      JsonNode metric,
      String at,
      String service,
      Map<String, Object> resource,
      String scopeName,
      List<MetricPoint> out) {
    String name = text(field(metric, "name"), at + ".name");
    if (name.isEmpty()) {
      throw error(at + ".name", "is missing or empty");
    }
    String description = text(field(metric, "description"), at + ".description");
    String unit = text(field(metric, "unit"), at + ".unit");
    MetricPoint.Type type = null;
    JsonNode data = null;
    for (MetricPoint.Type t : MetricPoint.Type.values()) {
      JsonNode d = field(metric, dataKey(t));
      if (d != null && !d.isNull()) {
        if (data != null) {
          throw error(at, "has both " + dataKey(type) + " and " + dataKey(t));
        }
        type = t;
        data = d;
      }
    }
    if (data == null) {
      throw error(at, "has no data: one of gauge, sum, histogram, exponentialHistogram or summary");
    }
    String dp = at + "." + dataKey(type);
    object(data, dp);
    boolean monotonic = type == MetricPoint.Type.SUM && bool(field(data, "isMonotonic"), dp);
    String temporality = "UNSPECIFIED";
    if (type != MetricPoint.Type.GAUGE && type != MetricPoint.Type.SUMMARY) {
      long t =
          enumValue(
              field(data, "aggregationTemporality"),
              dp + ".aggregationTemporality",
              "AGGREGATION_TEMPORALITY_",
              Temporality.class);
      temporality = Temporality.values()[(int) Math.min(t, 2)].name();
    }
    JsonNode points = field(data, "dataPoints");
    int i = 0;
    for (JsonNode p : points == null ? List.<JsonNode>of() : array(points, dp + ".dataPoints")) {
      String pp = dp + ".dataPoints[" + i++ + "]";
      object(p, pp);
      MetricPoint.Value value =
          switch (type) {
            case GAUGE, SUM -> scalar(p, pp);
            case HISTOGRAM -> histogram(p, pp);
            case EXPONENTIAL_HISTOGRAM -> distribution(p, pp, List.of(), List.of(), Map.of());
            case SUMMARY -> summary(p, pp);
          };
      try {
        out.add(
            new MetricPoint(
                name,
                description,
                unit,
                type,
                service,
                nanos(field(p, "timeUnixNano"), pp + ".timeUnixNano", true),
                nanos(field(p, "startTimeUnixNano"), pp + ".startTimeUnixNano", false),
                value,
                monotonic,
                temporality,
                attributes(field(p, "attributes"), pp + ".attributes"),
                resource,
                scopeName));
      } catch (IllegalArgumentException e) {
        throw error(pp, e.getMessage());
      }
    }
  }

  /** The aggregation temporalities in wire order. */
  private enum Temporality {
    UNSPECIFIED,
    DELTA,
    CUMULATIVE
  }

  private static String dataKey(MetricPoint.Type type) {
    return switch (type) {
      case GAUGE -> "gauge";
      case SUM -> "sum";
      case HISTOGRAM -> "histogram";
      case EXPONENTIAL_HISTOGRAM -> "exponentialHistogram";
      case SUMMARY -> "summary";
    };
  }

  private static MetricPoint.Scalar scalar(JsonNode p, String at) {
    JsonNode d = field(p, "asDouble");
    if (d != null && !d.isNull()) {
      return new MetricPoint.Scalar(number(d, at + ".asDouble"));
    }
    JsonNode i = field(p, "asInt");
    if (i != null && !i.isNull()) {
      return new MetricPoint.Scalar(int64(i, at + ".asInt"));
    }
    throw error(at, "has neither asDouble nor asInt");
  }

  private static MetricPoint.Distribution histogram(JsonNode p, String at) {
    List<Double> bounds = new ArrayList<>();
    JsonNode b = field(p, "explicitBounds");
    int i = 0;
    for (JsonNode n : b == null ? List.<JsonNode>of() : array(b, at + ".explicitBounds")) {
      bounds.add(number(n, at + ".explicitBounds[" + i++ + "]"));
    }
    List<Long> counts = new ArrayList<>();
    JsonNode c = field(p, "bucketCounts");
    i = 0;
    for (JsonNode n : c == null ? List.<JsonNode>of() : array(c, at + ".bucketCounts")) {
      counts.add(uint(n, at + ".bucketCounts[" + i++ + "]"));
    }
    if (!counts.isEmpty() && counts.size() != bounds.size() + 1) {
      throw error(
          at + ".bucketCounts",
          "has "
              + counts.size()
              + " counts for "
              + bounds.size()
              + " explicitBounds (needs one more)");
    }
    return distribution(p, at, bounds, counts, Map.of());
  }

  private static MetricPoint.Distribution summary(JsonNode p, String at) {
    Map<Double, Double> quantiles = new LinkedHashMap<>();
    JsonNode q = field(p, "quantileValues");
    int i = 0;
    for (JsonNode n : q == null ? List.<JsonNode>of() : array(q, at + ".quantileValues")) {
      String qp = at + ".quantileValues[" + i++ + "]";
      object(n, qp);
      JsonNode quantile = field(n, "quantile");
      JsonNode value = field(n, "value");
      quantiles.put(
          quantile == null ? 0.0 : number(quantile, qp + ".quantile"),
          value == null ? 0.0 : number(value, qp + ".value"));
    }
    return distribution(p, at, List.of(), List.of(), quantiles);
  }

  private static MetricPoint.Distribution distribution(
      JsonNode p,
      String at,
      List<Double> bounds,
      List<Long> counts,
      Map<Double, Double> quantiles) {
    JsonNode count = field(p, "count");
    return new MetricPoint.Distribution(
        count == null ? 0 : uint(count, at + ".count"),
        optionalNumber(field(p, "sum"), at + ".sum"),
        optionalNumber(field(p, "min"), at + ".min"),
        optionalNumber(field(p, "max"), at + ".max"),
        bounds,
        counts,
        quantiles);
  }

  // ------------------------------------------------------------------ resources and attributes

  private static Map<String, Object> resource(JsonNode parent, String at) {
    JsonNode resource = optionalObject(field(parent, "resource"), at + ".resource");
    return resource == null
        ? Map.of()
        : attributes(field(resource, "attributes"), at + ".resource.attributes");
  }

  static String serviceOf(Map<String, Object> resource) {
    return resource.get("service.name") instanceof String s && !s.isEmpty()
        ? s
        : Span.UNKNOWN_SERVICE;
  }

  /** A list of {@code KeyValue} as a map; a repeated key keeps its last value. */
  static Map<String, Object> attributes(JsonNode list, String at) {
    Map<String, Object> out = new LinkedHashMap<>();
    if (list == null || list.isNull()) {
      return out;
    }
    int i = 0;
    for (JsonNode kv : array(list, at)) {
      String kp = at + "[" + i++ + "]";
      object(kv, kp);
      JsonNode key = field(kv, "key");
      if (key == null || !key.isTextual()) {
        throw error(kp + ".key", "is missing or not a string");
      }
      out.put(key.asText(), anyValue(field(kv, "value"), kp + ".value"));
    }
    return out;
  }

  /** An {@code AnyValue}: string, boolean, long, double, list, map, base64 bytes or null. */
  private static Object anyValue(JsonNode v, String at) {
    if (v == null || v.isNull()) {
      return null;
    }
    object(v, at);
    JsonNode x;
    if ((x = field(v, "stringValue")) != null) {
      return text(x, at + ".stringValue");
    }
    if ((x = field(v, "boolValue")) != null) {
      return bool(x, at + ".boolValue");
    }
    if ((x = field(v, "intValue")) != null) {
      return int64(x, at + ".intValue");
    }
    if ((x = field(v, "doubleValue")) != null) {
      double d = number(x, at + ".doubleValue");
      return Double.isFinite(d) ? d : String.valueOf(d);
    }
    if ((x = field(v, "bytesValue")) != null) {
      return text(x, at + ".bytesValue");
    }
    if ((x = field(v, "arrayValue")) != null) {
      object(x, at + ".arrayValue");
      List<Object> out = new ArrayList<>();
      JsonNode values = field(x, "values");
      int i = 0;
      for (JsonNode e :
          values == null ? List.<JsonNode>of() : array(values, at + ".arrayValue.values")) {
        out.add(anyValue(e, at + ".arrayValue.values[" + i++ + "]"));
      }
      return out;
    }
    if ((x = field(v, "kvlistValue")) != null) {
      object(x, at + ".kvlistValue");
      return attributes(field(x, "values"), at + ".kvlistValue.values");
    }
    return null;
  }

  // ------------------------------------------------------------------ scalars

  /** A field by its lowerCamelCase name, or by the proto's snake_case name. */
  static JsonNode field(JsonNode node, String camel) {
    JsonNode v = node.get(camel);
    if (v != null) {
      return v;
    }
    StringBuilder snake = new StringBuilder();
    for (char ch : camel.toCharArray()) {
      if (Character.isUpperCase(ch)) {
        snake.append('_').append(Character.toLowerCase(ch));
      } else {
        snake.append(ch);
      }
    }
    return node.get(snake.toString());
  }

  private static Iterable<JsonNode> array(JsonNode node, String at) {
    if (!node.isArray()) {
      throw error(at, "is not an array");
    }
    return node;
  }

  private static void object(JsonNode node, String at) {
    if (node == null || !node.isObject()) {
      throw error(at, "is not an object");
    }
  }

  private static JsonNode optionalObject(JsonNode node, String at) {
    if (node == null || node.isNull()) {
      return null;
    }
    object(node, at);
    return node;
  }

  private static String text(JsonNode node, String at) {
    if (node == null || node.isNull()) {
      return "";
    }
    if (!node.isTextual()) {
      throw error(at, "is not a string");
    }
    return node.asText();
  }

  private static boolean bool(JsonNode node, String at) {
    if (node == null || node.isNull()) {
      return false;
    }
    if (!node.isBoolean()) {
      throw error(at, "is not true or false");
    }
    return node.asBoolean();
  }

  private static String hexId(JsonNode node, String at, int digits, boolean required) {
    String id = text(node, at);
    if (id.isEmpty()) {
      if (required) {
        throw error(at, "is missing");
      }
      return "";
    }
    String lower = id.toLowerCase(Locale.ROOT);
    if (lower.length() != digits || !lower.chars().allMatch(c -> Character.digit(c, 16) >= 0)) {
      throw error(at, quote(id) + " is not " + digits + " hex digits");
    }
    if (lower.chars().allMatch(c -> c == '0')) {
      throw error(at, "is all zeros, which is not a valid id");
    }
    return lower;
  }

  /** A {@code fixed64} time in nanoseconds since the epoch, as a string or a number. */
  private static Instant nanos(JsonNode node, String at, boolean required) {
    if (node == null || node.isNull()) {
      if (required) {
        throw error(at, "is missing");
      }
      return Instant.EPOCH;
    }
    long n = uint(node, at);
    return Instant.ofEpochSecond(
        Long.divideUnsigned(n, 1_000_000_000L), Long.remainderUnsigned(n, 1_000_000_000L));
  }

  /** An unsigned 64-bit integer, as a string or a number; at most {@link Long#MAX_VALUE}. */
  private static long uint(JsonNode node, String at) {
    BigInteger v = integer(node, at);
    if (v.signum() < 0 || v.compareTo(BigInteger.valueOf(Long.MAX_VALUE)) > 0) {
      throw error(at, quote(node.asText()) + " is out of range");
    }
    return v.longValueExact();
  }

  private static long int64(JsonNode node, String at) {
    BigInteger v = integer(node, at);
    if (v.bitLength() > 63) {
      throw error(at, quote(node.asText()) + " is out of range");
    }
    return v.longValueExact();
  }

  private static BigInteger integer(JsonNode node, String at) {
    if (node.isIntegralNumber()) {
      return node.bigIntegerValue();
    }
    if (node.isTextual() && node.asText().matches("-?\\d{1,20}")) {
      BigInteger v = new BigInteger(node.asText());
      if (v.compareTo(MAX_UINT64) <= 0) {
        return v;
      }
    }
    throw error(at, quote(node.asText()) + " is not an integer");
  }

  private static double number(JsonNode node, String at) {
    if (node.isNumber()) {
      return node.doubleValue();
    }
    if (node.isTextual()) {
      switch (node.asText()) {
        case "NaN":
          return Double.NaN;
        case "Infinity":
          return Double.POSITIVE_INFINITY;
        case "-Infinity":
          return Double.NEGATIVE_INFINITY;
        default:
          try {
            return Double.parseDouble(node.asText());
          } catch (NumberFormatException e) {
            // reported below
          }
      }
    }
    throw error(at, quote(node.asText()) + " is not a number");
  }

  private static double optionalNumber(JsonNode node, String at) {
    return node == null || node.isNull() ? Double.NaN : number(node, at);
  }

  /** An enum as its number or its name, with or without the proto prefix. */
  private static <E extends Enum<E>> long enumValue(
      JsonNode node, String at, String prefix, Class<E> type) {
    if (node == null || node.isNull()) {
      return 0;
    }
    if (node.isIntegralNumber()) {
      long n = node.asLong();
      if (n < 0) {
        throw error(at, n + " is not a valid value");
      }
      return n;
    }
    if (node.isTextual()) {
      String name = node.asText().toUpperCase(Locale.ROOT);
      if (name.startsWith(prefix)) {
        name = name.substring(prefix.length());
      }
      for (E e : type.getEnumConstants()) {
        if (e.name().equals(name)) {
          return e.ordinal();
        }
      }
    }
    throw error(at, quote(node.asText()) + " is not a valid value");
  }

  private static String quote(String s) {
    return "'" + (s.length() <= 64 ? s : s.substring(0, 64) + "...") + "'";
  }

  static MantissaException error(String at, String what) {
    return new MantissaException(
        ErrorCode.PARSE_ERROR, "OTLP/JSON " + (at.isEmpty() ? "input" : at) + " " + what);
  }
}
