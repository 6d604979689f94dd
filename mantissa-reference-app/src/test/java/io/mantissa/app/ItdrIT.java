package io.mantissa.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mantissa.api.Event;
import io.mantissa.api.FieldPath;
import io.mantissa.api.SourceLocation;
import io.mantissa.api.TimeRange;
import io.mantissa.api.config.MantissaConfig;
import io.mantissa.itdr.Finding;
import io.mantissa.itdr.IdentityDetection;
import io.mantissa.itdr.KillChainSettings;
import io.mantissa.sources.SourceCatalog;
import io.mantissa.spi.ProviderContext;
import io.mantissa.spi.source.EventParser;
import io.mantissa.spi.source.ParseResult;
import io.mantissa.testkit.InMemoryStateStore;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code mantissa itdr} and the identity risk API over the demo data in a real local lake. */
class ItdrIT {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir static Path dir;
  static String data;

  @BeforeAll
  static void demo() {
    data = dir.resolve("data").toString();
    CliIT.Run demo = CliIT.run("demo", "--no-serve", "--no-detect", "--data-dir", data);
    assertThat(demo.code()).as(demo.err()).isZero();
  }

  @Test
  void theBatchOverTheLakeFindsWhatTheStreamFinds(@TempDir Path other) {
    String fresh = other.resolve("data").toString();
    assertThat(CliIT.run("demo", "--no-serve", "--no-detect", "--data-dir", fresh).code()).isZero();

    // stream: the demo's lines through the real parsers, in time order, straight into the detectors
    DemoData.Dataset demo = DemoData.generate(42, ApiServerIT.NOW, 3000, 1, List.of());
    SourceCatalog sources = SourceCatalog.builtIn();
    List<Event> events = new ArrayList<>();
    for (Map.Entry<String, List<String>> e : demo.data().lines().entrySet()) {
      EventParser parser =
          sources.parser(e.getKey(), ProviderContext.of(MantissaConfig.defaults(), e.getKey()));
      long line = 0;
      for (String l : e.getValue()) {
        ParseResult r = parser.parse(l, new SourceLocation(e.getKey(), ++line, 1));
        if (r instanceof ParseResult.Parsed p) {
          events.addAll(p.events());
        }
      }
    }
    events.sort(Comparator.comparing(Event::time).thenComparing(Event::id));
    IdentityDetection stream =
        IdentityDetection.builder()
            .stateStore(new InMemoryStateStore(Clock.fixed(ApiServerIT.NOW, ZoneOffset.UTC)))
            .killChain(KillChainSettings.defaults())
            .build();
    List<Finding> streamed = new ArrayList<>();
    for (Event e : events) {
      streamed.addAll(stream.accept(e));
    }
    streamed.addAll(stream.flush());

    // batch: the same data read back from the lake by `mantissa itdr`'s code
    MantissaConfig config = MantissaConfig.builder().dataDir(Path.of(fresh)).build();
    List<Finding> batch;
    List<Event> read;
    try (Installation installation =
        Installation.open(config, Clock.fixed(ApiServerIT.NOW, ZoneOffset.UTC))) {
      TimeRange range = new TimeRange(ApiServerIT.NOW.minus(Duration.ofDays(2)), ApiServerIT.NOW);
      batch = IdentityThreats.run(installation, range).findings();
      read = IdentityThreats.events(installation, range);
    }
    // the batch reads the administrative operations outside the two classes as the stream does
    // (CloudTrail's StopLogging of the escalation chain is spelt in capitals in the lake)
    assertThat(read)
        .anySatisfy(
            e ->
                assertThat(e.normalizedField(FieldPath.of("metadata.event_code")))
                    .isEqualTo("StopLogging"));
    assertThat(streamed).isNotEmpty();
    assertThat(keys(batch)).containsExactlyInAnyOrderElementsOf(keys(streamed));
  }

  private static List<String> keys(List<Finding> findings) {
    return findings.stream()
        .map(
            f ->
                f.detectorId()
                    + " "
                    + f.identityKey()
                    + " "
                    + f.time()
                    + " "
                    + f.evidenceEventIds())
        .toList();
  }

  @Test
  void detectsTheDemoAttacksScoresRiskAndServesIt() throws Exception {
    CliIT.Run r = CliIT.run("itdr", "--last", "2d", "--data-dir", data);
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out())
        .contains("findings", "brute_force", "password_spray", "Riskiest identities:");
    Matcher top = Pattern.compile("Riskiest identities:\\R\\s+(\\d+)\\s+(\\S+)").matcher(r.out());
    assertThat(top.find()).as(r.out()).isTrue();
    int score = Integer.parseInt(top.group(1));
    String identity = top.group(2);
    assertThat(score).isBetween(1, 100);

    CliIT.Run one = CliIT.run("itdr", "--identity", identity, "--data-dir", data);
    assertThat(one.out()).contains(identity + ": risk " + score).contains("points");

    CliIT.Run alerts = CliIT.run("alerts", "list", "--data-dir", data);
    assertThat(alerts.out()).contains("itdr.");

    MantissaConfig config = MantissaConfig.builder().dataDir(Path.of(data)).serverPort(0).build();
    try (Installation installation =
            Installation.open(config, Clock.fixed(ApiServerIT.NOW, ZoneOffset.UTC));
        ApiServer server = new ApiServer(installation, "test").start()) {
      HttpClient http = HttpClient.newHttpClient();
      String base = "http://127.0.0.1:" + server.port();
      JsonNode riskiest =
          JSON.readTree(
              http.send(
                      HttpRequest.newBuilder(
                              URI.create(base + "/api/v1/identities/riskiest?limit=3"))
                          .build(),
                      HttpResponse.BodyHandlers.ofString())
                  .body());
      assertThat(riskiest.get("identities")).isNotEmpty();
      assertThat(riskiest.get("identities").get(0).get("identity").asText()).isEqualTo(identity);
      JsonNode profile =
          JSON.readTree(
              http.send(
                      HttpRequest.newBuilder(
                              URI.create(base + "/api/v1/identities/" + identity + "/risk"))
                          .build(),
                      HttpResponse.BodyHandlers.ofString())
                  .body());
      assertThat(profile.get("score").asInt()).isEqualTo(score);
      assertThat(profile.get("breakdown")).isNotEmpty();
      assertThat(profile.get("trend").asInt())
          .isEqualTo(score - profile.get("score_24h_ago").asInt());

      JsonNode timeline = get(http, base + "/api/v1/identities/" + identity + "/timeline?last=3d");
      assertThat(timeline.get("events")).isNotEmpty();
      for (JsonNode e : timeline.get("events")) {
        assertThat(e.get("time").asText()).isNotEmpty();
        assertThat(e.get("source").asText()).isNotEmpty();
      }
      // a quote in the identity stays inside the literal: no events, no error
      JsonNode hostile = get(http, base + "/api/v1/identities/x'%20OR%20'1'='1/timeline?last=3d");
      assertThat(hostile.get("events")).isEmpty();

      JsonNode baseline = get(http, base + "/api/v1/identities/" + identity + "/baseline");
      assertThat(baseline.get("identity").asText()).isEqualTo(identity);
      assertThat(baseline.get("sign_ins_by_utc_hour")).hasSize(24);
      assertThat(baseline.get("active_days").asInt()).isPositive();
      assertThat(baseline.has("learning")).isTrue();
      HttpResponse<String> unknown =
          http.send(
              HttpRequest.newBuilder(
                      URI.create(base + "/api/v1/identities/nobody@nowhere.example/baseline"))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(unknown.statusCode()).isEqualTo(404);

      JsonNode findings = get(http, base + "/api/v1/identities/" + identity + "/findings");
      assertThat(findings.get("findings")).isNotEmpty();
      for (JsonNode f : findings.get("findings")) {
        assertThat(f.get("status").asText()).isIn("open", "acknowledged");
        assertThat(f.toString()).contains(identity);
      }
    }
  }

  private static JsonNode get(HttpClient http, String url) throws Exception {
    HttpResponse<String> r =
        http.send(
            HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    return JSON.readTree(r.body());
  }
}
