package io.mantissa.app;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.mantissa.alerting.Detection;
import io.mantissa.alerting.PipelineOutcome;
import io.mantissa.api.Alert;
import io.mantissa.api.Entity;
import io.mantissa.api.Severity;
import io.mantissa.api.config.ConfigLoader;
import io.mantissa.api.config.MantissaConfig;
import io.mantissa.testkit.MutableClock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Routes, escalation steps and enrichment configured in {@code mantissa.yaml} (parsed as the app
 * parses it), delivered to WireMock on loopback. {@link ApiServerIT#NOW} is Sunday 1 March 2026,
 * 12:00 UTC.
 */
class AlertRoutesIT {
  @TempDir Path dir;

  private WireMockServer server;

  @BeforeEach
  void start() {
    server = new WireMockServer(wireMockConfig().bindAddress("127.0.0.1").dynamicPort());
    server.start();
    server.stubFor(post(urlEqualTo("/hooks/mantissa")).willReturn(aResponse().withStatus(200)));
    server.stubFor(post(urlEqualTo("/teams")).willReturn(aResponse().withStatus(202)));
  }

  @AfterEach
  void stop() {
    server.stop();
  }

  private String url(String path) {
    return "http://127.0.0.1:" + server.port() + path;
  }

  private MantissaConfig load(String providersYaml) throws Exception {
    Path yaml = dir.resolve("mantissa.yaml");
    Files.writeString(
        yaml,
        "mantissa:\n  data-dir: " + dir.resolve("data") + "\n  providers:\n" + providersYaml,
        StandardCharsets.UTF_8);
    return ConfigLoader.load(ConfigFiles.readYaml(yaml), yaml.toString(), Map.of(), Map.of());
  }

  private static Detection detection(
      String rule, Severity severity, String source, String... tags) {
    Detection.Builder b =
        Detection.builder()
            .ruleId(rule)
            .title("Detection of " + rule)
            .severity(severity)
            .time(ApiServerIT.NOW)
            .source(source)
            .entity(Entity.user(rule + "@acme.example"));
    for (String tag : tags) {
      b.tag(tag);
    }
    return b.build();
  }

  @Test
  void routesBySeverityRuleTagSourceAndWindowAndEscalationStepsFromMantissaYaml() throws Exception {
    MantissaConfig config =
        load(
            """
                webhook:
                  url: %s
                  secret: s
                  allow-private-addresses: true
                  routes:
                    identity:
                      sources: [okta, entra]
                      tags: [attack.t1110]
                    critical:
                      min-severity: critical
                  escalations:
                    late:
                      after: 30m
                      min-severity: high
                teams:
                  webhook-url: %s
                  allow-private-addresses: true
                  routes:
                    business-hours:
                      min-severity: medium
                      rules: [r.weekday]
                      window: "mon-fri 08:00-18:00"
                      zone: Europe/Amsterdam
                    weekend:
                      min-severity: high
                      window: sat,sun
            """
                .formatted(url("/hooks/mantissa"), url("/teams")));
    MutableClock clock = MutableClock.at(ApiServerIT.NOW);
    try (Installation installation = Installation.open(config, clock)) {
      Alerting alerting = installation.alerting();
      var pipeline = alerting.pipeline();
      pipeline.process(detection("r.okta", Severity.LOW, "okta", "attack.t1110"));
      pipeline.process(detection("r.other", Severity.CRITICAL, "aws"));
      pipeline.process(detection("r.weekday", Severity.MEDIUM, "aws")); // Sunday: nowhere
      pipeline.process(detection("r.untagged", Severity.HIGH, "okta"));
      alerting.step();

      server.verify(2, postRequestedFor(urlEqualTo("/hooks/mantissa")));
      server.verify(
          postRequestedFor(urlEqualTo("/hooks/mantissa"))
              .withRequestBody(matchingJsonPath("$.alert.rule_id", equalTo("r.okta"))));
      server.verify(
          postRequestedFor(urlEqualTo("/hooks/mantissa"))
              .withRequestBody(matchingJsonPath("$.alert.rule_id", equalTo("r.other"))));
      server.verify(2, postRequestedFor(urlEqualTo("/teams")));
      server.verify(
          postRequestedFor(urlEqualTo("/teams"))
              .withRequestBody(containing("Detection of r.other")));
      server.verify(
          postRequestedFor(urlEqualTo("/teams"))
              .withRequestBody(containing("Detection of r.untagged")));

      // 30 minutes after creation, the high and critical alerts still open escalate to the hook
      clock.set(ApiServerIT.NOW.plus(Duration.ofMinutes(31)));
      alerting.step();
      alerting.step();
      alerting.step();
      server.verify(4, postRequestedFor(urlEqualTo("/hooks/mantissa")));
      // r.other: its route, then its escalation; r.untagged: its escalation only; r.okta is low
      server.verify(
          2,
          postRequestedFor(urlEqualTo("/hooks/mantissa"))
              .withRequestBody(matchingJsonPath("$.alert.rule_id", equalTo("r.other"))));
      server.verify(
          1,
          postRequestedFor(urlEqualTo("/hooks/mantissa"))
              .withRequestBody(matchingJsonPath("$.alert.rule_id", equalTo("r.untagged"))));

      // Monday 09:30 in Amsterdam: the business-hours route takes r.weekday's next alert
      clock.set(java.time.Instant.parse("2026-03-02T08:30:00Z"));
      pipeline.process(detection("r.weekday2", Severity.MEDIUM, "aws"));
      var weekday =
          pipeline.process(
              Detection.builder()
                  .ruleId("r.weekday")
                  .title("Weekday detection")
                  .severity(Severity.MEDIUM)
                  .time(clock.instant())
                  .entity(Entity.user("bob@acme.example"))
                  .build());
      assertThat(weekday).isInstanceOf(PipelineOutcome.Created.class);
      alerting.step();
      server.verify(3, postRequestedFor(urlEqualTo("/teams")));
      server.verify(
          postRequestedFor(urlEqualTo("/teams")).withRequestBody(containing("Weekday detection")));
    }
  }

  @Test
  void configuredThreatIntelAndDirectoryProvidersEnrichNewAlerts() throws Exception {
    server.stubFor(
        get(urlPathEqualTo("/api/v2/check"))
            .willReturn(
                aResponse()
                    .withStatus(200)
                    .withHeader("Content-Type", "application/json")
                    .withBody(
                        """
                        {"data": {"ipAddress": "118.25.6.39", "isPublic": true, "ipVersion": 4,
                          "isWhitelisted": false, "abuseConfidenceScore": 100,
                          "countryCode": "CN", "usageType": "Data Center/Web Hosting/Transit",
                          "isTor": false, "totalReports": 1}}
                        """)));
    MantissaConfig config =
        load(
                """
                abuseipdb:
                  url: %s
                  allow-private-addresses: true
                  per-minute: 10
                okta:
                  url: %s
                  allow-private-addresses: true
                  peer-window: 7d
            """
                    .formatted(url(""), url("")))
            .toBuilder()
            .providerSetting("abuseipdb", "api-key", "abuse-key-from-env")
            .providerSetting("okta", "api-token", "okta-token-from-env")
            .build();
    server.stubFor(
        get(urlEqualTo("/api/v1/users/alice@acme.example"))
            .willReturn(
                aResponse()
                    .withStatus(200)
                    .withHeader("Content-Type", "application/json")
                    .withBody(
                        """
                        {"id": "00u1", "status": "ACTIVE",
                         "profile": {"firstName": "Alice", "lastName": "Archer",
                           "login": "alice@acme.example", "email": "alice@acme.example",
                           "department": "Finance"}}
                        """)));
    server.stubFor(
        get(urlEqualTo("/api/v1/users/00u1/groups"))
            .willReturn(
                aResponse()
                    .withStatus(200)
                    .withHeader("Content-Type", "application/json")
                    .withBody(
                        "[{\"id\": \"00g1\", \"type\": \"OKTA_GROUP\","
                            + " \"profile\": {\"name\": \"Finance\"}}]")));
    try (Installation installation = Installation.open(config, MutableClock.at(ApiServerIT.NOW))) {
      PipelineOutcome outcome =
          installation
              .alerting()
              .pipeline()
              .process(
                  Detection.builder()
                      .ruleId("r.ip")
                      .title("Login from a bad address")
                      .severity(Severity.HIGH)
                      .time(ApiServerIT.NOW)
                      .entity(Entity.ip("118.25.6.39"))
                      .entity(Entity.user("alice@acme.example"))
                      .build());

      Alert alert = ((PipelineOutcome.Created) outcome).alert().alert();
      assertThat(alert.enrichment().get("threat_intel"))
          .isEqualTo(
              Map.of(
                  "118.25.6.39",
                  Map.of(
                      "malicious",
                      true,
                      "score",
                      100,
                      "provider",
                      "abuseipdb",
                      "labels",
                      java.util.List.of("Data Center/Web Hosting/Transit"))));
      assertThat(alert.enrichment().get("directory").toString())
          .contains("display_name=Alice Archer", "department=Finance", "groups=[Finance]");
      assertThat(alert.enrichment().get("peer_group").toString())
          .contains("unusual=true", "window=7 days");
      server.verify(
          getRequestedFor(urlEqualTo("/api/v1/users/alice@acme.example"))
              .withHeader("Authorization", equalTo("SSWS okta-token-from-env")));
      server.verify(
          getRequestedFor(urlEqualTo("/api/v2/check?ipAddress=118.25.6.39&maxAgeInDays=90"))
              .withHeader("Key", equalTo("abuse-key-from-env")));
    }
  }

  @Test
  void aConfiguredSummarizerWritesTheSummaryFromTheRedactedAlert() throws Exception {
    MantissaConfig config =
        load(
            """
                test-summary:
                  prefix: "LLM: "
                  per-minute: 5
            """);
    try (Installation installation = Installation.open(config, MutableClock.at(ApiServerIT.NOW))) {
      PipelineOutcome outcome =
          installation
              .alerting()
              .pipeline()
              .process(
                  Detection.builder()
                      .ruleId("r.mail")
                      .title("Mail rule created by carol@acme.example")
                      .severity(Severity.MEDIUM)
                      .time(ApiServerIT.NOW)
                      .entity(Entity.user("carol@acme.example"))
                      .build());

      Alert alert = ((PipelineOutcome.Created) outcome).alert().alert();
      @SuppressWarnings("unchecked")
      Map<String, Object> summary = (Map<String, Object>) alert.enrichment().get("summary_5w1h");
      assertThat(summary).containsEntry("generator", "llm");
      assertThat((String) summary.get("text"))
          .startsWith("LLM: ")
          .contains("detected by rule r.mail")
          .doesNotContain("carol@acme.example"); // the summarizer saw the redacted alert
      assertThat(alert.title()).contains("carol@acme.example");
    }
  }
}
