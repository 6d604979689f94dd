package io.mantissa.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mantissa.alerting.Route;
import io.mantissa.api.Alert;
import io.mantissa.api.AlertStatus;
import io.mantissa.api.ErrorCode;
import io.mantissa.api.MantissaException;
import io.mantissa.api.Severity;
import io.mantissa.api.config.MantissaConfig;
import io.mantissa.testkit.InMemoryStateStore;
import io.mantissa.testkit.MutableClock;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Reading routes and escalation steps from a sink's {@code mantissa.providers.<kind>} settings. */
class AlertRoutesTest {

  private static Alert alert(String rule, Severity severity, String source, String... tags) {
    Alert.Builder b =
        Alert.builder()
            .id("a-" + rule)
            .ruleId(rule)
            .title("t")
            .severity(severity)
            .time(Instant.parse("2026-03-02T08:30:00Z"))
            .dedupKey(rule)
            .status(AlertStatus.OPEN);
    if (!source.isEmpty()) {
      b.enrichment("source", source);
    }
    for (String tag : tags) {
      b.attackTag(tag);
    }
    return b.build();
  }

  @Test
  void routeFiltersAreReadFromNamedRouteMaps() {
    List<Route> routes =
        Alerting.routes(
            "slack",
            "soc",
            Map.of(
                "webhook-url", "https://hooks.slack.com/x",
                "routes.identity.sources", "okta, entra,okta",
                "routes.identity.tags", "attack.t1110",
                "routes.identity.rules", "r1,r2",
                "routes.critical.min-severity", "critical"));

    assertThat(routes).hasSize(2);
    Route critical = routes.get(0); // by name
    Route identity = routes.get(1);
    assertThat(critical.sink()).isEqualTo("soc");
    assertThat(critical.minSeverity()).isEqualTo(Severity.CRITICAL);
    assertThat(identity.sources()).containsExactlyInAnyOrder("okta", "entra");
    assertThat(identity.tags()).containsExactly("attack.t1110");
    assertThat(identity.ruleIds()).containsExactlyInAnyOrder("r1", "r2");
    Instant now = Instant.parse("2026-03-02T08:30:00Z");
    assertThat(identity.matches(alert("r1", Severity.LOW, "okta", "attack.t1110"), now)).isTrue();
    assertThat(identity.matches(alert("r1", Severity.LOW, "aws", "attack.t1110"), now)).isFalse();
    assertThat(identity.matches(alert("r3", Severity.LOW, "okta", "attack.t1110"), now)).isFalse();
    assertThat(identity.matches(alert("r1", Severity.LOW, "okta"), now)).isFalse();
  }

  @Test
  void windowsReadDaysTimesAndZones() {
    Route.Builder b = Route.to("s");
    Alerting.window(b, "k.", "mon-fri 08:00-18:00", "Europe/Amsterdam");
    Route business = b.build();
    assertThat(business.days())
        .containsExactlyInAnyOrder(
            DayOfWeek.MONDAY,
            DayOfWeek.TUESDAY,
            DayOfWeek.WEDNESDAY,
            DayOfWeek.THURSDAY,
            DayOfWeek.FRIDAY);
    assertThat(business.from()).isEqualTo(LocalTime.of(8, 0));
    assertThat(business.until()).isEqualTo(LocalTime.of(18, 0));
    assertThat(business.zone()).isEqualTo(ZoneId.of("Europe/Amsterdam"));
    Alert a = alert("r", Severity.HIGH, "");
    assertThat(business.matches(a, Instant.parse("2026-03-02T07:30:00Z"))).isTrue(); // 08:30 CET
    assertThat(business.matches(a, Instant.parse("2026-03-02T06:59:00Z"))).isFalse(); // 07:59
    assertThat(business.matches(a, Instant.parse("2026-03-01T10:00:00Z"))).isFalse(); // Sunday

    Route.Builder nights = Route.to("s");
    Alerting.window(nights, "k.", "22:00-06:00", "UTC");
    Route night = nights.build();
    assertThat(night.days()).hasSize(7);
    assertThat(night.matches(a, Instant.parse("2026-03-02T23:00:00Z"))).isTrue();
    assertThat(night.matches(a, Instant.parse("2026-03-02T05:59:00Z"))).isTrue();
    assertThat(night.matches(a, Instant.parse("2026-03-02T12:00:00Z"))).isFalse();

    Route.Builder wrap = Route.to("s");
    Alerting.window(wrap, "k.", "fri-mon", "UTC");
    assertThat(wrap.build().days())
        .containsExactlyInAnyOrder(
            DayOfWeek.FRIDAY, DayOfWeek.SATURDAY, DayOfWeek.SUNDAY, DayOfWeek.MONDAY);

    Route.Builder named = Route.to("s");
    Alerting.window(named, "k.", "Saturday,SUN", "UTC");
    assertThat(named.build().days())
        .containsExactlyInAnyOrder(DayOfWeek.SATURDAY, DayOfWeek.SUNDAY);
  }

  @Test
  void badRouteSettingsAreConfigurationErrorsNamingTheKey() {
    assertConfigError(
        Map.of("routes.x.severity", "high"), "mantissa.providers.slack.routes.x.severity");
    assertConfigError(Map.of("routes.min-severity", "high"), "mantissa.providers.slack.routes.min");
    assertConfigError(
        Map.of("routes.x.window", "weekdays 8-18"), "mantissa.providers.slack.routes.x.window");
    assertConfigError(
        Map.of("routes.x.window", "mon-fri 08:00-18:00", "routes.x.zone", "Mars/Olympus"),
        "mantissa.providers.slack.routes.x.window");
    assertConfigError(
        Map.of("routes.x.zone", "UTC"), "mantissa.providers.slack.routes.x.zone needs a window");
    assertConfigError(
        Map.of("routes.x.min-severity", "loud"), "mantissa.providers.slack.routes.x.min-severity");
    assertConfigError(
        Map.of("min-severity", "high", "routes.x.tags", "a"),
        "mantissa.providers.slack.min-severity and routes both set");
  }

  @Test
  void anEscalationStepNeedsADelayAndASinkHasOneStep() {
    var steps =
        Alerting.escalations(
            "pagerduty",
            "pd",
            Map.of("escalations.second.after", "1h", "escalations.second.min-severity", "high"));
    assertThat(steps).hasSize(1);
    assertThat(steps.get(0).after()).isEqualTo(java.time.Duration.ofHours(1));
    assertThat(steps.get(0).minSeverity()).isEqualTo(Severity.HIGH);
    assertThat(steps.get(0).sink()).isEqualTo("pd");
    assertThat(
            Alerting.escalations("teams", "t", Map.of("escalate-after", "15m"))
                .get(0)
                .minSeverity())
        .isEqualTo(Severity.CRITICAL);

    assertThatThrownBy(
            () ->
                Alerting.escalations(
                    "pagerduty",
                    "pd",
                    Map.of("escalate-after", "15m", "escalations.x.after", "1h")))
        .hasMessageContaining("mantissa.providers.pagerduty has 2 escalation steps");
    assertThatThrownBy(
            () ->
                Alerting.escalations(
                    "pagerduty", "pd", Map.of("escalations.x.min-severity", "high")))
        .hasMessageContaining("mantissa.providers.pagerduty.escalations.x.after");
    assertThatThrownBy(
            () -> Alerting.escalations("pagerduty", "pd", Map.of("escalations.x.after", "later")))
        .hasMessageContaining("mantissa.providers.pagerduty.escalations.x.after must be");
  }

  @Test
  void enrichmentIsOffUntilAProviderIsConfiguredAndItsRateMustBeANumber() {
    MutableClock clock = MutableClock.create();
    InMemoryStateStore store = new InMemoryStateStore(clock);
    assertThat(Alerting.enricher(MantissaConfig.builder().build(), clock, store)).isEmpty();
    MantissaConfig both =
        MantissaConfig.builder()
            .providerSetting("virustotal", "api-key", "vt")
            .providerSetting("abuseipdb", "api-key", "ab")
            .providerSetting("entra", "access-token", "t")
            .build();
    assertThat(Alerting.enricher(both, clock, store)).isPresent();
    MantissaConfig bad =
        MantissaConfig.builder()
            .providerSetting("okta", "url", "https://example.okta.com")
            .providerSetting("okta", "api-token", "t")
            .providerSetting("okta", "per-minute", "0")
            .build();
    MantissaConfig badWindow =
        MantissaConfig.builder()
            .providerSetting("okta", "url", "https://example.okta.com")
            .providerSetting("okta", "api-token", "t")
            .providerSetting("okta", "peer-window", "a month")
            .build();
    assertThatThrownBy(() -> Alerting.enricher(badWindow, clock, store))
        .hasMessageContaining("mantissa.providers.okta.peer-window");
    assertThatThrownBy(() -> Alerting.enricher(bad, clock, store))
        .isInstanceOf(MantissaException.class)
        .hasMessageContaining("mantissa.providers.okta.per-minute");
  }

  private static void assertConfigError(Map<String, String> settings, String message) {
    assertThatThrownBy(() -> Alerting.routes("slack", "slack", settings))
        .isInstanceOf(MantissaException.class)
        .hasMessageContaining(message)
        .extracting(e -> ((MantissaException) e).code())
        .isEqualTo(ErrorCode.CONFIG_INVALID);
  }
}
