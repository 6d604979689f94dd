package io.mantissa.sources.collect;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
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
 * The Salesforce event log file collector against WireMock on loopback replaying the REST API's
 * documented answers: the SOQL query ({@code {"totalSize","done","nextRecordsUrl","records"}}) and
 * the {@code LogFile} CSV download; into a real local lake and SQLite state store.
 */
class SalesforceCollectorIT {
  static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");
  static final String QUERY = "/services/data/v62.0/query";
  static final String A = "0ATD000000001aAOAQ";
  static final String B = "0ATD000000002bBOAQ";
  static final String HEADER =
      "\"EVENT_TYPE\",\"TIMESTAMP\",\"REQUEST_ID\",\"ORGANIZATION_ID\",\"USER_ID\",\"RUN_TIME\","
          + "\"CPU_TIME\",\"URI\",\"SESSION_KEY\",\"LOGIN_KEY\",\"USER_TYPE\",\"REQUEST_STATUS\","
          + "\"DB_TOTAL_TIME\",\"LOGIN_STATUS\",\"BROWSER_TYPE\",\"API_TYPE\",\"API_VERSION\","
          + "\"USER_NAME\",\"TLS_PROTOCOL\",\"CIPHER_SUITE\",\"AUTHENTICATION_METHOD_REFERENCE\","
          + "\"TIMESTAMP_DERIVED\",\"USER_ID_DERIVED\",\"CLIENT_IP\",\"URI_ID_DERIVED\"\r\n";

  @TempDir Path dir;
  private WireMockServer sf;
  private final MutableClock clock = MutableClock.at(NOW);
  private final List<Duration> slept = new ArrayList<>();

  @BeforeEach
  void start() {
    sf = new WireMockServer(wireMockConfig().bindAddress("127.0.0.1").dynamicPort());
    sf.start();
  }

  @AfterEach
  void stop() {
    sf.stop();
  }

  static String login(String request, int second, String status) {
    return "\"Login\",\"202602281000"
        + String.format("%02d", second)
        + ".123\",\""
        + request
        + "\",\"00D000000000062\",\"005000000000123\",\"83\",\"30\",\"/index.jsp\",\"\","
        + "\"a5nfJ6zBZyHDdtIB\",\"Standard\",\"\",\"51351314\",\""
        + status
        + "\",\"Chrome 121\",\"\",\"\",\"alice@example.com\",\"TLSv1.3\","
        + "\"TLS_AES_256_GCM_SHA384\",\"\",\"2026-02-28T10:00:"
        + String.format("%02d", second)
        + ".123Z\",\"005000000000123AAA\",\"198.51.100.30\",\"\"\r\n";
  }

  static String logFileRecord(String id, String type) {
    return "{\"attributes\":{\"type\":\"EventLogFile\",\"url\":\"/services/data/v62.0/sobjects/"
        + "EventLogFile/"
        + id
        + "\"},\"Id\":\""
        + id
        + "\",\"EventType\":\""
        + type
        + "\",\"LogDate\":\"2026-02-28T00:00:00.000+0000\",\"LogFileLength\":2105.0,"
        + "\"LogFile\":\"/services/data/v62.0/sobjects/EventLogFile/"
        + id
        + "/LogFile\"}";
  }

  static ResponseDefinitionBuilder json(String body) {
    return aResponse()
        .withStatus(200)
        .withHeader("Content-Type", "application/json;charset=UTF-8")
        .withBody(body);
  }

  private ProviderContext context() {
    return new ProviderContext(
        MantissaConfig.builder().dataDir(dir.resolve("data")).build(), clock, Map.of());
  }

  private SalesforceEventLogCollector.Builder collector() {
    return SalesforceEventLogCollector.builder()
        .baseUrl(sf.baseUrl())
        .allowPrivateAddresses(true)
        .rowsPerPage(2)
        .eventTypes(List.of("Login", "API"))
        .clock(clock)
        .parser(SourceCatalog.builtIn().parser("salesforce", context()));
  }

  private CollectorRunner runner(
      SalesforceEventLogCollector collector, EventStore store, StateStore state) {
    return CollectorRunner.builder(collector, store, state)
        .retry(
            new RetryPolicy(3, Duration.ofSeconds(1), Duration.ofSeconds(8), Duration.ofMinutes(5)))
        .sleeper(slept::add)
        .random(new Random(3))
        .build();
  }

  @Test
  void queriesPagesDownloadsCsvInChunksAndResumesAFileAfterARestartWithoutDuplicates() {
    String first =
        "SELECT Id, EventType, LogDate, LogFileLength, LogFile FROM EventLogFile WHERE LogDate >="
            + " 2026-02-22T12:00:00Z AND Interval = 'Daily' AND EventType IN ('Login', 'API')"
            + " ORDER BY LogDate, Id";
    sf.stubFor(
        get(urlPathEqualTo(QUERY))
            .withQueryParam("q", equalTo(first))
            .willReturn(
                json(
                    "{\"totalSize\":2,\"done\":false,\"nextRecordsUrl\":\""
                        + QUERY
                        + "/01gD0000002HU6KIAW-1\",\"records\":["
                        + logFileRecord(A, "Login")
                        + "]}")));
    sf.stubFor(
        get(urlPathEqualTo(QUERY))
            .withQueryParam("q", containing("LogDate >= 2026-02-28T00:00:00Z"))
            .willReturn(
                json(
                    "{\"totalSize\":2,\"done\":false,\"nextRecordsUrl\":\""
                        + QUERY
                        + "/01gD0000002HU6KIAW-1\",\"records\":["
                        + logFileRecord(A, "Login")
                        + "]}")));
    sf.stubFor(
        get(urlPathEqualTo(QUERY + "/01gD0000002HU6KIAW-1"))
            .willReturn(
                json(
                    "{\"totalSize\":2,\"done\":true,\"records\":["
                        + logFileRecord(B, "API")
                        + "]}")));
    sf.stubFor(
        get(urlPathEqualTo("/services/data/v62.0/sobjects/EventLogFile/" + A + "/LogFile"))
            .willReturn(
                aResponse()
                    .withStatus(200)
                    .withHeader("Content-Type", "text/csv")
                    .withBody(
                        HEADER
                            + login("4exLFFQZ1234", 1, "LOGIN_NO_ERROR")
                            + login("4exLFFQZ1235", 2, "LOGIN_ERROR_INVALID_PASSWORD")
                            + login("4exLFFQZ1236", 3, "LOGIN_NO_ERROR")
                            + "\"Login\",\"truncated\"\r\n")));
    sf.stubFor(
        get(urlPathEqualTo("/services/data/v62.0/sobjects/EventLogFile/" + B + "/LogFile"))
            .inScenario("b")
            .whenScenarioStateIs(Scenario.STARTED)
            .willReturn(aResponse().withStatus(503))
            .willSetStateTo("up"));
    sf.stubFor(
        get(urlPathEqualTo("/services/data/v62.0/sobjects/EventLogFile/" + B + "/LogFile"))
            .inScenario("b")
            .whenScenarioStateIs("up")
            .willReturn(
                aResponse()
                    .withStatus(200)
                    .withBody(
                        "\"EVENT_TYPE\",\"TIMESTAMP_DERIVED\",\"REQUEST_ID\",\"USER_ID\",\"METHOD\","
                            + "\"URI\",\"REQUEST_STATUS\",\"CLIENT_IP\"\n\"API\","
                            + "\"2026-02-28T11:00:00.000Z\",\"4exAPI\",\"005000000000123\",\"GET\","
                            + "\"/services/data/v62.0/query\",\"S\",\"198.51.100.31\"\n")));

    List<Event> appended = new ArrayList<>();
    Path data = dir.resolve("data");
    try (CapturingStore store = new CapturingStore(LocalEventStore.open(data, clock), appended);
        StateStore state = new LocalStateStoreProvider().create(context())) {
      SalesforceEventLogCollector c =
          collector().accessToken(Secret.of("00Dsession!token")).build();
      assertThat(runner(c, store, state).run(1, p -> {}).events()).isEqualTo(2);
    }
    try (CapturingStore store = new CapturingStore(LocalEventStore.open(data, clock), appended);
        StateStore state = new LocalStateStoreProvider().create(context())) {
      SalesforceEventLogCollector c =
          collector().accessToken(Secret.of("00Dsession!token")).build();
      CollectorRunner.RunReport rest = runner(c, store, state).run(20, p -> {});
      assertThat(rest.caughtUp()).isTrue();
      assertThat(rest.events()).isEqualTo(2);
      assertThat(rest.rejected()).isEqualTo(1);
      assertThat(rest.retries()).isEqualTo(1);
      assertThat(store.deadLetters().list("salesforce", 5))
          .singleElement()
          .satisfies(d -> assertThat(d.reason()).contains("2 fields"));
      CollectorRunner.RunReport again = runner(c, store, state).run(20, p -> {});
      assertThat(again.events()).isZero();
      assertThat(again.caughtUp()).isTrue();
    }
    assertThat(appended).hasSize(4);
    assertThat(appended.stream().map(Event::id)).doesNotHaveDuplicates();
    assertThat(appended.stream().map(e -> e.field(FieldPath.of("REQUEST_ID"))))
        .containsExactly("4exLFFQZ1234", "4exLFFQZ1235", "4exLFFQZ1236", "4exAPI");
    Event failed = appended.get(1);
    assertThat(failed.time()).isEqualTo(Instant.parse("2026-02-28T10:00:02.123Z"));
    assertThat(failed.normalizedField(FieldPath.of("class_uid"))).isEqualTo(3002);
    assertThat(failed.normalizedField(FieldPath.of("status"))).isEqualTo("Failure");
    assertThat(appended.get(0).normalizedField(FieldPath.of("status"))).isEqualTo("Success");
    assertThat(appended.get(3).normalizedField(FieldPath.of("class_uid"))).isEqualTo(6003);
    // file A downloaded again after the restart (and only then), B once after its 503
    sf.verify(
        2,
        getRequestedFor(
                urlPathEqualTo("/services/data/v62.0/sobjects/EventLogFile/" + A + "/LogFile"))
            .withHeader("Authorization", equalTo("Bearer 00Dsession!token")));
    sf.verify(
        2,
        getRequestedFor(
            urlPathEqualTo("/services/data/v62.0/sobjects/EventLogFile/" + B + "/LogFile")));
    assertThat(slept)
        .singleElement()
        .satisfies(d -> assertThat(d).isBetween(Duration.ofMillis(500), Duration.ofSeconds(1)));
  }

  @Test
  void theClientCredentialsTokenIsRequestedAgainWhenItExpires() {
    sf.stubFor(
        post(urlPathEqualTo("/services/oauth2/token"))
            .inScenario("token")
            .whenScenarioStateIs(Scenario.STARTED)
            .willReturn(json("{\"access_token\":\"t1\",\"instance_url\":\"" + sf.baseUrl() + "\"}"))
            .willSetStateTo("second"));
    sf.stubFor(
        post(urlPathEqualTo("/services/oauth2/token"))
            .inScenario("token")
            .whenScenarioStateIs("second")
            .willReturn(
                json("{\"access_token\":\"t2\",\"instance_url\":\"" + sf.baseUrl() + "\"}")));
    sf.stubFor(
        get(urlPathEqualTo(QUERY))
            .withHeader("Authorization", equalTo("Bearer t1"))
            .willReturn(
                aResponse()
                    .withStatus(401)
                    .withBody(
                        "[{\"message\":\"Session expired or invalid\","
                            + "\"errorCode\":\"INVALID_SESSION_ID\"}]")));
    sf.stubFor(
        get(urlPathEqualTo(QUERY))
            .withHeader("Authorization", equalTo("Bearer t2"))
            .willReturn(json("{\"totalSize\":0,\"done\":true,\"records\":[]}")));
    try (CapturingStore store =
            new CapturingStore(
                LocalEventStore.open(dir.resolve("data"), clock), new ArrayList<>());
        StateStore state = new LocalStateStoreProvider().create(context())) {
      SalesforceEventLogCollector c =
          collector().clientCredentials(Secret.of("3MVG9id"), Secret.of("s3cr3t&=")).build();
      CollectorRunner.RunReport report = runner(c, store, state).run(5, p -> {});
      assertThat(report.caughtUp()).isTrue();
      assertThat(report.events()).isZero();
    }
    sf.verify(
        2,
        postRequestedFor(urlPathEqualTo("/services/oauth2/token"))
            .withHeader("Content-Type", equalTo("application/x-www-form-urlencoded"))
            .withRequestBody(
                equalTo(
                    "grant_type=client_credentials&client_id=3MVG9id&client_secret=s3cr3t%26%3D")));
  }
}
