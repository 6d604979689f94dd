package io.mantissa.app;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.mantissa.alerting.Detection;
import io.mantissa.alerting.PipelineOutcome;
import io.mantissa.api.Entity;
import io.mantissa.api.MantissaException;
import io.mantissa.api.Severity;
import io.mantissa.api.config.MantissaConfig;
import io.mantissa.soar.ResponseAttempt;
import io.mantissa.sources.SourceCatalog;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Automatic response configured in the app: an ITDR alert goes through the real alert pipeline to
 * the response trigger, which suspends the user in Okta (WireMock on loopback) exactly once.
 */
class ResponsesIT {
  private static final Instant NOW = Instant.parse("2026-11-26T10:00:00Z");
  private static final String LOGIN = "mallory@example.com";
  private static final String ID = "00ub0oNGTSWTBKOLGLNR";

  @TempDir Path dir;
  private WireMockServer okta;

  @BeforeEach
  void start() {
    okta = new WireMockServer(wireMockConfig().bindAddress("127.0.0.1").dynamicPort());
    okta.start();
  }

  @AfterEach
  void stop() {
    okta.stop();
  }

  private MantissaConfig.Builder config() {
    return MantissaConfig.builder()
        .dataDir(dir.resolve("data"))
        .providerSetting("okta", "url", "http://127.0.0.1:" + okta.port())
        .providerSetting("okta", "api-token", "okta-token-123")
        .providerSetting("okta", "allow-private-addresses", "true")
        .providerSetting("responses", "rules.spray.rules", "itdr.password_spray, itdr.mfa_*")
        .providerSetting("responses", "rules.spray.min-severity", "high")
        .providerSetting("responses", "rules.spray.actions", "okta.suspend_user")
        .providerSetting("responses", "rules.spray.targets", ".*@example\\.com");
  }

  private static Detection detection(String rule, Severity severity, String user) {
    return Detection.builder()
        .ruleId(rule)
        .title(rule)
        .severity(severity)
        .time(NOW)
        .entity(Entity.user(user))
        .entity(Entity.ip("203.0.113.9"))
        .source("itdr")
        .build();
  }

  @Test
  void anAlertOfAConfiguredRuleSuspendsItsUserOnceAndIsAudited() {
    okta.stubFor(
        get(urlEqualTo("/api/v1/users/" + LOGIN))
            .willReturn(
                aResponse()
                    .withStatus(200)
                    .withHeader("Content-Type", "application/json")
                    .withBody("{\"id\":\"" + ID + "\",\"status\":\"ACTIVE\"}")));
    okta.stubFor(
        post(urlEqualTo("/api/v1/users/" + ID + "/lifecycle/suspend"))
            .willReturn(aResponse().withStatus(200).withBody("{}")));

    try (Installation installation =
        new Installation(
            config().build(), Clock.fixed(NOW, ZoneOffset.UTC), SourceCatalog.load())) {
      Alerting alerting = installation.alerting();
      assertThat(alerting.responses()).isPresent();
      PipelineOutcome outcome =
          alerting.pipeline().process(detection("itdr.mfa_fatigue", Severity.HIGH, LOGIN));
      assertThat(outcome).isInstanceOf(PipelineOutcome.Created.class);
      // below the rule's severity, another rule, a user outside the targets: no action
      alerting
          .pipeline()
          .process(detection("itdr.mfa_fatigue", Severity.MEDIUM, "low@example.com"));
      alerting.pipeline().process(detection("sigma.other", Severity.CRITICAL, "x@example.com"));
      alerting.pipeline().process(detection("itdr.password_spray", Severity.HIGH, "ext@other.org"));

      alerting.step();
      alerting.step();

      // the same okta settings also give alerts their directory context (GETs by the alerting's
      // lookup); the only change is the one suspension
      okta.verify(1, postRequestedFor(urlEqualTo("/api/v1/users/" + ID + "/lifecycle/suspend")));
      okta.verify(1, postRequestedFor(anyUrl()));
      assertThat(okta.findAll(getRequestedFor(urlEqualTo("/api/v1/users/" + LOGIN))))
          .isNotEmpty()
          .allMatch(r -> "SSWS okta-token-123".equals(r.getHeader("Authorization")));
      assertThat(alerting.responses().orElseThrow().auditLog(10))
          .extracting(ResponseAttempt::action, ResponseAttempt::outcome)
          .containsExactly(
              org.assertj.core.groups.Tuple.tuple(
                  "okta.suspend_user", ResponseAttempt.Outcome.DONE));
    }
  }

  @Test
  void badResponseSettingsFailNamingTheKey() {
    MantissaConfig unknown =
        config().providerSetting("responses", "rules.spray.when", "always").build();
    try (Installation installation =
        new Installation(unknown, Clock.fixed(NOW, ZoneOffset.UTC), SourceCatalog.load())) {
      assertThatThrownBy(installation::alerting)
          .isInstanceOf(MantissaException.class)
          .hasMessageContaining("mantissa.providers.responses.rules.spray.when");
    }
    MantissaConfig noToken =
        MantissaConfig.builder()
            .dataDir(dir.resolve("data2"))
            .providerSetting("responses", "rules.r.rules", "itdr.*")
            .providerSetting("responses", "rules.r.actions", "okta.suspend_user")
            .build();
    try (Installation installation =
        new Installation(noToken, Clock.fixed(NOW, ZoneOffset.UTC), SourceCatalog.load())) {
      assertThatThrownBy(installation::alerting)
          .isInstanceOf(MantissaException.class)
          .hasMessageContaining("mantissa.providers.okta.url");
    }
  }
}
