package io.mantissa.app;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code mantissa collect --source okta} in-process against WireMock on loopback replaying the Okta
 * System Log API, into a real local lake, then queried back with {@code mantissa query}.
 */
class CollectCommandIT {
  @TempDir Path dir;
  private WireMockServer okta;

  @BeforeEach
  void start() {
    okta = new WireMockServer(wireMockConfig().bindAddress("127.0.0.1").dynamicPort());
    okta.start();
    okta.stubFor(
        get(urlPathEqualTo("/api/v1/logs"))
            .withQueryParam("after", absent())
            .withQueryParam("since", equalTo(ApiServerIT.NOW.minusSeconds(7 * 86_400L).toString()))
            .willReturn(
                page(
                    "[" + ApiServerIT.okta(30, "a") + "," + ApiServerIT.okta(20, "b") + "]",
                    "p2")));
    okta.stubFor(
        get(urlPathEqualTo("/api/v1/logs"))
            .withQueryParam("after", equalTo("p2"))
            .willReturn(page("[" + ApiServerIT.okta(10, "c") + "]", "p3")));
    okta.stubFor(
        get(urlPathEqualTo("/api/v1/logs"))
            .withQueryParam("after", equalTo("p3"))
            .willReturn(page("[]", "p3")));
  }

  @AfterEach
  void stop() {
    okta.stop();
  }

  private com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder page(
      String body, String next) {
    return aResponse()
        .withStatus(200)
        .withHeader("Content-Type", "application/json")
        .withHeader(
            "Link", "<" + okta.baseUrl() + "/api/v1/logs?limit=2&after=" + next + ">; rel=\"next\"")
        .withBody(body);
  }

  private CliIT.Run run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CliEnvironment environment =
        new CliEnvironment(
            Clock.fixed(ApiServerIT.NOW, ZoneOffset.UTC),
            Map.of(
                "mantissa.providers.okta-collector.base-url", okta.baseUrl(),
                "mantissa.providers.okta-collector.api-token", "secret-token-1",
                "mantissa.providers.okta-collector.allow-private-addresses", "true"),
            Map.of());
    int code =
        MantissaCommand.commandLine(environment, new PrintWriter(out), new PrintWriter(err))
            .execute(args);
    return new CliIT.Run(code, out.toString(), err.toString());
  }

  @Test
  void collectsPageByPageResumesFromTheCheckpointAndTheEventsAreQueryable() {
    String data = dir.resolve("data").toString();
    CliIT.Run first = run("collect", "--source", "okta", "--max-pages", "1", "--data-dir", data);
    assertThat(first.code()).as(first.err()).isZero();
    assertThat(first.err()).contains("... page 1: 2 events, 0 rejected, 0 duplicates");
    assertThat(first.out()).contains("okta: 2 events collected, 0 records rejected, 1 pages");
    assertThat(first.out()).contains("more to collect");
    assertThat(first.out() + first.err()).doesNotContain("secret-token-1");

    CliIT.Run second = run("collect", "-s", "okta", "--once", "--data-dir", data);
    assertThat(second.code()).as(second.err()).isZero();
    assertThat(second.out())
        .contains("okta: 1 events collected, 0 records rejected, 2 pages, caught up");

    CliIT.Run query = run("query", "SELECT id FROM okta ORDER BY id", "--data-dir", data);
    assertThat(query.code()).as(query.err()).isZero();
    String[] lines = query.out().split("\\R");
    assertThat(lines).hasSizeGreaterThan(5);
    assertThat(lines[2].strip()).isEqualTo("a");
    assertThat(lines[3].strip()).isEqualTo("b");
    assertThat(lines[4].strip()).isEqualTo("c");
    assertThat(lines[5]).startsWith("(3 rows, ");
    okta.verify(
        3,
        getRequestedFor(urlPathEqualTo("/api/v1/logs"))
            .withHeader("Authorization", equalTo("SSWS secret-token-1")));
  }

  @Test
  void aSourceWithoutACollectorIsAUsageError() {
    CliIT.Run r = run("collect", "--source", "nope", "--once", "--data-dir", dir.toString());
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).contains("no collector for source 'nope'", "okta");
  }
}
