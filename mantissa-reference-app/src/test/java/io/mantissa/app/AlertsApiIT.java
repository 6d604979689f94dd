package io.mantissa.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mantissa.alerting.AlertPipeline;
import io.mantissa.alerting.AlertRecord;
import io.mantissa.alerting.Detection;
import io.mantissa.alerting.PipelineOutcome;
import io.mantissa.api.Entity;
import io.mantissa.api.Severity;
import io.mantissa.api.config.MantissaConfig;
import io.mantissa.api.config.Secret;
import io.mantissa.testkit.MutableClock;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The alert routes against the real server on a free loopback port, over the real SQLite state
 * store in a temp data directory.
 */
class AlertsApiIT {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dataDir;

  private final MutableClock clock = MutableClock.at(ApiServerIT.NOW);
  private final HttpClient http = HttpClient.newHttpClient();
  private Installation installation;
  private ApiServer server;

  private AlertRecord spray;
  private AlertRecord root;
  private AlertRecord push;

  private void start(MantissaConfig.Builder config) {
    installation = Installation.open(config.dataDir(dataDir).serverPort(0).build(), clock);
    AlertPipeline pipeline = installation.alerting().pipeline();
    spray =
        created(
            pipeline.process(
                detection(
                    "demo.password_spray", Severity.HIGH, "alice@acme.example", "192.0.2.66")));
    clock.advance(Duration.ofMinutes(1));
    root =
        created(
            pipeline.process(
                detection("demo.root_login", Severity.CRITICAL, "root", "192.0.2.66")));
    clock.advance(Duration.ofMinutes(1));
    push =
        created(
            pipeline.process(
                detection("demo.push_bombing", Severity.HIGH, "bob@acme.example", "192.0.2.77")));
    server = new ApiServer(installation, "test").start();
  }

  private void start() {
    start(MantissaConfig.builder());
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

  private static Detection detection(String rule, Severity severity, String user, String ip) {
    return Detection.builder()
        .ruleId(rule)
        .title("Test detection of " + rule + " for " + user)
        .severity(severity)
        .time(ApiServerIT.NOW.minusSeconds(600))
        .entity(Entity.user(user))
        .entity(Entity.ip(ip))
        .eventId("evt-" + rule)
        .tag("attack.t1110")
        .build();
  }

  private static AlertRecord created(PipelineOutcome outcome) {
    assertThat(outcome).isInstanceOf(PipelineOutcome.Created.class);
    return ((PipelineOutcome.Created) outcome).alert();
  }

  private URI uri(String path) {
    return URI.create("http://127.0.0.1:" + server.port() + path);
  }

  private HttpResponse<String> get(String path, String... headers) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(uri(path)).GET();
    if (headers.length > 0) {
      b.headers(headers);
    }
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> patch(String path, String body, String... headers) throws Exception {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(uri(path))
            .method("PATCH", HttpRequest.BodyPublishers.ofString(body))
            .header("Content-Type", "application/json");
    if (headers.length > 0) {
      b.headers(headers);
    }
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static JsonNode ok(HttpResponse<String> response) throws Exception {
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    assertThat(response.headers().firstValue("Content-Type"))
        .hasValueSatisfying(v -> assertThat(v).startsWith("application/json"));
    return JSON.readTree(response.body());
  }

  private static void assertError(HttpResponse<String> response, int status, String code)
      throws Exception {
    assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
    JsonNode error = JSON.readTree(response.body()).get("error");
    assertThat(error.get("code").asText()).isEqualTo(code);
    assertThat(error.get("message").asText()).isNotBlank();
    assertThat(response.body()).doesNotContain("\tat ", "Exception:");
  }

  private static List<String> ids(JsonNode list) {
    List<String> ids = new ArrayList<>();
    list.get("alerts").forEach(a -> ids.add(a.get("id").asText()));
    assertThat(list.get("count").asInt()).isEqualTo(ids.size());
    return ids;
  }

  @Test
  void listsAlertsNewestFirstWithFilters() throws Exception {
    start();

    JsonNode all = ok(get("/api/v1/alerts"));
    assertThat(ids(all)).containsExactly(push.id(), root.id(), spray.id());
    JsonNode first = all.get("alerts").get(0);
    assertThat(first.get("ruleId").asText()).isEqualTo("demo.push_bombing");
    assertThat(first.get("severity").asText()).isEqualTo("high");
    assertThat(first.get("status").asText()).isEqualTo("open");
    assertThat(first.get("count").asInt()).isEqualTo(1);
    assertThat(first.get("entities").toString())
        .contains("{\"type\":\"user\",\"value\":\"bob@acme.example\"}");
    assertThat(first.get("attackTags").toString()).contains("attack.t1110");

    assertThat(ids(ok(get("/api/v1/alerts?severity=critical")))).containsExactly(root.id());
    assertThat(ids(ok(get("/api/v1/alerts?severity=high,critical&limit=2"))))
        .containsExactly(push.id(), root.id());
    assertThat(ids(ok(get("/api/v1/alerts?rule=demo.password_spray")))).containsExactly(spray.id());
    assertThat(ids(ok(get("/api/v1/alerts?status=acknowledged")))).isEmpty();
    assertThat(ids(ok(get("/api/v1/alerts?status=open&limit=1")))).containsExactly(push.id());

    assertError(get("/api/v1/alerts?status=snoozed"), 400, "INVALID_ARGUMENT");
    assertError(get("/api/v1/alerts?severity=urgent"), 400, "INVALID_ARGUMENT");
    assertError(get("/api/v1/alerts?limit=many"), 400, "INVALID_ARGUMENT");
    assertError(get("/api/v1/alerts?limit=0"), 400, "INVALID_ARGUMENT");
  }

  @Test
  void getsOneAlertWithItsAuditTrailAnd404ForAnUnknownId() throws Exception {
    start();

    JsonNode alert = ok(get("/api/v1/alerts/" + root.id()));
    assertThat(alert.get("id").asText()).isEqualTo(root.id());
    assertThat(alert.get("severity").asText()).isEqualTo("critical");
    assertThat(alert.get("dedupKey").asText()).startsWith("demo.root_login|");
    assertThat(alert.get("eventIds").toString()).contains("evt-demo.root_login");
    assertThat(alert.get("audit")).isEmpty();

    assertError(get("/api/v1/alerts/no-such-alert"), 404, "NOT_FOUND");
    assertError(
        patch("/api/v1/alerts/no-such-alert", "{\"status\":\"resolved\",\"by\":\"me\"}"),
        404,
        "NOT_FOUND");
  }

  @Test
  void patchMovesAlertsThroughTheirStatusesWithAnAuditRecord() throws Exception {
    start();
    String path = "/api/v1/alerts/" + spray.id();

    clock.advance(Duration.ofMinutes(5));
    JsonNode acked =
        ok(
            patch(
                path,
                "{\"status\":\"acknowledged\",\"by\":\"oncall@acme.example\",\"reason\":\"looking\"}"));
    assertThat(acked.get("status").asText()).isEqualTo("acknowledged");
    assertThat(acked.get("updatedAt").asText()).isEqualTo(clock.instant().toString());
    JsonNode audit = acked.get("audit").get(0);
    assertThat(audit.get("actor").asText()).isEqualTo("oncall@acme.example");
    assertThat(audit.get("action").asText()).isEqualTo("status:acknowledged");
    assertThat(audit.get("detail").asText()).isEqualTo("looking");

    // Setting the same status again changes nothing.
    assertThat(ok(patch(path, "{\"status\":\"acknowledged\",\"by\":\"x\"}")).get("audit"))
        .hasSize(1);

    JsonNode resolved =
        ok(
            patch(
                path,
                "{\"status\":\"resolved\",\"by\":\"oncall@acme.example\",\"reason\":\"reset\"}"));
    assertThat(resolved.get("status").asText()).isEqualTo("resolved");
    assertThat(resolved.get("audit")).hasSize(2);

    assertError(patch(path, "{\"status\":\"acknowledged\",\"by\":\"x\"}"), 409, "CONFLICT");
    assertError(patch(path, "{\"status\":\"open\",\"by\":\"x\"}"), 400, "INVALID_ARGUMENT");
    assertError(patch(path, "{\"status\":\"resolved\"}"), 400, "INVALID_ARGUMENT");
    assertError(patch(path, "{\"by\":\"x\"}"), 400, "INVALID_ARGUMENT");
    assertError(patch(path, "{\"status\":\"closed\",\"by\":\"x\"}"), 400, "INVALID_ARGUMENT");
    assertError(patch(path, "{not json"), 400, "INVALID_ARGUMENT");
    assertError(patch(path, "[1]"), 400, "INVALID_ARGUMENT");

    assertThat(ids(ok(get("/api/v1/alerts?status=resolved")))).containsExactly(spray.id());
    assertThat(ok(get(path)).get("audit")).hasSize(2);
  }

  @Test
  void falsePositiveAddsAScopedExceptionThatLaterDetectionsHonour() throws Exception {
    start();
    String path = "/api/v1/alerts/" + push.id();

    assertError(
        patch(path, "{\"status\":\"resolved\",\"by\":\"x\",\"exceptionFor\":\"P7D\"}"),
        400,
        "INVALID_ARGUMENT");
    assertError(
        patch(path, "{\"status\":\"false_positive\",\"by\":\"x\",\"exceptionFor\":\"a week\"}"),
        400,
        "INVALID_ARGUMENT");
    assertError(
        patch(path, "{\"status\":\"false_positive\",\"by\":\"x\",\"exceptionFor\":\"P400D\"}"),
        400,
        "INVALID_ARGUMENT");

    JsonNode fp =
        ok(
            patch(
                path,
                "{\"status\":\"false_positive\",\"by\":\"analyst@acme.example\","
                    + "\"reason\":\"bob's new phone\",\"exceptionFor\":\"P7D\"}"));
    assertThat(fp.get("status").asText()).isEqualTo("false_positive");
    assertThat(fp.get("audit").get(0).get("action").asText()).isEqualTo("status:false_positive");
    assertThat(fp.get("audit").get(0).get("detail").asText()).isEqualTo("bob's new phone");
    JsonNode exception = fp.get("exception");
    assertThat(exception.get("ruleId").asText()).isEqualTo("demo.push_bombing");
    assertThat(exception.get("until").asText())
        .isEqualTo(clock.instant().plus(Duration.ofDays(7)).toString());
    assertThat(exception.get("entities").toString())
        .contains("user:bob@acme.example", "ip:192.0.2.77");

    AlertPipeline pipeline = installation.alerting().pipeline();
    Detection again =
        detection("demo.push_bombing", Severity.HIGH, "bob@acme.example", "192.0.2.77");
    assertThat(pipeline.process(again)).isInstanceOf(PipelineOutcome.Suppressed.class);
    assertThat(
            pipeline.process(
                detection("demo.push_bombing", Severity.HIGH, "carol@acme.example", "192.0.2.77")))
        .as("another user's alert is not hidden")
        .isInstanceOf(PipelineOutcome.Created.class);
    assertThat(pipeline.globalAuditTrail())
        .anySatisfy(a -> assertThat(a.actor()).isEqualTo("analyst@acme.example"));

    clock.advance(Duration.ofDays(8));
    assertThat(pipeline.process(again)).isInstanceOf(PipelineOutcome.Created.class);
    assertError(patch(path, "{\"status\":\"resolved\",\"by\":\"x\"}"), 409, "CONFLICT");
  }

  @Test
  void alertRoutesNeedTheApiKeyWhenKeysAreConfigured() throws Exception {
    start(MantissaConfig.builder().apiKey(Secret.of("s3cret-key")));
    String path = "/api/v1/alerts/" + root.id();

    assertError(get("/api/v1/alerts"), 401, "UNAUTHORIZED");
    assertError(get(path), 401, "UNAUTHORIZED");
    assertError(
        patch(path, "{\"status\":\"acknowledged\",\"by\":\"x\"}", "X-API-Key", "wrong"),
        401,
        "UNAUTHORIZED");
    assertThat(ids(ok(get("/api/v1/alerts", "Authorization", "Bearer s3cret-key")))).hasSize(3);
    JsonNode acked =
        ok(patch(path, "{\"status\":\"acknowledged\",\"by\":\"x\"}", "X-API-Key", "s3cret-key"));
    assertThat(acked.get("status").asText()).isEqualTo("acknowledged");
    assertThat(ok(get(path, "X-API-Key", "s3cret-key")).get("audit")).hasSize(1);
  }
}
