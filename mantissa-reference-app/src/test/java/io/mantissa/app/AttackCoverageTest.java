package io.mantissa.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.mantissa.alerting.Detection;
import io.mantissa.api.Entity;
import io.mantissa.api.Severity;
import io.mantissa.sources.synthetic.GroundTruth;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Which attacks the demo's detections cover. */
class AttackCoverageTest {
  private static final Instant START = Instant.parse("2026-11-25T10:00:00Z");

  private static final GroundTruth SPRAY =
      new GroundTruth(
          "password_spray",
          List.of("T1110.003"),
          "password spray from 203.0.113.50",
          List.of(Entity.ip("203.0.113.50")),
          List.of(Entity.user("alice@example.com")),
          START,
          START.plusSeconds(600),
          Map.of(),
          List.of(
              new GroundTruth.EventRef("okta", "evt-1"), new GroundTruth.EventRef("okta", "e2")));

  private static final GroundTruth ROOT =
      new GroundTruth(
          "root_account_use",
          List.of("T1078.004"),
          "root console login",
          List.of(Entity.user("root")),
          List.of(),
          START,
          START,
          Map.of(),
          List.of(new GroundTruth.EventRef("aws_cloudtrail", "ct-9")));

  private static Detection detection(String rule, Instant time, Entity entity, String eventId) {
    Detection.Builder b =
        Detection.builder()
            .ruleId(rule)
            .title(rule.startsWith("sigma.") ? "Title of " + rule : rule)
            .severity(Severity.HIGH)
            .time(time)
            .source(rule.startsWith("sigma.") ? "sigma" : "itdr");
    if (entity != null) {
      b.entity(entity);
    }
    if (eventId != null) {
      b.eventId(eventId);
    }
    return b.build();
  }

  @Test
  void aDetectionCitingAnEventOfTheAttackFindsIt() {
    AttackCoverage coverage = new AttackCoverage(List.of(SPRAY, ROOT));

    coverage.accept(detection("sigma.root", START.plusSeconds(86_400), null, "ct-9"));

    assertThat(coverage.foundBy(1)).containsExactly("\"Title of sigma.root\"");
    assertThat(coverage.foundBy(0)).isEmpty();
    assertThat(coverage.foundCount()).isEqualTo(1);
    assertThat(coverage.lines())
        .containsExactly(
            String.format("%-28s %s", "password_spray", "NOT FOUND"),
            String.format("%-28s %s", "root_account_use", "\"Title of sigma.root\""));
  }

  @Test
  void aDetectionNamingAnActorOrTargetFindsItOnlyNearItsTime() {
    AttackCoverage coverage = new AttackCoverage(List.of(SPRAY));

    coverage.accept(
        detection(
            "itdr.far",
            START.minus(AttackCoverage.SLACK).minusSeconds(1),
            Entity.ip("203.0.113.50"),
            null));
    coverage.accept(detection("itdr.other", START, Entity.ip("198.51.100.1"), "unrelated"));
    assertThat(coverage.foundBy(0)).isEmpty();

    coverage.accept(
        detection("sigma.corr", START.plusSeconds(900), Entity.user("ALICE@example.com"), null));
    coverage.accept(
        detection(
            "itdr.password_spray",
            START.plusSeconds(600).plus(AttackCoverage.SLACK),
            Entity.ip("203.0.113.50"),
            null));
    assertThat(coverage.foundBy(0))
        .containsExactlyInAnyOrder("\"Title of sigma.corr\"", "itdr.password_spray");
  }
}
