package io.mantissa.alerting;

import static org.assertj.core.api.Assertions.assertThat;

import io.mantissa.api.Alert;
import io.mantissa.api.AlertStatus;
import io.mantissa.api.Entity;
import io.mantissa.api.Severity;
import io.mantissa.testkit.InMemoryStateStore;
import io.mantissa.testkit.MutableClock;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.EnumSet;
import java.util.Random;
import org.junit.jupiter.api.Test;

class RouteTest {
  private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");

  private static Alert alert(String rule, Severity severity, String tag, String source) {
    Alert.Builder b =
        Alert.builder()
            .id("a")
            .ruleId(rule)
            .title("t")
            .severity(severity)
            .time(Instant.EPOCH)
            .attackTag(tag);
    if (source != null) {
      b.enrichment("source", source);
    }
    return b.build();
  }

  @Test
  void matchesBySeverityRuleTagAndSource() {
    Route route =
        Route.to("pagerduty")
            .minSeverity(Severity.HIGH)
            .rules("okta-brute-force", "okta-mfa-fatigue")
            .tags("attack.t1110", "attack.t1621")
            .sources("okta")
            .build();
    Instant now = Instant.parse("2026-01-05T12:00:00Z");

    assertThat(route.matches(alert("okta-brute-force", Severity.HIGH, "attack.t1110", "okta"), now))
        .isTrue();
    assertThat(
            route.matches(alert("okta-brute-force", Severity.MEDIUM, "attack.t1110", "okta"), now))
        .isFalse();
    assertThat(route.matches(alert("other", Severity.HIGH, "attack.t1110", "okta"), now)).isFalse();
    assertThat(route.matches(alert("okta-brute-force", Severity.HIGH, "attack.t1078", "okta"), now))
        .isFalse();
    assertThat(route.matches(alert("okta-brute-force", Severity.HIGH, "attack.t1110", "gcp"), now))
        .isFalse();
    assertThat(route.matches(alert("okta-brute-force", Severity.HIGH, "attack.t1110", null), now))
        .isFalse();
    assertThat(Route.to("x").build().matches(alert("r", Severity.INFORMATIONAL, "t", null), now))
        .isTrue();
  }

  @Test
  void timeWindowsIncludingOvernightOnes() {
    Route business = businessHours(Route.to("slack")).build();
    Route nights = nights(Route.to("pagerduty")).build();
    // Monday 2026-01-05; Berlin is UTC+1 in winter
    assertThat(business.inWindow(Instant.parse("2026-01-05T08:00:00Z"))).isTrue(); // 09:00
    assertThat(business.inWindow(Instant.parse("2026-01-05T15:59:59Z"))).isTrue(); // 16:59:59
    assertThat(business.inWindow(Instant.parse("2026-01-05T16:00:00Z"))).isFalse(); // 17:00
    assertThat(business.inWindow(Instant.parse("2026-01-10T10:00:00Z"))).isFalse(); // Saturday
    assertThat(nights.inWindow(Instant.parse("2026-01-05T22:00:00Z"))).isTrue(); // 23:00
    assertThat(nights.inWindow(Instant.parse("2026-01-05T05:00:00Z"))).isTrue(); // 06:00
    assertThat(nights.inWindow(Instant.parse("2026-01-05T11:00:00Z"))).isFalse(); // 12:00
  }

  @Test
  void statusChangesFollowTheAlertToTheSinksItsCreationWentTo() {
    MutableClock clock = MutableClock.at(Instant.parse("2026-01-05T22:00:00Z")); // 23:00 Berlin
    InMemoryStateStore store = new InMemoryStateStore(clock);
    RecordingSink pager = new RecordingSink("pagerduty");
    RecordingSink chat = new RecordingSink("slack");
    Outbox outbox =
        Outbox.builder()
            .stateStore(store)
            .clock(clock)
            .random(new Random(5))
            .sink(pager, RedactionPolicy.none())
            .sink(chat, RedactionPolicy.none())
            .build();
    AlertPipeline pipeline =
        AlertPipeline.builder()
            .stateStore(store)
            .clock(clock)
            .outbox(outbox)
            .route(nights(Route.to("pagerduty").minSeverity(Severity.HIGH)).build())
            .route(businessHours(Route.to("slack")).build())
            .build();

    AlertRecord night =
        ((PipelineOutcome.Created)
                pipeline.process(
                    Detection.builder()
                        .ruleId("okta-brute-force")
                        .title("t")
                        .severity(Severity.HIGH)
                        .time(clock.instant())
                        .source("okta")
                        .entity(Entity.user("alice"))
                        .build()))
            .alert();
    outbox.deliverDue();
    clock.advance(Duration.ofHours(12)); // Tuesday 11:00 Berlin: business hours
    pipeline.updateStatus(night.id(), AlertStatus.RESOLVED, "oncall", "done");
    outbox.deliverDue();

    assertThat(night.alert().enrichment()).containsEntry("source", "okta");
    assertThat(pager.calls())
        .extracting(c -> c.alert().status())
        .containsExactly(AlertStatus.OPEN, AlertStatus.RESOLVED);
    assertThat(chat.calls()).as("slack never had the alert").isEmpty();
  }

  /** Monday to Friday, 09:00 to 17:00 in Berlin. */
  private static Route.Builder businessHours(Route.Builder route) {
    return route.window(
        EnumSet.range(DayOfWeek.MONDAY, DayOfWeek.FRIDAY),
        LocalTime.of(9, 0),
        LocalTime.of(17, 0),
        BERLIN);
  }

  /** Every day, 17:00 to 09:00 (over midnight) in Berlin. */
  private static Route.Builder nights(Route.Builder route) {
    return route.window(
        EnumSet.allOf(DayOfWeek.class), LocalTime.of(17, 0), LocalTime.of(9, 0), BERLIN);
  }
}
