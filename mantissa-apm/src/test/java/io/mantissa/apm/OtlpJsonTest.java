package io.mantissa.apm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mantissa.api.ErrorCode;
import io.mantissa.api.MantissaException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

class OtlpJsonTest {

  @Test
  void decodesSpansWithTheirResourceScopeStatusAndAttributes() {
    List<Span> spans = OtlpJson.traces(Fixtures.TRACES);
    assertThat(spans).hasSize(2);
    Span front = spans.get(0);
    assertThat(front.traceId()).isEqualTo("5b8efff798038103d269b633813fc60c");
    assertThat(front.spanId()).isEqualTo("eee19b7ec3c1b174");
    assertThat(front.root()).isTrue();
    assertThat(front.service()).isEqualTo("frontend");
    assertThat(front.name()).isEqualTo("POST /checkout");
    assertThat(front.kind()).isEqualTo(SpanKind.SERVER);
    assertThat(front.start()).isEqualTo(Instant.parse("2025-11-26T12:00:00Z"));
    assertThat(front.duration()).isEqualTo(Duration.ofNanos(250_500_000));
    assertThat(front.durationMillis()).isEqualTo(250.5);
    assertThat(front.status()).isEqualTo(StatusCode.ERROR);
    assertThat(front.statusMessage()).isEqualTo("payment declined");
    assertThat(front.httpRoute()).contains("/checkout");
    assertThat(front.httpMethod()).contains("POST");
    assertThat(front.httpStatusCode()).hasValue(500);
    assertThat(front.attributes())
        .containsEntry("retry", false)
        .containsEntry("ratio", 0.5)
        .containsEntry("tags", List.of("a", 2L))
        .containsEntry("ctx", Map.of("k", "v"));
    assertThat(front.resource()).containsEntry("deployment.environment", "prod");
    assertThat(front.scopeName()).isEqualTo("io.opentelemetry.tomcat");
    assertThat(front.scopeVersion()).isEqualTo("2.1.0");

    Span child = spans.get(1);
    assertThat(child.service()).isEqualTo("checkout");
    assertThat(child.parentSpanId()).isEqualTo(front.spanId());
    assertThat(child.kind()).isEqualTo(SpanKind.SERVER);
    assertThat(child.status()).isEqualTo(StatusCode.ERROR);
    assertThat(child.httpMethod()).contains("POST");
    assertThat(child.httpStatusCode()).hasValue(502);
    assertThat(child.httpRoute()).isEmpty();
  }

  @Test
  void decodesGaugeSumAndHistogramPoints() {
    List<MetricPoint> points = OtlpJson.metrics(Fixtures.METRICS);
    assertThat(points)
        .extracting(MetricPoint::metric)
        .containsExactly(
            "system.cpu.utilization", "http.server.requests", "http.server.request.duration");
    assertThat(points).allSatisfy(p -> assertThat(p.service()).isEqualTo("payments"));
    assertThat(points.get(0).type()).isEqualTo(MetricPoint.Type.GAUGE);
    assertThat(points.get(0).value()).isEqualTo(new MetricPoint.Scalar(0.42));
    assertThat(points.get(0).start()).isEqualTo(Instant.EPOCH);
    MetricPoint sum = points.get(1);
    assertThat(sum.value()).isEqualTo(new MetricPoint.Scalar(17));
    assertThat(sum.monotonic()).isTrue();
    assertThat(sum.temporality()).isEqualTo("DELTA");
    assertThat(sum.attributes()).containsEntry("http.route", "/api/charge");
    MetricPoint h = points.get(2);
    assertThat(h.temporality()).isEqualTo("DELTA");
    MetricPoint.Distribution d = (MetricPoint.Distribution) h.value();
    assertThat(d.count()).isEqualTo(17);
    assertThat(d.sum()).isEqualTo(1234.5);
    assertThat(d.min()).isEqualTo(12);
    assertThat(d.max()).isEqualTo(480);
    assertThat(d.bounds()).containsExactly(50.0, 100.0, 250.0);
    assertThat(d.bucketCounts()).containsExactly(5L, 6L, 4L, 2L);
  }

  @Test
  void theOpenTelemetryProtoExamplesDecode() throws Exception {
    Path dir = Path.of("..", "..", "shared", "samples", "otlp").toAbsolutePath().normalize();
    Assumptions.assumeTrue(
        Files.isDirectory(dir), "../shared/samples/otlp is absent; skipping the proto examples");
    List<Span> spans = OtlpJson.traces(Files.readString(dir.resolve("trace.json")));
    assertThat(spans)
        .singleElement()
        .satisfies(
            s -> {
              assertThat(s.service()).isEqualTo("my.service");
              assertThat(s.kind()).isEqualTo(SpanKind.SERVER);
              assertThat(s.duration()).isEqualTo(Duration.ofSeconds(1));
              assertThat(s.parentSpanId()).isEqualTo("eee19b7ec3c1b173");
            });
    List<MetricPoint> points = OtlpJson.metrics(Files.readString(dir.resolve("metrics.json")));
    assertThat(points)
        .extracting(MetricPoint::type)
        .containsExactly(
            MetricPoint.Type.SUM,
            MetricPoint.Type.GAUGE,
            MetricPoint.Type.HISTOGRAM,
            MetricPoint.Type.EXPONENTIAL_HISTOGRAM);
    assertThat(((MetricPoint.Distribution) points.get(3).value()).count()).isEqualTo(3);
  }

  @Test
  void badInputNamesThePlaceAndTheReason() {
    assertError(
        Fixtures.TRACES.replace("\"1111111111111111\"", "\"11-not-hex\""),
        "resourceSpans[1].scopeSpans[0].spans[0].spanId '11-not-hex' is not 16 hex digits");
    assertError(
        Fixtures.TRACES.replace("\"endTimeUnixNano\":\"1764158400250500000\",", ""),
        "resourceSpans[0].scopeSpans[0].spans[0].endTimeUnixNano is missing");
    assertError(
        Fixtures.TRACES.replace("\"1764158400250500000\"", "\"1764158300000000000\""),
        "resourceSpans[0].scopeSpans[0].spans[0].endTimeUnixNano is before startTimeUnixNano");
    assertError(
        Fixtures.TRACES.replace("\"kind\":2", "\"kind\":\"SIDEWAYS\""),
        "resourceSpans[0].scopeSpans[0].spans[0].kind 'SIDEWAYS' is not a valid value");
    assertError("{\"spans\":[]}", "resourceSpans is missing");
    assertError("[1,2]", "OTLP/JSON input is not a JSON object");
    assertError("{\"resourceSpans\":[]} {}", "invalid JSON at line 1, column");
    assertError("{\"resourceSpans\":[{\"scopeSpans\":[{\"spans\":[", "invalid JSON at line 1");
    assertThatThrownBy(
            () -> OtlpJson.metrics(Fixtures.METRICS.replace("\"5\",\"6\",\"4\",\"2\"", "\"5\"")))
        .isInstanceOf(MantissaException.class)
        .hasMessageContaining(
            "resourceMetrics[0].scopeMetrics[0].metrics[2].histogram.dataPoints[0].bucketCounts"
                + " has 1 counts for 3 explicitBounds");
  }

  private static void assertError(String json, String message) {
    assertThatThrownBy(() -> OtlpJson.traces(json))
        .isInstanceOf(MantissaException.class)
        .hasMessageContaining(message)
        .satisfies(
            e -> assertThat(((MantissaException) e).code()).isEqualTo(ErrorCode.PARSE_ERROR));
  }

  @Test
  void spansBecomeLakeEventsWithFlatFieldsForSql() {
    List<Span> spans = OtlpJson.traces(Fixtures.TRACES);
    var event = ApmEvents.of(spans.get(0));
    assertThat(event.source()).isEqualTo("otel_traces");
    assertThat(event.time()).isEqualTo(spans.get(0).start());
    assertThat(event.id()).isEqualTo("5b8efff798038103d269b633813fc60ceee19b7ec3c1b174");
    assertThat(event.fields())
        .containsEntry("serviceName", "frontend")
        .containsEntry("durationMs", 250.5)
        .containsEntry("statusCode", "ERROR")
        .containsEntry("kind", "SERVER")
        .containsEntry("httpRoute", "/checkout")
        .containsEntry("httpStatusCode", 500)
        .containsEntry("startTimeUnixNano", "1764158400000000000")
        .doesNotContainKey("parentSpanId");
    assertThat(ApmEvents.of(spans.get(1)).fields())
        .containsEntry("parentSpanId", "eee19b7ec3c1b174");
    var points = ApmEvents.ofPoints(OtlpJson.metrics(Fixtures.METRICS));
    assertThat(points.get(1).fields())
        .containsEntry("metricName", "http.server.requests")
        .containsEntry("value", 17.0)
        .containsEntry("isMonotonic", true);
    assertThat(points.get(2).fields()).containsEntry("count", 17L).containsEntry("max", 480.0);
    assertThat(points).extracting(e -> e.id()).doesNotHaveDuplicates();
  }
}
