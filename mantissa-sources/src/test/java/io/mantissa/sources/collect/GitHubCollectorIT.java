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
 * The GitHub audit log collector against WireMock on loopback replaying {@code GET
 * /orgs/{org}/audit-log} (JSON array of entries, cursor {@code Link} headers, GitHub's rate-limit
 * headers), into a real local lake and SQLite state store.
 */
class GitHubCollectorIT {
  static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");
  static final long T0 = Instant.parse("2026-03-01T10:00:00Z").toEpochMilli();

  @TempDir Path dir;
  private WireMockServer github;
  private final MutableClock clock = MutableClock.at(NOW);
  private final List<Duration> slept = new ArrayList<>();
  private final List<String> told = new ArrayList<>();

  @BeforeEach
  void start() {
    github = new WireMockServer(wireMockConfig().bindAddress("127.0.0.1").dynamicPort());
    github.start();
  }

  @AfterEach
  void stop() {
    github.stop();
  }

  static String entry(String id, long millis) {
    return "{\"@timestamp\":"
        + millis
        + ",\"_document_id\":\""
        + id
        + "\",\"action\":\"repo.create\",\"actor\":\"octocat\",\"actor_id\":1,"
        + "\"org\":\"acme\",\"repo\":\"acme/widgets\",\"created_at\":"
        + millis
        + "}";
  }

  private com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder page(
      String body, String after) {
    var r =
        aResponse()
            .withStatus(200)
            .withHeader("Content-Type", "application/json; charset=utf-8")
            .withHeader("X-RateLimit-Remaining", "4999")
            .withBody(body);
    if (after != null) {
      r.withHeader(
          "Link",
          "<"
              + github.baseUrl()
              + "/orgs/acme/audit-log?include=all&per_page=2&order=asc&after="
              + after
              + ">; rel=\"next\"");
    }
    return r;
  }

  private CollectorRunner runner(EventStore store, StateStore state) {
    ProviderContext context =
        new ProviderContext(
            MantissaConfig.builder().dataDir(dir.resolve("data")).build(), clock, Map.of());
    GitHubAuditLogCollector collector =
        GitHubAuditLogCollector.builder()
            .baseUrl(github.baseUrl())
            .allowPrivateAddresses(true)
            .org("acme")
            .token(Secret.of("ghp_test"))
            .perPage(2)
            .clock(clock)
            .parser(SourceCatalog.builtIn().parser("github", context))
            .build();
    return CollectorRunner.builder(collector, store, state)
        .retry(
            new RetryPolicy(3, Duration.ofSeconds(1), Duration.ofSeconds(8), Duration.ofMinutes(5)))
        .sleeper(slept::add)
        .random(new Random(3))
        .onStored(events -> events.forEach(e -> told.add(e.id())))
        .build();
  }

  private StateStore state() {
    return new LocalStateStoreProvider()
        .create(
            new ProviderContext(
                MantissaConfig.builder().dataDir(dir.resolve("data")).build(), clock, Map.of()));
  }

  @Test
  void followsCursorLinksWaitsOutARateLimitAndPollsOnFromTheNewestEntry() {
    String firstPhrase = "created:>=2026-02-22T12:00:00Z";
    github.stubFor(
        get(urlPathEqualTo("/orgs/acme/audit-log"))
            .withQueryParam("after", absent())
            .withQueryParam("phrase", equalTo(firstPhrase))
            .withQueryParam("include", equalTo("all"))
            .withQueryParam("order", equalTo("asc"))
            .willReturn(page("[" + entry("d1", T0) + "," + entry("d2", T0 + 1000) + "]", "c2")));
    github.stubFor(
        get(urlPathEqualTo("/orgs/acme/audit-log"))
            .withQueryParam("after", equalTo("c2"))
            .inScenario("limit")
            .whenScenarioStateIs(Scenario.STARTED)
            .willReturn(
                aResponse()
                    .withStatus(403)
                    .withHeader("X-RateLimit-Remaining", "0")
                    .withHeader(
                        "X-RateLimit-Reset", String.valueOf(NOW.plusSeconds(90).getEpochSecond()))
                    .withBody("{\"message\":\"API rate limit exceeded\"}"))
            .willSetStateTo("ok"));
    github.stubFor(
        get(urlPathEqualTo("/orgs/acme/audit-log"))
            .withQueryParam("after", equalTo("c2"))
            .inScenario("limit")
            .whenScenarioStateIs("ok")
            .willReturn(page("[" + entry("d3", T0 + 2000) + "]", null)));
    String nextPhrase = "created:>=" + Instant.ofEpochMilli(T0 + 2000);
    github.stubFor(
        get(urlPathEqualTo("/orgs/acme/audit-log"))
            .withQueryParam("after", absent())
            .withQueryParam("phrase", equalTo(nextPhrase))
            .willReturn(
                page("[" + entry("d3", T0 + 2000) + "," + entry("d4", T0 + 3000) + "]", null)));

    List<String> ids = new ArrayList<>();
    Path data = dir.resolve("data");
    try (EventStore store =
            new OktaCollectorIT.CountingStore(LocalEventStore.open(data, clock), ids);
        StateStore state = state()) {
      CollectorRunner.RunReport first = runner(store, state).run(10, p -> {});
      assertThat(first.pages()).isEqualTo(2);
      assertThat(first.events()).isEqualTo(3);
      assertThat(first.caughtUp()).isTrue();
      assertThat(slept).containsExactly(Duration.ofSeconds(90));
      CollectorRunner.RunReport second = runner(store, state).run(10, p -> {});
      assertThat(second.events()).isEqualTo(1);
      assertThat(second.duplicates()).isEqualTo(1);
    }
    assertThat(ids).containsExactly("d1", "d2", "d3", "d4");
    assertThat(told).as("the stored-events listener sees each new event once").isEqualTo(ids);
    github.verify(
        getRequestedFor(urlPathEqualTo("/orgs/acme/audit-log"))
            .withHeader("Authorization", equalTo("Bearer ghp_test"))
            .withHeader("X-GitHub-Api-Version", equalTo("2022-11-28")));
  }
}
