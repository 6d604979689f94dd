package io.mantissa.alerting;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.mantissa.api.config.Secret;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kills the delivering process with SIGKILL while webhook deliveries are in flight, restarts it,
 * and checks on what the webhook received that every alert arrived, and that a receiver
 * deduplicating on the idempotency header sees each alert exactly once.
 */
class OutboxKillIT {
  private static final int ALERTS = 40;

  @TempDir Path dir;
  private WireMockServer webhook;

  @BeforeEach
  void start() {
    webhook = new WireMockServer(wireMockConfig().bindAddress("127.0.0.1").dynamicPort());
    webhook.start();
    // Slow answers keep deliveries in flight when the kill comes.
    webhook.stubFor(
        post(urlEqualTo("/hook")).willReturn(aResponse().withStatus(200).withFixedDelay(150)));
  }

  @AfterEach
  void stop() {
    webhook.stop();
  }

  private Process child(String mode, String log) throws Exception {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    ProcessBuilder pb =
        new ProcessBuilder(
            java,
            "-cp",
            System.getProperty("java.class.path"),
            "-Xmx256m",
            "-XX:TieredStopAtLevel=1",
            OutboxChild.class.getName(),
            dir.resolve("data").toString(),
            Integer.toString(webhook.port()),
            Integer.toString(ALERTS),
            mode);
    pb.redirectErrorStream(true);
    pb.redirectOutput(dir.resolve(log).toFile());
    return pb.start();
  }

  @Test
  void everyAlertArrivesAndNoneTwiceForAReceiverThatHonoursTheIdempotencyKey() throws Exception {
    Process first = child("run", "first.log");
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (webhook.getAllServeEvents().size() < 8 && first.isAlive()) {
      assertThat(System.nanoTime()).as("first deliveries within 60 s").isLessThan(deadline);
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(10));
    }
    first.destroyForcibly(); // SIGKILL
    assertThat(first.waitFor(30, TimeUnit.SECONDS)).isTrue();
    int beforeKill = webhook.getAllServeEvents().size();
    assertThat(beforeKill)
        .as(
            "killed in the middle of delivering; child log:%n%s",
            Files.readString(dir.resolve("first.log")))
        .isBetween(1, ALERTS - 1);

    Process second = child("drain", "second.log");
    assertThat(second.waitFor(90, TimeUnit.SECONDS)).as("restart drains the outbox").isTrue();
    assertThat(second.exitValue()).as(Files.readString(dir.resolve("second.log"))).isZero();

    List<LoggedRequest> received = new ArrayList<>();
    webhook.getAllServeEvents().forEach(e -> received.add(e.getRequest()));
    Map<String, String> alertByKey = new HashMap<>();
    Set<String> processedAlerts = new HashSet<>();
    for (LoggedRequest r : received) {
      String key = r.getHeader(WebhookSink.IDEMPOTENCY_HEADER);
      assertThat(key).as("every request carries the idempotency header").isNotBlank();
      String body = r.getBodyAsString();
      String timestamp = r.getHeader(WebhookSink.TIMESTAMP_HEADER);
      assertThat(r.getHeader(WebhookSink.SIGNATURE_HEADER))
          .isEqualTo(
              "v1=" + WebhookSink.sign(Secret.of(OutboxChild.SECRET), timestamp + "." + body));
      String alertId = Json.read(body).path("alert").path("id").asText();
      String previous = alertByKey.putIfAbsent(key, alertId);
      if (previous == null) {
        processedAlerts.add(alertId); // what a receiver deduplicating on the header processes
      } else {
        assertThat(previous).as("a repeated key carries the same alert").isEqualTo(alertId);
      }
    }
    Set<String> expected = new HashSet<>();
    for (int i = 0; i < ALERTS; i++) {
      expected.add("alert-" + i);
    }
    assertThat(processedAlerts).isEqualTo(expected);
    assertThat(alertByKey).hasSize(ALERTS);
    // Repeats (typically one per worker whose request was in flight at the kill) all carried
    // the key of their first delivery, as checked above; there is no systematic resending.
    assertThat(received.size()).isBetween(ALERTS, 2 * ALERTS);
    File data = dir.resolve("data").toFile();
    assertThat(data).isDirectory();
  }
}
