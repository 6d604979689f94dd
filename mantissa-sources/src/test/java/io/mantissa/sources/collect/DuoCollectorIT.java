package io.mantissa.sources.collect;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
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
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Duo Admin API log collector against WireMock on loopback replaying {@code GET
 * /admin/v2/logs/authentication} ({@code {"stat":"OK","response":{"authlogs":[…],"metadata":
 * {"next_offset":[ms, txid]}}}}) and {@code GET /admin/v1/logs/administrator}, into a real local
 * lake and SQLite state store; every request's signature is checked as Duo's server would.
 */
class DuoCollectorIT {
  static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");
  static final Instant SINCE = NOW.minus(Duration.ofDays(7));
  static final long T = Instant.parse("2026-03-01T10:00:00Z").getEpochSecond();
  static final String IKEY = "DIWJ8X6AEYOR5OMC6TQ1";
  static final String SKEY = "Zh5eGmUq9zpfQnyUIu5OL9iWoMMv5ZNmk3zLJ4Ep";
  static final String AUTH = "/admin/v2/logs/authentication";
  static final String ADMIN = "/admin/v1/logs/administrator";

  @TempDir Path dir;
  private WireMockServer duo;
  private final MutableClock clock = MutableClock.at(NOW);
  private final List<Duration> slept = new ArrayList<>();

  @BeforeEach
  void start() {
    duo = new WireMockServer(wireMockConfig().bindAddress("127.0.0.1").dynamicPort());
    duo.start();
  }

  @AfterEach
  void stop() {
    duo.stop();
  }

  static String auth(String txid, long ts, String result) {
    return "{\"access_device\":{\"browser\":\"Chrome\",\"browser_version\":\"120.0.0.0\","
        + "\"hostname\":null,\"ip\":\"169.232.89.219\",\"location\":{\"city\":\"Ann Arbor\","
        + "\"country\":\"United States\",\"state\":\"Michigan\"},\"os\":\"Mac OS X\","
        + "\"os_version\":\"14.1\"},\"alias\":\"\",\"application\":{\"key\":"
        + "\"DIY231J8BR23QK4UKBY8\",\"name\":\"Microsoft Azure Active Directory\"},"
        + "\"auth_device\":{\"ip\":\"192.168.225.254\",\"name\":\"My iPhone X (734-555-2342)\"},"
        + "\"email\":\"narroway@example.com\",\"event_type\":\"authentication\",\"factor\":"
        + "\"duo_push\",\"isotimestamp\":\""
        + Instant.ofEpochSecond(ts)
        + "\",\"ood_software\":null,\"reason\":\""
        + ("success".equals(result) ? "user_approved" : "user_marked_fraud")
        + "\",\"result\":\""
        + result
        + "\",\"timestamp\":"
        + ts
        + ",\"trusted_endpoint_status\":\"not trusted\",\"txid\":\""
        + txid
        + "\",\"user\":{\"groups\":[\"Duo Users\"],\"key\":\"DU3KC77WJ06Y5HIV7XKQ\","
        + "\"name\":\"narroway@example.com\"}}";
  }

  static String admin(String action, long ts) {
    return "{\"action\":\""
        + action
        + "\",\"description\":\"{\\\"realname\\\": \\\"Joe Smith\\\"}\",\"isotimestamp\":\""
        + Instant.ofEpochSecond(ts)
        + "\",\"object\":\"jsmith\",\"timestamp\":"
        + ts
        + ",\"username\":\"admin\"}";
  }

  static ResponseDefinitionBuilder ok(String response) {
    return aResponse()
        .withStatus(200)
        .withHeader("Content-Type", "application/json")
        .withBody("{\"stat\":\"OK\",\"response\":" + response + "}");
  }

  static String authPage(String logs, String nextOffset) {
    return "{\"authlogs\":["
        + logs
        + "],\"metadata\":"
        + (nextOffset == null
            ? "{\"total_objects\":3}"
            : "{\"next_offset\":[" + nextOffset + "],\"total_objects\":3}")
        + "}";
  }

  private ProviderContext context() {
    return new ProviderContext(
        MantissaConfig.builder().dataDir(dir.resolve("data")).build(), clock, Map.of());
  }

  private CollectorRunner runner(CapturingStore store, StateStore state) {
    DuoAdminLogCollector collector =
        DuoAdminLogCollector.builder()
            .baseUrl(duo.baseUrl())
            .allowPrivateAddresses(true)
            .keys(IKEY, Secret.of(SKEY))
            .limit(10)
            .since(SINCE)
            .clock(clock)
            .parser(SourceCatalog.builtIn().parser("duo", context()))
            .build();
    return CollectorRunner.builder(collector, store, state)
        .retry(
            new RetryPolicy(3, Duration.ofSeconds(1), Duration.ofSeconds(8), Duration.ofMinutes(5)))
        .sleeper(slept::add)
        .random(new Random(9))
        .build();
  }

  @Test
  void pagesBothLogsWithSignedRequestsResumesAfterARestartAndPollsOnWithoutDuplicates() {
    long end1 = NOW.minus(Duration.ofMinutes(2)).toEpochMilli();
    duo.stubFor(
        get(urlPathEqualTo(AUTH))
            .withQueryParam("mintime", equalTo(String.valueOf(SINCE.toEpochMilli())))
            .withQueryParam("maxtime", equalTo(String.valueOf(end1)))
            .withQueryParam("sort", equalTo("ts:asc"))
            .withQueryParam("next_offset", absent())
            .willReturn(
                ok(
                    authPage(
                        auth("t1", T + 1, "success") + "," + auth("t2", T + 2, "fraud"),
                        "\"" + (T + 2) * 1000 + "\",\"t2\""))));
    duo.stubFor(
        get(urlPathEqualTo(AUTH))
            .withQueryParam("next_offset", equalTo((T + 2) * 1000 + ",t2"))
            .inScenario("p2")
            .whenScenarioStateIs(Scenario.STARTED)
            .willReturn(aResponse().withStatus(500))
            .willSetStateTo("up"));
    duo.stubFor(
        get(urlPathEqualTo(AUTH))
            .withQueryParam("next_offset", equalTo((T + 2) * 1000 + ",t2"))
            .inScenario("p2")
            .whenScenarioStateIs("up")
            .willReturn(ok(authPage(auth("t3", T + 3, "success"), null))));
    duo.stubFor(
        get(urlPathEqualTo(ADMIN))
            .withQueryParam("mintime", equalTo(String.valueOf(SINCE.getEpochSecond())))
            .willReturn(ok("[" + admin("user_create", T + 4) + "]")));

    List<Event> events = new ArrayList<>();
    Path data = dir.resolve("data");
    try (CapturingStore store = new CapturingStore(LocalEventStore.open(data, clock), events);
        StateStore state = new LocalStateStoreProvider().create(context())) {
      assertThat(runner(store, state).run(1, p -> {}).events()).isEqualTo(2);
    }
    try (CapturingStore store = new CapturingStore(LocalEventStore.open(data, clock), events);
        StateStore state = new LocalStateStoreProvider().create(context())) {
      CollectorRunner.RunReport rest = runner(store, state).run(10, p -> {});
      assertThat(rest.events()).isEqualTo(2);
      assertThat(rest.rejected()).isZero();
      assertThat(rest.retries()).isEqualTo(1);
      assertThat(rest.caughtUp()).isTrue();
    }

    // ten minutes later: the authentication log from t3's second (a 429 first; t3 again and t4),
    // the administrator log from its newest second (the same record again, then a new one)
    clock.set(NOW.plus(Duration.ofMinutes(10)));
    duo.stubFor(
        get(urlPathEqualTo(AUTH))
            .withQueryParam("mintime", equalTo(String.valueOf((T + 3) * 1000)))
            .inScenario("walk2")
            .whenScenarioStateIs(Scenario.STARTED)
            .willReturn(
                aResponse()
                    .withStatus(429)
                    .withHeader("Content-Type", "application/json")
                    .withBody(
                        "{\"code\":42901,\"message\":\"Too Many Requests\",\"stat\":\"FAIL\"}"))
            .willSetStateTo("ok"));
    duo.stubFor(
        get(urlPathEqualTo(AUTH))
            .withQueryParam("mintime", equalTo(String.valueOf((T + 3) * 1000)))
            .inScenario("walk2")
            .whenScenarioStateIs("ok")
            .willReturn(
                ok(
                    authPage(
                        auth("t3", T + 3, "success") + "," + auth("t4", T + 300, "success"),
                        null))));
    duo.stubFor(
        get(urlPathEqualTo(ADMIN))
            .withQueryParam("mintime", equalTo(String.valueOf(T + 4)))
            .willReturn(
                ok("[" + admin("user_create", T + 4) + "," + admin("admin_login", T + 200) + "]")));
    try (CapturingStore store = new CapturingStore(LocalEventStore.open(data, clock), events);
        StateStore state = new LocalStateStoreProvider().create(context())) {
      CollectorRunner.RunReport next = runner(store, state).run(10, p -> {});
      assertThat(next.events()).isEqualTo(2);
      assertThat(next.retries()).isEqualTo(1);
      assertThat(next.caughtUp()).isTrue();
    }

    List<String> auths =
        events.stream().filter(e -> e.field(FieldPath.of("txid")) != null).map(Event::id).toList();
    assertThat(auths).containsExactlyInAnyOrder("t1", "t2", "t3", "t4");
    assertThat(events)
        .filteredOn(e -> e.field(FieldPath.of("action")) != null)
        .extracting(e -> String.valueOf(e.field(FieldPath.of("action"))))
        .containsExactlyInAnyOrder("user_create", "admin_login");
    assertThat(events).extracting(Event::id).doesNotHaveDuplicates().hasSize(6);
    Event fraud = events.stream().filter(e -> e.id().equals("t2")).findFirst().orElseThrow();
    assertThat(fraud.normalizedField(FieldPath.of("class_uid"))).isEqualTo(3002);
    assertThat(slept).hasSize(2);

    // every request carries Date and a v5 HMAC-SHA512 signature Duo's server would accept
    List<LoggedRequest> requests = duo.findAll(anyRequestedFor(anyUrl()));
    assertThat(requests).hasSize(7);
    for (LoggedRequest r : requests) {
      URI uri = URI.create(r.getAbsoluteUrl());
      String date = r.getHeader("Date");
      assertThat(date)
          .isIn(DuoSignature.date(NOW), DuoSignature.date(NOW.plus(Duration.ofMinutes(10))));
      String canonical =
          DuoSignature.canonicalV5(
              date,
              "GET",
              URI.create(duo.baseUrl()).getHost(),
              uri.getRawPath(),
              query(uri),
              "",
              Map.of());
      assertThat(r.getHeader("Authorization"))
          .isEqualTo(DuoSignature.authorization(IKEY, SKEY, canonical));
    }
  }

  private static Map<String, String> query(URI uri) {
    Map<String, String> out = new LinkedHashMap<>();
    for (String pair : uri.getRawQuery().split("&")) {
      int eq = pair.indexOf('=');
      out.put(
          URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
          URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
    }
    return out;
  }
}
