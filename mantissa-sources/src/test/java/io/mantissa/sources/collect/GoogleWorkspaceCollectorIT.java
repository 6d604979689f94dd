package io.mantissa.sources.collect;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.mantissa.api.Event;
import io.mantissa.api.FieldPath;
import io.mantissa.api.config.MantissaConfig;
import io.mantissa.api.config.Secret;
import io.mantissa.backend.local.LocalEventStore;
import io.mantissa.backend.local.LocalQueryBackend;
import io.mantissa.backend.local.state.LocalStateStoreProvider;
import io.mantissa.sources.SourceCatalog;
import io.mantissa.spi.ProviderContext;
import io.mantissa.spi.state.StateStore;
import io.mantissa.testkit.MutableClock;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Google Workspace Reports API collector against WireMock on loopback replaying {@code
 * activities.list} ({@code {"kind":"admin#reports#activities","items":[…],"nextPageToken":…}},
 * newest first) and Google's token endpoint, into a real local lake and SQLite state store.
 */
class GoogleWorkspaceCollectorIT {
  static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");
  static final Instant SINCE = NOW.minus(Duration.ofDays(7));
  static final Instant T = Instant.parse("2026-03-01T10:00:00Z");
  static final String LOGIN = "/admin/reports/v1/activity/users/all/applications/login";
  static final String ADMIN = "/admin/reports/v1/activity/users/all/applications/admin";

  @TempDir Path dir;
  private WireMockServer google;
  private final MutableClock clock = MutableClock.at(NOW);
  private final List<Duration> slept = new ArrayList<>();

  @BeforeEach
  void start() {
    google = new WireMockServer(wireMockConfig().bindAddress("127.0.0.1").dynamicPort());
    google.start();
  }

  @AfterEach
  void stop() {
    google.stop();
  }

  static String login(String qualifier, Instant time, String name) {
    return "{\"kind\":\"admin#reports#activity\",\"id\":{\"time\":\""
        + time
        + "\",\"uniqueQualifier\":\""
        + qualifier
        + "\",\"applicationName\":\"login\",\"customerId\":\"C03az79cb\"},\"etag\":\"\\\"e-"
        + qualifier
        + "\\\"\",\"actor\":{\"callerType\":\"USER\",\"email\":\"alice@example.com\","
        + "\"profileId\":\"107943264858325431234\"},\"ipAddress\":\"198.51.100.7\",\"events\":"
        + "[{\"type\":\"login\",\"name\":\""
        + name
        + "\",\"parameters\":[{\"name\":\"login_type\",\"value\":\"google_password\"},"
        + "{\"name\":\"is_suspicious\",\"boolValue\":false}]}]}";
  }

  static String admin(String qualifier, Instant time) {
    return "{\"kind\":\"admin#reports#activity\",\"id\":{\"time\":\""
        + time
        + "\",\"uniqueQualifier\":\""
        + qualifier
        + "\",\"applicationName\":\"admin\",\"customerId\":\"C03az79cb\"},\"actor\":{"
        + "\"callerType\":\"USER\",\"email\":\"admin@example.com\",\"profileId\":\"1001\"},"
        + "\"ipAddress\":\"203.0.113.4\",\"events\":[{\"type\":\"USER_SETTINGS\",\"name\":"
        + "\"CREATE_USER\",\"parameters\":[{\"name\":\"USER_EMAIL\",\"value\":"
        + "\"bob@example.com\"}]}]}";
  }

  static ResponseDefinitionBuilder page(String items, String next) {
    return aResponse()
        .withStatus(200)
        .withHeader("Content-Type", "application/json; charset=UTF-8")
        .withBody(
            "{\"kind\":\"admin#reports#activities\",\"etag\":\"\\\"x\\\"\""
                + (items.isEmpty() ? "" : ",\"items\":[" + items + "]")
                + (next == null ? "" : ",\"nextPageToken\":\"" + next + "\"")
                + "}");
  }

  private ProviderContext context() {
    return new ProviderContext(
        MantissaConfig.builder().dataDir(dir.resolve("data")).build(), clock, Map.of());
  }

  private CollectorRunner runner(
      CapturingStore store, StateStore state, GoogleWorkspaceCollector.Builder b) {
    GoogleWorkspaceCollector collector =
        b.baseUrl(google.baseUrl())
            .allowPrivateAddresses(true)
            .applications(List.of("login", "admin"))
            .maxResults(2)
            .since(SINCE)
            .clock(clock)
            .parser(SourceCatalog.builtIn().parser("google_workspace", context()))
            .build();
    return CollectorRunner.builder(collector, store, state)
        .retry(
            new RetryPolicy(3, Duration.ofSeconds(1), Duration.ofSeconds(8), Duration.ofMinutes(5)))
        .sleeper(slept::add)
        .random(new Random(3))
        .build();
  }

  @Test
  void walksEachApplicationThroughPageTokensResumesAfterARestartAndPollsOnWithoutDuplicates()
      throws Exception {
    KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
    generator.initialize(2048);
    KeyPair pair = generator.generateKeyPair();
    String pem =
        "-----BEGIN PRIVATE KEY-----\n"
            + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                .encodeToString(pair.getPrivate().getEncoded())
            + "\n-----END PRIVATE KEY-----\n";
    google.stubFor(
        post(urlPathEqualTo("/token"))
            .willReturn(
                aResponse()
                    .withHeader("Content-Type", "application/json")
                    .withBody(
                        "{\"access_token\":\"ya29.token-1\",\"expires_in\":3599,"
                            + "\"token_type\":\"Bearer\"}")));
    Instant end1 = NOW.minus(Duration.ofMinutes(3));
    // round 1, login: (a3, a2) then (a1); admin: a 500, then (d1)
    google.stubFor(
        get(urlPathEqualTo(LOGIN))
            .withQueryParam("startTime", equalTo(SINCE.toString()))
            .withQueryParam("endTime", equalTo(end1.toString()))
            .withQueryParam("pageToken", absent())
            .willReturn(
                page(
                    login("a3", T.plusSeconds(3), "login_failure")
                        + ","
                        + login("a2", T.plusSeconds(2), "login_success"),
                    "p2")));
    google.stubFor(
        get(urlPathEqualTo(LOGIN))
            .withQueryParam("pageToken", equalTo("p2"))
            .willReturn(page(login("a1", T.plusSeconds(1), "login_success"), null)));
    google.stubFor(
        get(urlPathEqualTo(ADMIN))
            .withQueryParam("startTime", equalTo(SINCE.toString()))
            .inScenario("admin1")
            .whenScenarioStateIs(Scenario.STARTED)
            .willReturn(aResponse().withStatus(503))
            .willSetStateTo("up"));
    google.stubFor(
        get(urlPathEqualTo(ADMIN))
            .withQueryParam("startTime", equalTo(SINCE.toString()))
            .inScenario("admin1")
            .whenScenarioStateIs("up")
            .willReturn(page(admin("d1", T.plusSeconds(5)), null)));

    List<Event> events = new ArrayList<>();
    Path data = dir.resolve("data");
    GoogleWorkspaceCollector.Builder serviceAccount =
        GoogleWorkspaceCollector.builder()
            .serviceAccount(
                "reader@proj.iam.gserviceaccount.com", Secret.of(pem), "admin@example.com")
            .tokenUri(google.baseUrl() + "/token");
    try (CapturingStore store = new CapturingStore(LocalEventStore.open(data, clock), events);
        StateStore state = new LocalStateStoreProvider().create(context())) {
      CollectorRunner.RunReport first = runner(store, state, serviceAccount).run(1, p -> {});
      assertThat(first.events()).isEqualTo(2);
      assertThat(first.caughtUp()).isFalse();
    }
    try (CapturingStore store = new CapturingStore(LocalEventStore.open(data, clock), events);
        StateStore state = new LocalStateStoreProvider().create(context())) {
      CollectorRunner.RunReport rest =
          runner(
                  store,
                  state,
                  GoogleWorkspaceCollector.builder()
                      .serviceAccount(
                          "reader@proj.iam.gserviceaccount.com",
                          Secret.of(pem),
                          "admin@example.com")
                      .tokenUri(google.baseUrl() + "/token"))
              .run(10, p -> {});
      assertThat(rest.pages()).isEqualTo(2);
      assertThat(rest.retries()).isEqualTo(1);
      assertThat(rest.rejected()).isZero();
      assertThat(rest.caughtUp()).isTrue();
    }

    // round 2, ten minutes later: login from a3's instant (429 first; a4 new, a3 repeated);
    // admin from d1's instant gives d1 again only
    clock.set(NOW.plus(Duration.ofMinutes(10)));
    Instant end2 = NOW.plus(Duration.ofMinutes(7));
    google.stubFor(
        get(urlPathEqualTo(LOGIN))
            .withQueryParam("startTime", equalTo(T.plusSeconds(3).toString()))
            .withQueryParam("endTime", equalTo(end2.toString()))
            .inScenario("login2")
            .whenScenarioStateIs(Scenario.STARTED)
            .willReturn(aResponse().withStatus(429).withHeader("Retry-After", "30"))
            .willSetStateTo("ok"));
    google.stubFor(
        get(urlPathEqualTo(LOGIN))
            .withQueryParam("startTime", equalTo(T.plusSeconds(3).toString()))
            .inScenario("login2")
            .whenScenarioStateIs("ok")
            .willReturn(
                page(
                    login("a4", T.plusSeconds(60), "logout")
                        + ","
                        + login("a3", T.plusSeconds(3), "login_failure"),
                    null)));
    google.stubFor(
        get(urlPathEqualTo(ADMIN))
            .withQueryParam("startTime", equalTo(T.plusSeconds(5).toString()))
            .willReturn(page(admin("d1", T.plusSeconds(5)), null)));
    try (CapturingStore store = new CapturingStore(LocalEventStore.open(data, clock), events);
        StateStore state = new LocalStateStoreProvider().create(context())) {
      CollectorRunner.RunReport next =
          runner(store, state, GoogleWorkspaceCollector.builder().accessToken(Secret.of("fixed")))
              .run(10, p -> {});
      assertThat(next.events()).isEqualTo(1);
      assertThat(next.retries()).isEqualTo(1);
      assertThat(next.caughtUp()).isTrue();
    }

    assertThat(events)
        .extracting(e -> String.valueOf(e.field(FieldPath.of("id.uniqueQualifier"))))
        .containsExactlyInAnyOrder("a1", "a2", "a3", "a4", "d1");
    assertThat(events).extracting(Event::id).doesNotHaveDuplicates();
    // parsed as files are: OCSF Authentication (3002) for login, Account Change (3001) for admin
    Map<String, Object> classes = new HashMap<>();
    events.forEach(
        e ->
            classes.put(
                String.valueOf(e.field(FieldPath.of("id.uniqueQualifier"))),
                e.normalizedField(FieldPath.of("class_uid"))));
    assertThat(classes).containsEntry("a1", 3002).containsEntry("d1", 3001);
    assertThat(slept).hasSize(2);
    assertThat(slept.get(0)).isBetween(Duration.ofMillis(500), Duration.ofSeconds(1));
    assertThat(slept.get(1)).isEqualTo(Duration.ofSeconds(30));

    // one token per collector object; the assertion is an RS256 JWT for the Reports scope
    List<LoggedRequest> tokenRequests = google.findAll(postRequestedFor(urlPathEqualTo("/token")));
    assertThat(tokenRequests).hasSize(2);
    Map<String, String> form = form(tokenRequests.get(0).getBodyAsString());
    assertThat(form).containsEntry("grant_type", "urn:ietf:params:oauth:grant-type:jwt-bearer");
    String[] jwt = form.get("assertion").split("\\.");
    Signature rs256 = Signature.getInstance("SHA256withRSA");
    rs256.initVerify(pair.getPublic());
    rs256.update((jwt[0] + "." + jwt[1]).getBytes(StandardCharsets.US_ASCII));
    assertThat(rs256.verify(Base64.getUrlDecoder().decode(jwt[2]))).isTrue();
    JsonNode claims = PageRecords.JSON.readTree(Base64.getUrlDecoder().decode(jwt[1]));
    assertThat(claims.path("iss").asText()).isEqualTo("reader@proj.iam.gserviceaccount.com");
    assertThat(claims.path("sub").asText()).isEqualTo("admin@example.com");
    assertThat(claims.path("scope").asText()).isEqualTo(GoogleWorkspaceCollector.SCOPE);
    assertThat(claims.path("aud").asText()).isEqualTo(google.baseUrl() + "/token");
    google.verify(
        getRequestedFor(urlPathEqualTo(LOGIN))
            .withQueryParam("startTime", equalTo(SINCE.toString()))
            .withQueryParam("maxResults", equalTo("2"))
            .withHeader("Authorization", equalTo("Bearer ya29.token-1")));
    google.verify(
        getRequestedFor(urlPathEqualTo(LOGIN))
            .withQueryParam("startTime", equalTo(T.plusSeconds(3).toString()))
            .withHeader("Authorization", equalTo("Bearer fixed")));
  }

  @Test
  void aCrashBetweenTheAppendAndTheCheckpointAddsNothingTwiceAfterTheRestart() {
    google.stubFor(
        get(urlPathEqualTo(LOGIN))
            .willReturn(
                page(
                    login("a2", T.plusSeconds(2), "login_success")
                        + ","
                        + login("a1", T.plusSeconds(1), "login_failure"),
                    null)));
    google.stubFor(get(urlPathEqualTo(ADMIN)).willReturn(page(admin("d1", T), null)));
    List<Event> events = new ArrayList<>();
    Path data = dir.resolve("data");
    try (CapturingStore store = new CapturingStore(LocalEventStore.open(data, clock), events);
        StateStore state =
            new OktaCollectorIT.CrashingStateStore(
                new LocalStateStoreProvider().create(context()), 2)) {
      // writes: page 1 intent (1), append, checkpoint (2) fails
      assertThatThrownBy(
              () ->
                  runner(
                          store,
                          state,
                          GoogleWorkspaceCollector.builder().accessToken(Secret.of("fixed")))
                      .run(10, p -> {}))
          .hasMessageContaining("simulated crash");
    }
    assertThat(events).hasSize(2);
    try (CapturingStore store = new CapturingStore(LocalEventStore.open(data, clock), events);
        StateStore state = new LocalStateStoreProvider().create(context());
        LocalQueryBackend lake = LocalQueryBackend.open(data)) {
      GoogleWorkspaceCollector collector =
          GoogleWorkspaceCollector.builder()
              .accessToken(Secret.of("fixed"))
              .baseUrl(google.baseUrl())
              .allowPrivateAddresses(true)
              .applications(List.of("login", "admin"))
              .since(SINCE)
              .clock(clock)
              .parser(SourceCatalog.builtIn().parser("google_workspace", context()))
              .build();
      CollectorRunner.RunReport r =
          CollectorRunner.builder(collector, store, state)
              .sleeper(slept::add)
              .storedIds(StoredIds.byQuery(lake))
              .build()
              .run(10, p -> {});
      // the login page is read again; both of its events are found in the lake by their ids
      assertThat(r.duplicates()).isEqualTo(2);
      assertThat(r.events()).isEqualTo(1);
      assertThat(r.caughtUp()).isTrue();
    }
    assertThat(events)
        .extracting(e -> String.valueOf(e.field(FieldPath.of("id.uniqueQualifier"))))
        .containsExactlyInAnyOrder("a1", "a2", "d1");
  }

  private static Map<String, String> form(String body) {
    Map<String, String> out = new HashMap<>();
    for (String pair : body.split("&")) {
      int eq = pair.indexOf('=');
      out.put(
          URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
          URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
    }
    return out;
  }
}
