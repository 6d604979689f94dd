package io.mantissa.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.mantissa.api.Event;
import io.mantissa.api.FieldPath;
import io.mantissa.api.SourceLocation;
import io.mantissa.api.TimeRange;
import io.mantissa.api.config.MantissaConfig;
import io.mantissa.sources.SourceCatalog;
import io.mantissa.spi.ProviderContext;
import io.mantissa.spi.source.EventParser;
import io.mantissa.spi.source.ParseResult;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DemoDataTest {
  private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");

  private static List<Event> parse(DemoData.Dataset data, String source) {
    EventParser parser =
        SourceCatalog.builtIn()
            .parser(source, ProviderContext.of(MantissaConfig.defaults(), source));
    List<Event> events = new ArrayList<>();
    List<String> lines = data.lines().get(source);
    for (int i = 0; i < lines.size(); i++) {
      ParseResult r = parser.parse(lines.get(i), SourceLocation.line(source, i + 1));
      assertThat(r).as("line %d of %s", i + 1, source).isInstanceOf(ParseResult.Parsed.class);
      events.addAll(((ParseResult.Parsed) r).events());
    }
    return events;
  }

  @Test
  void theSameSeedAndTimeGiveTheSameData() {
    assertThat(DemoData.generate(7, NOW, 500)).isEqualTo(DemoData.generate(7, NOW, 500));
    assertThat(DemoData.generate(8, NOW, 500)).isNotEqualTo(DemoData.generate(7, NOW, 500));
  }

  @Test
  void everySourceParsesCleanlyWithinTheLast24Hours() {
    DemoData.Dataset data = DemoData.generate(42, NOW, 3_000);
    assertThat(data.lines().keySet())
        .containsExactly("okta", "aws_cloudtrail", "github", "google_workspace", "entra_signin");
    TimeRange day = TimeRange.last(Duration.ofHours(24), NOW);
    long total = 0;
    for (String source : data.lines().keySet()) {
      List<Event> events = parse(data, source);
      assertThat(events).isNotEmpty();
      assertThat(events).allSatisfy(e -> assertThat(day.contains(e.time())).isTrue());
      assertThat(events.stream().map(Event::id).distinct()).hasSameSizeAs(events);
      total += events.size();
    }
    assertThat(total).isEqualTo(data.events()).isGreaterThan(3_000);
  }

  @Test
  void theAttacksAreInTheData() {
    DemoData.Dataset data = DemoData.generate(42, NOW, 1_000);
    List<Event> okta = parse(data, "okta");
    long sprayFailures =
        okta.stream()
            .filter(e -> DemoData.ATTACKER_IP.equals(e.field(FieldPath.of("client.ipAddress"))))
            .filter(e -> "FAILURE".equals(e.field(FieldPath.of("outcome.result"))))
            .map(e -> e.field(FieldPath.of("actor.alternateId")))
            .distinct()
            .count();
    assertThat(sprayFailures).isEqualTo(30);
    assertThat(okta)
        .filteredOn(e -> DemoData.ATTACKER_IP.equals(e.field(FieldPath.of("client.ipAddress"))))
        .anySatisfy(e -> assertThat(e.field(FieldPath.of("outcome.result"))).isEqualTo("SUCCESS"));
    assertThat(okta)
        .filteredOn(
            e -> "system.push.send_factor_verify_push".equals(e.field(FieldPath.of("eventType"))))
        .hasSize(14);

    List<Event> trail = parse(data, "aws_cloudtrail");
    assertThat(trail)
        .filteredOn(e -> "Root".equals(e.field(FieldPath.of("userIdentity.type"))))
        .filteredOn(e -> "ConsoleLogin".equals(e.field(FieldPath.of("eventName"))))
        .singleElement()
        .satisfies(
            e -> assertThat(e.field(FieldPath.of("additionalEventData.MFAUsed"))).isEqualTo("No"));
    assertThat(data.attacks()).hasSize(3);
  }

  @Test
  void datasetsCompareByContent() {
    DemoData.Dataset a = new DemoData.Dataset(Map.of("okta", List.of("{}")), List.of("x"));
    assertThat(a.events()).isEqualTo(1);
  }
}
