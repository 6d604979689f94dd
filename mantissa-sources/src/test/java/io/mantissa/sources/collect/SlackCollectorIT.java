package io.mantissa.sources.collect;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
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
 * The Slack Audit Logs API collector against WireMock on loopback replaying {@code GET
 * /audit/v1/logs} ({@code {"entries":[…],"response_metadata":{"next_cursor":…}}}, newest first),
 * into a real local lake and SQLite state store.
 */
class SlackCollectorIT {
  static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");
  static final long SINCE = NOW.minus(Duration.ofDays(7)).getEpochSecond();
  static final long T = Instant.parse("2026-03-01T10:00:00Z").getEpochSecond();

  @TempDir Path dir;
  private WireMockServer slack;
  private final MutableClock clock = MutableClock.at(NOW);
  private final List<Duration> slept = new ArrayList<>();

  @BeforeEach
  void start() {
    slack = new WireMockServer(wireMockConfig().bindAddress("127.0.0.1").dynamicPort());
    slack.start();
  }

  @AfterEach
  void stop() {
    slack.stop();
  }

  static String entry(String id, long created) {
    return "{\"id\":\""
        + id
        + "\",\"date_create\":"
        + created
        + ",\"action\":\"user_login\",\"actor\":{\"type\":\"user\",\"user\":{\"id\":\"W123\","
        + "\"name\":\"Alice\",\"email\":\"alice@example.com\"}},\"entity\":{\"type\":\"workspace\","
        + "\"workspace\":{\"id\":\"T1\",\"name\":\"acme\"}},\"context\":{\"location\":{\"type\":"
        + "\"workspace\",\"id\":\"T1\"},\"ua\":\"Mozilla/5.0\",\"ip_address\":\"198.51.100.9\"}}";
  }

  private static com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder page(
      String entries, String next) {
    return aResponse()
        .withStatus(200)
        .withHeader("Content-Type", "application/json")
        .withBody(
            "{\"entries\":["
                + entries
                + "],\"response_metadata\":{\"next_cursor\":\""
                + next
                + "\"}}");
  }

  private CollectorRunner runner(EventStore store, StateStore state) {
    ProviderContext context = context();
    SlackAuditLogCollector collector =
        SlackAuditLogCollector.builder()
            .baseUrl(slack.baseUrl())
            .allowPrivateAddresses(true)
            .token(Secret.of("xoxp-test"))
            .limit(2)
            .clock(clock)
            .parser(SourceCatalog.builtIn().parser("slack", context))
            .build();
    return CollectorRunner.builder(collector, store, state)
        .retry(
            new RetryPolicy(3, Duration.ofSeconds(1), Duration.ofSeconds(8), Duration.ofMinutes(5)))
        .sleeper(slept::add)
        .random(new Random(5))
        .build();
  }

  private ProviderContext context() {
    return new ProviderContext(
        MantissaConfig.builder().dataDir(dir.resolve("data")).build(), clock, Map.of());
  }

  @Test
  void walksBackThroughCursorsResumesAfterARestartAndPollsOnFromTheNewestSecond() {
    // walk 1 from `since`, newest first: (e5, e4), (e3, malformed), (e2, e1)
    slack.stubFor(
        get(urlPathEqualTo("/audit/v1/logs"))
            .withQueryParam("oldest", equalTo(String.valueOf(SINCE)))
            .withQueryParam("cursor", absent())
            .willReturn(page(entry("e5", T + 5) + "," + entry("e4", T + 4), "c2")));
    slack.stubFor(
        get(urlPathEqualTo("/audit/v1/logs"))
            .withQueryParam("cursor", equalTo("c2"))
            .willReturn(
                page(entry("e3", T + 3) + ",{\"id\":\"bad\",\"date_create\":\"later\"}", "c3")));
    slack.stubFor(
        get(urlPathEqualTo("/audit/v1/logs"))
            .withQueryParam("cursor", equalTo("c3"))
            .willReturn(page(entry("e2", T + 2) + "," + entry("e1", T + 1), "")));
    // walk 2 from the newest second of walk 1: a 429 first, then e6 and the repeated e5
    slack.stubFor(
        get(urlPathEqualTo("/audit/v1/logs"))
            .withQueryParam("oldest", equalTo(String.valueOf(T + 5)))
            .inScenario("walk2")
            .whenScenarioStateIs(Scenario.STARTED)
            .willReturn(aResponse().withStatus(429).withHeader("Retry-After", "20"))
            .willSetStateTo("ok"));
    slack.stubFor(
        get(urlPathEqualTo("/audit/v1/logs"))
            .withQueryParam("oldest", equalTo(String.valueOf(T + 5)))
            .inScenario("walk2")
            .whenScenarioStateIs("ok")
            .willReturn(page(entry("e6", T + 6) + "," + entry("e5", T + 5), "")));

    List<String> ids = new ArrayList<>();
    Path data = dir.resolve("data");
    try (EventStore store =
            new OktaCollectorIT.CountingStore(LocalEventStore.open(data, clock), ids);
        StateStore state = new LocalStateStoreProvider().create(context())) {
      assertThat(runner(store, state).run(1, p -> {}).caughtUp()).isFalse();
    }
    try (EventStore store =
            new OktaCollectorIT.CountingStore(LocalEventStore.open(data, clock), ids);
        StateStore state = new LocalStateStoreProvider().create(context())) {
      CollectorRunner.RunReport rest = runner(store, state).run(10, p -> {});
      assertThat(rest.pages()).isEqualTo(2);
      assertThat(rest.rejected()).isEqualTo(1);
      assertThat(rest.caughtUp()).isTrue();
      assertThat(store.deadLetters().list("slack", 5)).hasSize(1);
      CollectorRunner.RunReport next = runner(store, state).run(10, p -> {});
      assertThat(next.events()).isEqualTo(1);
      assertThat(next.retries()).isEqualTo(1);
    }
    assertThat(ids).containsExactlyInAnyOrder("e1", "e2", "e3", "e4", "e5", "e6");
    assertThat(ids).doesNotHaveDuplicates();
    assertThat(slept).containsExactly(Duration.ofSeconds(20));
    slack.verify(
        getRequestedFor(urlPathEqualTo("/audit/v1/logs"))
            .withHeader("Authorization", equalTo("Bearer xoxp-test"))
            .withQueryParam("limit", equalTo("2")));
  }
}
