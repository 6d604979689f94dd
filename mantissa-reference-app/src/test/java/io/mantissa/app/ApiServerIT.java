package io.mantissa.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mantissa.api.DeadLetter;
import io.mantissa.api.ErrorCode;
import io.mantissa.api.MantissaException;
import io.mantissa.api.SourceLocation;
import io.mantissa.api.config.MantissaConfig;
import io.mantissa.api.config.Secret;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Starts the real server on a free loopback port over a real local lake in a temp folder. */
class ApiServerIT {
  static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dataDir;

  private final HttpClient http = HttpClient.newHttpClient();
  private Installation installation;
  private ApiServer server;

  private MantissaConfig.Builder config() {
    return MantissaConfig.builder().dataDir(dataDir).serverPort(0).ingestBatchSize(2);
  }

  private void start(MantissaConfig config) {
    installation = Installation.open(config, Clock.fixed(NOW, ZoneOffset.UTC));
    server = new ApiServer(installation, "test").start();
  }

  @AfterEach
  void stop() {
    if (server != null) {
      server.close();
    }
    if (installation != null) {
      installation.close();
    }
  }

  static String okta(int minutesAgo, String id) {
    return "{\"uuid\":\""
        + id
        + "\",\"published\":\""
        + NOW.minusSeconds(60L * minutesAgo)
        + "\",\"eventType\":\"user.session.start\",\"outcome\":{\"result\":\"FAILURE\"}}";
  }

  private URI uri(String path) {
    return URI.create("http://127.0.0.1:" + server.port() + path);
  }

  private HttpResponse<String> post(String path, String body, String... headers) throws Exception {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(uri(path)).POST(HttpRequest.BodyPublishers.ofString(body));
    if (headers.length > 0) {
      b.headers(headers);
    }
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> get(String path) throws Exception {
    return http.send(
        HttpRequest.newBuilder(uri(path)).GET().build(), HttpResponse.BodyHandlers.ofString());
  }

  private static JsonNode json(HttpResponse<String> response) throws Exception {
    assertThat(response.headers().firstValue("Content-Type"))
        .hasValueSatisfying(v -> assertThat(v).startsWith("application/json"));
    return JSON.readTree(response.body());
  }

  private static void assertError(HttpResponse<String> response, int status, String code)
      throws Exception {
    assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
    JsonNode error = json(response).get("error");
    assertThat(error.get("code").asText()).isEqualTo(code);
    assertThat(error.get("message").asText()).isNotBlank();
    assertThat(response.body()).doesNotContain("\tat ", "Exception:");
  }

  @Test
  void healthReportsStatusVersionDataDirAndSources() throws Exception {
    start(config().build());
    HttpResponse<String> response = get("/health");
    assertThat(response.statusCode()).isEqualTo(200);
    JsonNode body = json(response);
    assertThat(body.get("status").asText()).isEqualTo("ok");
    assertThat(body.get("version").asText()).isEqualTo("test");
    assertThat(body.get("dataDir").asText()).isEqualTo(dataDir.toAbsolutePath().toString());
    assertThat(body.get("sources").toString()).contains("\"okta\"", "\"aws_cloudtrail\"");
    assertThat(response.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
  }

  @Test
  void ingestAcceptsGoodLinesAndDeadLettersBadOnesWithLineNumbers() throws Exception {
    start(config().build());
    String body =
        okta(5, "a")
            + "\n{not json\n\n"
            + okta(4, "b")
            + "\n{\"uuid\":\"c\"}\n"
            + okta(3, "d")
            + "\n";
    HttpResponse<String> response = post("/api/v1/ingest/okta", body);

    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    JsonNode report = json(response);
    assertThat(report.get("accepted").asLong()).isEqualTo(3);
    assertThat(report.get("rejected").asLong()).isEqualTo(2);
    assertThat(report.get("errors").get(0).get("line").asLong()).isEqualTo(2);
    assertThat(report.get("errors").get(0).get("reason").asText())
        .startsWith("invalid JSON at column");
    assertThat(report.get("errors").get(1).get("line").asLong()).isEqualTo(5);
    assertThat(report.get("errors").get(1).get("reason").asText())
        .isEqualTo("field 'published' is missing");

    List<DeadLetter> dead = installation.eventStore().deadLetters().list("okta", 10);
    assertThat(dead)
        .extracting(DeadLetter::location)
        .containsExactlyInAnyOrder(
            SourceLocation.line("request body", 2), SourceLocation.line("request body", 5));
    assertThat(dead).extracting(DeadLetter::content).contains("{not json", "{\"uuid\":\"c\"}");

    JsonNode counted = json(post("/api/v1/query", "{\"sql\":\"SELECT count(*) AS n FROM okta\"}"));
    assertThat(counted.get("rows").get(0).get(0).asLong()).isEqualTo(3);
  }

  @Test
  void unknownSourceIs404ListingTheKnownOnes() throws Exception {
    start(config().build());
    HttpResponse<String> response = post("/api/v1/ingest/nope", okta(1, "x"));
    assertError(response, 404, "UNKNOWN_SOURCE");
    assertThat(json(response).get("error").get("message").asText())
        .contains("okta", "aws_cloudtrail", "github");
  }

  @Test
  void bodyLargerThanTheLimitIs413ByContentLength() throws Exception {
    start(config().maxBodyBytes(4_096).build());
    StringBuilder body = new StringBuilder();
    while (body.length() < 8_000) {
      body.append(okta(1, "id" + body.length())).append('\n');
    }
    assertError(post("/api/v1/ingest/okta", body.toString()), 413, "PAYLOAD_TOO_LARGE");
  }

  @Test
  void streamedBodyLargerThanTheLimitIs413WhileCounting() throws Exception {
    start(config().maxBodyBytes(4_096).build());
    StringBuilder body = new StringBuilder();
    while (body.length() < 8_000) {
      body.append(okta(1, "id" + body.length())).append('\n');
    }
    byte[] bytes = body.toString().getBytes(StandardCharsets.UTF_8);
    HttpRequest request =
        HttpRequest.newBuilder(uri("/api/v1/ingest/okta"))
            .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(bytes)))
            .build();
    HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
    assertThat(request.bodyPublisher().orElseThrow().contentLength()).isNegative();
    assertError(response, 413, "PAYLOAD_TOO_LARGE");
  }

  @Test
  void queryAnswersColumnsRowsAndEstimate() throws Exception {
    start(config().build());
    post("/api/v1/ingest/okta", okta(10, "a") + "\n" + okta(9, "b") + "\n" + okta(8, "c") + "\n");
    HttpResponse<String> response =
        post(
            "/api/v1/query",
            "{\"sql\":\"SELECT id, time FROM okta ORDER BY id\",\"from\":\""
                + NOW.minusSeconds(3600)
                + "\",\"to\":\""
                + NOW
                + "\",\"limit\":2}");
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    JsonNode body = json(response);
    assertThat(body.get("columns").get(0).get("name").asText()).isEqualTo("id");
    assertThat(body.get("rows")).hasSize(2);
    assertThat(body.get("rows").get(0).get(0).asText()).isEqualTo("a");
    assertThat(body.get("rows").get(0).get(1).asText()).isEqualTo(NOW.minusSeconds(600).toString());
    assertThat(body.get("truncated").asBoolean()).isTrue();
    assertThat(body.get("elapsedMs").isIntegralNumber()).isTrue();
    assertThat(body.get("estimate").get("bytes").asLong()).isNotNegative();
    assertThat(
            body.has("estimate")
                && body.get("estimate").has("partitions")
                && body.get("estimate").has("files"))
        .isTrue();
  }

  @Test
  void queryOutsideTheRangeSeesNothing() throws Exception {
    start(config().build());
    post("/api/v1/ingest/okta", okta(10, "a") + "\n");
    JsonNode body =
        json(
            post(
                "/api/v1/query",
                "{\"sql\":\"SELECT count(*) FROM okta\",\"from\":\"2020-01-01T00:00:00Z\",\"to\":\"2020-01-02T00:00:00Z\"}"));
    assertThat(body.get("rows").get(0).get(0).asLong()).isZero();
  }

  @Test
  void queryErrorsAreJson() throws Exception {
    start(config().build());
    post("/api/v1/ingest/okta", okta(10, "a") + "\n");
    assertError(post("/api/v1/query", "{\"sql\":\"DELETE FROM okta\"}"), 400, "QUERY_REJECTED");
    assertError(post("/api/v1/query", "{\"sql\": 42"), 400, "INVALID_ARGUMENT");
    assertError(post("/api/v1/query", "{}"), 400, "INVALID_ARGUMENT");
    assertError(
        post("/api/v1/query", "{\"sql\":\"SELECT 1\",\"from\":\"yesterday\"}"),
        400,
        "INVALID_ARGUMENT");
    assertError(
        post("/api/v1/query", "{\"sql\":\"SELECT 1\",\"limit\":0}"), 400, "INVALID_ARGUMENT");
    assertError(get("/api/v1/nothing-here"), 404, "NOT_FOUND");
  }

  @Test
  void unexpectedFailuresAre500WithoutDetails() throws Exception {
    start(config().queryBackend("failing").build());
    HttpResponse<String> response = post("/api/v1/query", "{\"sql\":\"SELECT 1\"}");
    assertError(response, 500, "INTERNAL");
    assertThat(response.body())
        .doesNotContain(FailingQueryBackendProvider.SECRET_DETAIL, "IllegalStateException");
  }

  @Test
  void apiKeysAreRequiredWhenConfigured() throws Exception {
    start(config().apiKey(Secret.of("k-one")).apiKey(Secret.of("k-two")).build());
    String query = "{\"sql\":\"SELECT 1 AS one\"}";
    HttpResponse<String> none = post("/api/v1/query", query);
    assertError(none, 401, "UNAUTHORIZED");
    assertThat(none.headers().firstValue("WWW-Authenticate")).contains("Bearer");
    assertError(post("/api/v1/query", query, "Authorization", "Bearer wrong"), 401, "UNAUTHORIZED");
    assertError(
        post("/api/v1/ingest/okta", okta(1, "a"), "X-API-Key", "k-onex"), 401, "UNAUTHORIZED");
    assertError(post("/api/v1/ingest/nope", okta(1, "a")), 401, "UNAUTHORIZED");

    assertThat(post("/api/v1/query", query, "Authorization", "Bearer k-two").statusCode())
        .isEqualTo(200);
    assertThat(post("/api/v1/query", query, "X-API-Key", "k-one").statusCode()).isEqualTo(200);
    assertThat(post("/api/v1/ingest/okta", okta(1, "a"), "X-API-Key", "k-one").statusCode())
        .isEqualTo(200);
    assertThat(get("/health").statusCode()).isEqualTo(200);
  }

  @Test
  void refusesToBindBeyondLoopbackWithoutApiKeys() {
    MantissaConfig open = config().serverHost("0.0.0.0").build();
    installation = Installation.open(open, Clock.fixed(NOW, ZoneOffset.UTC));
    assertThatThrownBy(() -> new ApiServer(installation, "test").start())
        .isInstanceOfSatisfying(
            MantissaException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.CONFIG_INVALID))
        .hasMessageContaining("refusing to listen on '0.0.0.0' without API keys")
        .hasMessageContaining("mantissa.server.api-keys");
  }

  @Test
  void aTakenPortIsAClearError() {
    start(config().build());
    MantissaConfig taken = config().serverPort(server.port()).build();
    try (Installation second = Installation.open(taken, Clock.fixed(NOW, ZoneOffset.UTC))) {
      assertThatThrownBy(() -> new ApiServer(second, "test").start())
          .isInstanceOfSatisfying(
              MantissaException.class,
              e -> assertThat(e.code()).isEqualTo(ErrorCode.CONFIG_INVALID))
          .hasMessageContaining("cannot listen on 127.0.0.1:" + server.port());
    }
  }
}
