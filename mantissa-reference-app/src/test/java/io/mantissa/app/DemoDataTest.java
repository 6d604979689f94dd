package io.mantissa.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.mantissa.api.Event;
import io.mantissa.api.FieldPath;
import io.mantissa.api.SourceLocation;
import io.mantissa.api.TimeRange;
import io.mantissa.api.config.MantissaConfig;
import io.mantissa.sources.SourceCatalog;
import io.mantissa.sources.synthetic.GroundTruth;
import io.mantissa.sources.synthetic.Scenario;
import io.mantissa.sources.synthetic.ScenarioType;
import io.mantissa.sources.synthetic.SyntheticDataGenerator;
import io.mantissa.spi.ProviderContext;
import io.mantissa.spi.source.EventParser;
import io.mantissa.spi.source.ParseResult;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class DemoDataTest {
  private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");

  private static List<Event> parse(DemoData.Dataset data, String source) {
    EventParser parser =
        SourceCatalog.load() // with mantissa-apm's OTLP parsers
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

  private static Object field(Event e, String path) {
    return e.field(FieldPath.of(path));
  }

  @Test
  void theSameSeedAndTimeGiveTheSameData() {
    assertThat(DemoData.generate(7, NOW, 500)).isEqualTo(DemoData.generate(7, NOW, 500));
    assertThat(DemoData.generate(8, NOW, 500).data())
        .isNotEqualTo(DemoData.generate(7, NOW, 500).data());
  }

  @Test
  void everySourceParsesCleanlyWithinTheLast24Hours() {
    DemoData.Dataset data = DemoData.generate(42, NOW, 3_000);
    List<String> sources = new ArrayList<>(SyntheticDataGenerator.SOURCES);
    sources.addAll(SyntheticDataGenerator.APM_SOURCES);
    assertThat(data.lines().keySet()).containsExactlyInAnyOrderElementsOf(sources);
    TimeRange day = TimeRange.last(Duration.ofHours(24), NOW);
    long total = 0;
    for (String source : data.lines().keySet()) {
      List<Event> events = parse(data, source);
      assertThat(events).as(source).isNotEmpty();
      assertThat(events).allSatisfy(e -> assertThat(day.contains(e.time())).isTrue());
      assertThat(events.stream().map(Event::id).distinct()).hasSameSizeAs(events);
      if (SyntheticDataGenerator.APM_SOURCES.contains(source)) {
        // one OTLP export request per line, several spans or points each
        assertThat((long) events.size()).isGreaterThan(data.lines().get(source).size());
      } else {
        assertThat(events).hasSameSizeAs(data.lines().get(source)); // one record, one event
      }
      total += events.size();
    }
    assertThat(total).isGreaterThan(data.events()).isGreaterThan(3_000);
  }

  @Test
  void theAttacksAreInTheData() {
    DemoData.Dataset data = DemoData.generate(42, NOW, 1_000);
    List<Event> okta = parse(data, "okta");
    long sprayFailures =
        okta.stream()
            .filter(e -> DemoData.ATTACKER_IP.equals(field(e, "client.ipAddress")))
            .filter(e -> "FAILURE".equals(field(e, "outcome.result")))
            .map(e -> field(e, "actor.alternateId"))
            .distinct()
            .count();
    assertThat(sprayFailures).isEqualTo(30);
    assertThat(okta)
        .filteredOn(e -> DemoData.ATTACKER_IP.equals(field(e, "client.ipAddress")))
        .anySatisfy(e -> assertThat(field(e, "outcome.result")).isEqualTo("SUCCESS"));
    assertThat(okta)
        .filteredOn(e -> DemoData.PUSH_ATTACKER_IP.equals(field(e, "client.ipAddress")))
        .filteredOn(e -> "system.push.send_factor_verify_push".equals(field(e, "eventType")))
        .hasSize(14);

    List<Event> trail = parse(data, "aws_cloudtrail");
    assertThat(trail)
        .filteredOn(e -> "Root".equals(field(e, "userIdentity.type")))
        .filteredOn(e -> "ConsoleLogin".equals(field(e, "eventName")))
        .filteredOn(e -> "No".equals(field(e, "additionalEventData.MFAUsed")))
        .singleElement()
        .satisfies(e -> assertThat(field(e, "sourceIPAddress")).isEqualTo(DemoData.ATTACKER_IP));
    // the root user is also used legitimately, with MFA, which a question about root use finds
    assertThat(trail)
        .filteredOn(e -> "Root".equals(field(e, "userIdentity.type")))
        .filteredOn(e -> "Yes".equals(field(e, "additionalEventData.MFAUsed")))
        .isNotEmpty();
    assertThat(data.attacks()).hasSize(ScenarioType.values().length);
    assertThat(String.join("\n", data.attacks()))
        .contains("password spray", "root console login without MFA", "push bombing");
  }

  @Test
  void chosenScenariosAndDaysAreHonoured() {
    DemoData.Dataset data =
        DemoData.generate(
            1,
            NOW,
            200,
            3,
            List.of(Scenario.parse("brute_force:at=2d"), Scenario.parse("root_account_use")));
    assertThat(data.data().groundTruth())
        .extracting(GroundTruth::scenario)
        .containsExactly("brute_force", "root_account_use");
    assertThat(data.data().groundTruth().get(0).start()).isBefore(NOW.minus(Duration.ofDays(1)));
    assertThat(data.events()).isGreaterThan(600);
  }
}
