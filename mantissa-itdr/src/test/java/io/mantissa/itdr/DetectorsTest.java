package io.mantissa.itdr;

import static org.assertj.core.api.Assertions.assertThat;

import io.mantissa.api.Event;
import io.mantissa.api.Severity;
import io.mantissa.testkit.InMemoryStateStore;
import io.mantissa.testkit.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class DetectorsTest {
  private static final Instant T0 = Instant.parse("2026-03-02T08:00:00Z");
  private static final String ALICE = "alice@example.com";

  private final InMemoryStateStore store = new InMemoryStateStore(MutableClock.at(T0));
  private final List<Event> events = new ArrayList<>();
  private int seq;

  private IdentityDetection detection(ItdrSettings settings) {
    return IdentityDetection.builder()
        .settings(settings)
        .stateStore(store)
        .reader(IdentityEventReader.withGeoIp(TableGeoIp.standard()))
        .build();
  }

  private List<Finding> run() {
    return run(ItdrSettings.builder().allowListedAsns(Set.of(TableGeoIp.VPN_ASN)).build());
  }

  private List<Finding> run(ItdrSettings settings) {
    IdentityDetection d = detection(settings);
    List<Finding> out = new ArrayList<>();
    for (Event e : events) {
      out.addAll(d.accept(e));
    }
    out.addAll(d.flush());
    return out;
  }

  private String id() {
    return "ev" + (++seq);
  }

  private void okta(Duration at, String user, String ip, String result) {
    events.add(
        Lines.parse("okta", Lines.okta(id(), T0.plus(at), "user.session.start", user, ip, result)));
  }

  private void entra(Duration at, String user, String ip, int code) {
    events.add(Lines.parse("entra_signin", Lines.entra(id(), T0.plus(at), user, ip, code)));
  }

  private void duo(Duration at, String user, String result, String reason) {
    events.add(
        Lines.parse(
            "duo", Lines.duo(id(), T0.plus(at), user, "81.10.0.7", "duo_push", result, reason)));
  }

  private static Duration min(long m) {
    return Duration.ofMinutes(m);
  }

  private static List<Finding> of(List<Finding> findings, String detector) {
    return findings.stream().filter(f -> f.detectorId().equals(detector)).toList();
  }

  @Test
  void bruteForceThenSuccessIsHighWithEveryFailureAsEvidence() {
    for (int i = 0; i < 12; i++) {
      okta(Duration.ofSeconds(20L * i), ALICE, "45.40.0.9", "FAILURE");
    }
    okta(min(5), ALICE, "45.40.0.9", "SUCCESS");

    List<Finding> found = of(run(), BruteForceDetector.ID);

    assertThat(found).extracting(Finding::severity).containsExactly(Severity.MEDIUM, Severity.HIGH);
    Finding first = found.get(0);
    assertThat(first.evidenceEventIds()).hasSize(10).startsWith("ev1").endsWith("ev10");
    assertThat(first.stage()).isEqualTo(KillChainStage.CREDENTIAL_ATTACK);
    assertThat(first.mitre()).containsExactly("T1110.001");
    assertThat(first.explanation())
        .contains("10 failed logins for alice@example.com", "threshold of 10 within 10m");
    Finding success = found.get(1);
    assertThat(success.evidenceEventIds()).hasSize(11).endsWith("ev13");
    assertThat(success.stage()).isEqualTo(KillChainStage.INITIAL_ACCESS);
    assertThat(success.explanation()).contains("from 45.40.0.9", "after 10 failed logins");
  }

  @Test
  void typosSpreadOverTheDayAndEntraMfaPromptsAreNotBruteForce() {
    for (int day = 0; day < 3; day++) {
      for (int i = 0; i < 3; i++) {
        okta(Duration.ofHours(24L * day + 2 * i), ALICE, "81.10.0.1", "FAILURE");
        okta(Duration.ofHours(24L * day + 2 * i).plusSeconds(30), ALICE, "81.10.0.1", "SUCCESS");
      }
    }
    for (int i = 0; i < 15; i++) {
      entra(min(i), "bob@example.com", "82.20.0.3", 50074);
    }
    assertThat(run()).isEmpty();
  }

  @Test
  void failuresOutsideTheWindowDoNotAddUp() {
    for (int i = 0; i < 20; i++) {
      okta(min(2L * i), ALICE, "81.10.0.1", "FAILURE");
    }
    assertThat(run(ItdrSettings.builder().bruteForce(10, Duration.ofMinutes(10)).build()))
        .isEmpty();
  }

  @Test
  void passwordSprayFromOneIpAgainstManyAccounts() {
    for (int i = 0; i < 12; i++) {
      entra(min(i), "user" + i + "@example.com", "45.40.7.7", 50126);
    }
    List<Finding> found = of(run(), PasswordSprayDetector.ID);
    assertThat(found).hasSize(1);
    assertThat(found.get(0).identityKey()).isEqualTo("ip:45.40.7.7");
    assertThat(found.get(0).evidenceEventIds()).hasSize(10);
    assertThat(found.get(0).mitre()).containsExactly("T1110.003");
    assertThat(found.get(0).explanation()).contains("10 distinct identities");
  }

  @Test
  void officeTyposBehindOneAddressAreNotASpray() {
    for (int i = 0; i < 30; i++) {
      okta(min(i), "user" + i + "@example.com", "81.10.0.1", "FAILURE");
      okta(min(i).plusSeconds(20), "user" + i + "@example.com", "81.10.0.1", "SUCCESS");
    }
    assertThat(of(run(), PasswordSprayDetector.ID)).isEmpty();
  }

  @Test
  void pushBombingThenApprovalIsMfaFatigue() {
    for (int i = 0; i < 6; i++) {
      duo(min(i), ALICE, "denied", i % 2 == 0 ? "user_mistake" : "no_response");
    }
    duo(min(7), ALICE, "success", "user_approved");
    List<Finding> found = of(run(), MfaFatigueDetector.ID);
    assertThat(found).hasSize(1);
    assertThat(found.get(0).evidenceEventIds()).hasSize(6).endsWith("ev7");
    assertThat(found.get(0).mitre()).contains("T1621");
    assertThat(found.get(0).explanation()).contains("after 5 denied or unanswered");
  }

  @Test
  void aMissedPushThenApprovalIsNotMfaFatigue() {
    for (int day = 0; day < 5; day++) {
      duo(Duration.ofDays(day), ALICE, "denied", "no_response");
      duo(Duration.ofDays(day).plusMinutes(1), ALICE, "success", "user_approved");
    }
    assertThat(run()).isEmpty();
  }

  @Test
  void impossibleTravelComparesConsecutiveSuccessfulSignIns() {
    okta(min(0), ALICE, "81.10.0.1", "SUCCESS");
    okta(min(90), ALICE, "45.40.1.1", "SUCCESS");

    List<Finding> found = of(run(), ImpossibleTravelDetector.ID);

    assertThat(found).hasSize(1);
    Finding f = found.get(0);
    assertThat(f.evidenceEventIds()).containsExactly("ev1", "ev2");
    assertThat(f.severity()).isEqualTo(Severity.HIGH);
    assertThat(f.explanation())
        .isEqualTo(
            "successful sign-in for alice@example.com from Lagos, NG (AS14061) (IP 45.40.1.1) at"
                + " 2026-03-02T09:30:00Z is 5,196 km from the previous successful sign-in from"
                + " Berlin, DE (AS3320) at 2026-03-02T08:00:00Z, 1h 30m apart: 3,464 km/h, above the"
                + " 1,000 km/h threshold (minimum distance 500 km; allow-listed ASNs are skipped).");
  }

  @Test
  void plausibleFlightsVpnAndFailedSignInsAreNotImpossibleTravel() {
    okta(min(0), ALICE, "81.10.0.1", "SUCCESS");
    okta(min(30), ALICE, "185.50.0.1", "SUCCESS"); // VPN egress, allow-listed
    okta(min(60), ALICE, "81.10.0.2", "SUCCESS");
    okta(min(70), ALICE, "24.30.0.1", "FAILURE"); // failed, proves nothing
    okta(Duration.ofHours(10), ALICE, "24.30.0.1", "SUCCESS"); // Berlin to New York in 9 h
    okta(Duration.ofHours(10).plusMinutes(5), ALICE, "24.30.0.2", "SUCCESS");
    assertThat(of(run(), ImpossibleTravelDetector.ID)).isEmpty();
  }

  @Test
  void withoutTheAllowListTheVpnHopIsImpossibleTravel() {
    okta(min(0), ALICE, "81.10.0.1", "SUCCESS");
    okta(min(30), ALICE, "82.20.0.1", "SUCCESS"); // Paris, 880 km in 30 min
    assertThat(of(run(ItdrSettings.defaults()), ImpossibleTravelDetector.ID)).hasSize(1);
    assertThat(
            of(
                run(ItdrSettings.builder().impossibleTravel(1000, 1000).build()),
                ImpossibleTravelDetector.ID))
        .as("below the minimum distance")
        .isEmpty();
  }

  @Test
  void newCountryIsSilentWhileLearningAndReportedOnceAfterwards() {
    ItdrSettings settings =
        ItdrSettings.builder()
            .learning(5, Duration.ofDays(3))
            .impossibleTravel(100_000, 500)
            .allowListedAsns(Set.of(TableGeoIp.VPN_ASN))
            .build();
    okta(Duration.ofHours(1), ALICE, "82.20.0.1", "SUCCESS"); // learning: Paris is learned
    for (int day = 0; day < 6; day++) {
      okta(Duration.ofDays(day).plusHours(9), ALICE, "81.10.0.1", "SUCCESS");
    }
    okta(Duration.ofDays(6).plusHours(10), ALICE, "82.20.0.5", "SUCCESS"); // known: Paris
    okta(Duration.ofDays(6).plusHours(11), ALICE, "185.50.0.1", "SUCCESS"); // VPN: ignored
    okta(Duration.ofDays(6).plusHours(12), ALICE, "100.10.0.1", "SUCCESS"); // new ASN (mobile)
    okta(Duration.ofDays(7), ALICE, "24.30.0.1", "SUCCESS"); // new country
    okta(Duration.ofDays(7).plusHours(1), ALICE, "24.30.0.1", "SUCCESS"); // now known

    List<Finding> found = of(run(settings), NewLocationDetector.ID);

    assertThat(found)
        .extracting(Finding::severity)
        .containsExactly(Severity.INFORMATIONAL, Severity.MEDIUM);
    assertThat(found.get(0).explanation()).contains("AS6805 is not among its ASNs");
    assertThat(found.get(1).explanation())
        .contains("country US is not among its countries [FR, DE]", "9 located sign-ins");
  }

  @Test
  void aNewIdentityIsLearningAndNeverReported() {
    okta(min(0), "new@example.com", "81.10.0.1", "SUCCESS");
    okta(min(600), "new@example.com", "24.30.0.1", "SUCCESS");
    assertThat(of(run(), NewLocationDetector.ID)).isEmpty();
    NewLocationDetector d = new NewLocationDetector(new Baselines(ItdrSettings.defaults(), store));
    assertThat(d.learning("new@example.com", T0.plus(min(600)))).isTrue();
    assertThat(d.baseline("new@example.com").orElseThrow().countries()).containsExactly("DE", "US");
  }

  @Test
  void baselineDocumentsRoundTripAndRespectCaps() {
    Baseline b = Baseline.empty(T0);
    for (int i = 0; i < 50; i++) {
      b = b.with(new Geo("D" + (char) ('A' + i % 26), "", Double.NaN, Double.NaN, 100 + i), 8, 16);
    }
    assertThat(b.countries()).hasSize(8);
    assertThat(b.asns()).hasSize(16).endsWith(149L);
    assertThat(Baseline.decode(b.encode())).contains(b);
    assertThat(Baseline.decode("garbage")).isEmpty();
  }

  @Test
  void settingsRejectNonsense() {
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> ItdrSettings.builder().bruteForce(1, Duration.ofMinutes(1)).build())
        .hasMessageContaining("bruteForceFailures must be at least 2");
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> ItdrSettings.builder().passwordSpray(10, Duration.ZERO).build())
        .hasMessageContaining("sprayWindow must be positive");
  }

  @Test
  void baselinesAndLastSignInsSurviveARestartThroughTheStateStore() {
    okta(min(0), ALICE, "81.10.0.1", "SUCCESS");
    assertThat(run()).isEmpty();
    events.clear();
    okta(min(60), ALICE, "24.30.0.1", "SUCCESS"); // New York one hour after Berlin
    assertThat(of(run(), ImpossibleTravelDetector.ID)).hasSize(1);
    assertThat(store.scan("itdr/", 10))
        .extracting(e -> e.key())
        .containsExactly("itdr/baseline/alice@example.com", "itdr/travel/alice@example.com");
  }

  @Test
  void lateEventsAreCountedAndStillSeen() {
    IdentityDetection d = detection(ItdrSettings.defaults());
    okta(min(10), ALICE, "81.10.0.1", "SUCCESS");
    okta(min(20), ALICE, "81.10.0.1", "SUCCESS");
    okta(min(5), ALICE, "81.10.0.1", "SUCCESS");
    for (Event e : events) {
      d.accept(e);
    }
    d.flush();
    assertThat(d.lateEvents()).isEqualTo(1);
  }

  @Test
  void longIdentitiesAreHashedIntoStoreKeys() {
    String key = StateDocs.key("baseline", "x".repeat(600) + "@example.com");
    assertThat(key).startsWith("itdr/baseline/sha256:").hasSizeLessThanOrEqualTo(512);
    assertThat(StateDocs.key("baseline", ALICE)).isEqualTo("itdr/baseline/alice@example.com");
  }

  @Test
  void customDetectorsRunAfterTheStandardOnes() {
    Detector resets =
        new Detector() {
          @Override
          public String id() {
            return "custom_reset";
          }

          @Override
          public List<Finding> accept(IdentityEvent e) {
            return e.activity() != Activity.MFA_RESET
                ? List.of()
                : List.of(
                    new Finding(
                        e.targetUser(),
                        id(),
                        Severity.MEDIUM,
                        e.time(),
                        KillChainStage.DEFENSE_EVASION,
                        List.of("T1556.006"),
                        List.of(e.eventId()),
                        e.identityKey() + " reset the MFA factors of " + e.targetUser()));
          }
        };
    IdentityDetection d = IdentityDetection.builder().stateStore(store).addDetector(resets).build();
    Event reset =
        Lines.parse(
            "okta",
            Lines.oktaAccountChange(
                "r1", T0, "user.mfa.factor.reset_all", "admin@example.com", ALICE, "81.10.0.1"));
    assertThat(d.detectors())
        .hasSize(IdentityDetection.builder().stateStore(store).build().detectors().size() + 1)
        .last()
        .isSameAs(resets);
    assertThat(d.runAll(List.of(reset)))
        .singleElement()
        .satisfies(f -> assertThat(f.identityKey()).isEqualTo(ALICE));
  }

  @Test
  void oktaVerifyPushBombingThenEntraSignInIsMfaFatigueAcrossProviders() {
    for (int i = 0; i < 5; i++) {
      events.add(
          Lines.parse(
              "okta",
              Lines.okta(
                  id(),
                  T0.plus(min(2L * i)),
                  "user.mfa.okta_verify.deny_push",
                  ALICE,
                  "45.40.0.9",
                  "SUCCESS")));
    }
    entra(min(12), ALICE, "45.40.0.9", 0);
    List<Finding> found = of(run(), MfaFatigueDetector.ID);
    assertThat(found)
        .singleElement()
        .satisfies(f -> assertThat(f.explanation()).contains("(entra_signin)"));
  }

  @Test
  void grantingYourselfAPrivilegeIsReportedAndAnAdminGrantingOthersIsNot() {
    events.add(
        Lines.parse(
            "okta",
            Lines.oktaAccountChange(
                "g1",
                T0,
                "user.account.privilege.grant",
                ALICE,
                "Alice@Example.com",
                "45.40.0.9")));
    events.add(
        Lines.parse(
            "okta",
            Lines.oktaAccountChange(
                "g2",
                T0.plus(min(1)),
                "user.account.privilege.grant",
                "admin@example.com",
                "bob@example.com",
                "81.10.0.1")));
    List<Finding> found = of(run(), SelfPrivilegeGrantDetector.ID);
    assertThat(found)
        .singleElement()
        .satisfies(
            f -> {
              assertThat(f.evidenceEventIds()).containsExactly("g1");
              assertThat(f.stage()).isEqualTo(KillChainStage.PRIVILEGE_ESCALATION);
              assertThat(f.explanation())
                  .contains("the actor alice@example.com is the account that received");
            });
  }
}
