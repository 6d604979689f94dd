package io.mantissa.sources.collect;

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
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import io.mantissa.api.DeadLetter;
import io.mantissa.api.ErrorCode;
import io.mantissa.api.Event;
import io.mantissa.api.MantissaException;
import io.mantissa.api.config.MantissaConfig;
import io.mantissa.api.config.Secret;
import io.mantissa.backend.local.LocalEventStore;
import io.mantissa.backend.local.LocalQueryBackend;
import io.mantissa.backend.local.state.LocalStateStoreProvider;
import io.mantissa.sources.SourceCatalog;
import io.mantissa.spi.ProviderContext;
import io.mantissa.spi.state.StateStore;
import io.mantissa.spi.storage.AppendResult;
import io.mantissa.spi.storage.DeadLetterStore;
import io.mantissa.spi.storage.EventStore;
import io.mantissa.testkit.MutableClock;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Okta collector and the runner against WireMock on loopback replaying the System Log API's
 * documented format (JSON array of LogEvents, {@code Link: <…>; rel="next"}), into a real local
 * lake and a real SQLite state store.
 */
class OktaCollectorIT {
  static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");
  static final String TOKEN = "00abcdefTOKEN";

  @TempDir Path dir;
  private WireMockServer okta;
  private final MutableClock clock = MutableClock.at(NOW);
  private final List<Duration> slept = new ArrayList<>();

  @BeforeEach
  void start() {
    okta = new WireMockServer(wireMockConfig().bindAddress("127.0.0.1").dynamicPort());
    okta.start();
  }

  @AfterEach
  void stop() {
    okta.stop();
  }

  static String event(String uuid, int second) {
    return "{\"uuid\":\""
        + uuid
        + "\",\"published\":\"2026-03-01T10:00:"
        + String.format("%02d", second)
        + ".000Z\",\"eventType\":\"user.session.start\",\"severity\":\"INFO\","
        + "\"actor\":{\"id\":\"00u1\",\"type\":\"User\",\"alternateId\":\"alice@example.com\","
        + "\"displayName\":\"Alice\"},\"client\":{\"ipAddress\":\"198.51.100.7\"},"
        + "\"outcome\":{\"result\":\"SUCCESS\"},\"displayMessage\":\"User login to Okta\"}";
  }

  private String link(String after) {
    return "<"
        + okta.baseUrl()
        + "/api/v1/logs?limit=2&sortOrder=ASCENDING&after="
        + after
        + ">; rel=\"next\"";
  }

  /** Four pages: two events, one event plus a malformed record, two events, then empty. */
  private void stubPages() {
    okta.stubFor(
        get(urlPathEqualTo("/api/v1/logs"))
            .withQueryParam("after", absent())
            .withQueryParam("since", equalTo("2026-02-22T12:00:00Z"))
            .withQueryParam("sortOrder", equalTo("ASCENDING"))
            .willReturn(page("[" + event("e1", 1) + "," + event("e2", 2) + "]", "p2")));
    okta.stubFor(
        get(urlPathEqualTo("/api/v1/logs"))
            .withQueryParam("after", equalTo("p2"))
            .willReturn(
                page(
                    "[" + event("e3", 3) + ",{\"uuid\":\"bad\",\"published\":\"yesterday\"}]",
                    "p3")));
    okta.stubFor(
        get(urlPathEqualTo("/api/v1/logs"))
            .withQueryParam("after", equalTo("p3"))
            .willReturn(page("[" + event("e4", 4) + "," + event("e5", 5) + "]", "p4")));
    okta.stubFor(
        get(urlPathEqualTo("/api/v1/logs"))
            .withQueryParam("after", equalTo("p4"))
            .willReturn(page("[]", "p4")));
  }

  private com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder page(
      String body, String next) {
    return aResponse()
        .withStatus(200)
        .withHeader("Content-Type", "application/json")
        .withHeader("Link", "<" + okta.baseUrl() + "/api/v1/logs?self>; rel=\"self\"")
        .withHeader("Link", link(next))
        .withBody(body);
  }

  private OktaLogCollector collector() {
    return OktaLogCollector.builder()
        .baseUrl(okta.baseUrl())
        .allowPrivateAddresses(true)
        .apiToken(Secret.of(TOKEN))
        .limit(2)
        .clock(clock)
        .timeout(Duration.ofSeconds(5))
        .parser(SourceCatalog.builtIn().parser("okta", context()))
        .build();
  }

  private ProviderContext context() {
    return new ProviderContext(
        MantissaConfig.builder().dataDir(dir.resolve("data")).build(), clock, Map.of());
  }

  private CollectorRunner runner(EventStore store, StateStore state) {
    return CollectorRunner.builder(collector(), store, state)
        .retry(
            new RetryPolicy(3, Duration.ofSeconds(1), Duration.ofSeconds(8), Duration.ofMinutes(5)))
        .sleeper(slept::add)
        .random(new Random(7))
        .build();
  }

  /** A real local lake that also counts the ids appended to it. */
  static final class CountingStore implements EventStore {
    final LocalEventStore lake;
    final List<String> ids;

    CountingStore(LocalEventStore lake, List<String> ids) {
      this.lake = lake;
      this.ids = ids;
    }

    @Override
    public AppendResult append(String source, List<Event> events) {
      AppendResult r = lake.append(source, events);
      events.forEach(e -> ids.add(e.id()));
      return r;
    }

    @Override
    public long compact() {
      return lake.compact();
    }

    @Override
    public Set<String> sources() {
      return lake.sources();
    }

    @Override
    public DeadLetterStore deadLetters() {
      return lake.deadLetters();
    }

    @Override
    public void close() {
      lake.close();
    }
  }

  @Test
  void pagesIntoTheLakeWithDeadLettersAndResumesAfterARestartWithoutDuplicates() {
    stubPages();
    List<String> ids = new ArrayList<>();
    Path data = dir.resolve("data");
    try (CountingStore store = new CountingStore(LocalEventStore.open(data, clock), ids);
        StateStore state = new LocalStateStoreProvider().create(context())) {
      CollectorRunner.RunReport first = runner(store, state).run(2, p -> {});
      assertThat(first.pages()).isEqualTo(2);
      assertThat(first.events()).isEqualTo(3);
      assertThat(first.rejected()).isEqualTo(1);
      assertThat(first.caughtUp()).isFalse();
      assertThat(state.get(CollectorRunner.checkpointKey("okta")).orElseThrow().value())
          .contains("after=p3");
      List<DeadLetter> dead = store.deadLetters().list("okta", 10);
      assertThat(dead).hasSize(1);
      assertThat(dead.get(0).reason()).contains("published");
      assertThat(dead.get(0).content()).contains("\"uuid\":\"bad\"");
    }
    // restart: new store, state store and collector over the same files
    try (CountingStore store = new CountingStore(LocalEventStore.open(data, clock), ids);
        StateStore state = new LocalStateStoreProvider().create(context())) {
      CollectorRunner.RunReport second = runner(store, state).run(100, p -> {});
      assertThat(second.events()).isEqualTo(2);
      assertThat(second.caughtUp()).isTrue();
      assertThat(second.pages()).isEqualTo(2);
      // once more, caught up: the empty page adds nothing
      CollectorRunner.RunReport third = runner(store, state).run(100, p -> {});
      assertThat(third.events()).isZero();
    }
    assertThat(ids).containsExactly("e1", "e2", "e3", "e4", "e5");
    okta.verify(
        getRequestedFor(urlPathEqualTo("/api/v1/logs"))
            .withHeader("Authorization", equalTo("SSWS " + TOKEN)));
    okta.verify(
        1,
        getRequestedFor(urlPathEqualTo("/api/v1/logs"))
            .withQueryParam("since", equalTo("2026-02-22T12:00:00Z")));
    assertThat(slept).isEmpty();
  }

  private EventStore lake() {
    return LocalEventStore.open(dir.resolve("data"), clock);
  }

  @Test
  void a429WaitsForRetryAfterInSecondsAndAsAnHttpDate() {
    String date =
        DateTimeFormatter.RFC_1123_DATE_TIME.format(NOW.plusSeconds(30).atZone(ZoneOffset.UTC));
    okta.stubFor(
        get(urlPathEqualTo("/api/v1/logs"))
            .inScenario("rl")
            .whenScenarioStateIs(Scenario.STARTED)
            .willReturn(aResponse().withStatus(429).withHeader("Retry-After", "7"))
            .willSetStateTo("second"));
    okta.stubFor(
        get(urlPathEqualTo("/api/v1/logs"))
            .inScenario("rl")
            .whenScenarioStateIs("second")
            .willReturn(aResponse().withStatus(429).withHeader("Retry-After", date))
            .willSetStateTo("ok"));
    okta.stubFor(
        get(urlPathEqualTo("/api/v1/logs"))
            .inScenario("rl")
            .whenScenarioStateIs("ok")
            .willReturn(page("[" + event("e1", 1) + "]", "p2")));
    try (EventStore store = lake();
        StateStore state = new LocalStateStoreProvider().create(context())) {
      CollectorRunner.RunReport r = runner(store, state).run(1, p -> {});
      assertThat(r.events()).isEqualTo(1);
      assertThat(r.retries()).isEqualTo(2);
    }
    assertThat(slept).containsExactly(Duration.ofSeconds(7), Duration.ofSeconds(30));
  }

  @Test
  void a500IsRetriedWithJitteredBackoffAndExhaustedRetriesStoreNoCheckpoint() {
    okta.stubFor(
        get(urlPathEqualTo("/api/v1/logs"))
            .inScenario("err")
            .whenScenarioStateIs(Scenario.STARTED)
            .willReturn(aResponse().withStatus(500).withBody("{\"errorCode\":\"E0000009\"}"))
            .willSetStateTo("ok"));
    okta.stubFor(
        get(urlPathEqualTo("/api/v1/logs"))
            .inScenario("err")
            .whenScenarioStateIs("ok")
            .willReturn(page("[" + event("e1", 1) + "]", "p2")));
    try (EventStore store = lake();
        StateStore state = new LocalStateStoreProvider().create(context())) {
      assertThat(runner(store, state).run(1, p -> {}).events()).isEqualTo(1);
      assertThat(slept).hasSize(1);
      assertThat(slept.get(0)).isBetween(Duration.ofMillis(500), Duration.ofSeconds(1));

      okta.resetAll();
      okta.stubFor(get(urlPathEqualTo("/api/v1/logs")).willReturn(aResponse().withStatus(503)));
      slept.clear();
      String before = state.get(CollectorRunner.checkpointKey("okta")).orElseThrow().value();
      assertThatThrownBy(() -> runner(store, state).run(1, p -> {}))
          .isInstanceOf(MantissaException.class)
          .satisfies(
              e -> assertThat(((MantissaException) e).code()).isEqualTo(ErrorCode.REMOTE_FAILURE))
          .hasMessageContaining("503");
      assertThat(slept).hasSize(2);
      assertThat(slept.get(1)).isBetween(Duration.ofSeconds(1), Duration.ofSeconds(2));
      assertThat(state.get(CollectorRunner.checkpointKey("okta")).orElseThrow().value())
          .isEqualTo(before);
    }
  }

  @Test
  void aReplayedBoundaryPageAddsNothingTwice() {
    okta.stubFor(
        get(urlPathEqualTo("/api/v1/logs"))
            .withQueryParam("after", absent())
            .willReturn(page("[" + event("e1", 1) + "," + event("e2", 2) + "]", "p2")));
    okta.stubFor(
        get(urlPathEqualTo("/api/v1/logs"))
            .withQueryParam("after", equalTo("p2"))
            .willReturn(page("[" + event("e2", 2) + "," + event("e3", 3) + "]", "p3")));
    okta.stubFor(
        get(urlPathEqualTo("/api/v1/logs"))
            .withQueryParam("after", equalTo("p3"))
            .willReturn(page("[]", "p3")));
    List<String> ids = new ArrayList<>();
    try (EventStore store =
            new CountingStore(LocalEventStore.open(dir.resolve("data"), clock), ids);
        StateStore state = new LocalStateStoreProvider().create(context())) {
      CollectorRunner.RunReport r = runner(store, state).run(10, p -> {});
      assertThat(r.duplicates()).isEqualTo(1);
      assertThat(r.caughtUp()).isTrue();
    }
    assertThat(ids).containsExactly("e1", "e2", "e3");
  }

  @Test
  void aNextLinkToAnotherHostIsRefusedAndTheTokenIsNotSent() {
    okta.stubFor(
        get(urlPathEqualTo("/api/v1/logs"))
            .willReturn(
                aResponse()
                    .withStatus(200)
                    .withHeader("Link", "<https://evil.example/api/v1/logs?after=x>; rel=\"next\"")
                    .withBody("[" + event("e1", 1) + "]")));
    assertThatThrownBy(() -> collector().poll(java.util.Optional.empty()))
        .isInstanceOf(MantissaException.class)
        .hasMessageContaining("refusing to send the token");
    assertThatThrownBy(
            () -> collector().poll(java.util.Optional.of("https://evil.example/api/v1/logs")))
        .hasMessageContaining("refusing");
  }

  /** A real state store that fails its {@code failAt}-th write, as a crash at that point would. */
  static final class CrashingStateStore implements StateStore {
    final StateStore delegate;
    final int failAt;
    int writes;

    CrashingStateStore(StateStore delegate, int failAt) {
      this.delegate = delegate;
      this.failAt = failAt;
    }

    private void write() {
      if (++writes == failAt) {
        throw new IllegalStateException("simulated crash before state write " + writes);
      }
    }

    @Override
    public java.util.Optional<io.mantissa.spi.state.StateEntry> get(String key) {
      return delegate.get(key);
    }

    @Override
    public io.mantissa.spi.state.StateEntry put(String key, String value) {
      write();
      return delegate.put(key, value);
    }

    @Override
    public io.mantissa.spi.state.StateEntry put(String key, String value, Duration ttl) {
      write();
      return delegate.put(key, value, ttl);
    }

    @Override
    public java.util.Optional<io.mantissa.spi.state.StateEntry> putIfAbsent(
        String key, String value) {
      write();
      return delegate.putIfAbsent(key, value);
    }

    @Override
    public java.util.Optional<io.mantissa.spi.state.StateEntry> putIfAbsent(
        String key, String value, Duration ttl) {
      write();
      return delegate.putIfAbsent(key, value, ttl);
    }

    @Override
    public java.util.Optional<io.mantissa.spi.state.StateEntry> compareAndSet(
        String key, long expectedVersion, String value) {
      write();
      return delegate.compareAndSet(key, expectedVersion, value);
    }

    @Override
    public java.util.Optional<io.mantissa.spi.state.StateEntry> compareAndSet(
        String key, long expectedVersion, String value, Duration ttl) {
      write();
      return delegate.compareAndSet(key, expectedVersion, value, ttl);
    }

    @Override
    public boolean delete(String key) {
      write();
      return delegate.delete(key);
    }

    @Override
    public List<io.mantissa.spi.state.StateEntry> scan(String prefix, int limit) {
      return delegate.scan(prefix, limit);
    }

    @Override
    public void close() {
      delegate.close();
    }
  }

  @Test
  void aCrashBetweenTheAppendAndTheCheckpointAddsNothingTwiceAfterTheRestart() {
    stubPages();
    List<String> ids = new ArrayList<>();
    Path data = dir.resolve("data");
    try (CountingStore store = new CountingStore(LocalEventStore.open(data, clock), ids);
        StateStore state =
            new CrashingStateStore(new LocalStateStoreProvider().create(context()), 4)) {
      // writes: page 1 intent (1) and checkpoint (2); page 2 intent (3), append, checkpoint (4)
      assertThatThrownBy(() -> runner(store, state).run(10, p -> {}))
          .hasMessageContaining("simulated crash");
    }
    assertThat(ids).containsExactly("e1", "e2", "e3");
    try (CountingStore store = new CountingStore(LocalEventStore.open(data, clock), ids);
        StateStore state = new LocalStateStoreProvider().create(context());
        LocalQueryBackend lake = LocalQueryBackend.open(data)) {
      assertThat(state.get(CollectorRunner.checkpointKey("okta")).orElseThrow().value())
          .contains("\"pending\"");
      CollectorRunner.RunReport r =
          CollectorRunner.builder(collector(), store, state)
              .sleeper(slept::add)
              .storedIds(StoredIds.byQuery(lake))
              .build()
              .run(10, p -> {});
      assertThat(r.duplicates()).isEqualTo(1);
      assertThat(r.caughtUp()).isTrue();
      assertThat(state.get(CollectorRunner.checkpointKey("okta")).orElseThrow().value())
          .doesNotContain("pending");
    }
    assertThat(ids).containsExactly("e1", "e2", "e3", "e4", "e5");
  }
}
