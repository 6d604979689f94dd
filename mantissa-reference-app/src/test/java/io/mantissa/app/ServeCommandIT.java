package io.mantissa.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mantissa.api.ErrorCode;
import io.mantissa.api.MantissaException;
import io.mantissa.api.config.MantissaConfig;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code serve}'s start: what it prints, the push route live, and a clean stop. */
class ServeCommandIT {
  @TempDir Path dir;

  @Test
  void startPrintsTheReceiversAndTheScheduleServesPushesAndStops() throws Exception {
    Path rules = Files.createDirectories(dir.resolve("rules"));
    MantissaConfig config =
        MantissaConfig.builder()
            .dataDir(dir.resolve("data"))
            .serverPort(0)
            .providerSetting("kubernetes_push", "auth", "bearer")
            .providerSetting("kubernetes_push", "token", "k8s-token-1")
            .providerSetting("detection", "rules", rules.toString())
            .providerSetting("detection", "schedule", "10m")
            .build();
    StringWriter out = new StringWriter();
    Installation installation =
        Installation.open(config, Clock.fixed(ApiServerIT.NOW, ZoneOffset.UTC));
    ServeCommand.Running running = ServeCommand.start(installation, new PrintWriter(out));
    try {
      assertThat(out.toString())
          .contains("Push receivers: POST /api/v1/push/kubernetes\n")
          .contains("Scheduled:\n  alert-delivery: alert delivery and escalation every 1s\n")
          .contains(
              "  detection: Sigma rules in "
                  + rules.toAbsolutePath().normalize()
                  + " every 10m (a new rule looks back 24h)\n")
          .contains("(no collectors: set mantissa.providers.collect.sources")
          .doesNotContain("k8s-token-1");
      HttpResponse<String> r =
          HttpClient.newHttpClient()
              .send(
                  HttpRequest.newBuilder(
                          URI.create(
                              "http://127.0.0.1:"
                                  + running.server().port()
                                  + "/api/v1/push/kubernetes"))
                      .header("Authorization", "Bearer k8s-token-1")
                      .POST(
                          HttpRequest.BodyPublishers.ofString(
                              PushApiIT.eventList(
                                  PushApiIT.auditEvent("s1", "2026-03-01T11:00:00Z", "list"))))
                      .build(),
                  HttpResponse.BodyHandlers.ofString());
      assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
      assertThat(r.body()).contains("\"accepted\":1");
    } finally {
      running.close();
    }
    assertThat(running.scheduler().isStopped()).isTrue();
  }

  @Test
  void badScheduleSettingsStopTheStartBeforeItListens() {
    MantissaConfig config =
        MantissaConfig.builder()
            .dataDir(dir.resolve("data"))
            .serverPort(0)
            .providerSetting("collect", "sources", "nope")
            .build();
    Installation installation =
        Installation.open(config, Clock.fixed(ApiServerIT.NOW, ZoneOffset.UTC));
    StringWriter out = new StringWriter();
    assertThatThrownBy(() -> ServeCommand.start(installation, new PrintWriter(out)))
        .isInstanceOf(MantissaException.class)
        .hasMessageContaining("mantissa.providers.collect.sources: nope")
        .extracting(e -> ((MantissaException) e).code())
        .isEqualTo(ErrorCode.CONFIG_INVALID);
    assertThat(out.toString()).isEmpty();
  }
}
