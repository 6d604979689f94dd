package io.mantissa.soar;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.delete;
import static com.github.tomakehurst.wiremock.client.WireMock.deleteRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.mantissa.api.Alert;
import io.mantissa.api.Entity;
import io.mantissa.api.Severity;
import io.mantissa.api.config.MantissaConfig;
import io.mantissa.backend.local.state.LocalStateStoreProvider;
import io.mantissa.soar.ResponseAttempt.Outcome;
import io.mantissa.spi.ProviderContext;
import io.mantissa.spi.state.StateStore;
import io.mantissa.testkit.MutableClock;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * An ITDR alert through the trigger to the real Okta client on WireMock, on the SQLite state store:
 * the vendor is called once per request even when the alert is announced twice, a 429 is retried
 * after its Retry-After, and the audit log tells the story.
 */
class ResponseTriggerIT {
  private static final String ID = "00ub0oNGTSWTBKOLGLNR";
  private static final String LOGIN = "isaac.brock@example.com";

  @RegisterExtension final LoopbackWireMock server = new LoopbackWireMock();
  @TempDir Path dir;
  private final MutableClock clock = MutableClock.create();

  @Test
  void anItdrAlertSuspendsTheUserOnceAfterARateLimit() {
    server.stubFor(
        get(urlEqualTo("/api/v1/users/" + LOGIN))
            .willReturn(
                aResponse()
                    .withStatus(200)
                    .withHeader("Content-Type", "application/json")
                    .withBody(
                        "{\"id\": \""
                            + ID
                            + "\", \"status\": \"ACTIVE\", \"profile\": {\"login\": \""
                            + LOGIN
                            + "\", \"email\": \""
                            + LOGIN
                            + "\"}}")));
    server.stubFor(
        delete(urlEqualTo("/api/v1/users/" + ID + "/sessions?oauthTokens=true"))
            .willReturn(aResponse().withStatus(204)));
    String suspend = "/api/v1/users/" + ID + "/lifecycle/suspend";
    server.stubFor(
        post(urlEqualTo(suspend))
            .inScenario("rate limit")
            .whenScenarioStateIs(STARTED)
            .willReturn(
                aResponse()
                    .withStatus(429)
                    .withHeader("Content-Type", "application/json")
                    .withHeader("Retry-After", "90")
                    .withBody(
                        "{\"errorCode\": \"E0000047\", \"errorSummary\": \"API call exceeded rate"
                            + " limit due to too many requests.\", \"errorCauses\": []}"))
            .willSetStateTo("allowed"));
    server.stubFor(
        post(urlEqualTo(suspend))
            .inScenario("rate limit")
            .whenScenarioStateIs("allowed")
            .willReturn(aResponse().withStatus(200).withBody("{}")));

    MantissaConfig config =
        MantissaConfig.builder()
            .dataDir(dir)
            .providerSetting("okta", "url", server.loopbackUrl(""))
            .providerSetting("okta", "api-token", "00okta-token")
            .providerSetting("okta", "allow-private-addresses", "true")
            .build();
    try (StateStore store =
        new LocalStateStoreProvider().create(new ProviderContext(config, clock, Map.of()))) {
      ResponseTrigger trigger =
          ResponseTrigger.builder()
              .stateStore(store)
              .clock(clock)
              .action(ResponseActionProviders.create(OktaActions.CLEAR_SESSIONS, config, clock))
              .action(ResponseActionProviders.create(OktaActions.SUSPEND_USER, config, clock))
              .rule(
                  ResponseRule.builder("contain-account-takeover")
                      .ruleId("itdr.*")
                      .minSeverity(Severity.HIGH)
                      .action(OktaActions.CLEAR_SESSIONS)
                      .action(OktaActions.SUSPEND_USER)
                      .build())
              .build();
      Alert alert =
          Alert.builder()
              .id("alert-7")
              .ruleId("itdr.mfa_fatigue")
              .title("MFA fatigue against " + LOGIN)
              .severity(Severity.HIGH)
              .time(clock.instant())
              .entity(Entity.user(LOGIN))
              .entity(Entity.ip("203.0.113.7"))
              .build();

      assertThat(trigger.alertCreated(alert)).hasSize(2);
      assertThat(trigger.alertCreated(alert)).isEmpty();
      trigger.runDue();
      clock.advance(Duration.ofSeconds(89));
      trigger.runDue();
      server.verify(1, postRequestedFor(urlEqualTo(suspend)));
      clock.advance(Duration.ofSeconds(1));
      trigger.runDue();
      clock.advance(Duration.ofHours(1));
      trigger.runDue();

      server.verify(2, postRequestedFor(urlEqualTo(suspend)));
      server.verify(
          1, deleteRequestedFor(urlEqualTo("/api/v1/users/" + ID + "/sessions?oauthTokens=true")));
      assertThat(trigger.auditLog(10))
          .extracting(ResponseAttempt::action, ResponseAttempt::attempt, ResponseAttempt::outcome)
          .containsExactlyInAnyOrder(
              tuple(OktaActions.CLEAR_SESSIONS, 1, Outcome.DONE),
              tuple(OktaActions.SUSPEND_USER, 1, Outcome.RETRYABLE_FAILURE),
              tuple(OktaActions.SUSPEND_USER, 2, Outcome.DONE));
      assertThat(trigger.auditLog(10))
          .filteredOn(a -> a.outcome() == Outcome.RETRYABLE_FAILURE)
          .singleElement()
          .satisfies(
              a -> assertThat(a.detail()).contains("E0000047", "retry after 90 s", "next in 90 s"));
      assertThat(trigger.auditLog(10))
          .allSatisfy(a -> assertThat(a.detail()).doesNotContain("00okta-token"));
    }
  }
}
