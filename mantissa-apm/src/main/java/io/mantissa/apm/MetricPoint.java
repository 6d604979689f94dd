package io.mantissa.apm;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One data point of a metric, decoded from an OTLP export, with its metric's, resource's and
 * scope's context.
 *
 * @param metric the metric name ({@code http.server.request.duration})
 * @param description the metric's description, possibly empty
 * @param unit the metric's unit ({@code ms}, {@code s}, {@code 1}), possibly empty
 * @param type what kind of metric it is
 * @param service the resource attribute {@code service.name}, or {@link Span#UNKNOWN_SERVICE}
 * @param time when the point was observed
 * @param start the start of a cumulative or delta interval, {@link Instant#EPOCH} when not given
 * @param value the point's value
 * @param monotonic for a sum: whether it only increases
 * @param temporality for sums and histograms: {@code DELTA}, {@code CUMULATIVE}, or {@code
 *     UNSPECIFIED}
 * @param attributes the point's attributes
 * @param resource the resource's attributes
 * @param scopeName the instrumentation scope's name, possibly empty
 */
public record MetricPoint(
    String metric,
    String description,
    String unit,
    Type type,
    String service,
    Instant time,
    Instant start,
    Value value,
    boolean monotonic,
    String temporality,
    Map<String, Object> attributes,
    Map<String, Object> resource,
    String scopeName) {

  /** The OTLP metric data kinds. */
  public enum Type {
    /** A last value ({@code gauge}). */
    GAUGE,
    /** A sum over an interval or since a start ({@code sum}). */
    SUM,
    /** Explicit-bucket histogram ({@code histogram}). */
    HISTOGRAM,
    /** Base-2 exponential histogram ({@code exponentialHistogram}). */
    EXPONENTIAL_HISTOGRAM,
    /** Quantiles computed by the client ({@code summary}). */
    SUMMARY
  }

  /** A data point's value: one number, or a distribution. */
  public sealed interface Value permits Scalar, Distribution {}

  /**
   * The value of a gauge or sum point ({@code asDouble} or {@code asInt}).
   *
   * @param value the number
   */
  public record Scalar(double value) implements Value {}

  /**
   * The value of a histogram, exponential histogram or summary point.
   *
   * @param count how many measurements
   * @param sum their sum ({@code NaN} when not given)
   * @param min the smallest ({@code NaN} when not given)
   * @param max the largest ({@code NaN} when not given)
   * @param bounds the explicit bucket upper bounds (histograms only, else empty)
   * @param bucketCounts the count per bucket, one more than {@code bounds} (histograms only, else
   *     empty)
   * @param quantiles quantile (0 to 1) → value (summaries only, else empty)
   */
  public record Distribution(
      long count,
      double sum,
      double min,
      double max,
      List<Double> bounds,
      List<Long> bucketCounts,
      Map<Double, Double> quantiles)
      implements Value {
    /** Validates and copies. */
    public Distribution {
      if (count < 0) {
        throw new IllegalArgumentException("count must not be negative, was " + count);
      }
      bounds = List.copyOf(bounds);
      bucketCounts = List.copyOf(bucketCounts);
      quantiles = Collections.unmodifiableMap(new LinkedHashMap<>(quantiles));
      if (!bucketCounts.isEmpty() && bucketCounts.size() != bounds.size() + 1) {
        throw new IllegalArgumentException(
            bucketCounts.size() + " bucket counts for " + bounds.size() + " bounds");
      }
    }
  }

  /** Validates and copies. */
  public MetricPoint {
    Objects.requireNonNull(metric, "metric");
    if (metric.isEmpty()) {
      throw new IllegalArgumentException("metric name must not be empty");
    }
    Objects.requireNonNull(description, "description");
    Objects.requireNonNull(unit, "unit");
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(service, "service");
    Objects.requireNonNull(time, "time");
    Objects.requireNonNull(start, "start");
    Objects.requireNonNull(value, "value");
    Objects.requireNonNull(temporality, "temporality");
    attributes = Collections.unmodifiableMap(new LinkedHashMap<>(attributes));
    resource = Collections.unmodifiableMap(new LinkedHashMap<>(resource));
    Objects.requireNonNull(scopeName, "scopeName");
  }
}
