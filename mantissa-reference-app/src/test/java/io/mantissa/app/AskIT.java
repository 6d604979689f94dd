package io.mantissa.app;

import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.WireMock;
import io.mantissa.api.config.MantissaConfig;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code mantissa ask} and {@code POST /api/v1/ask} over the demo data in a real local lake. */
class AskIT {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir static Path dir;
  static String data;

  @BeforeAll
  static void demo() {
    data = dir.resolve("data").toString();
    CliIT.Run demo = CliIT.run("demo", "--no-serve", "--no-detect", "--data-dir", data);
    assertThat(demo.code()).as(demo.err()).isZero();
  }

  @Test
  void asksOnTheCommandLine() throws Exception {
    CliIT.Run r =
        CliIT.run(
            "ask", "How many failed logins in the last 24 hours?", "--json", "--data-dir", data);
    assertThat(r.code()).as(r.err()).isZero();
    JsonNode a = JSON.readTree(r.out());
    assertThat(a.get("status").asText()).isEqualTo("answered");
    assertThat(a.get("planner").asText()).isEqualTo("offline");
    assertThat(a.get("sql").asText()).contains("identity_events");
    assertThat(a.get("result").get("rows").get(0).get(0).asLong()).isPositive();
    assertThat(a.get("cost").get("bytes_scanned").asLong()).isPositive();
  }

  @Test
  void explainsForAnotherEngineWithoutRunning() {
    CliIT.Run r =
        CliIT.run(
            "ask",
            "Show me all failed logins from outside the US this week",
            "--dialect",
            "bigquery",
            "--data-dir",
            data);
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out())
        .contains("SQL (bigquery)", "JSON_VALUE", "Not run", "Cost:", "rates of 2026-11-26");
  }

  @Test
  void refusesWhatItCannotAnswer() {
    CliIT.Run r = CliIT.run("ask", "What is the meaning of life?", "--data-dir", data);
    assertThat(r.code()).isEqualTo(3);
    assertThat(r.out()).contains("Cannot answer", "Questions I can answer");
  }

  @Test
  void draftsSigmaRules() {
    CliIT.Run r =
        CliIT.run(
            "ask",
            "--rule",
            "Alert when a user fails login 5+ times in 10 minutes",
            "--data-dir",
            data);
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out()).contains("type: event_count", "timespan: 10m");
  }

  @Test
  void asksOverHttpWithFollowUps() throws Exception {
    MantissaConfig config = MantissaConfig.builder().dataDir(Path.of(data)).serverPort(0).build();
    try (Installation installation =
            Installation.open(config, Clock.fixed(ApiServerIT.NOW, java.time.ZoneOffset.UTC));
        ApiServer server = new ApiServer(installation, "test").start()) {
      HttpClient http = HttpClient.newHttpClient();
      URI uri = URI.create("http://127.0.0.1:" + server.port() + "/api/v1/ask");
      JsonNode first =
          post(http, uri, "{\"question\": \"Show failed logins this week\", \"session\": \"h1\"}");
      assertThat(first.get("status").asText()).isEqualTo("answered");
      JsonNode grouped =
          post(http, uri, "{\"question\": \"group by country\", \"session\": \"h1\"}");
      assertThat(grouped.get("result").get("columns").get(0).get("name").asText())
          .isEqualTo("country");
      HttpResponse<String> bad =
          http.send(
              HttpRequest.newBuilder(uri)
                  .POST(HttpRequest.BodyPublishers.ofString("{\"question\": 42}"))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(bad.statusCode()).isEqualTo(400);
      assertThat(bad.body()).contains("'question' must be a string");
      post(http, uri, "{\"question\": \"Show failed logins this week\"}");
      HttpResponse<String> stats =
          http.send(
              HttpRequest.newBuilder(
                      URI.create("http://127.0.0.1:" + server.port() + "/api/v1/ask/stats"))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      JsonNode st = JSON.readTree(stats.body());
      assertThat(st.get("plan_misses").asLong()).isGreaterThanOrEqualTo(2);
      assertThat(st.get("plan_hits").asLong()).isGreaterThanOrEqualTo(1);
      JsonNode hostile =
          post(http, uri, "{\"question\": \"Show failed logins by user '; DROP TABLE okta; --\"}");
      assertThat(hostile.get("status").asText()).isIn("answered", "cannot_answer");
    }
  }

  @Test
  void theConfiguredLlmAnswersWhatTheOfflinePlannerCannot() throws Exception {
    WireMockServer llm = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());
    llm.start();
    try {
      String content =
          JSON.writeValueAsString(
              java.util.Map.of(
                  "answerable",
                  true,
                  "sql",
                  "SELECT user_agent, COUNT(*) AS events FROM identity_events GROUP BY user_agent"
                      + " ORDER BY events DESC",
                  "explanation",
                  "Sign-ins per user agent.",
                  "assumptions",
                  java.util.List.of()));
      llm.stubFor(
          WireMock.post(WireMock.urlEqualTo("/v1/chat/completions"))
              .willReturn(
                  WireMock.aResponse()
                      .withHeader("Content-Type", "application/json")
                      .withBody(
                          "{\"id\": \"c\", \"object\": \"chat.completion\", \"created\": 1,"
                              + " \"model\": \"gpt-4o-mini\", \"choices\": [{\"index\": 0,"
                              + " \"finish_reason\": \"stop\", \"message\": {\"role\":"
                              + " \"assistant\", \"content\": "
                              + JSON.writeValueAsString(content)
                              + "}}]}")));
      CliIT.Run r =
          CliIT.run(
              Map.of(
                  "MANTISSA_PROVIDERS_NLQ__LLM", "openai",
                  "MANTISSA_PROVIDERS_OPENAI__API_KEY", "sk-test-0123456789",
                  "MANTISSA_PROVIDERS_OPENAI__MODEL", "gpt-4o-mini",
                  "MANTISSA_PROVIDERS_OPENAI__BASE_URL", "http://127.0.0.1:" + llm.port() + "/v1"),
              "ask",
              "Which browsers did people sign in with yesterday, and how often each?",
              "--json",
              "--data-dir",
              data);
      assertThat(r.code()).as(r.err() + r.out()).isZero();
      JsonNode a = JSON.readTree(r.out());
      assertThat(a.get("planner").asText()).isEqualTo("llm:openai");
      assertThat(a.get("status").asText()).isEqualTo("answered");
      assertThat(a.get("sql").asText()).contains("http_request.user_agent");
      assertThat(llm.getAllServeEvents()).hasSize(1);
    } finally {
      llm.stop();
    }
  }

  private static JsonNode post(HttpClient http, URI uri, String body) throws Exception {
    HttpResponse<String> r =
        http.send(
            HttpRequest.newBuilder(uri).POST(HttpRequest.BodyPublishers.ofString(body)).build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    return JSON.readTree(r.body());
  }
}
