package io.mantissa.app;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import io.mantissa.alerting.AlertRecord;
import io.mantissa.api.ErrorCode;
import io.mantissa.api.MantissaException;
import io.mantissa.api.TimeRange;
import io.mantissa.api.config.MantissaConfig;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The scheduled work of {@code mantissa serve} with real components: collectors against WireMock on
 * loopback (Okta System Log, GitHub audit log) into a real local lake, and the project's rule pack
 * over the demo data raising alerts in the SQLite state store.
 */
class ServeTasksIT {
  @TempDir Path dir;
  private WireMockServer vendor;

  @BeforeEach
  void start() {
    vendor = new WireMockServer(wireMockConfig().bindAddress("127.0.0.1").dynamicPort());
    vendor.start();
  }

  @AfterEach
  void stop() {
    vendor.stop();
  }

  private ResponseDefinitionBuilder page(String body, String next) {
    return aResponse()
        .withStatus(200)
        .withHeader("Content-Type", "application/json")
        .withHeader(
            "Link",
            "<" + vendor.baseUrl() + "/api/v1/logs?limit=2&after=" + next + ">; rel=\"next\"")
        .withBody(body);
  }

  private static TaskScheduler.Task task(List<TaskScheduler.Task> tasks, String name) {
    return tasks.stream().filter(t -> t.name().equals(name)).findFirst().orElseThrow();
  }

  private static List<String> oktaIds(Installation installation) {
    List<String> ids = new ArrayList<>();
    for (List<Object> row :
        installation
            .query(
                "SELECT id FROM okta ORDER BY id",
                TimeRange.last(Duration.ofDays(1), ApiServerIT.NOW),
                100)
            .rows()) {
      ids.add(String.valueOf(row.get(0)));
    }
    return ids;
  }

  @Test
  void theSchedulerRunsEachCollectorFromItsCheckpointAndAFailingOneDoesNotStopTheOthers()
      throws Exception {
    vendor.stubFor(
        get(urlPathEqualTo("/api/v1/logs"))
            .withQueryParam("after", absent())
            .withQueryParam("since", equalTo(ApiServerIT.NOW.minusSeconds(7 * 86_400L).toString()))
            .willReturn(
                page(
                    "[" + ApiServerIT.okta(30, "a") + "," + ApiServerIT.okta(20, "b") + "]",
                    "p2")));
    vendor.stubFor(
        get(urlPathEqualTo("/api/v1/logs"))
            .withQueryParam("after", equalTo("p2"))
            .willReturn(page("[" + ApiServerIT.okta(10, "c") + "]", "p3")));
    vendor.stubFor(
        get(urlPathEqualTo("/api/v1/logs"))
            .withQueryParam("after", equalTo("p3"))
            .willReturn(page("[]", "p3")));
    vendor.stubFor(
        get(urlPathEqualTo("/orgs/acme/audit-log"))
            .willReturn(
                aResponse()
                    .withStatus(401)
                    .withHeader("Content-Type", "application/json")
                    .withBody("{\"message\":\"Bad credentials\"}")));
    MantissaConfig config =
        MantissaConfig.builder()
            .dataDir(dir.resolve("data"))
            .providerSetting("okta-collector", "base-url", vendor.baseUrl())
            .providerSetting("okta-collector", "api-token", "okta-token-1")
            .providerSetting("okta-collector", "allow-private-addresses", "true")
            .providerSetting("github_collector", "org", "acme")
            .providerSetting("github_collector", "token", "gh-token-1")
            .providerSetting("github_collector", "base-url", vendor.baseUrl())
            .providerSetting("github_collector", "allow-private-addresses", "true")
            .providerSetting("collect", "sources", "github, okta")
            .providerSetting("collect", "every", "10m")
            .build();
    try (Installation installation =
        Installation.open(config, Clock.fixed(ApiServerIT.NOW, ZoneOffset.UTC))) {
      List<TaskScheduler.Task> tasks = ServeTasks.of(installation);
      assertThat(tasks).extracting(TaskScheduler.Task::name).contains("alert-delivery", "collect");
      TaskScheduler.Task collect = task(tasks, "collect");
      assertThat(collect.description())
          .isEqualTo("collectors github, okta every 10m (from their checkpoints)");
      assertThat(collect.initialDelay()).isZero();
      assertThat(collect.period()).isEqualTo(Duration.ofMinutes(10));

      // the first pass on the scheduler's own thread, at once
      CountDownLatch ran = new CountDownLatch(1);
      TaskScheduler.Task observed =
          new TaskScheduler.Task(
              collect.name(),
              collect.description(),
              collect.initialDelay(),
              collect.period(),
              () -> {
                collect.step().run();
                ran.countDown();
              });
      try (TaskScheduler scheduler = TaskScheduler.start(List.of(observed))) {
        assertThat(scheduler.isStopped()).isFalse();
        assertThat(ran.await(60, TimeUnit.SECONDS)).as("the first pass finished").isTrue();
      }
      assertThat(oktaIds(installation)).containsExactly("a", "b", "c");

      // the next period: GitHub is tried again, Okta resumes after its checkpoint
      vendor.stubFor(
          get(urlPathEqualTo("/api/v1/logs"))
              .withQueryParam("after", equalTo("p3"))
              .willReturn(page("[" + ApiServerIT.okta(5, "d") + "]", "p4")));
      vendor.stubFor(
          get(urlPathEqualTo("/api/v1/logs"))
              .withQueryParam("after", equalTo("p4"))
              .willReturn(page("[]", "p4")));
      collect.runLogged();
      assertThat(oktaIds(installation)).containsExactly("a", "b", "c", "d");
    }
    vendor.verify(
        2,
        getRequestedFor(urlPathEqualTo("/orgs/acme/audit-log"))
            .withHeader("Authorization", equalTo("Bearer gh-token-1")));
    vendor.verify(
        1, getRequestedFor(urlPathEqualTo("/api/v1/logs")).withQueryParam("after", absent()));
    vendor.verify(
        2, getRequestedFor(urlPathEqualTo("/api/v1/logs")).withQueryParam("after", equalTo("p3")));
  }

  @Test
  void aScheduledRuleRunRaisesAlertsOnTheDemoDataAndTheNextRunOnlyNewOnes() {
    String data = dir.resolve("data").toString();
    CliIT.Run demo = CliIT.run("demo", "--no-serve", "--no-detect", "--data-dir", data);
    assertThat(demo.code()).as(demo.err()).isZero();
    Path rules = Path.of("..", "rules").toAbsolutePath().normalize();
    MantissaConfig config =
        MantissaConfig.builder()
            .dataDir(Path.of(data))
            .providerSetting("detection", "rules", rules.toString())
            .providerSetting("detection", "schedule", "5m")
            .providerSetting("detection", "initial-window", "2d")
            .build();
    try (Installation installation =
        Installation.open(config, Clock.fixed(ApiServerIT.NOW, ZoneOffset.UTC))) {
      List<TaskScheduler.Task> tasks = ServeTasks.of(installation);
      assertThat(tasks).extracting(TaskScheduler.Task::name).doesNotContain("collect");
      TaskScheduler.Task detection = task(tasks, "detection");
      assertThat(detection.description())
          .isEqualTo("Sigma rules in " + rules + " every 5m (a new rule looks back 2d)");
      assertThat(detection.period()).isEqualTo(Duration.ofMinutes(5));
      assertThat(installation.alerting().pipeline().list(Integer.MAX_VALUE)).isEmpty();

      detection.step().run();
      List<AlertRecord> alerts = installation.alerting().pipeline().list(Integer.MAX_VALUE);
      assertThat(alerts).isNotEmpty();
      assertThat(alerts).allSatisfy(a -> assertThat(a.alert().ruleId()).startsWith("sigma."));

      detection.step().run();
      assertThat(installation.alerting().pipeline().list(Integer.MAX_VALUE))
          .as("the watermarks hold: nothing new on the same data")
          .hasSameSizeAs(alerts);
    }
  }

  @Test
  void badScheduleSettingsStopTheStartNamingTheKey() {
    List<String[]> cases =
        List.of(
            new String[] {"collect", "sources", "nope", "no collector for source 'nope'"},
            new String[] {"collect", "every", "soon", "mantissa.providers.collect.every"},
            new String[] {"collect", "evry", "5m", "mantissa.providers.collect.evry is not"},
            new String[] {"okta-collector", "domain", "x", "okta"},
            new String[] {
              "detection", "schedule", "often", "mantissa.providers.detection.schedule"
            });
    for (String[] c : cases) {
      MantissaConfig.Builder b =
          MantissaConfig.builder().dataDir(dir.resolve("bad")).providerSetting(c[0], c[1], c[2]);
      if (c[0].equals("okta-collector")) {
        b.providerSetting("collect", "sources", "okta"); // without its api-token
      }
      try (Installation installation =
          Installation.open(b.build(), Clock.fixed(ApiServerIT.NOW, ZoneOffset.UTC))) {
        assertThatThrownBy(() -> ServeTasks.of(installation))
            .as(String.join(" ", c))
            .isInstanceOf(MantissaException.class)
            .hasMessageContaining(c[3])
            .extracting(e -> ((MantissaException) e).code())
            .isEqualTo(ErrorCode.CONFIG_INVALID);
      }
    }
  }

  @Test
  void withNothingConfiguredOnlyAlertDeliveryIsScheduled() {
    MantissaConfig config = MantissaConfig.builder().dataDir(dir.resolve("data")).build();
    try (Installation installation =
        Installation.open(config, Clock.fixed(ApiServerIT.NOW, ZoneOffset.UTC))) {
      List<TaskScheduler.Task> tasks = ServeTasks.of(installation);
      assertThat(tasks)
          .singleElement()
          .satisfies(
              t -> {
                assertThat(t.name()).isEqualTo("alert-delivery");
                assertThat(t.period()).isEqualTo(Duration.ofSeconds(1));
                assertThat(t.description()).isEqualTo("alert delivery and escalation every 1s");
              });
    }
  }
}
