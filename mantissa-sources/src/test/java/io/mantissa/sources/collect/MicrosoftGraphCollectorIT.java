package io.mantissa.sources.collect;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import io.mantissa.api.ErrorCode;
import io.mantissa.api.Event;
import io.mantissa.api.FieldPath;
import io.mantissa.api.MantissaException;
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
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Microsoft Graph audit log collectors against WireMock on loopback replaying {@code GET
 * /v1.0/auditLogs/signIns} and {@code /directoryAudits} ({@code {"@odata.context":…,"value":[…],
 * "@odata.nextLink":…}}, newest first) and the Entra token endpoint, into a real local lake and
 * SQLite state store.
 */
class MicrosoftGraphCollectorIT {
  static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");
  static final Instant SINCE = NOW.minus(Duration.ofDays(7));
  static final Instant T = Instant.parse("2026-03-01T10:00:00Z");
  static final String SIGN_INS = "/v1.0/auditLogs/signIns";
  static final String AUDITS = "/v1.0/auditLogs/directoryAudits";

  @TempDir Path dir;
  private WireMockServer graph;
  private final MutableClock clock = MutableClock.at(NOW);
  private final List<Duration> slept = new ArrayList<>();

  @BeforeEach
  void start() {
    graph = new WireMockServer(wireMockConfig().bindAddress("127.0.0.1").dynamicPort());
    graph.start();
    graph.stubFor(
        post(urlPathEqualTo("/tenant-1/oauth2/v2.0/token"))
            .willReturn(
                aResponse()
                    .withHeader("Content-Type", "application/json")
                    .withBody(
                        "{\"token_type\":\"Bearer\",\"expires_in\":3599,\"ext_expires_in\":3599,"
                            + "\"access_token\":\"eyJ0eXAi.graph\"}")));
  }

  @AfterEach
  void stop() {
    graph.stop();
  }

  static String signIn(String id, Instant time, int errorCode) {
    return "{\"id\":\""
        + id
        + "\",\"createdDateTime\":\""
        + time
        + "\",\"userDisplayName\":\"Alice Example\",\"userPrincipalName\":\"alice@contoso.com\","
        + "\"userId\":\"d2e5f8a1-0000-4000-8000-000000000001\",\"appId\":"
        + "\"de8bc8b5-d9f9-48b1-a8ad-b748da725064\",\"appDisplayName\":\"Graph Explorer\","
        + "\"ipAddress\":\"198.51.100.20\",\"clientAppUsed\":\"Browser\",\"correlationId\":"
        + "\"c1\",\"conditionalAccessStatus\":\"notApplied\",\"isInteractive\":true,"
        + "\"riskDetail\":\"none\",\"riskLevelAggregated\":\"none\",\"riskState\":\"none\","
        + "\"resourceDisplayName\":\"Microsoft Graph\",\"status\":{\"errorCode\":"
        + errorCode
        + ",\"failureReason\":"
        + (errorCode == 0 ? "null" : "\"Invalid username or password\"")
        + ",\"additionalDetails\":null},\"location\":{\"city\":\"Redmond\",\"state\":"
        + "\"Washington\",\"countryOrRegion\":\"US\"}}";
  }

  static String audit(String id, Instant time) {
    return "{\"id\":\""
        + id
        + "\",\"category\":\"UserManagement\",\"correlationId\":\"c2\",\"result\":\"success\","
        + "\"resultReason\":\"\",\"activityDisplayName\":\"Add user\",\"activityDateTime\":\""
        + time
        + "\",\"loggedByService\":\"Core Directory\",\"operationType\":\"Add\",\"initiatedBy\":{"
        + "\"app\":null,\"user\":{\"id\":\"u-admin\",\"displayName\":null,\"userPrincipalName\":"
        + "\"admin@contoso.com\",\"ipAddress\":\"203.0.113.9\"}},\"targetResources\":[{\"id\":"
        + "\"u-bob\",\"displayName\":null,\"type\":\"User\",\"userPrincipalName\":"
        + "\"bob@contoso.com\",\"modifiedProperties\":[]}],\"additionalDetails\":[]}";
  }

  static ResponseDefinitionBuilder page(String context, String values, String next) {
    return aResponse()
        .withStatus(200)
        .withHeader("Content-Type", "application/json;odata.metadata=minimal")
        .withBody(
            "{\"@odata.context\":\"https://graph.microsoft.com/v1.0/$metadata#auditLogs/"
                + context
                + "\",\"value\":["
                + values
                + "]"
                + (next == null ? "" : ",\"@odata.nextLink\":\"" + next + "\"")
                + "}");
  }

  static String filter(String field, Instant from, Instant to) {
    return field + " ge " + from + " and " + field + " le " + to;
  }

  private ProviderContext context() {
    return new ProviderContext(
        MantissaConfig.builder().dataDir(dir.resolve("data")).build(), clock, Map.of());
  }

  private MicrosoftGraphAuditCollector collector(MicrosoftGraphAuditCollector.Log log) {
    return MicrosoftGraphAuditCollector.builder(log)
        .baseUrl(graph.baseUrl() + "/v1.0")
        .loginUrl(graph.baseUrl())
        .allowPrivateAddresses(true)
        .tenantId("tenant-1")
        .clientCredentials("app-1", Secret.of("s3cret~value"))
        .top(2)
        .since(SINCE)
        .clock(clock)
        .parser(SourceCatalog.builtIn().parser(log.source(), context()))
        .build();
  }

  private CollectorRunner runner(
      MicrosoftGraphAuditCollector.Log log, CapturingStore store, StateStore state) {
    return CollectorRunner.builder(collector(log), store, state)
        .retry(
            new RetryPolicy(3, Duration.ofSeconds(1), Duration.ofSeconds(8), Duration.ofMinutes(5)))
        .sleeper(slept::add)
        .random(new Random(11))
        .build();
  }

  @Test
  void signInsPageThroughNextLinksResumeAfterARestartAndPollOnWithoutDuplicates() {
    Instant end1 = NOW.minus(Duration.ofMinutes(5));
    String next = graph.baseUrl() + SIGN_INS + "?$top=2&$skiptoken=page2";
    graph.stubFor(
        get(urlPathEqualTo(SIGN_INS))
            .withQueryParam("$filter", equalTo(filter("createdDateTime", SINCE, end1)))
            .withQueryParam("$skiptoken", absent())
            .willReturn(
                page(
                    "signIns",
                    signIn("s3", T.plusSeconds(3), 50126) + "," + signIn("s2", T.plusSeconds(2), 0),
                    next)));
    graph.stubFor(
        get(urlPathEqualTo(SIGN_INS))
            .withQueryParam("$skiptoken", equalTo("page2"))
            .inScenario("p2")
            .whenScenarioStateIs(Scenario.STARTED)
            .willReturn(aResponse().withStatus(502))
            .willSetStateTo("up"));
    graph.stubFor(
        get(urlPathEqualTo(SIGN_INS))
            .withQueryParam("$skiptoken", equalTo("page2"))
            .inScenario("p2")
            .whenScenarioStateIs("up")
            .willReturn(page("signIns", signIn("s1", T.plusSeconds(1), 0), null)));

    List<Event> events = new ArrayList<>();
    Path data = dir.resolve("data");
    var log = MicrosoftGraphAuditCollector.Log.SIGN_INS;
    try (CapturingStore store = new CapturingStore(LocalEventStore.open(data, clock), events);
        StateStore state = new LocalStateStoreProvider().create(context())) {
      assertThat(runner(log, store, state).run(1, p -> {}).events()).isEqualTo(2);
    }
    try (CapturingStore store = new CapturingStore(LocalEventStore.open(data, clock), events);
        StateStore state = new LocalStateStoreProvider().create(context())) {
      CollectorRunner.RunReport rest = runner(log, store, state).run(10, p -> {});
      assertThat(rest.events()).isEqualTo(1);
      assertThat(rest.retries()).isEqualTo(1);
      assertThat(rest.rejected()).isZero();
      assertThat(rest.caughtUp()).isTrue();
    }

    clock.set(NOW.plus(Duration.ofMinutes(10)));
    Instant end2 = NOW.plus(Duration.ofMinutes(5));
    graph.stubFor(
        get(urlPathEqualTo(SIGN_INS))
            .withQueryParam("$filter", equalTo(filter("createdDateTime", T.plusSeconds(3), end2)))
            .inScenario("walk2")
            .whenScenarioStateIs(Scenario.STARTED)
            .willReturn(aResponse().withStatus(429).withHeader("Retry-After", "12"))
            .willSetStateTo("ok"));
    graph.stubFor(
        get(urlPathEqualTo(SIGN_INS))
            .withQueryParam("$filter", equalTo(filter("createdDateTime", T.plusSeconds(3), end2)))
            .inScenario("walk2")
            .whenScenarioStateIs("ok")
            .willReturn(
                page(
                    "signIns",
                    signIn("s4", T.plusSeconds(90), 0)
                        + ","
                        + signIn("s3", T.plusSeconds(3), 50126),
                    null)));
    try (CapturingStore store = new CapturingStore(LocalEventStore.open(data, clock), events);
        StateStore state = new LocalStateStoreProvider().create(context())) {
      CollectorRunner.RunReport next2 = runner(log, store, state).run(10, p -> {});
      assertThat(next2.events()).isEqualTo(1);
      assertThat(next2.caughtUp()).isTrue();
    }

    assertThat(events).extracting(Event::id).containsExactlyInAnyOrder("s1", "s2", "s3", "s4");
    assertThat(events).allSatisfy(e -> assertThat(e.source()).isEqualTo("entra_signin"));
    Event failed = events.stream().filter(e -> e.id().equals("s3")).findFirst().orElseThrow();
    assertThat(failed.normalizedField(FieldPath.of("class_uid"))).isEqualTo(3002);
    assertThat(failed.normalizedField(FieldPath.of("status_code"))).isEqualTo("50126");
    assertThat(slept).hasSize(2);
    assertThat(slept.get(0)).isBetween(Duration.ofMillis(500), Duration.ofSeconds(1));
    assertThat(slept.get(1)).isEqualTo(Duration.ofSeconds(12));
    // one token per collector object (three runs), by client credentials for Graph
    graph.verify(
        3,
        postRequestedFor(urlPathEqualTo("/tenant-1/oauth2/v2.0/token"))
            .withRequestBody(containing("grant_type=client_credentials"))
            .withRequestBody(containing("client_id=app-1"))
            .withRequestBody(containing("client_secret=s3cret%7Evalue"))
            .withRequestBody(
                containing("scope=" + "https%3A%2F%2Fgraph.microsoft.com%2F.default")));
    graph.verify(
        getRequestedFor(urlPathEqualTo(SIGN_INS))
            .withQueryParam("$top", equalTo("2"))
            .withHeader("Authorization", equalTo("Bearer eyJ0eXAi.graph")));
  }

  @Test
  void directoryAuditsFilterOnActivityTimeAndANextLinkToAnotherHostIsRefused() {
    Instant end = NOW.minus(Duration.ofMinutes(5));
    graph.stubFor(
        get(urlPathEqualTo(AUDITS))
            .withQueryParam("$filter", equalTo(filter("activityDateTime", SINCE, end)))
            .willReturn(
                page(
                    "directoryAudits",
                    audit("Directory_a2", T.plusSeconds(2)) + "," + audit("Directory_a1", T),
                    null)));
    List<Event> events = new ArrayList<>();
    try (CapturingStore store =
            new CapturingStore(LocalEventStore.open(dir.resolve("data"), clock), events);
        StateStore state = new LocalStateStoreProvider().create(context())) {
      CollectorRunner.RunReport report =
          runner(MicrosoftGraphAuditCollector.Log.DIRECTORY_AUDITS, store, state).run(10, p -> {});
      assertThat(report.events()).isEqualTo(2);
      assertThat(report.rejected()).isZero();
      assertThat(report.caughtUp()).isTrue();
    }
    assertThat(events).extracting(Event::id).containsExactly("Directory_a2", "Directory_a1");
    assertThat(events)
        .allSatisfy(
            e -> {
              assertThat(e.source()).isEqualTo("entra_audit");
              assertThat(e.normalizedField(FieldPath.of("class_uid"))).isEqualTo(3001);
            });

    graph.stubFor(
        get(urlPathEqualTo(SIGN_INS))
            .willReturn(
                page(
                    "signIns",
                    signIn("x", T, 0),
                    "https://graph.example.net/v1.0/auditLogs/signIns?$skiptoken=z")));
    MicrosoftGraphAuditCollector signIns = collector(MicrosoftGraphAuditCollector.Log.SIGN_INS);
    assertThatThrownBy(() -> signIns.poll(Optional.empty()))
        .isInstanceOf(MantissaException.class)
        .satisfies(
            e -> assertThat(((MantissaException) e).code()).isEqualTo(ErrorCode.REMOTE_FAILURE))
        .hasMessageContaining("refusing to send the token");
  }
}
