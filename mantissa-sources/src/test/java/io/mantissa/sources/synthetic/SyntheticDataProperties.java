package io.mantissa.sources.synthetic;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/** Any seed, organisation size, window and volume gives clean, reproducible, bounded data. */
class SyntheticDataProperties {
  private static final Instant END = Instant.parse("2026-06-15T08:30:00Z");

  private static SyntheticDataGenerator generator(long seed, int users, int days, int perDay) {
    Organization org = Organization.builder().users(users).admins(1).dormant(1).build();
    List<Scenario> scenarios = new ArrayList<>();
    for (ScenarioType type : ScenarioType.values()) {
      scenarios.add(
          type == ScenarioType.PASSWORD_SPRAY
              ? Scenario.parse("password_spray:targets=" + Math.min(30, users))
              : Scenario.of(type));
    }
    return SyntheticDataGenerator.builder()
        .organization(org)
        .seed(seed)
        .end(END)
        .days(days)
        .eventsPerDay(perDay)
        .scenarios(scenarios)
        .build();
  }

  @Property(tries = 12)
  void everyLineParsesAndTheGroundTruthPointsAtRealEvents(
      @ForAll long seed,
      @ForAll @IntRange(min = 4, max = 400) int users,
      @ForAll @IntRange(min = 1, max = 3) int days,
      @ForAll @IntRange(min = 0, max = 400) int perDay) {
    SyntheticDataset data = generator(seed, users, days, perDay).generate();
    Generated g = new Generated(data).clean();
    long scenarioEvents = 0;
    for (GroundTruth t : data.groundTruth()) {
      for (GroundTruth.EventRef ref : t.events()) {
        assertThat(g.byId(ref.source(), ref.id()).time()).isBetween(t.start(), t.end());
      }
      scenarioEvents += t.events().size();
    }
    assertThat(data.groundTruth()).hasSize(ScenarioType.values().length);
    // background + at most 40 notable events a day + the scenarios' own events
    assertThat(data.size())
        .isBetween((long) perDay * days, (long) (perDay + 40) * days + scenarioEvents);
    assertThat(data.stream())
        .allSatisfy(r -> assertThat(r.time()).isBetween(END.minusSeconds(86_400L * days), END));
  }

  @Property(tries = 8)
  void theSameSeedGivesTheSameBytes(
      @ForAll long seed, @ForAll @IntRange(min = 4, max = 120) int users) {
    SyntheticDataset a = generator(seed, users, 1, 150).generate();
    SyntheticDataset b = generator(seed, users, 1, 150).generate();
    assertThat(a).isEqualTo(b);
    assertThat(a.groundTruthLines()).isEqualTo(b.groundTruthLines());
    SyntheticDataset c = generator(seed + 1, users, 1, 150).generate();
    assertThat(c.lines()).isNotEqualTo(a.lines());
  }
}
