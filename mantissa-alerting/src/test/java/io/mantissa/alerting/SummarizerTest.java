package io.mantissa.alerting;

import static org.assertj.core.api.Assertions.assertThat;

import io.mantissa.api.Alert;
import io.mantissa.api.Entity;
import io.mantissa.api.Severity;
import io.mantissa.spi.enrich.AlertSummarizer;
import io.mantissa.spi.enrich.AlertSummary;
import io.mantissa.testkit.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The 5W1H summary through the {@link AlertSummarizer} SPI: what the summarizer is given
 * (redacted), when its answer is used, and the template fallback.
 */
class SummarizerTest {
  private final MutableClock clock = MutableClock.create();

  /**
   * A summarizer that writes its summary from the alert it receives (as a model would) and keeps
   * every alert it was given.
   */
  private static final class EchoSummarizer implements AlertSummarizer {
    final List<Alert> seen = new ArrayList<>();
    boolean down;

    @Override
    public Optional<AlertSummary> summarize(Alert alert) {
      seen.add(alert);
      if (down) {
        return Optional.empty();
      }
      String who =
          alert.entities().stream()
              .filter(e -> e.type() == io.mantissa.api.EntityType.USER)
              .map(Entity::value)
              .findFirst()
              .orElse("nobody");
      return Optional.of(
          new AlertSummary(
              who,
              alert.title(),
              alert.time().toString(),
              "somewhere",
              alert.ruleId(),
              "model",
              who + " triggered " + alert.ruleId()));
    }
  }

  private static Alert alert(String id) {
    return Alert.builder()
        .id(id)
        .ruleId("secrets-in-logs")
        .title("Token ghp_0123456789abcdefghijklmnopqrstuvwxyzAB leaked by alice@example.com")
        .severity(Severity.HIGH)
        .time(Instant.parse("2026-01-01T00:00:00Z"))
        .entity(Entity.user("alice@example.com"))
        .entity(Entity.ip("203.0.113.7"))
        .eventId("e1")
        .build();
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> summary(Alert a) {
    return (Map<String, Object>) a.enrichment().get("summary_5w1h");
  }

  @Test
  void theSummarizerGetsARedactedAlertAndItsAnswerIsTheSummary() {
    EchoSummarizer llm = new EchoSummarizer();
    AlertEnricher e =
        AlertEnricher.builder()
            .clock(clock)
            .summarizer(llm, 10, RedactionPolicy.standard())
            .build();

    Alert enriched = e.enrich(alert("a1"));

    assertThat(llm.seen).hasSize(1);
    String given = llm.seen.get(0).toString();
    assertThat(given)
        .doesNotContain("ghp_0123456789abcdefghijklmnopqrstuvwxyzAB", "alice@example.com")
        .contains("203.0.113.7"); // the standard policy keeps IPs
    assertThat(llm.seen.get(0).enrichment()).containsKey("summary_5w1h"); // the template as context
    assertThat(summary(enriched))
        .containsEntry("generator", "llm")
        .containsEntry("why", "secrets-in-logs")
        .containsEntry("how", "model");
    assertThat((String) summary(enriched).get("who")).doesNotContain("alice@example.com");
    // the alert itself is not redacted: redaction happens per sink
    assertThat(enriched.title()).contains("alice@example.com");
    assertThat(enriched.enrichment()).doesNotContainKey("enrichment_notes");
  }

  @Test
  void withoutAnAnswerOrOverItsRateTheTemplateIsUsedAndNoted() {
    EchoSummarizer llm = new EchoSummarizer();
    llm.down = true;
    AlertEnricher e =
        AlertEnricher.builder().clock(clock).summarizer(llm, 2, RedactionPolicy.all()).build();

    Alert down = e.enrich(alert("a1"));
    assertThat(summary(down)).containsEntry("generator", "template");
    assertThat((String) summary(down).get("text")).contains("detected by rule secrets-in-logs");
    assertThat(down.enrichment().get("enrichment_notes"))
        .asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.LIST)
        .containsExactly("summary_llm: unavailable for a1 (no summary, template used)");

    llm.down = false;
    assertThat(summary(e.enrich(alert("a2")))).containsEntry("generator", "llm");
    Alert limited = e.enrich(alert("a3")); // third call within the minute, limit 2
    assertThat(summary(limited)).containsEntry("generator", "template");
    assertThat(limited.enrichment().get("enrichment_notes"))
        .asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.LIST)
        .containsExactly("summary_llm: rate limited, skipped a3");
    assertThat(llm.seen).hasSize(2);

    clock.advance(Duration.ofMinutes(1));
    assertThat(summary(e.enrich(alert("a4")))).containsEntry("generator", "llm");
    assertThat(llm.seen.get(1).toString()).doesNotContain("203.0.113.7"); // policy all: IPs too
  }

  @Test
  void aThrowingSummarizerNeverFailsTheAlert() {
    AlertEnricher e =
        AlertEnricher.builder()
            .clock(clock)
            .summarizer(
                a -> {
                  throw new IllegalStateException("model exploded");
                },
                10,
                RedactionPolicy.standard())
            .build();

    Alert a = e.enrich(alert("a1"));

    assertThat(summary(a)).containsEntry("generator", "template");
    assertThat(a.enrichment().get("enrichment_notes"))
        .asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.LIST)
        .containsExactly("summary_llm: lookup failed for a1");
  }
}
