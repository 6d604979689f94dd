package io.mantissa.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import io.javalin.Javalin;
import io.mantissa.api.DeadLetter;
import io.mantissa.api.TimeRange;
import io.mantissa.api.config.MantissaConfig;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The OTLP/HTTP routes on a real Javalin server on loopback over a real local lake. */
class OtlpReceiverIT {
  static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");
  static final long START = NOW.minusSeconds(600).getEpochSecond() * 1_000_000_000L;

  @TempDir Path dataDir;

  private final HttpClient http = HttpClient.newHttpClient();
  private Installation installation;
  private Javalin app;

  @BeforeEach
  void start() {
    installation =
        Installation.open(
            MantissaConfig.builder().dataDir(dataDir).build(), Clock.fixed(NOW, ZoneOffset.UTC));
    app = Javalin.create(c -> c.showJavalinBanner = false);
    // as ApiServer maps errors
    app.exception(
        io.mantissa.api.MantissaException.class,
        (e, ctx) -> ctx.status(e.code().httpStatus()).result(e.getMessage()));
    new OtlpReceiver(installation).routes(app, ctx -> {});
    app.start("127.0.0.1", 0);
  }

  @AfterEach
  void stop() {
    app.stop();
    installation.close();
  }

  private HttpResponse<byte[]> post(String path, byte[] body, String... headers) throws Exception {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + app.port() + path))
            .POST(HttpRequest.BodyPublishers.ofByteArray(body));
    if (headers.length > 0) {
      b.headers(headers);
    }
    return http.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
  }

  static String jsonTraces(String service, String spanId) {
    return """
        {"resourceSpans":[{"resource":{"attributes":[{"key":"service.name","value":{"stringValue":"%s"}}]},
        "scopeSpans":[{"spans":[{"traceId":"5b8efff798038103d269b633813fc60c","spanId":"%s",
        "name":"GET /cart","kind":2,"startTimeUnixNano":"%d","endTimeUnixNano":"%d",
        "attributes":[{"key":"http.route","value":{"stringValue":"/cart"}}]}]}]}]}"""
        .formatted(service, spanId, START, START + 31_000_000L);
  }

  private List<List<Object>> rows(String sql) {
    return installation.query(sql, new TimeRange(NOW.minus(Duration.ofHours(1)), NOW), 100).rows();
  }

  @Test
  void jsonGzipAndProtobufExportsAreStoredOneEventPerSpan() throws Exception {
    HttpResponse<byte[]> json =
        post(
            "/v1/traces",
            jsonTraces("web", "eee19b7ec3c1b174").getBytes(StandardCharsets.UTF_8),
            "Content-Type",
            "application/json");
    assertThat(json.statusCode()).isEqualTo(200);
    assertThat(new String(json.body(), StandardCharsets.UTF_8)).isEqualTo("{}");

    ByteArrayOutputStream zipped = new ByteArrayOutputStream();
    try (GZIPOutputStream gz = new GZIPOutputStream(zipped)) {
      gz.write(jsonTraces("cart", "1111111111111111").getBytes(StandardCharsets.UTF_8));
    }
    assertThat(
            post(
                    "/v1/traces",
                    zipped.toByteArray(),
                    "Content-Type",
                    "application/json; charset=utf-8",
                    "Content-Encoding",
                    "gzip")
                .statusCode())
        .isEqualTo(200);

    byte[] proto =
        ExportTraceServiceRequest.newBuilder()
            .addResourceSpans(
                ResourceSpans.newBuilder()
                    .setResource(
                        Resource.newBuilder()
                            .addAttributes(
                                KeyValue.newBuilder()
                                    .setKey("service.name")
                                    .setValue(AnyValue.newBuilder().setStringValue("payments"))))
                    .addScopeSpans(
                        ScopeSpans.newBuilder()
                            .addSpans(
                                Span.newBuilder()
                                    .setTraceId(
                                        ByteString.copyFrom(
                                            HexFormat.of()
                                                .parseHex("5b8efff798038103d269b633813fc60c")))
                                    .setSpanId(
                                        ByteString.copyFrom(
                                            HexFormat.of().parseHex("2222222222222222")))
                                    .setName("POST /api/charge")
                                    .setKind(Span.SpanKind.SPAN_KIND_SERVER)
                                    .setStartTimeUnixNano(START)
                                    .setEndTimeUnixNano(START + 120_000_000L))))
            .build()
            .toByteArray();
    HttpResponse<byte[]> pb = post("/v1/traces", proto, "Content-Type", "application/x-protobuf");
    assertThat(pb.statusCode()).isEqualTo(200);
    assertThat(pb.headers().firstValue("Content-Type"))
        .hasValueSatisfying(t -> assertThat(t).startsWith("application/x-protobuf"));
    assertThat(pb.body()).isEmpty();

    assertThat(
            rows(
                "SELECT json_extract_string(raw, '$.serviceName') AS s,"
                    + " CAST(json_extract_string(raw, '$.durationMs') AS DOUBLE) AS ms"
                    + " FROM otel_traces ORDER BY s"))
        .containsExactly(List.of("cart", 31.0), List.of("payments", 120.0), List.of("web", 31.0));
  }

  @Test
  void badExportsAre400WithTheirPlaceAndAreDeadLettered() throws Exception {
    String bad = jsonTraces("web", "not-hex");
    HttpResponse<byte[]> r =
        post(
            "/v1/traces", bad.getBytes(StandardCharsets.UTF_8), "Content-Type", "application/json");
    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(new String(r.body(), StandardCharsets.UTF_8))
        .contains("\"code\":3")
        .contains("resourceSpans[0].scopeSpans[0].spans[0].spanId 'not-hex' is not 16 hex digits");
    List<DeadLetter> dead = installation.eventStore().deadLetters().list("otel_traces", 10);
    assertThat(dead)
        .singleElement()
        .satisfies(
            d -> {
              assertThat(d.content()).isEqualTo(bad);
              assertThat(d.location().origin()).isEqualTo("POST /v1/traces");
            });

    HttpResponse<byte[]> pb =
        post(
            "/v1/metrics", new byte[] {0x0a, 0x7f, 0x01}, "Content-Type", "application/x-protobuf");
    assertThat(pb.statusCode()).isEqualTo(400);
    assertThat(new String(pb.body(), StandardCharsets.ISO_8859_1))
        .contains("invalid OTLP/protobuf");

    assertThat(post("/v1/traces", new byte[] {1}, "Content-Type", "text/plain").statusCode())
        .isEqualTo(415);
    assertThat(
            post(
                    "/v1/traces",
                    new byte[] {1, 2, 3},
                    "Content-Type",
                    "application/json",
                    "Content-Encoding",
                    "gzip")
                .statusCode())
        .isEqualTo(400);
  }
}
