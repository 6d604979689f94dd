package io.mantissa.itdr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.mantissa.api.ErrorCode;
import io.mantissa.api.MantissaException;
import io.mantissa.api.Severity;
import io.mantissa.testkit.InMemoryStateStore;
import io.mantissa.testkit.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class RiskScoresTest {
  private static final Instant T0 = Instant.parse("2026-03-02T08:00:00Z");
  private static final String ALICE = "alice@example.com";
  private static final String BOB = "bob@example.com";

  private final MutableClock clock = MutableClock.at(T0);
  private final InMemoryStateStore store = new InMemoryStateStore(clock);
  private final RiskScores scores = new RiskScores(store, clock, RiskSettings.defaults());

  private static Finding finding(
      String who, String detector, Severity severity, Instant at, String ev) {
    return new Finding(
        who,
        detector,
        severity,
        at,
        KillChainStage.INITIAL_ACCESS,
        List.of("T1078"),
        List.of(ev),
        detector + " for " + who + " at " + at);
  }

  private static double expected(double raw) {
    return 100 * (1 - Math.exp(-raw / 50));
  }

  @Test
  void anIdentityWithoutFindingsScoresZero() {
    RiskProfile p = scores.profile(ALICE);
    assertThat(p.score()).isZero();
    assertThat(p.previousScore()).isZero();
    assertThat(p.breakdown()).isEmpty();
    assertThat(scores.riskiest(10, true)).isEmpty();
  }

  @Test
  void oneHighFindingScoresItsWeightAndTheTrendRises() {
    scores.record(finding(ALICE, "impossible_travel", Severity.HIGH, T0, "e1"));
    RiskProfile p = scores.profile(ALICE);
    assertThat(p.score()).isEqualTo((int) Math.round(expected(40))).isEqualTo(55);
    assertThat(p.previousScore()).isZero();
    assertThat(p.trend()).isEqualTo(55);
    assertThat(p.breakdown())
        .singleElement()
        .satisfies(
            c -> {
              assertThat(c.detectorId()).isEqualTo("impossible_travel");
              assertThat(c.weight()).isEqualTo(40.0);
              assertThat(c.decayedWeight()).isEqualTo(40.0);
              assertThat(c.points()).isCloseTo(expected(40), within(1e-9));
              assertThat(c.evidenceEventId()).isEqualTo("e1");
            });
  }

  @Test
  void weightsDecayByHalfEveryHalfLifeAndTheTrendFalls() {
    scores.record(finding(ALICE, "impossible_travel", Severity.HIGH, T0, "e1"));
    clock.advance(Duration.ofDays(2));
    RiskProfile p = scores.profile(ALICE);
    assertThat(p.breakdown().get(0).decayedWeight()).isCloseTo(20.0, within(1e-9));
    assertThat(p.score()).isEqualTo((int) Math.round(expected(20))).isEqualTo(33);
    // 24 h earlier the finding was one day (half a half-life) old
    assertThat(p.previousScore()).isEqualTo((int) Math.round(expected(40 * Math.pow(0.5, 0.5))));
    assertThat(p.trend()).isNegative();
    clock.advance(Duration.ofDays(60));
    assertThat(scores.profile(ALICE).score()).isZero();
  }

  @Test
  void theBreakdownSharesTheScoreByDecayedWeight() {
    scores.record(finding(ALICE, "brute_force", Severity.MEDIUM, T0, "e1"));
    scores.record(finding(ALICE, "brute_force", Severity.HIGH, T0.plusSeconds(60), "e2"));
    scores.record(
        finding(ALICE, "new_location", Severity.INFORMATIONAL, T0.plusSeconds(120), "e3"));
    clock.set(T0.plusSeconds(120));
    RiskProfile p = scores.profile(ALICE);
    assertThat(p.breakdown())
        .extracting(RiskContribution::evidenceEventId)
        .containsExactly("e2", "e1", "e3");
    double sum = p.breakdown().stream().mapToDouble(RiskContribution::points).sum();
    assertThat(Math.round(sum)).isEqualTo(p.score());
    assertThat(p.score()).isEqualTo((int) Math.round(expected(57)));
    assertThat(p.pointsByDetector()).containsOnlyKeys("brute_force", "new_location");
    assertThat(p.pointsByDetector().get("brute_force"))
        .isGreaterThan(p.pointsByDetector().get("new_location") * 20);
  }

  @Test
  void findingsLaterThanTheProfileTimeDoNotCount() {
    scores.record(finding(ALICE, "brute_force", Severity.HIGH, T0.plusSeconds(3600), "e1"));
    assertThat(scores.profile(ALICE, T0).score()).isZero();
    assertThat(scores.profile(ALICE, T0.plusSeconds(3600)).score()).isEqualTo(55);
  }

  @Test
  void theSameFindingRecordedTwiceCountsOnce() {
    Finding f = finding(ALICE, "mfa_fatigue", Severity.HIGH, T0, "e1");
    scores.record(f);
    scores.record(List.of(f, f));
    assertThat(scores.profile(ALICE).breakdown()).hasSize(1);
    assertThat(scores.profile(ALICE).score()).isEqualTo(55);
  }

  @Test
  void detectorMultipliersAndSeverityWeightsAreConfigurable() {
    RiskScores custom =
        new RiskScores(
            store,
            clock,
            RiskSettings.builder()
                .detectorMultiplier("new_location", 0)
                .severityWeight(Severity.HIGH, 100)
                .halfLife(Duration.ofHours(1))
                .build());
    custom.record(finding(ALICE, "new_location", Severity.MEDIUM, T0, "e1"));
    assertThat(custom.profile(ALICE).score()).isZero();
    custom.record(finding(BOB, "brute_force", Severity.HIGH, T0, "e2"));
    assertThat(custom.profile(BOB).score()).isEqualTo((int) Math.round(expected(100)));
    clock.advance(Duration.ofHours(1));
    assertThat(custom.profile(BOB).breakdown().get(0).decayedWeight()).isCloseTo(50, within(1e-9));
  }

  @Test
  void scoresLiveInTheStateStoreAndSurviveANewInstance() {
    scores.record(finding("x".repeat(600), "brute_force", Severity.HIGH, T0, "e|1\nweird"));
    RiskScores again = new RiskScores(store, clock, RiskSettings.defaults());
    RiskProfile p = again.profile("x".repeat(600));
    assertThat(p.score()).isEqualTo(55);
    assertThat(p.breakdown().get(0).evidenceEventId()).isEqualTo("e|1\nweird");
    assertThat(store.scan("itdr/risk/", 10)).hasSize(1);
  }

  @Test
  void theRiskiestIdentitiesComeFirstAndSprayIpsCanBeLeftOut() {
    scores.record(finding(ALICE, "brute_force", Severity.MEDIUM, T0, "e1"));
    scores.record(finding(BOB, "mfa_fatigue", Severity.HIGH, T0, "e2"));
    scores.record(finding(BOB, "impossible_travel", Severity.HIGH, T0, "e3"));
    scores.record(finding("ip:192.0.2.66", "password_spray", Severity.CRITICAL, T0, "e4"));
    scores.record(finding("source:m365", "credential_stuffing", Severity.LOW, T0, "e5"));
    assertThat(scores.riskiest(10, true))
        .extracting(RiskProfile::identityKey)
        .containsExactly(BOB, "ip:192.0.2.66", ALICE, "source:m365");
    assertThat(scores.riskiest(10, false))
        .extracting(RiskProfile::identityKey)
        .containsExactly(BOB, ALICE);
    assertThat(scores.riskiest(1, false)).extracting(RiskProfile::identityKey).containsExactly(BOB);
    assertThat(scores.riskiest(0, true)).isEmpty();
  }

  @Test
  void manyFindingsSaturateBelowOneHundredAndTheLeastWeightyAreDropped() {
    RiskScores capped = new RiskScores(store, clock, RiskSettings.builder().maxFactors(5).build());
    for (int i = 0; i < 20; i++) {
      capped.record(finding(ALICE, "brute_force", Severity.CRITICAL, T0.plusSeconds(i), "c" + i));
    }
    capped.record(finding(ALICE, "new_location", Severity.INFORMATIONAL, T0.plusSeconds(30), "i"));
    clock.set(T0.plusSeconds(30));
    RiskProfile p = capped.profile(ALICE);
    assertThat(p.breakdown()).hasSize(5).allMatch(c -> c.severity() == Severity.CRITICAL);
    assertThat(p.score()).isBetween(99, 100);
  }

  @Test
  void invalidSettingsAreRefused() {
    assertThatThrownBy(() -> RiskSettings.builder().halfLife(Duration.ZERO).build())
        .isInstanceOf(MantissaException.class)
        .extracting(e -> ((MantissaException) e).code())
        .isEqualTo(ErrorCode.CONFIG_INVALID);
    assertThatThrownBy(() -> RiskSettings.builder().severityWeight(Severity.LOW, -1).build())
        .isInstanceOf(MantissaException.class);
    assertThatThrownBy(() -> RiskSettings.builder().saturation(0).build())
        .isInstanceOf(MantissaException.class);
    assertThatThrownBy(() -> RiskSettings.builder().maxFactors(0).build())
        .isInstanceOf(MantissaException.class);
  }
}
