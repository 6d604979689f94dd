package io.mantissa.itdr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mantissa.api.Event;
import io.mantissa.api.MantissaException;
import io.mantissa.api.Severity;
import io.mantissa.testkit.InMemoryStateStore;
import io.mantissa.testkit.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class KillChainTrackerTest {
  private static final Instant T0 = Instant.parse("2026-03-02T08:00:00Z");
  private static final String ALICE = "alice@example.com";

  private final MutableClock clock = MutableClock.at(T0);
  private final InMemoryStateStore store = new InMemoryStateStore(clock);
  private final KillChainTracker tracker =
      new KillChainTracker(store, KillChainSettings.defaults());

  private static Finding finding(
      String who, String detector, KillChainStage stage, Duration at, String ev) {
    return new Finding(
        who,
        detector,
        Severity.HIGH,
        T0.plus(at),
        stage,
        List.of("T" + ev),
        List.of(ev),
        detector + " for " + who);
  }

  @Test
  void threeStagesWithinTheWindowMakeOneProgressionFinding() {
    assertThat(
            tracker.accept(
                finding(
                    ALICE, "brute_force", KillChainStage.CREDENTIAL_ATTACK, Duration.ZERO, "e1")))
        .isEmpty();
    assertThat(
            tracker.accept(
                finding(
                    ALICE,
                    "brute_force",
                    KillChainStage.INITIAL_ACCESS,
                    Duration.ofMinutes(5),
                    "e2")))
        .isEmpty();
    // the same stage again does not progress
    assertThat(
            tracker.accept(
                finding(
                    ALICE,
                    "new_location",
                    KillChainStage.INITIAL_ACCESS,
                    Duration.ofMinutes(6),
                    "e3")))
        .isEmpty();
    Optional<Finding> p =
        tracker.accept(
            finding(
                ALICE,
                "self_privilege_grant",
                KillChainStage.PRIVILEGE_ESCALATION,
                Duration.ofHours(30),
                "e4"));
    assertThat(p)
        .hasValueSatisfying(
            f -> {
              assertThat(f.detectorId()).isEqualTo(KillChainTracker.ID);
              assertThat(f.identityKey()).isEqualTo(ALICE);
              assertThat(f.severity()).isEqualTo(Severity.HIGH);
              assertThat(f.stage()).isEqualTo(KillChainStage.PRIVILEGE_ESCALATION);
              assertThat(f.time()).isEqualTo(T0.plus(Duration.ofHours(30)));
              assertThat(f.evidenceEventIds()).containsExactly("e1", "e3", "e4");
              assertThat(f.mitre()).containsExactly("Te1", "Te3", "Te4");
              assertThat(f.explanation())
                  .startsWith("alice@example.com reached 3 of 8 kill-chain stages within 168h: ")
                  .contains("credential attack (brute_force at 2026-03-02T08:00:00Z)")
                  .contains("initial access (new_location at 2026-03-02T08:06:00Z)")
                  .contains("privilege escalation (self_privilege_grant at 2026-03-03T14:00:00Z)")
                  .endsWith("the threshold is 3 stages.");
            });
    assertThat(tracker.stages(ALICE))
        .containsOnlyKeys(
            KillChainStage.CREDENTIAL_ATTACK,
            KillChainStage.INITIAL_ACCESS,
            KillChainStage.PRIVILEGE_ESCALATION);
    // more findings of known stages: no repeat; a fourth stage: a new report
    assertThat(
            tracker.accept(
                finding(
                    ALICE,
                    "self_privilege_grant",
                    KillChainStage.PRIVILEGE_ESCALATION,
                    Duration.ofHours(31),
                    "e5")))
        .isEmpty();
    assertThat(
            tracker.accept(
                finding(
                    ALICE, "mfa_reset", KillChainStage.PERSISTENCE, Duration.ofHours(32), "e6")))
        .hasValueSatisfying(f -> assertThat(f.explanation()).contains("reached 4 of 8"));
  }

  @Test
  void stagesOutsideTheWindowDoNotCount() {
    KillChainTracker t = new KillChainTracker(store, new KillChainSettings(3, Duration.ofHours(1)));
    t.accept(finding(ALICE, "brute_force", KillChainStage.CREDENTIAL_ATTACK, Duration.ZERO, "e1"));
    t.accept(
        finding(ALICE, "brute_force", KillChainStage.INITIAL_ACCESS, Duration.ofMinutes(50), "e2"));
    assertThat(
            t.accept(
                finding(
                    ALICE,
                    "self_privilege_grant",
                    KillChainStage.PRIVILEGE_ESCALATION,
                    Duration.ofMinutes(61),
                    "e3")))
        .isEmpty();
    assertThat(t.stages(ALICE))
        .containsOnlyKeys(KillChainStage.INITIAL_ACCESS, KillChainStage.PRIVILEGE_ESCALATION);
    assertThat(
            t.accept(finding(ALICE, "x", KillChainStage.PERSISTENCE, Duration.ofMinutes(70), "e4")))
        .isPresent();
  }

  @Test
  void identitiesDoNotMixAndProgressionFindingsAreNotInput() {
    tracker.accept(finding(ALICE, "a", KillChainStage.CREDENTIAL_ATTACK, Duration.ZERO, "e1"));
    tracker.accept(
        finding("bob@example.com", "b", KillChainStage.INITIAL_ACCESS, Duration.ZERO, "e2"));
    tracker.accept(
        finding(ALICE, KillChainTracker.ID, KillChainStage.OBJECTIVES, Duration.ZERO, "e3"));
    assertThat(
            tracker.accept(
                finding("carol@example.com", "c", KillChainStage.PERSISTENCE, Duration.ZERO, "e4")))
        .isEmpty();
    assertThat(tracker.stages(ALICE)).containsOnlyKeys(KillChainStage.CREDENTIAL_ATTACK);
  }

  @Test
  void fiveStagesAreCriticalAndStateSurvivesANewTracker() {
    KillChainStage[] stages = KillChainStage.values();
    List<Finding> out = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      KillChainTracker fresh = new KillChainTracker(store, KillChainSettings.defaults());
      fresh
          .accept(finding(ALICE, "d" + i, stages[i], Duration.ofMinutes(i), "e" + i))
          .ifPresent(out::add);
    }
    assertThat(out)
        .extracting(Finding::severity)
        .containsExactly(Severity.HIGH, Severity.HIGH, Severity.CRITICAL);
  }

  @Test
  void invalidSettingsAreRefused() {
    assertThatThrownBy(() -> new KillChainSettings(1, Duration.ofHours(1)))
        .isInstanceOf(MantissaException.class);
    assertThatThrownBy(() -> new KillChainSettings(9, Duration.ofHours(1)))
        .isInstanceOf(MantissaException.class);
    assertThatThrownBy(() -> new KillChainSettings(3, Duration.ZERO))
        .isInstanceOf(MantissaException.class);
  }

  @Test
  void identityDetectionReportsAProgressionAcrossOktaAndEntra() {
    List<Event> events = new ArrayList<>();
    // Entra: brute force (credential attack), then success from the same IP (initial access)
    for (int i = 0; i < 12; i++) {
      events.add(
          Lines.parse(
              "entra_signin",
              Lines.entra("f" + i, T0.plusSeconds(10L * i), ALICE, "45.40.1.1", 50126)));
    }
    events.add(
        Lines.parse("entra_signin", Lines.entra("s1", T0.plusSeconds(200), ALICE, "45.40.1.1", 0)));
    // Okta, two hours later: the same person grants itself a privilege
    events.add(
        Lines.parse(
            "okta",
            Lines.oktaAccountChange(
                "g1",
                T0.plus(Duration.ofHours(2)),
                "user.account.privilege.grant",
                ALICE,
                ALICE,
                "45.40.1.1")));
    IdentityDetection withChain =
        IdentityDetection.builder()
            .stateStore(store)
            .reader(IdentityEventReader.withGeoIp(TableGeoIp.standard()))
            .killChain(KillChainSettings.defaults())
            .build();
    List<Finding> found = withChain.runAll(events);
    assertThat(found)
        .extracting(Finding::detectorId)
        .containsExactly("brute_force", "brute_force", "self_privilege_grant", "kill_chain");
    Finding chain = found.get(3);
    assertThat(chain.evidenceEventIds()).containsExactly("f9", "s1", "g1");
    assertThat(chain.explanation())
        .contains("credential attack (brute_force")
        .contains("initial access (brute_force")
        .contains("privilege escalation (self_privilege_grant");

    IdentityDetection without =
        IdentityDetection.builder()
            .stateStore(new InMemoryStateStore(clock))
            .reader(IdentityEventReader.withGeoIp(TableGeoIp.standard()))
            .build();
    assertThat(without.runAll(events)).extracting(Finding::detectorId).doesNotContain("kill_chain");
  }
}
