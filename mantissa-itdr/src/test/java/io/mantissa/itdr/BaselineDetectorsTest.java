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

/**
 * The baseline detectors (unusual time, new device, MFA reset, dormant account, volume spike), the
 * session detectors (hijack, concurrent), credential stuffing and bootstrapping from history, on
 * real-shaped Okta and Entra ID records parsed by mantissa-sources.
 */
class BaselineDetectorsTest {
  /** A Monday. */
  private static final Instant T0 = Instant.parse("2026-03-02T00:00:00Z");

  private static final String ALICE = "alice@example.com";
  private static final String HOME = "81.10.0.1"; // Berlin, AS3320
  private static final String NEW_YORK = "24.30.0.1";

  private final InMemoryStateStore store = new InMemoryStateStore(MutableClock.at(T0));
  private final List<Event> events = new ArrayList<>();
  private int seq;

  private IdentityDetection detection() {
    return IdentityDetection.builder()
        .settings(ItdrSettings.builder().allowListedAsns(Set.of(TableGeoIp.VPN_ASN)).build())
        .stateStore(store)
        .reader(IdentityEventReader.withGeoIp(TableGeoIp.standard()))
        .build();
  }

  private List<Finding> run() {
    return detection().runAll(events);
  }

  private static List<Finding> of(List<Finding> all, String detector) {
    return all.stream().filter(f -> f.detectorId().equals(detector)).toList();
  }

  private String id() {
    return "b" + (++seq);
  }

  private Event okta(Instant at, String user, String ip, String result) {
    return okta(at, user, ip, result, Lines.CHROME, "s" + seq);
  }

  private Event okta(
      Instant at, String user, String ip, String result, String agent, String session) {
    Event e =
        Lines.parse(
            "okta", Lines.okta(id(), at, "user.session.start", user, ip, result, agent, session));
    events.add(e);
    return e;
  }

  private void change(Instant at, String type, String actor, String target, String ip) {
    events.add(Lines.parse("okta", Lines.oktaAccountChange(id(), at, type, actor, target, ip)));
  }

  /** Ten weekdays of ten sign-ins each between 08:00 and 15:30 UTC from Berlin with Chrome. */
  private void regularHistory(String user) {
    for (int day = 0; day < 12; day++) {
      Instant d = T0.plus(Duration.ofDays(day));
      int weekday = d.atOffset(java.time.ZoneOffset.UTC).getDayOfWeek().getValue();
      if (weekday > 5) {
        continue;
      }
      for (int i = 0; i < 10; i++) {
        okta(d.plus(Duration.ofMinutes(480 + 50 * i)).plusSeconds(day), user, HOME, "SUCCESS");
      }
    }
  }

  private static Instant day(int day, int hour) {
    return T0.plus(Duration.ofDays(day)).plus(Duration.ofHours(hour));
  }

  @Test
  void aSignInAtNightOutsideRegularHoursIsUnusualOnceAndIrregularPeopleAreNeverReported() {
    regularHistory(ALICE);
    okta(day(14, 3), ALICE, HOME, "SUCCESS"); // Monday 03:00 UTC, usual 08-16
    okta(day(14, 3).plusSeconds(120), ALICE, HOME, "SUCCESS"); // same hour: reported once
    okta(day(14, 9), ALICE, HOME, "SUCCESS"); // usual
    // bob signs in at every hour of the day: no usual hours
    for (int day = 0; day < 12; day++) {
      for (int h = 0; h < 24; h += 3) {
        okta(day(day, h).plusSeconds(h * 60L + day), "bob@example.com", HOME, "SUCCESS");
      }
    }
    okta(day(14, 2).plusSeconds(30), "bob@example.com", HOME, "SUCCESS");

    List<Finding> found = of(run(), UnusualTimeDetector.ID);

    assertThat(found).singleElement().satisfies(f -> assertThat(f.identityKey()).isEqualTo(ALICE));
    assertThat(found.get(0).severity()).isEqualTo(Severity.LOW);
    assertThat(found.get(0).explanation())
        .contains(
            "03:00 UTC is", "outside its usual hours 08:00-16:00 UTC", "100 successful sign-ins");
  }

  @Test
  void aLearningIdentityIsNeverUnusual() {
    for (int i = 0; i < 4; i++) {
      okta(day(i, 9), ALICE, HOME, "SUCCESS");
    }
    okta(day(4, 3), ALICE, HOME, "SUCCESS");
    IdentityDetection d = detection();
    assertThat(d.runAll(events)).isEmpty();
    assertThat(d.learning(ALICE, day(4, 4))).isTrue();
    assertThat(d.learning("nobody@example.com", day(4, 4))).isTrue();
  }

  @Test
  void anotherBrowserIsANewDeviceOnceAndABrowserUpdateIsNot() {
    regularHistory(ALICE);
    String newerChrome = Lines.CHROME.replace("Chrome/124.0.0.0", "Chrome/125.0.6422.60");
    okta(day(14, 9), ALICE, HOME, "SUCCESS", newerChrome, "x1");
    okta(day(14, 10), ALICE, HOME, "SUCCESS", Lines.OPERA, "x2");
    okta(day(14, 11), ALICE, HOME, "SUCCESS", Lines.OPERA, "x3");

    List<Finding> found = of(run(), NewDeviceDetector.ID);

    assertThat(found).singleElement();
    assertThat(found.get(0).explanation())
        .contains("with Opera on Windows", "not among its user agents [Chrome on Windows]");
  }

  @Test
  void credentialStuffingIsManyIdentitiesFromRotatingAddressesAndSprayIsNot() {
    Instant t = day(3, 10);
    for (int i = 0; i < 24; i++) {
      // 24 identities, one try each, over 8 proxy addresses unknown to GeoIP
      okta(t.plusSeconds(20L * i), "user" + i + "@example.com", "198.18.1." + (i % 8), "FAILURE");
    }
    okta(t.plusSeconds(600), "user3@example.com", "198.18.1.3", "SUCCESS");
    // a spray: one address, 12 identities: password spray, not stuffing
    for (int i = 0; i < 12; i++) {
      okta(day(4, 10).plusSeconds(60L * i), "p" + i + "@example.com", "45.40.0.9", "FAILURE");
    }

    List<Finding> all = run();

    List<Finding> stuffing = of(all, CredentialStuffingDetector.ID);
    assertThat(stuffing).hasSize(2);
    assertThat(stuffing.get(0).identityKey()).isEqualTo("source:okta");
    assertThat(stuffing.get(0).stage()).isEqualTo(KillChainStage.CREDENTIAL_ATTACK);
    assertThat(stuffing.get(0).evidenceEventIds()).hasSize(20);
    assertThat(stuffing.get(0).explanation())
        .contains("20 distinct identities", "from 8 distinct IPs", "password spray");
    assertThat(stuffing.get(1).identityKey()).isEqualTo("user3@example.com");
    assertThat(stuffing.get(1).stage()).isEqualTo(KillChainStage.INITIAL_ACCESS);
    assertThat(of(all, PasswordSprayDetector.ID))
        .singleElement()
        .satisfies(f -> assertThat(f.identityKey()).isEqualTo("ip:45.40.0.9"));
  }

  @Test
  void identitiesFailingOftenAreGuessedNotStuffed() {
    Instant t = day(3, 10);
    for (int i = 0; i < 24; i++) {
      for (int k = 0; k < 4; k++) {
        okta(
            t.plusSeconds(20L * i + k),
            "user" + i + "@example.com",
            "198.18.1." + (i % 8),
            "FAILURE");
      }
    }
    assertThat(of(run(), CredentialStuffingDetector.ID)).isEmpty();
  }

  @Test
  void anMfaResetThenASignInFromAnUnfamiliarPlaceIsReportedAndFromHomeIsNot() {
    regularHistory(ALICE);
    regularHistory("bob@example.com");
    change(day(14, 9), "user.mfa.factor.reset_all", "admin@example.com", ALICE, "82.20.0.5");
    change(day(14, 9).plusSeconds(300), "user.mfa.factor.activate", ALICE, ALICE, NEW_YORK);
    okta(day(14, 9).plusSeconds(400), ALICE, NEW_YORK, "SUCCESS", Lines.OPERA, "m1");
    change(day(14, 9), "user.mfa.factor.reset_all", "admin@example.com", "bob@example.com", HOME);
    okta(day(14, 10), "bob@example.com", HOME, "SUCCESS");

    List<Finding> found = of(run(), MfaResetDetector.ID);

    assertThat(found).singleElement();
    Finding f = found.get(0);
    assertThat(f.identityKey()).isEqualTo(ALICE);
    assertThat(f.severity()).isEqualTo(Severity.HIGH);
    assertThat(f.stage()).isEqualTo(KillChainStage.PERSISTENCE); // the enrolment came last
    assertThat(f.mitre()).contains("T1098.005");
    assertThat(f.explanation())
        .contains(
            "MFA factor enrolled",
            "by the account itself",
            "country US is not among [DE]",
            "user agent Opera on Windows is not among [Chrome on Windows]");
  }

  @Test
  void aReactivatedAccountSigningInAndASignInAfterMonthsAreDormantAccounts() {
    change(day(0, 9), "user.lifecycle.reactivate", "admin@example.com", "old@example.com", HOME);
    okta(day(0, 9).plusSeconds(900), "old@example.com", "45.40.0.9", "SUCCESS");
    okta(day(0, 9).plusSeconds(960), "old@example.com", "45.40.0.9", "SUCCESS");
    okta(day(0, 10), ALICE, HOME, "SUCCESS");
    okta(day(40, 10), ALICE, HOME, "SUCCESS");

    List<Finding> found = of(run(), DormantAccountDetector.ID);

    assertThat(found).hasSize(2);
    assertThat(found.get(0).identityKey()).isEqualTo("old@example.com");
    assertThat(found.get(0).evidenceEventIds()).hasSize(2);
    assertThat(found.get(0).explanation())
        .contains("reactivated by admin@example.com", "no earlier successful sign-in known");
    assertThat(found.get(1).identityKey()).isEqualTo(ALICE);
    assertThat(found.get(1).explanation()).contains("960h earlier", "dormant period of 720h");
  }

  @Test
  void aReactivationIsFoundAgainWhenTheBatchRunsAgainOverTheSameRange() {
    change(day(0, 9), "user.lifecycle.reactivate", "admin@example.com", "old@example.com", HOME);
    okta(day(0, 9).plusSeconds(900), "old@example.com", "45.40.0.9", "SUCCESS");
    okta(day(0, 9).plusSeconds(960), "old@example.com", "45.40.0.9", "SUCCESS");

    List<Finding> first = of(run(), DormantAccountDetector.ID);
    List<Finding> again = of(run(), DormantAccountDetector.ID); // same state store: learned

    assertThat(first).hasSize(1);
    assertThat(again).isEqualTo(first);
  }

  @Test
  void oneSessionUsedFromAnotherAddressAndBrowserIsHijackedAndPhoneRoamingIsNot() {
    okta(day(1, 9), ALICE, HOME, "SUCCESS", Lines.CHROME, "idxS1");
    okta(day(1, 9).plusSeconds(2100), ALICE, "45.40.0.7", "SUCCESS", Lines.OPERA, "idxS1");
    okta(day(1, 9).plusSeconds(2200), ALICE, "45.40.0.7", "SUCCESS", Lines.OPERA, "idxS1");
    // the same browser on the phone network in the same country: roaming, not a hijack
    okta(day(1, 11), "bob@example.com", HOME, "SUCCESS", Lines.CHROME, "idxS2");
    okta(
        day(1, 11).plusSeconds(600),
        "bob@example.com",
        "100.10.0.3",
        "SUCCESS",
        Lines.CHROME,
        "idxS2");

    List<Finding> found = of(run(), SessionHijackDetector.ID);

    assertThat(found).singleElement();
    assertThat(found.get(0).mitre()).containsExactly("T1550.004", "T1539");
    assertThat(found.get(0).evidenceEventIds()).hasSize(2);
    assertThat(found.get(0).explanation())
        .contains("session idxS1", "another browser and another country");
  }

  @Test
  void signInsAlternatingBetweenDistantPlacesAreConcurrentSessions() {
    okta(day(1, 9), ALICE, HOME, "SUCCESS");
    okta(day(1, 9).plusSeconds(600), ALICE, NEW_YORK, "SUCCESS");
    okta(day(1, 9).plusSeconds(1200), ALICE, HOME, "SUCCESS");
    okta(day(1, 9).plusSeconds(1500), ALICE, NEW_YORK, "SUCCESS"); // same window: once
    // a trip: Berlin, then New York nine hours later, no way back
    okta(day(2, 6), "bob@example.com", HOME, "SUCCESS");
    okta(day(2, 15), "bob@example.com", NEW_YORK, "SUCCESS");

    List<Finding> found = of(run(), ConcurrentSessionsDetector.ID);

    assertThat(found).singleElement();
    assertThat(found.get(0).evidenceEventIds()).hasSize(3);
    assertThat(found.get(0).explanation()).contains("two places active at once");
  }

  @Test
  void aDayWithManyTimesTheUsualEventsIsAVolumeSpike() {
    regularHistory(ALICE);
    for (int i = 0; i < 80; i++) {
      okta(day(14, 10).plusSeconds(30L * i), ALICE, HOME, "SUCCESS");
    }
    List<Finding> found = of(run(), VolumeSpikeDetector.ID);
    assertThat(found).singleElement();
    assertThat(found.get(0).explanation()).contains("had 60 identity events", "usual 10.0 a day");
  }

  @Test
  void learningFromHistoryEndsTheLearningStateWithoutFindingsAndTwiceChangesNothing() {
    regularHistory(ALICE);
    okta(day(12, 3), ALICE, NEW_YORK, "SUCCESS"); // in the history: learned, not reported
    okta(day(13, 8), ALICE, HOME, "SUCCESS");
    List<Event> history = List.copyOf(events);
    events.clear();
    IdentityDetection d = detection();

    assertThat(d.learn(history)).isEqualTo(history.size());
    String learned = store.get("itdr/baseline/" + ALICE).orElseThrow().value();
    d.learn(history);

    assertThat(store.get("itdr/baseline/" + ALICE).orElseThrow().value())
        .as("learning the same range again")
        .isEqualTo(learned);
    assertThat(d.learning(ALICE, day(13, 9))).isFalse();
    okta(day(13, 9), ALICE, "45.40.0.9", "SUCCESS"); // Lagos, an hour after the history
    List<Finding> found = d.runAll(events);
    assertThat(found).extracting(Finding::detectorId).contains(NewLocationDetector.ID);
    assertThat(of(found, NewLocationDetector.ID).get(0).explanation())
        .contains("country NG is not among its countries [US, DE]");
    assertThat(of(found, ImpossibleTravelDetector.ID))
        .as("the last sign-in of the history was learned")
        .singleElement();
  }

  @Test
  void baselineDocumentsKeepSeparatorsAndReadVersionOne() {
    Baseline b =
        Baseline.empty(T0)
            .withEvent(T0)
            .withSignIn(
                T0,
                new Geo("DE", "Frankfurt | Main, Hessen", 50.1, 8.7, 3320),
                "a%7C|b,c",
                "LT-1",
                "App, with | bars",
                4);
    assertThat(Baseline.decode(b.encode())).contains(b);
    assertThat(Baseline.decode("1|1772409600000|3|DE,FR|3320"))
        .hasValueSatisfying(
            v -> {
              assertThat(v.countries()).containsExactly("DE", "FR");
              assertThat(v.signIns()).isEqualTo(3);
            });
  }

  @Test
  void userAgentFamiliesIgnoreVersions() {
    assertThat(UserAgents.family(Lines.CHROME)).isEqualTo("Chrome on Windows");
    assertThat(UserAgents.family(Lines.OPERA)).isEqualTo("Opera on Windows");
    assertThat(UserAgents.family("python-requests/2.31.0")).isEqualTo("python-requests");
    assertThat(
            UserAgents.family(
                "Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15"
                    + " (KHTML, like Gecko) Version/17.4 Mobile/15E148 Safari/604.1"))
        .isEqualTo("Safari on iOS");
    assertThat(UserAgents.family("")).isEmpty();
  }
}
