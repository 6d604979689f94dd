package io.mantissa.app;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import io.mantissa.alerting.Detection;
import io.mantissa.alerting.PipelineOutcome;
import io.mantissa.api.Entity;
import io.mantissa.api.MantissaException;
import io.mantissa.api.Severity;
import io.mantissa.api.config.MantissaConfig;
import io.mantissa.api.config.Secret;
import io.mantissa.sources.SourceCatalog;
import io.mantissa.testkit.MutableClock;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Approvals before response actions, end to end: ITDR alerts through the real alert pipeline to a
 * response rule that requires approval, decided over the HTTP API (real server on loopback, API
 * key, SQLite state store) or the CLI; the Okta client acts (WireMock on loopback) only after an
 * approval, exactly once, and never for a rejected or expired request.
 */
class ResponseApprovalsIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String KEY = "s3cret-key";
  private static final String MALLORY = "mallory@example.com";
  private static final String TRUDY = "trudy@example.com";
  private static final String OSCAR = "oscar@example.com";
  private static final String ALICE = "alice@example.com";
  private static final String BOB = "bob@example.com";
  private static final String FRAUD_RULE = "sigma.7a0a58e7-79b8-5ab0-b3ef-bc4edb41ea38";

  @TempDir Path dir;
  private WireMockServer okta;
  private final MutableClock clock = MutableClock.at(ApiServerIT.NOW);
  private final HttpClient http = HttpClient.newHttpClient();
  private Installation installation;
  private ApiServer server;

  @BeforeEach
  void start() {
    okta = new WireMockServer(wireMockConfig().bindAddress("127.0.0.1").dynamicPort());
    okta.start();
    for (String user : List.of(MALLORY, TRUDY, OSCAR, ALICE, BOB)) {
      okta.stubFor(
          get(urlEqualTo("/api/v1/users/" + user))
              .willReturn(
                  aResponse()
                      .withStatus(200)
                      .withHeader("Content-Type", "application/json")
                      .withBody("{\"id\":\"" + oktaId(user) + "\",\"status\":\"ACTIVE\"}")));
      okta.stubFor(
          post(urlEqualTo(suspendPath(user)))
              .willReturn(aResponse().withStatus(200).withBody("{}")));
    }
  }

  @AfterEach
  void stop() {
    if (server != null) {
      server.close();
    }
    if (installation != null) {
      installation.close();
    }
    okta.stop();
  }

  private static String oktaId(String user) {
    return "00u" + user.substring(0, user.indexOf('@'));
  }

  private static String suspendPath(String user) {
    return "/api/v1/users/" + oktaId(user) + "/lifecycle/suspend";
  }

  private MantissaConfig.Builder config() {
    return MantissaConfig.builder()
        .dataDir(dir.resolve("data"))
        .serverPort(0)
        .apiKey(Secret.of(KEY))
        .providerSetting("okta", "url", "http://127.0.0.1:" + okta.port())
        .providerSetting("okta", "api-token", "okta-token-123")
        .providerSetting("okta", "allow-private-addresses", "true")
        .providerSetting("responses", "rules.contain.rules", "itdr.mfa_fatigue")
        .providerSetting("responses", "rules.contain.actions", "okta.suspend_user")
        .providerSetting("responses", "rules.contain.approval", "required")
        .providerSetting(
            "responses", "rules.contain.approvers", "lead@example.com, ciso@example.com")
        .providerSetting("responses", "rules.contain.approval-timeout", "2h");
  }

  private static Detection detection(String user) {
    return Detection.builder()
        .ruleId("itdr.mfa_fatigue")
        .title("MFA fatigue against " + user)
        .severity(Severity.HIGH)
        .time(ApiServerIT.NOW)
        .entity(Entity.user(user))
        .entity(Entity.ip("203.0.113.9"))
        .source("itdr")
        .build();
  }

  private void alert(String user) {
    assertThat(installation.alerting().pipeline().process(detection(user)))
        .isInstanceOf(PipelineOutcome.Created.class);
  }

  private HttpResponse<String> call(String method, String path, String body, String... headers)
      throws Exception {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body));
    if (headers.length > 0) {
      b.headers(headers);
    }
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  private JsonNode getOk(String path) throws Exception {
    HttpResponse<String> r = call("GET", path, null, "X-API-Key", KEY);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    return JSON.readTree(r.body());
  }

  private HttpResponse<String> decide(String id, String verb, String body) throws Exception {
    return call(
        "POST",
        "/api/v1/responses/" + id + "/" + verb,
        body,
        "Authorization",
        "Bearer " + KEY,
        "Content-Type",
        "application/json");
  }

  private static void assertError(HttpResponse<String> r, int status, String code)
      throws Exception {
    assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
    JsonNode error = JSON.readTree(r.body()).get("error");
    assertThat(error.get("code").asText()).isEqualTo(code);
    assertThat(error.get("message").asText()).isNotBlank();
    assertThat(r.body()).doesNotContain("\tat ", "Exception:");
  }

  private String idOf(JsonNode list, String user) {
    for (JsonNode r : list.get("requests")) {
      if (r.get("target").get("value").asText().equals(user)) {
        return r.get("id").asText();
      }
    }
    throw new AssertionError("no request for " + user + " in " + list);
  }

  private static List<String> states(JsonNode list) {
    List<String> out = new ArrayList<>();
    list.get("requests")
        .forEach(
            r -> out.add(r.get("target").get("value").asText() + "=" + r.get("state").asText()));
    return out;
  }

  @Test
  void nothingActsBeforeAnApprovalOverTheApiThenExactlyOnceAndRejectedOrExpiredNever()
      throws Exception {
    installation = Installation.open(config().build(), clock);
    server = new ApiServer(installation, "test").start();
    alert(MALLORY);
    alert(TRUDY);
    alert(OSCAR);
    Alerting alerting = installation.alerting();
    alerting.step();
    clock.advance(Duration.ofMinutes(30));
    alerting.step();

    // awaiting: the vendor was asked nothing that changes anything (GETs are the directory lookup)
    okta.verify(0, postRequestedFor(anyUrl()));
    assertError(call("GET", "/api/v1/responses", null), 401, "UNAUTHORIZED");
    assertError(
        decide("0".repeat(64), "approve", "{\"approver\":\"lead@example.com\"}"), 404, "NOT_FOUND");
    JsonNode awaiting = getOk("/api/v1/responses?state=awaiting");
    assertThat(awaiting.get("configured").asBoolean()).isTrue();
    assertThat(states(awaiting))
        .containsExactlyInAnyOrder(MALLORY + "=awaiting", TRUDY + "=awaiting", OSCAR + "=awaiting");
    JsonNode first = awaiting.get("requests").get(0);
    assertThat(first.get("action").asText()).isEqualTo("okta.suspend_user");
    assertThat(first.get("rule").asText()).isEqualTo("contain");
    assertThat(first.get("approval").get("decision").asText()).isEqualTo("none");
    assertThat(first.get("approval").get("deadline").asText())
        .isEqualTo(ApiServerIT.NOW.plus(Duration.ofHours(2)).toString());
    assertThat(first.get("approval").get("approvers"))
        .extracting(JsonNode::asText)
        .containsExactly("lead@example.com", "ciso@example.com");
    String mallory = idOf(awaiting, MALLORY);
    String trudy = idOf(awaiting, TRUDY);
    String oscar = idOf(awaiting, OSCAR);

    // refused decisions change nothing
    assertError(decide(mallory, "approve", "{\"comment\":\"no name\"}"), 400, "INVALID_ARGUMENT");
    assertError(decide(mallory, "approve", "{\"approver\":\"  \"}"), 400, "INVALID_ARGUMENT");
    assertError(decide(mallory, "approve", "not json"), 400, "INVALID_ARGUMENT");
    assertError(decide(mallory, "approve", "{\"approver\":\"eve@example.com\"}"), 403, "FORBIDDEN");
    alerting.step();
    okta.verify(0, postRequestedFor(anyUrl()));

    clock.advance(Duration.ofMinutes(1));
    HttpResponse<String> approved =
        decide(
            mallory,
            "approve",
            "{\"approver\":\"lead@example.com\",\"comment\":\"user confirmed the pushes were not"
                + " theirs\"}");
    assertThat(approved.statusCode()).as(approved.body()).isEqualTo(200);
    JsonNode approvedRequest = JSON.readTree(approved.body()).get("request");
    assertThat(approvedRequest.get("state").asText()).isEqualTo("scheduled");
    assertThat(approvedRequest.get("approval").get("decidedBy").asText())
        .isEqualTo("lead@example.com");
    // a second approver, too late: told so, nothing changes
    assertError(decide(mallory, "approve", "{\"approver\":\"ciso@example.com\"}"), 409, "CONFLICT");
    assertError(decide(mallory, "reject", "{\"approver\":\"ciso@example.com\"}"), 409, "CONFLICT");

    clock.advance(Duration.ofMinutes(1));
    HttpResponse<String> rejected =
        decide(trudy, "reject", "{\"approver\":\"ciso@example.com\",\"comment\":\"a pentest\"}");
    assertThat(rejected.statusCode()).as(rejected.body()).isEqualTo(200);
    assertThat(JSON.readTree(rejected.body()).get("request").get("state").asText())
        .isEqualTo("rejected");

    clock.advance(Duration.ofMinutes(1));
    alerting.step();
    alerting.step();
    okta.verify(1, postRequestedFor(urlEqualTo(suspendPath(MALLORY))));
    okta.verify(1, postRequestedFor(anyUrl()));

    // oscar is never decided: at the deadline it expires, and a late approval is refused
    clock.advance(Duration.ofHours(2));
    alerting.step();
    assertError(decide(oscar, "approve", "{\"approver\":\"lead@example.com\"}"), 409, "EXPIRED");
    clock.advance(Duration.ofHours(1));
    alerting.step();
    okta.verify(1, postRequestedFor(anyUrl()));

    assertThat(states(getOk("/api/v1/responses")))
        .containsExactlyInAnyOrder(MALLORY + "=done", TRUDY + "=rejected", OSCAR + "=expired");
    assertThat(states(getOk("/api/v1/responses?state=done,rejected&limit=10")))
        .containsExactlyInAnyOrder(MALLORY + "=done", TRUDY + "=rejected");
    assertThat(getOk("/api/v1/responses?state=awaiting").get("count").asInt()).isZero();
    assertError(
        call("GET", "/api/v1/responses?state=bogus", null, "X-API-Key", KEY),
        400,
        "INVALID_ARGUMENT");
    assertError(
        call("GET", "/api/v1/responses?limit=0", null, "X-API-Key", KEY), 400, "INVALID_ARGUMENT");
    assertThat(getOk("/api/v1/responses/" + mallory).get("attempts").asInt()).isEqualTo(1);

    JsonNode audit = getOk("/api/v1/responses/audit");
    List<String> entries = new ArrayList<>();
    audit
        .get("entries")
        .forEach(
            e ->
                entries.add(
                    e.get("outcome").asText()
                        + " "
                        + e.get("target").get("value").asText()
                        + " by "
                        + e.get("actor").asText()
                        + ": "
                        + e.get("detail").asText()));
    assertThat(entries)
        .satisfiesExactly(
            e ->
                assertThat(e)
                    .isEqualTo(
                        "expired "
                            + OSCAR
                            + " by approval-timeout: no decision before the approval deadline "
                            + ApiServerIT.NOW.plus(Duration.ofHours(2))),
            e ->
                assertThat(e)
                    .startsWith(
                        "done "
                            + MALLORY
                            + " by rule:contain: okta: suspended user "
                            + oktaId(MALLORY)),
            e -> assertThat(e).isEqualTo("rejected " + TRUDY + " by ciso@example.com: a pentest"),
            e ->
                assertThat(e)
                    .isEqualTo(
                        "approved "
                            + MALLORY
                            + " by lead@example.com: user confirmed the pushes were not theirs"));
    assertThat(getOk("/api/v1/responses/audit?limit=1").get("entries")).hasSize(1);
  }

  /** The push-denied-as-fraud event of rules/okta/okta_mfa_push_denied_fraud.tests.yml. */
  private static String fraudEvent() {
    return "{\"uuid\":\"a4f1c3e2-9b7d-11f0-8de9-0242ac120002\","
        + "\"published\":\""
        + ApiServerIT.NOW.minus(Duration.ofMinutes(5))
        + "\",\"eventType\":\"user.mfa.okta_verify.deny_push\",\"version\":\"0\","
        + "\"severity\":\"INFO\",\"displayMessage\":\"user.mfa.okta_verify.deny_push\","
        + "\"actor\":{\"id\":\"00u1a2b3c4d5E6f7G8h9\",\"type\":\"User\","
        + "\"alternateId\":\"alice@example.com\",\"displayName\":\"Alice\"},"
        + "\"client\":{\"ipAddress\":\"203.0.113.24\",\"device\":\"Computer\"},"
        + "\"outcome\":{\"result\":\"FAILURE\",\"reason\":\"User reported fraud\"},"
        + "\"transaction\":{\"type\":\"WEB\",\"id\":\"ZGx3nQ1b2c3d4e5f6g7h8\"},"
        + "\"target\":[{\"id\":\"00u9z8y7x6w5V4u3T2s1\",\"type\":\"User\","
        + "\"alternateId\":\"bob@example.com\",\"displayName\":\"Bob Stone\"}]}";
  }

  @Test
  void aSigmaAlertFromIngestedOktaEventsActsOnlyAfterApproval() throws Exception {
    installation =
        Installation.open(
            config()
                .providerSetting("responses", "rules.contain.rules", FRAUD_RULE)
                .providerSetting("responses", "rules.contain.targets", ".*@example\\.com")
                .build(),
            clock);
    server = new ApiServer(installation, "test").start();

    HttpResponse<String> ingested =
        call(
            "POST",
            "/api/v1/ingest/okta",
            fraudEvent() + "\n",
            "X-API-Key",
            KEY,
            "Content-Type",
            "application/x-ndjson");
    assertThat(ingested.statusCode()).as(ingested.body()).isEqualTo(200);
    assertThat(JSON.readTree(ingested.body()).get("accepted").asInt()).isEqualTo(1);
    assertThat(installation.alerting().pipeline().list(10))
        .extracting(r -> r.alert().ruleId())
        .contains(FRAUD_RULE);
    installation.alerting().step();
    installation.alerting().step();
    okta.verify(0, postRequestedFor(anyUrl()));

    JsonNode awaiting = getOk("/api/v1/responses?state=awaiting");
    List<String> targets = new ArrayList<>();
    awaiting.get("requests").forEach(r -> targets.add(r.get("target").get("value").asText()));
    assertThat(targets).isNotEmpty().isSubsetOf(ALICE, BOB).doesNotHaveDuplicates();
    String first = targets.get(0);
    HttpResponse<String> approved =
        decide(idOf(awaiting, first), "approve", "{\"approver\":\"ciso@example.com\"}");
    assertThat(approved.statusCode()).as(approved.body()).isEqualTo(200);
    for (String other : targets.subList(1, targets.size())) {
      assertThat(
              decide(idOf(awaiting, other), "reject", "{\"approver\":\"ciso@example.com\"}")
                  .statusCode())
          .isEqualTo(200);
    }
    clock.advance(Duration.ofSeconds(1));
    installation.alerting().step();
    installation.alerting().step();

    okta.verify(1, postRequestedFor(urlEqualTo(suspendPath(first))));
    okta.verify(1, postRequestedFor(anyUrl()));
    JsonNode audit = getOk("/api/v1/responses/audit");
    assertThat(audit.get("entries").get(0).get("outcome").asText()).isEqualTo("done");
    assertThat(audit.get("entries").get(0).get("rule").asText()).isEqualTo("contain");
    assertThat(audit.get("entries"))
        .filteredOn(e -> e.get("outcome").asText().equals("approved"))
        .singleElement()
        .satisfies(e -> assertThat(e.get("actor").asText()).isEqualTo("ciso@example.com"));
  }

  @Test
  void theCliListsApprovesAndShowsTheAuditLog() throws Exception {
    MantissaConfig base = config().build();
    Clock fixed = Clock.fixed(ApiServerIT.NOW, ZoneOffset.UTC);
    try (Installation app = new Installation(base, fixed, SourceCatalog.load())) {
      installation = app;
      alert(MALLORY);
      alert(TRUDY);
      installation = null;
    }
    Path yaml = dir.resolve("mantissa.yaml");
    Files.writeString(
        yaml,
        String.join(
            "\n",
            "mantissa:",
            "  providers:",
            "    okta:",
            "      url: http://127.0.0.1:" + okta.port(),
            "      api-token: okta-token-123",
            "      allow-private-addresses: true",
            "    responses:",
            "      rules:",
            "        contain:",
            "          rules: itdr.mfa_fatigue",
            "          actions: okta.suspend_user",
            "          approval: required",
            "          approvers: lead@example.com, ciso@example.com",
            "          approval-timeout: 2h",
            ""),
        StandardCharsets.UTF_8);
    String data = dir.resolve("data").toString();

    CliIT.Run list =
        CliIT.run(
            "responses",
            "list",
            "--state",
            "awaiting",
            "--json",
            "--config",
            yaml.toString(),
            "--data-dir",
            data);
    assertThat(list.code()).as(list.err()).isZero();
    JsonNode rows = JSON.readTree(list.out());
    assertThat(rows).hasSize(2);
    String mallory = null;
    String trudy = null;
    for (JsonNode r : rows) {
      String user = r.get("target").get("value").asText();
      if (user.equals(MALLORY)) {
        mallory = r.get("id").asText();
      } else {
        trudy = r.get("id").asText();
      }
    }
    CliIT.Run table =
        CliIT.run("responses", "list", "--config", yaml.toString(), "--data-dir", data);
    assertThat(table.out()).contains("awaiting", MALLORY, "(2 requests)");

    CliIT.Run approve =
        CliIT.run(
            "responses",
            "approve",
            mallory,
            "--approver",
            "ciso@example.com",
            "--comment",
            "ok",
            "--config",
            yaml.toString(),
            "--data-dir",
            data);
    assertThat(approve.code()).as(approve.err()).isZero();
    assertThat(approve.out()).contains("approved by ciso@example.com");
    CliIT.Run again =
        CliIT.run(
            "responses",
            "reject",
            mallory,
            "--approver",
            "lead@example.com",
            "--config",
            yaml.toString(),
            "--data-dir",
            data);
    assertThat(again.code()).isEqualTo(1);
    assertThat(again.err()).contains("already approved by ciso@example.com");
    CliIT.Run noApprover =
        CliIT.run("responses", "reject", trudy, "--config", yaml.toString(), "--data-dir", data);
    assertThat(noApprover.code()).isNotZero();
    assertThat(noApprover.err()).contains("--approver");
    okta.verify(0, postRequestedFor(anyUrl()));

    try (Installation app = new Installation(base, fixed, SourceCatalog.load())) {
      app.alerting().step();
      app.alerting().step();
    }
    okta.verify(1, postRequestedFor(urlEqualTo(suspendPath(MALLORY))));
    okta.verify(1, postRequestedFor(anyUrl()));

    CliIT.Run audit =
        CliIT.run("responses", "audit", "--config", yaml.toString(), "--data-dir", data);
    assertThat(audit.code()).as(audit.err()).isZero();
    assertThat(audit.out()).contains("approved", "ciso@example.com", "done", MALLORY);
  }

  @Test
  void badApprovalSettingsFailNamingTheKey() {
    assertBad(
        config().providerSetting("responses", "rules.contain.approval", "maybe"),
        "mantissa.providers.responses.rules.contain.approval must be 'required' or 'none'");
    assertBad(
        config().providerSetting("responses", "rules.contain.approval-timeout", "soon"),
        "mantissa.providers.responses.rules.contain.approval-timeout");
    assertBad(
        config().providerSetting("responses", "rules.contain.approval", "none"),
        "rules.contain.approvers is set but");
  }

  private void assertBad(MantissaConfig.Builder config, String message) {
    try (Installation app =
        new Installation(
            config.build(), Clock.fixed(Instant.EPOCH, ZoneOffset.UTC), SourceCatalog.load())) {
      assertThatThrownBy(app::alerting)
          .isInstanceOf(MantissaException.class)
          .hasMessageContaining(message);
    }
  }
}
