package io.mantissa.apm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import io.mantissa.api.MantissaException;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.ArrayValue;
import io.opentelemetry.proto.common.v1.InstrumentationScope;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.common.v1.KeyValueList;
import io.opentelemetry.proto.metrics.v1.AggregationTemporality;
import io.opentelemetry.proto.metrics.v1.Gauge;
import io.opentelemetry.proto.metrics.v1.Histogram;
import io.opentelemetry.proto.metrics.v1.HistogramDataPoint;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.NumberDataPoint;
import io.opentelemetry.proto.metrics.v1.ResourceMetrics;
import io.opentelemetry.proto.metrics.v1.ScopeMetrics;
import io.opentelemetry.proto.metrics.v1.Sum;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span.SpanKind;
import io.opentelemetry.proto.trace.v1.Status;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The protobuf decoder gives the same spans and points as the JSON decoder for the same export. */
class OtlpProtobufTest {
  private static final HexFormat HEX = HexFormat.of();

  private static KeyValue kv(String key, AnyValue value) {
    return KeyValue.newBuilder().setKey(key).setValue(value).build();
  }

  private static AnyValue s(String v) {
    return AnyValue.newBuilder().setStringValue(v).build();
  }

  private static AnyValue i(long v) {
    return AnyValue.newBuilder().setIntValue(v).build();
  }

  private static Resource service(String name, KeyValue... more) {
    return Resource.newBuilder()
        .addAttributes(kv("service.name", s(name)))
        .addAllAttributes(List.of(more))
        .build();
  }

  private static ByteString id(String hex) {
    return ByteString.copyFrom(HEX.parseHex(hex));
  }

  @Test
  void tracesDecodeLikeTheirJsonForm() {
    ExportTraceServiceRequest request =
        ExportTraceServiceRequest.newBuilder()
            .addResourceSpans(
                ResourceSpans.newBuilder()
                    .setResource(service("frontend", kv("deployment.environment", s("prod"))))
                    .addScopeSpans(
                        ScopeSpans.newBuilder()
                            .setScope(
                                InstrumentationScope.newBuilder()
                                    .setName("io.opentelemetry.tomcat")
                                    .setVersion("2.1.0"))
                            .addSpans(
                                io.opentelemetry.proto.trace.v1.Span.newBuilder()
                                    .setTraceId(id("5b8efff798038103d269b633813fc60c"))
                                    .setSpanId(id("eee19b7ec3c1b174"))
                                    .setName("POST /checkout")
                                    .setKind(SpanKind.SPAN_KIND_SERVER)
                                    .setStartTimeUnixNano(1764158400000000000L)
                                    .setEndTimeUnixNano(1764158400250500000L)
                                    .addAttributes(kv("http.request.method", s("POST")))
                                    .addAttributes(kv("http.route", s("/checkout")))
                                    .addAttributes(kv("http.response.status_code", i(500)))
                                    .addAttributes(
                                        kv(
                                            "retry",
                                            AnyValue.newBuilder().setBoolValue(false).build()))
                                    .addAttributes(
                                        kv(
                                            "ratio",
                                            AnyValue.newBuilder().setDoubleValue(0.5).build()))
                                    .addAttributes(
                                        kv(
                                            "tags",
                                            AnyValue.newBuilder()
                                                .setArrayValue(
                                                    ArrayValue.newBuilder()
                                                        .addValues(s("a"))
                                                        .addValues(i(2)))
                                                .build()))
                                    .addAttributes(
                                        kv(
                                            "ctx",
                                            AnyValue.newBuilder()
                                                .setKvlistValue(
                                                    KeyValueList.newBuilder()
                                                        .addValues(kv("k", s("v"))))
                                                .build()))
                                    .setStatus(
                                        Status.newBuilder()
                                            .setCode(Status.StatusCode.STATUS_CODE_ERROR)
                                            .setMessage("payment declined")))))
            .addResourceSpans(
                ResourceSpans.newBuilder()
                    .setResource(service("checkout"))
                    .addScopeSpans(
                        ScopeSpans.newBuilder()
                            .addSpans(
                                io.opentelemetry.proto.trace.v1.Span.newBuilder()
                                    .setTraceId(id("5b8efff798038103d269b633813fc60c"))
                                    .setSpanId(id("1111111111111111"))
                                    .setParentSpanId(id("eee19b7ec3c1b174"))
                                    .setName("POST /api/checkout")
                                    .setKind(SpanKind.SPAN_KIND_SERVER)
                                    .setStartTimeUnixNano(1764158400010000000L)
                                    .setEndTimeUnixNano(1764158400240000000L)
                                    .addAttributes(kv("http.method", s("POST")))
                                    .addAttributes(kv("http.status_code", i(502)))
                                    .setStatus(
                                        Status.newBuilder()
                                            .setCode(Status.StatusCode.STATUS_CODE_ERROR)))))
            .build();
    assertThat(OtlpProtobuf.traces(request.toByteArray()))
        .isEqualTo(OtlpJson.traces(Fixtures.TRACES));
  }

  @Test
  void metricsDecodeLikeTheirJsonForm() {
    ExportMetricsServiceRequest request =
        ExportMetricsServiceRequest.newBuilder()
            .addResourceMetrics(
                ResourceMetrics.newBuilder()
                    .setResource(service("payments"))
                    .addScopeMetrics(
                        ScopeMetrics.newBuilder()
                            .setScope(
                                InstrumentationScope.newBuilder()
                                    .setName("io.opentelemetry.runtime"))
                            .addMetrics(
                                Metric.newBuilder()
                                    .setName("system.cpu.utilization")
                                    .setUnit("1")
                                    .setGauge(
                                        Gauge.newBuilder()
                                            .addDataPoints(
                                                NumberDataPoint.newBuilder()
                                                    .setAsDouble(0.42)
                                                    .setTimeUnixNano(1764158400000000000L))))
                            .addMetrics(
                                Metric.newBuilder()
                                    .setName("http.server.requests")
                                    .setUnit("{request}")
                                    .setSum(
                                        Sum.newBuilder()
                                            .setAggregationTemporality(
                                                AggregationTemporality
                                                    .AGGREGATION_TEMPORALITY_DELTA)
                                            .setIsMonotonic(true)
                                            .addDataPoints(
                                                NumberDataPoint.newBuilder()
                                                    .setAsInt(17)
                                                    .setStartTimeUnixNano(1764158340000000000L)
                                                    .setTimeUnixNano(1764158400000000000L)
                                                    .addAttributes(
                                                        kv("http.route", s("/api/charge"))))))
                            .addMetrics(
                                Metric.newBuilder()
                                    .setName("http.server.request.duration")
                                    .setUnit("ms")
                                    .setHistogram(
                                        Histogram.newBuilder()
                                            .setAggregationTemporality(
                                                AggregationTemporality
                                                    .AGGREGATION_TEMPORALITY_DELTA)
                                            .addDataPoints(
                                                HistogramDataPoint.newBuilder()
                                                    .setTimeUnixNano(1764158400000000000L)
                                                    .setCount(17)
                                                    .setSum(1234.5)
                                                    .setMin(12)
                                                    .setMax(480)
                                                    .addAllExplicitBounds(
                                                        List.of(50.0, 100.0, 250.0))
                                                    .addAllBucketCounts(
                                                        List.of(5L, 6L, 4L, 2L)))))))
            .build();
    assertThat(OtlpProtobuf.metrics(request.toByteArray()))
        .isEqualTo(OtlpJson.metrics(Fixtures.METRICS));
  }

  @Test
  void badBytesAndBadIdsAreParseErrors() {
    assertThatThrownBy(() -> OtlpProtobuf.traces(new byte[] {0x0a, 0x7f, 0x01}))
        .isInstanceOf(MantissaException.class)
        .hasMessageContaining("invalid OTLP/protobuf");
    byte[] shortId =
        ExportTraceServiceRequest.newBuilder()
            .addResourceSpans(
                ResourceSpans.newBuilder()
                    .addScopeSpans(
                        ScopeSpans.newBuilder()
                            .addSpans(
                                io.opentelemetry.proto.trace.v1.Span.newBuilder()
                                    .setTraceId(id("5b8efff7"))
                                    .setSpanId(id("eee19b7ec3c1b174")))))
            .build()
            .toByteArray();
    assertThatThrownBy(() -> OtlpProtobuf.traces(shortId))
        .isInstanceOf(MantissaException.class)
        .hasMessageContaining(
            "resourceSpans[0].scopeSpans[0].spans[0].traceId has 4 bytes, not 16");
  }
}
