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

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.MappingBuilder;
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
 * The Office 365 Management Activity API collector against WireMock on loopback replaying {@code
 * subscriptions/start}, {@code subscriptions/content} (a JSON array of content blobs, {@code
 * NextPageUri} paging) and the content blobs (JSON arrays of audit records), into a real local lake
 * and SQLite state store.
 */
class Office365ManagementCollectorIT {
  static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");
  static final Instant SINCE = Instant.parse("2026-02-28T06:00:00Z");
  static final String FEED = "/api/v1.0/tenant-1/activity/feed";
  static final String AAD = "Audit.AzureActiveDirectory";
  static final String EXO = "Audit.Exchange";

  @TempDir Path dir;
  private WireMockServer o365;
  private final MutableClock clock = MutableClock.at(NOW);
  private final List<Duration> slept = new ArrayList<>();

  @BeforeEach
  void start() {
    o365 = new WireMockServer(wireMockConfig().bindAddress("127.0.0.1").dynamicPort());
    o365.start();
  }

  @AfterEach
  void stop() {
    o365.stop();
  }

  static String aad(String id, String time) {
    return "{\"CreationTime\":\""
        + time
        + "\",\"Id\":\""
        + id
        + "\",\"Operation\":\"UserLoggedIn\",\"OrganizationId\":\"org-1\",\"RecordType\":15,"
        + "\"ResultStatus\":\"Success\",\"UserKey\":\"1003BFFD9A1B2C3D\",\"UserType\":0,"
        + "\"Version\":1,\"Workload\":\"AzureActiveDirectory\",\"ClientIP\":\"198.51.100.3\","
        + "\"ObjectId\":\"00000003-0000-0ff1-ce00-000000000000\",\"UserId\":"
        + "\"alice@contoso.com\",\"AzureActiveDirectoryEventType\":1,\"ExtendedProperties\":["
        + "{\"Name\":\"UserAgent\",\"Value\":\"Mozilla/5.0\"},{\"Name\":\"RequestType\","
        + "\"Value\":\"OAuth2:Authorize\"},{\"Name\":\"ResultStatusDetail\",\"Value\":"
        + "\"Success\"}],\"ModifiedProperties\":[],\"Actor\":[{\"ID\":\"alice@contoso.com\","
        + "\"Type\":5}],\"ActorContextId\":\"org-1\",\"ActorIpAddress\":\"198.51.100.3\","
        + "\"Target\":[{\"ID\":\"00000003-0000-0ff1-ce00-000000000000\",\"Type\":0}],"
        + "\"TargetContextId\":\"org-1\",\"ApplicationId\":\"app-9\"}";
  }

  static String exchange(String id, String time) {
    return "{\"CreationTime\":\""
        + time
        + "\",\"Id\":\""
        + id
        + "\",\"Operation\":\"New-InboxRule\",\"OrganizationId\":\"org-1\",\"RecordType\":1,"
        + "\"ResultStatus\":\"True\",\"UserKey\":\"NT AUTHORITY\\\\SYSTEM (w3wp)\",\"UserType\":"
        + "2,\"Version\":1,\"Workload\":\"Exchange\",\"ClientIP\":\"203.0.113.5:53244\","
        + "\"ObjectId\":\"alice\",\"UserId\":\"alice@contoso.com\",\"ExternalAccess\":false,"
        + "\"OrganizationName\":\"contoso.onmicrosoft.com\",\"OriginatingServer\":"
        + "\"BN6PR00MB0000 (15.20.1234.000)\",\"Parameters\":[{\"Name\":\"Name\",\"Value\":"
        + "\"forward all\"},{\"Name\":\"ForwardTo\",\"Value\":\"x@example.net\"}]}";
  }

  private String blob(String type, String id) {
    return "{\"contentType\":\""
        + type
        + "\",\"contentId\":\""
        + id
        + "\",\"contentUri\":\""
        + o365.baseUrl()
        + FEED
        + "/audit/"
        + id
        + "\",\"contentCreated\":\"2026-02-28T10:05:00.000Z\",\"contentExpiration\":"
        + "\"2026-03-07T10:00:00.000Z\"}";
  }

  static ResponseDefinitionBuilder json(String body) {
    return aResponse()
        .withStatus(200)
        .withHeader("Content-Type", "application/json; charset=utf-8")
        .withBody(body);
  }

  static MappingBuilder listing(String type, String start, String end) {
    return get(urlPathEqualTo(FEED + "/subscriptions/content"))
        .withQueryParam("contentType", equalTo(type))
        .withQueryParam("startTime", equalTo(start))
        .withQueryParam("endTime", equalTo(end))
        .withQueryParam("nextPage", absent());
  }

  private ProviderContext context() {
    return new ProviderContext(
        MantissaConfig.builder().dataDir(dir.resolve("data")).build(), clock, Map.of());
  }

  private CollectorRunner runner(CapturingStore store, StateStore state) {
    return runner(store, state, List.of(AAD, EXO), SINCE);
  }

  private CollectorRunner runner(
      CapturingStore store, StateStore state, List<String> types, Instant since) {
    Office365ManagementCollector collector =
        Office365ManagementCollector.builder()
            .baseUrl(o365.baseUrl())
            .loginUrl(o365.baseUrl())
            .allowPrivateAddresses(true)
            .tenantId("tenant-1")
            .clientCredentials("app-1", Secret.of("secret-1"))
            .contentTypes(types)
            .since(since)
            .clock(clock)
            .parser(SourceCatalog.builtIn().parser("m365", context()))
            .build();
    return CollectorRunner.builder(collector, store, state)
        .retry(
            new RetryPolicy(3, Duration.ofSeconds(1), Duration.ofSeconds(8), Duration.ofMinutes(5)))
        .sleeper(slept::add)
        .random(new Random(2))
        .build();
  }

  @Test
  void listsWindowsReadsEachBlobOnceAcrossARestartAndWaitsOutThrottling() {
    o365.stubFor(
        post(urlPathEqualTo("/tenant-1/oauth2/v2.0/token"))
            .willReturn(
                json(
                    "{\"token_type\":\"Bearer\",\"expires_in\":3599,\"access_token\":\"m365-t\"}")));
    o365.stubFor(
        post(urlPathEqualTo(FEED + "/subscriptions/start"))
            .withQueryParam("contentType", equalTo(AAD))
            .willReturn(
                json("{\"contentType\":\"" + AAD + "\",\"status\":\"enabled\",\"webhook\":null}")));
    o365.stubFor(
        post(urlPathEqualTo(FEED + "/subscriptions/start"))
            .withQueryParam("contentType", equalTo(EXO))
            .willReturn(
                aResponse()
                    .withStatus(400)
                    .withHeader("Content-Type", "application/json")
                    .withBody(
                        "{\"error\":{\"code\":\"AF20024\",\"message\":\"The subscription is"
                            + " already enabled. No property change.\"}}")));
    // AAD window 1 (24 h from `since`): two listing pages; window 2 (to now): c2 again and c3
    String page2 =
        o365.baseUrl()
            + FEED
            + "/subscriptions/content?contentType="
            + AAD
            + "&startTime=2026-02-28T06:00:00&endTime=2026-03-01T06:00:00&nextPage=p2";
    o365.stubFor(
        listing(AAD, "2026-02-28T06:00:00", "2026-03-01T06:00:00")
            .willReturn(json("[" + blob(AAD, "c1") + "]").withHeader("NextPageUri", page2)));
    o365.stubFor(
        get(urlPathEqualTo(FEED + "/subscriptions/content"))
            .withQueryParam("nextPage", equalTo("p2"))
            .willReturn(json("[" + blob(AAD, "c2") + "]")));
    o365.stubFor(
        listing(AAD, "2026-03-01T06:00:00", "2026-03-01T12:00:00")
            .willReturn(json("[" + blob(AAD, "c2") + "," + blob(AAD, "c3") + "]")));
    o365.stubFor(
        get(urlPathEqualTo(FEED + "/audit/c1"))
            .willReturn(
                json(
                    "["
                        + aad("r1", "2026-02-28T10:00:01")
                        + ","
                        + aad("r2", "2026-02-28T10:00:02")
                        + "]")));
    o365.stubFor(
        get(urlPathEqualTo(FEED + "/audit/c2"))
            .inScenario("c2")
            .whenScenarioStateIs(Scenario.STARTED)
            .willReturn(aResponse().withStatus(503))
            .willSetStateTo("up"));
    o365.stubFor(
        get(urlPathEqualTo(FEED + "/audit/c2"))
            .inScenario("c2")
            .whenScenarioStateIs("up")
            .willReturn(json("[" + aad("r3", "2026-02-28T20:00:00") + "]")));
    o365.stubFor(
        get(urlPathEqualTo(FEED + "/audit/c3"))
            .willReturn(json("[" + aad("r4", "2026-03-01T07:00:00") + "]")));
    // Exchange: window 1 empty, window 2 one blob behind a 429
    o365.stubFor(listing(EXO, "2026-02-28T06:00:00", "2026-03-01T06:00:00").willReturn(json("[]")));
    o365.stubFor(
        listing(EXO, "2026-03-01T06:00:00", "2026-03-01T12:00:00")
            .willReturn(json("[" + blob(EXO, "x1") + "]")));
    o365.stubFor(
        get(urlPathEqualTo(FEED + "/audit/x1"))
            .inScenario("x1")
            .whenScenarioStateIs(Scenario.STARTED)
            .willReturn(aResponse().withStatus(429).withHeader("Retry-After", "5"))
            .willSetStateTo("ok"));
    o365.stubFor(
        get(urlPathEqualTo(FEED + "/audit/x1"))
            .inScenario("x1")
            .whenScenarioStateIs("ok")
            .willReturn(json("[" + exchange("e1", "2026-03-01T08:00:00") + "]")));

    List<Event> events = new ArrayList<>();
    Path data = dir.resolve("data");
    try (CapturingStore store = new CapturingStore(LocalEventStore.open(data, clock), events);
        StateStore state = new LocalStateStoreProvider().create(context())) {
      CollectorRunner.RunReport first = runner(store, state).run(3, p -> {});
      assertThat(first.events()).isEqualTo(2);
      assertThat(first.caughtUp()).isFalse();
    }
    try (CapturingStore store = new CapturingStore(LocalEventStore.open(data, clock), events);
        StateStore state = new LocalStateStoreProvider().create(context())) {
      CollectorRunner.RunReport rest = runner(store, state).run(50, p -> {});
      assertThat(rest.events()).isEqualTo(3);
      assertThat(rest.rejected()).isZero();
      assertThat(rest.retries()).isEqualTo(2);
      assertThat(rest.caughtUp()).isTrue();
      assertThat(rest.pages()).isEqualTo(6);
    }

    assertThat(events)
        .extracting(Event::id)
        .containsExactlyInAnyOrder("r1", "r2", "r3", "r4", "e1");
    Event login = events.stream().filter(e -> e.id().equals("r1")).findFirst().orElseThrow();
    assertThat(login.source()).isEqualTo("m365");
    assertThat(login.time()).isEqualTo(Instant.parse("2026-02-28T10:00:01Z"));
    assertThat(login.normalizedField(FieldPath.of("class_uid"))).isNotNull();
    assertThat(slept).hasSize(2);
    assertThat(slept.get(1)).isEqualTo(Duration.ofSeconds(5));
    // c2 was read once although listed twice; each subscription started once per collector
    o365.verify(2, getRequestedFor(urlPathEqualTo(FEED + "/audit/c2")));
    o365.verify(
        1,
        postRequestedFor(urlPathEqualTo(FEED + "/subscriptions/start"))
            .withQueryParam("contentType", equalTo(EXO)));
    o365.verify(
        getRequestedFor(urlPathEqualTo(FEED + "/audit/c1"))
            .withHeader("Authorization", equalTo("Bearer m365-t")));
  }

  @Test
  void anExpiredBlobIsSkippedWithAWarningAndTheRestIsRead() {
    o365.stubFor(
        post(urlPathEqualTo("/tenant-1/oauth2/v2.0/token"))
            .willReturn(json("{\"expires_in\":3599,\"access_token\":\"m365-t\"}")));
    o365.stubFor(post(urlPathEqualTo(FEED + "/subscriptions/start")).willReturn(json("{}")));
    o365.stubFor(
        listing(AAD, "2026-03-01T10:00:00", "2026-03-01T12:00:00")
            .willReturn(json("[" + blob(AAD, "gone") + "," + blob(AAD, "c9") + "]")));
    o365.stubFor(
        get(urlPathEqualTo(FEED + "/audit/gone"))
            .willReturn(
                aResponse()
                    .withStatus(400)
                    .withHeader("Content-Type", "application/json")
                    .withBody(
                        "{\"error\":{\"code\":\"AF20051\",\"message\":\"Content requested with"
                            + " the key gone has already expired. Content older than 7 days cannot"
                            + " be retrieved.\"}}")));
    o365.stubFor(
        get(urlPathEqualTo(FEED + "/audit/c9"))
            .willReturn(json("[" + aad("r9", "2026-03-01T10:30:00") + "]")));
    List<Event> events = new ArrayList<>();
    try (CapturingStore store =
            new CapturingStore(LocalEventStore.open(dir.resolve("data"), clock), events);
        StateStore state = new LocalStateStoreProvider().create(context())) {
      CollectorRunner.RunReport report =
          runner(store, state, List.of(AAD), NOW.minus(Duration.ofHours(2))).run(10, p -> {});
      assertThat(report.caughtUp()).isTrue();
      assertThat(report.retries()).isZero();
    }
    assertThat(events).extracting(Event::id).containsExactly("r9");
  }
}
