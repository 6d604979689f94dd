package io.mantissa.itdr;

import static org.assertj.core.api.Assertions.assertThat;

import io.mantissa.api.Severity;
import io.mantissa.testkit.InMemoryStateStore;
import io.mantissa.testkit.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

class RiskScoreProperties {
  private static final Instant T0 = Instant.parse("2026-03-02T08:00:00Z");
  private static final String WHO = "alice@example.com";

  @Provide
  Arbitrary<List<Finding>> findingLists() {
    return finding().list().ofMaxSize(30);
  }

  private static Arbitrary<Finding> finding() {
    return Combinators.combine(
            Arbitraries.of(Severity.class),
            Arbitraries.of("brute_force", "new_location", "impossible_travel"),
            Arbitraries.longs().between(0, 10 * 86_400),
            Arbitraries.integers().between(0, 50))
        .as(
            (severity, detector, offset, ev) ->
                new Finding(
                    WHO,
                    detector,
                    severity,
                    T0.plusSeconds(offset),
                    KillChainStage.INITIAL_ACCESS,
                    List.of(),
                    List.of("e" + ev),
                    "x"));
  }

  @Property(tries = 200)
  void scoresStayInRangeSharesAddUpAndRecordingOrderDoesNotMatter(
      @ForAll("findingLists") List<Finding> findings, @ForAll long shuffleSeed) {
    MutableClock clock = MutableClock.at(T0.plus(Duration.ofDays(11)));
    RiskScores a = new RiskScores(new InMemoryStateStore(clock), clock, RiskSettings.defaults());
    RiskScores b = new RiskScores(new InMemoryStateStore(clock), clock, RiskSettings.defaults());
    a.record(findings);
    List<Finding> shuffled = new ArrayList<>(findings);
    Collections.shuffle(shuffled, new Random(shuffleSeed));
    b.record(shuffled);
    RiskProfile p = a.profile(WHO);
    assertThat(p).isEqualTo(b.profile(WHO));
    assertThat(p.score()).isBetween(0, 100);
    double sum = p.breakdown().stream().mapToDouble(RiskContribution::points).sum();
    assertThat(Math.abs(sum - p.score())).isLessThanOrEqualTo(0.5 + 1e-9);
    // without new findings the score never rises
    clock.advance(Duration.ofHours(7));
    assertThat(a.profile(WHO).score()).isLessThanOrEqualTo(p.score());
  }
}
