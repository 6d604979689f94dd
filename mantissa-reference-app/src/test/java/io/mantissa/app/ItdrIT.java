package io.mantissa.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mantissa.api.config.MantissaConfig;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneOffset;
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
    CliIT.Run demo = CliIT.run("demo", "--no-serve", "--data-dir", data);
    assertThat(demo.code()).as(demo.err()).isZero();
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
    }
  }
}
