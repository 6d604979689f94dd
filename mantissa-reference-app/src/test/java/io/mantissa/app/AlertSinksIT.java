package io.mantissa.app;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.matching;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.mantissa.alerting.Detection;
import io.mantissa.alerting.PipelineOutcome;
import io.mantissa.api.AlertStatus;
import io.mantissa.api.Entity;
import io.mantissa.api.ErrorCode;
import io.mantissa.api.MantissaException;
import io.mantissa.api.Severity;
import io.mantissa.api.config.MantissaConfig;
import io.mantissa.testkit.MutableClock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Sinks configured from {@code mantissa.yaml} and the environment, against WireMock on loopback
 * (with the private-address allowance): {@code mantissa alerts test-sink}, and the delivery pass
 * that {@code serve} schedules.
 */
class AlertSinksIT {
  @TempDir Path dir;

  private WireMockServer hook;

  @BeforeEach
  void startHook() {
    hook = new WireMockServer(wireMockConfig().bindAddress("127.0.0.1").dynamicPort());
    hook.start();
  }

  @AfterEach
  void stopHook() {
    hook.stop();
  }

  private String hookUrl() {
    return "http://127.0.0.1:" + hook.port() + "/hooks/mantissa";
  }

  private Map<String, String> webhookEnv() {
    return Map.of(
        "MANTISSA_PROVIDERS_WEBHOOK__URL", hookUrl(),
        "MANTISSA_PROVIDERS_WEBHOOK__SECRET", "hook-secret-123",
        "MANTISSA_PROVIDERS_WEBHOOK__ALLOW_PRIVATE_ADDRESSES", "true");
  }

  /** A configuration with a webhook sink to the WireMock hook (secret "s"). */
  private MantissaConfig.Builder webhook() {
    return MantissaConfig.builder()
        .dataDir(dir.resolve("data"))
        .providerSetting("webhook", "url", hookUrl())
        .providerSetting("webhook", "secret", "s");
  }

  /** {@link #webhook()} with the private-address allowance that a loopback hook needs. */
  private MantissaConfig.Builder loopbackWebhook() {
    return webhook().providerSetting("webhook", "allow-private-addresses", "true");
  }

  private String data() {
    return dir.resolve("data").toString();
  }

  @Test
  void testSinkDeliversASignedTestAlertAndPrintsTheResult() {
    hook.stubFor(post(urlEqualTo("/hooks/mantissa")).willReturn(aResponse().withStatus(202)));

    CliIT.Run r = CliIT.run(webhookEnv(), "alerts", "test-sink", "webhook", "--data-dir", data());

    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out()).startsWith("Delivered test alert test-").contains(" to webhook");
    List<LoggedRequest> requests = hook.findAll(postRequestedFor(urlEqualTo("/hooks/mantissa")));
    assertThat(requests).hasSize(1);
    LoggedRequest request = requests.get(0);
    assertThat(request.getHeader("X-Mantissa-Signature")).matches("v1=[0-9a-f]{64}");
    assertThat(request.getHeader("Idempotency-Key")).startsWith("test-");
    hook.verify(
        postRequestedFor(urlEqualTo("/hooks/mantissa"))
            .withRequestBody(matchingJsonPath("$.alert.rule_id", matching("mantissa.test_sink")))
            .withRequestBody(matchingJsonPath("$.alert.severity", matching("informational"))));
    assertThat(r.out() + r.err()).doesNotContain("hook-secret-123");
  }

  @Test
  void testSinkReportsRetryableAndPermanentFailuresWithExitCode1() {
    hook.stubFor(
        post(urlEqualTo("/hooks/mantissa"))
            .willReturn(aResponse().withStatus(503).withBody("maintenance")));
    CliIT.Run down =
        CliIT.run(webhookEnv(), "alerts", "test-sink", "webhook", "--data-dir", data());
    assertThat(down.code()).isEqualTo(1);
    assertThat(down.err())
        .contains("Failed (retryable) to deliver the test alert to webhook: HTTP 503: maintenance");

    hook.stubFor(
        post(urlEqualTo("/hooks/mantissa"))
            .willReturn(aResponse().withStatus(401).withBody("bad signature")));
    CliIT.Run rejected =
        CliIT.run(webhookEnv(), "alerts", "test-sink", "webhook", "--data-dir", data());
    assertThat(rejected.code()).isEqualTo(1);
    assertThat(rejected.err()).contains("Failed (permanent)", "HTTP 401: bad signature");
  }

  @Test
  void withoutTheAllowanceALoopbackSinkIsRefused() {
    Map<String, String> env =
        Map.of(
            "MANTISSA_PROVIDERS_WEBHOOK__URL",
            hookUrl(),
            "MANTISSA_PROVIDERS_WEBHOOK__SECRET",
            "hook-secret-123");
    CliIT.Run r = CliIT.run(env, "alerts", "test-sink", "webhook", "--data-dir", data());
    assertThat(r.code()).isEqualTo(1);
    assertThat(r.err()).contains("Failed (permanent)");
    assertThat(hook.getAllServeEvents()).isEmpty();
  }

  @Test
  void sinksComeFromMantissaYamlUnderTheirConfiguredName() throws Exception {
    hook.stubFor(post(urlEqualTo("/hooks/mantissa")).willReturn(aResponse().withStatus(200)));
    Path yaml = dir.resolve("mantissa.yaml");
    Files.writeString(
        yaml,
        "mantissa:\n"
            + "  data-dir: "
            + data()
            + "\n"
            + "  providers:\n"
            + "    webhook:\n"
            + "      name: soar\n"
            + "      url: "
            + hookUrl()
            + "\n"
            + "      secret: from-yaml\n"
            + "      allow-private-addresses: true\n"
            + "      min-severity: high\n",
        StandardCharsets.UTF_8);

    CliIT.Run unknown = CliIT.run("--config", yaml.toString(), "alerts", "test-sink", "webhook");
    assertThat(unknown.code()).isEqualTo(2);
    assertThat(unknown.err()).contains("no alert sink named 'webhook'; configured: soar");

    CliIT.Run r = CliIT.run("--config", yaml.toString(), "alerts", "test-sink", "soar");
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(hook.getAllServeEvents()).hasSize(1);
  }

  @Test
  void withoutSinksTestSinkSaysNoneAreConfigured() {
    CliIT.Run r = CliIT.run("alerts", "test-sink", "slack", "--data-dir", data());
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).contains("no alert sink named 'slack'; configured: none");
  }

  @Test
  void aMisconfiguredSinkIsAConfigurationErrorNamingTheKey() {
    CliIT.Run r =
        CliIT.run(
            Map.of("MANTISSA_PROVIDERS_PAGERDUTY__URL", hookUrl()),
            "alerts",
            "test-sink",
            "pagerduty",
            "--data-dir",
            data());
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).contains("mantissa.providers.pagerduty.routing-key");

    CliIT.Run badSeverity =
        CliIT.run(
            Map.of(
                "MANTISSA_PROVIDERS_WEBHOOK__URL", hookUrl(),
                "MANTISSA_PROVIDERS_WEBHOOK__SECRET", "s",
                "MANTISSA_PROVIDERS_WEBHOOK__MIN_SEVERITY", "loud"),
            "alerts",
            "list",
            "--data-dir",
            data());
    assertThat(badSeverity.code()).isEqualTo(2);
    assertThat(badSeverity.err()).contains("mantissa.providers.webhook.min-severity");
  }

  @Test
  void theServeStepDeliversRoutedAlertsThroughTheOutboxOnce() {
    hook.stubFor(post(urlEqualTo("/hooks/mantissa")).willReturn(aResponse().withStatus(200)));
    MutableClock clock = MutableClock.at(ApiServerIT.NOW);
    MantissaConfig config =
        loopbackWebhook().providerSetting("webhook", "min-severity", "high").build();
    try (Installation installation = Installation.open(config, clock)) {
      Alerting alerting = installation.alerting();
      assertThat(alerting.sinks()).containsOnlyKeys("webhook");
      alerting.pipeline().process(detection("r.high", Severity.HIGH));
      alerting.pipeline().process(detection("r.low", Severity.LOW));
      assertThat(alerting.outbox().pending()).isEqualTo(1);
      assertThat(hook.getAllServeEvents()).isEmpty();

      alerting.step();
      alerting.step();

      assertThat(alerting.outbox().pending()).isZero();
      hook.verify(
          1,
          postRequestedFor(urlEqualTo("/hooks/mantissa"))
              .withRequestBody(matchingJsonPath("$.alert.rule_id", matching("r.high"))));
      assertThat(hook.getAllServeEvents()).hasSize(1);
    }
  }

  @Test
  void aFailingHookIsRetriedByLaterStepsNotLost() {
    hook.stubFor(post(urlEqualTo("/hooks/mantissa")).willReturn(aResponse().withStatus(503)));
    MutableClock clock = MutableClock.at(ApiServerIT.NOW);
    MantissaConfig config = loopbackWebhook().build();
    try (Installation installation = Installation.open(config, clock)) {
      Alerting alerting = installation.alerting();
      alerting.pipeline().process(detection("r.high", Severity.HIGH));
      alerting.step();
      assertThat(alerting.outbox().pending()).isEqualTo(1);

      hook.stubFor(post(urlEqualTo("/hooks/mantissa")).willReturn(aResponse().withStatus(200)));
      clock.advance(Duration.ofMinutes(20));
      alerting.step();

      assertThat(alerting.outbox().pending()).isZero();
      assertThat(hook.getAllServeEvents()).hasSize(2);
    }
  }

  @Test
  void aSinkWithEscalateAfterGetsOnlyAlertsStillOpenAfterThatLong() {
    hook.stubFor(post(urlEqualTo("/hooks/mantissa")).willReturn(aResponse().withStatus(200)));
    MutableClock clock = MutableClock.at(ApiServerIT.NOW);
    MantissaConfig config =
        loopbackWebhook()
            .providerSetting("webhook", "name", "secondary")
            .providerSetting("webhook", "escalate-after", "15m")
            .providerSetting("webhook", "escalate-min-severity", "high")
            .build();
    try (Installation installation = Installation.open(config, clock)) {
      Alerting alerting = installation.alerting();
      var open = alerting.pipeline().process(detection("r.open", Severity.HIGH));
      var handled = alerting.pipeline().process(detection("r.handled", Severity.CRITICAL));
      alerting.pipeline().process(detection("r.low", Severity.LOW));
      alerting
          .pipeline()
          .updateStatus(
              ((PipelineOutcome.Created) handled).alert().id(),
              AlertStatus.ACKNOWLEDGED,
              "oncall",
              "on it");
      alerting.step();
      assertThat(hook.getAllServeEvents()).as("no route, only escalation").isEmpty();

      clock.advance(Duration.ofMinutes(16));
      alerting.step(); // schedules the escalation
      alerting.step(); // delivers it
      alerting.step(); // nothing more: escalations happen once

      assertThat(hook.getAllServeEvents()).hasSize(1);
      hook.verify(
          postRequestedFor(urlEqualTo("/hooks/mantissa"))
              .withRequestBody(matchingJsonPath("$.alert.rule_id", matching("r.open")))
              .withRequestBody(
                  matchingJsonPath(
                      "$.alert.id", matching(((PipelineOutcome.Created) open).alert().id()))));
    }
  }

  @Test
  void aBadEscalationDelayIsAConfigurationError() {
    MantissaConfig config = webhook().providerSetting("webhook", "escalate-after", "soon").build();
    try (Installation installation = Installation.open(config, MutableClock.create())) {
      assertThatThrownBy(installation::alerting)
          .isInstanceOf(MantissaException.class)
          .hasMessageContaining("mantissa.providers.webhook.escalate-after");
    }
    assertThat(Alerting.duration("x", "PT15M")).isEqualTo(Duration.ofMinutes(15));
    assertThat(Alerting.duration("x", "90s")).isEqualTo(Duration.ofSeconds(90));
    assertThat(Alerting.duration("x", "1d")).isEqualTo(Duration.ofDays(1));
  }

  @Test
  void theSchedulerStopsCleanly() {
    MantissaConfig config = MantissaConfig.builder().dataDir(dir.resolve("data")).build();
    try (Installation installation = Installation.open(config, MutableClock.create())) {
      TaskScheduler scheduler = TaskScheduler.start(ServeTasks.of(installation));
      assertThat(scheduler.isStopped()).isFalse();
      scheduler.close();
      assertThat(scheduler.isStopped()).isTrue();
    }
  }

  @Test
  void twoSinksWithOneNameAreRefused() {
    MantissaConfig config =
        webhook()
            .providerSetting("webhook", "name", "hook")
            .providerSetting("teams", "webhook-url", hookUrl())
            .providerSetting("teams", "name", "hook")
            .build();
    try (Installation installation = Installation.open(config, MutableClock.create())) {
      assertThatThrownBy(installation::alerting)
          .isInstanceOf(MantissaException.class)
          .hasMessageContaining("two alert sinks are named 'hook'")
          .extracting(e -> ((MantissaException) e).code())
          .isEqualTo(ErrorCode.CONFIG_INVALID);
    }
  }

  private static Detection detection(String rule, Severity severity) {
    return Detection.builder()
        .ruleId(rule)
        .title("Detection of " + rule)
        .severity(severity)
        .time(ApiServerIT.NOW)
        .entity(Entity.user("alice@acme.example"))
        .build();
  }
}
