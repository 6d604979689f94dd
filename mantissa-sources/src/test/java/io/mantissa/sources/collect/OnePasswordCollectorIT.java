package io.mantissa.sources.collect;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import io.mantissa.api.Event;
import io.mantissa.api.FieldPath;
import io.mantissa.api.config.MantissaConfig;
import io.mantissa.api.config.Secret;
import io.mantissa.backend.local.LocalEventStore;
import io.mantissa.backend.local.state.LocalStateStoreProvider;
import io.mantissa.sources.SourceCatalog;
import io.mantissa.spi.ProviderContext;
import io.mantissa.spi.state.StateStore;
import io.mantissa.spi.storage.EventStore;
import io.mantissa.testkit.MutableClock;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The 1Password Events API collector against WireMock on loopback replaying the documented {@code
 * POST /api/v1/{signinattempts,itemusages,auditevents}} exchange (reset cursor, then {@code
 * {"cursor":…}}; answers {@code {"cursor":…,"has_more":…,"items":[…]}}), into a real local lake and
 * SQLite state store.
 */
class OnePasswordCollectorIT {
  static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");
  static final String RESET = "{\"limit\":2,\"start_time\":\"2026-02-22T12:00:00Z\"}";

  @TempDir Path dir;
  private WireMockServer op;
  private final MutableClock clock = MutableClock.at(NOW);
  private final List<Duration> slept = new ArrayList<>();

  @BeforeEach
  void start() {
    op = new WireMockServer(wireMockConfig().bindAddress("127.0.0.1").dynamicPort());
    op.start();
  }

  @AfterEach
  void stop() {
    op.stop();
  }

  static String signIn(String uuid, String category, int second) {
    return "{\"uuid\":\""
        + uuid
        + "\",\"session_uuid\":\"A5K6COGVRVEJXJW3XQZGS7VAMM\",\"timestamp\":\"2026-03-01T10:00:"
        + String.format("%02d", second)
        + "-03:00\",\"category\":\""
        + category
        + "\",\"type\":\"credentials_ok\",\"country\":\"CA\",\"details\":null,"
        + "\"target_user\":{\"uuid\":\"IR7VJHJ36JHINBFAD7V2T5MP3E\",\"name\":\"Alice\","
        + "\"email\":\"alice@example.com\"},\"client\":{\"app_name\":\"1Password Browser"
        + " Extension\",\"app_version\":\"20240\",\"platform_name\":\"Chrome\","
        + "\"platform_version\":\"121\",\"os_name\":\"MacOSX\",\"os_version\":\"14.2\","
        + "\"ip_address\":\"198.51.100.20\"},\"location\":{\"country\":\"Canada\","
        + "\"region\":\"Ontario\",\"city\":\"Toronto\",\"latitude\":43.5991,"
        + "\"longitude\":-79.4988}}";
  }

  static String itemUsage(String uuid) {
    return "{\"uuid\":\""
        + uuid
        + "\",\"timestamp\":\"2026-03-01T10:05:00Z\",\"used_version\":0,"
        + "\"vault_uuid\":\"VZSYVT2LGHTBWBQGUJAIZVRABM\",\"item_uuid\":\"SDGD3I4AJYO6RMHRK8DYVNFIDSQ\","
        + "\"user\":{\"uuid\":\"IR7VJHJ36JHINBFAD7V2T5MP3E\",\"name\":\"Alice\","
        + "\"email\":\"alice@example.com\"},\"client\":{\"app_name\":\"1Password for Mac\","
        + "\"ip_address\":\"198.51.100.20\"},\"location\":{\"country\":\"Canada\"},"
        + "\"action\":\"secure-copy\"}";
  }

  static String auditEvent(String uuid) {
    return "{\"uuid\":\""
        + uuid
        + "\",\"timestamp\":\"2026-03-01T10:06:00Z\",\"actor_uuid\":\"GLF6WUEKS5CSNDJ2OG6TCZD3M4\","
        + "\"actor_details\":{\"uuid\":\"GLF6WUEKS5CSNDJ2OG6TCZD3M4\",\"name\":\"Bob\","
        + "\"email\":\"bob@example.com\"},\"action\":\"suspend\",\"object_type\":\"user\","
        + "\"object_uuid\":\"ZRQCUD6A65AKHFETOUFO7NL4OM\",\"aux_info\":\"\",\"session\":{"
        + "\"uuid\":\"ODOHXUYQCJBUJKRGZNNPBJURPE\",\"login_time\":\"2026-03-01T09:00:00Z\","
        + "\"device_uuid\":\"rqtd557fn2husnstp5nc66w2xa\",\"ip\":\"198.51.100.21\"},"
        + "\"location\":{\"country\":\"Canada\"}}";
  }

  private static ResponseDefinitionBuilder page(String items, String cursor, boolean more) {
    return aResponse()
        .withStatus(200)
        .withHeader("Content-Type", "application/json")
        .withBody(
            "{\"cursor\":\"" + cursor + "\",\"has_more\":" + more + ",\"items\":[" + items + "]}");
  }

  private void stub(String endpoint, String body, ResponseDefinitionBuilder answer) {
    op.stubFor(
        post(urlPathEqualTo("/api/v1/" + endpoint))
            .withRequestBody(equalToJson(body))
            .willReturn(answer));
  }

  private ProviderContext context() {
    return new ProviderContext(
        MantissaConfig.builder().dataDir(dir.resolve("data")).build(), clock, Map.of());
  }

  private CollectorRunner runner(EventStore store, StateStore state) {
    OnePasswordEventsCollector collector =
        OnePasswordEventsCollector.builder()
            .baseUrl(op.baseUrl())
            .allowPrivateAddresses(true)
            .token(Secret.of("op-events-token"))
            .limit(2)
            .clock(clock)
            .parser(SourceCatalog.builtIn().parser("onepassword", context()))
            .build();
    return CollectorRunner.builder(collector, store, state)
        .retry(
            new RetryPolicy(3, Duration.ofSeconds(1), Duration.ofSeconds(8), Duration.ofMinutes(5)))
        .sleeper(slept::add)
        .random(new Random(7))
        .build();
  }

  @Test
  void readsTheThreeEndpointsByCursorThroughA429AndA500AndResumesWithoutDuplicates() {
    stub(
        "signinattempts",
        RESET,
        page(
            signIn("s1", "success", 1) + "," + signIn("s2", "credentials_failed", 2), "sc1", true));
    op.stubFor(
        post(urlPathEqualTo("/api/v1/signinattempts"))
            .withRequestBody(equalToJson("{\"cursor\":\"sc1\"}"))
            .inScenario("rate")
            .whenScenarioStateIs(Scenario.STARTED)
            .willReturn(aResponse().withStatus(429).withHeader("Retry-After", "12"))
            .willSetStateTo("ok"));
    op.stubFor(
        post(urlPathEqualTo("/api/v1/signinattempts"))
            .withRequestBody(equalToJson("{\"cursor\":\"sc1\"}"))
            .inScenario("rate")
            .whenScenarioStateIs("ok")
            .willReturn(page(signIn("s3", "success", 3), "sc2", false)));
    stub("itemusages", RESET, page(itemUsage("i1"), "ic1", false));
    op.stubFor(
        post(urlPathEqualTo("/api/v1/auditevents"))
            .withRequestBody(equalToJson(RESET))
            .inScenario("flaky")
            .whenScenarioStateIs(Scenario.STARTED)
            .willReturn(aResponse().withStatus(500))
            .willSetStateTo("ok"));
    op.stubFor(
        post(urlPathEqualTo("/api/v1/auditevents"))
            .withRequestBody(equalToJson(RESET))
            .inScenario("flaky")
            .whenScenarioStateIs("ok")
            .willReturn(
                page(
                    auditEvent("a1") + ",{\"uuid\":\"bad\",\"timestamp\":\"soon\"}",
                    "ac1",
                    false)));
    // the next round: one new sign-in attempt, nothing else
    stub("signinattempts", "{\"cursor\":\"sc2\"}", page(signIn("s4", "success", 4), "sc3", false));
    stub("itemusages", "{\"cursor\":\"ic1\"}", page("", "ic1", false));
    stub("auditevents", "{\"cursor\":\"ac1\"}", page("", "ac1", false));

    List<Event> appended = new ArrayList<>();
    Path data = dir.resolve("data");
    try (CapturingStore store = new CapturingStore(LocalEventStore.open(data, clock), appended);
        StateStore state = new LocalStateStoreProvider().create(context())) {
      CollectorRunner.RunReport first = runner(store, state).run(1, p -> {});
      assertThat(first.caughtUp()).isFalse();
      assertThat(first.events()).isEqualTo(2);
    }
    try (CapturingStore store = new CapturingStore(LocalEventStore.open(data, clock), appended);
        StateStore state = new LocalStateStoreProvider().create(context())) {
      CollectorRunner.RunReport rest = runner(store, state).run(10, p -> {});
      assertThat(rest.pages()).isEqualTo(3);
      assertThat(rest.events()).isEqualTo(3);
      assertThat(rest.rejected()).isEqualTo(1);
      assertThat(rest.retries()).isEqualTo(2);
      assertThat(rest.caughtUp()).isTrue();
      assertThat(store.deadLetters().list("onepassword", 5))
          .singleElement()
          .satisfies(d -> assertThat(d.reason()).contains("timestamp").contains("soon"));
      CollectorRunner.RunReport next = runner(store, state).run(10, p -> {});
      assertThat(next.events()).isEqualTo(1);
      assertThat(next.rejected()).isZero();
      assertThat(next.caughtUp()).isTrue();
    }
    assertThat(appended.stream().map(Event::id))
        .containsExactly("s1", "s2", "s3", "i1", "a1", "s4");
    assertThat(slept).hasSize(2);
    assertThat(slept.get(0)).isEqualTo(Duration.ofSeconds(12));
    assertThat(slept.get(1)).isBetween(Duration.ofMillis(500), Duration.ofSeconds(1));
    // the records are in the shape the onepassword parser normalizes
    Event s2 = appended.get(1);
    assertThat(s2.time()).isEqualTo(Instant.parse("2026-03-01T13:00:02Z"));
    assertThat(s2.normalizedField(FieldPath.of("class_uid"))).isEqualTo(3002);
    assertThat(s2.normalizedField(FieldPath.of("status"))).isEqualTo("Failure");
    assertThat(s2.normalizedField(FieldPath.of("src_endpoint.ip"))).isEqualTo("198.51.100.20");
    assertThat(appended.get(3).normalizedField(FieldPath.of("class_uid"))).isEqualTo(6003);
    op.verify(
        4,
        postRequestedFor(urlPathEqualTo("/api/v1/signinattempts"))
            .withHeader("Authorization", equalTo("Bearer op-events-token"))
            .withHeader("Content-Type", equalTo("application/json")));
  }
}
