package io.mantissa.itdr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mantissa.api.ErrorCode;
import io.mantissa.api.Event;
import io.mantissa.api.MantissaException;
import io.mantissa.api.Severity;
import io.mantissa.spi.enrich.DirectoryLookup;
import io.mantissa.spi.enrich.DirectoryUser;
import io.mantissa.testkit.InMemoryStateStore;
import io.mantissa.testkit.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Peer-group baselines and the {@code peer_anomaly} detector on real-shaped Okta SSO records parsed
 * by mantissa-sources: a finance and an engineering department of six people each, ten days of
 * sign-ins from Berlin to their departments' applications, then sign-ins to compare.
 */
class PeerGroupsTest {
  /** A Monday. */
  static final Instant T0 = Instant.parse("2026-03-02T00:00:00Z");

  static final String BERLIN = "81.10.0.1"; // DE, AS3320
  static final String PARIS = "82.20.0.9"; // FR, AS3215
  static final String BERLIN_MOBILE = "100.10.0.4"; // DE, AS6805

  private final InMemoryStateStore store = new InMemoryStateStore(MutableClock.at(T0));
  private final List<Event> events = new ArrayList<>();
  private final Map<String, List<String>> membership = new HashMap<>();
  private int seq;

  PeerGroupsTest() {
    for (int i = 1; i <= 6; i++) {
      membership.put(fin(i), List.of("department:finance"));
      membership.put(eng(i), List.of("department:engineering"));
    }
    membership.put("newhire@example.com", List.of("department:finance"));
    membership.put("a1@example.com", List.of("role:admin"));
    membership.put("a2@example.com", List.of("role:admin"));
  }

  static String fin(int i) {
    return "fin" + i + "@example.com";
  }

  static String eng(int i) {
    return "eng" + i + "@example.com";
  }

  /** An Okta SSO sign-in of {@code user} to {@code app} (an AppInstance target). */
  static String oktaSso(String uuid, Instant at, String user, String ip, String app) {
    return Lines.okta(uuid, at, "user.authentication.sso", user, ip, "SUCCESS")
        .replace(
            "\"target\":[]",
            "\"target\":[{\"id\":\"0oa%s\",\"type\":\"AppInstance\",\"alternateId\":\"%s\",\"displayName\":\"%s\"}]"
                .formatted(Integer.toHexString(app.hashCode()), app, app));
  }

  private Event sso(Instant at, String user, String ip, String app) {
    Event e = Lines.parse("okta", oktaSso("p" + (++seq), at, user, ip, app));
    events.add(e);
    return e;
  }

  private static Instant day(int day, int hour) {
    return T0.plus(Duration.ofDays(day)).plus(Duration.ofHours(hour));
  }

  /**
   * Ten days, three sign-ins a day per person from Berlin: fin1 only to Salesforce, the other
   * finance people to Salesforce and Workday; engineering to GitHub Enterprise and Salesforce, and
   * eng2 once from Paris; the two admins to the Admin Console.
   */
  private void history() {
    for (int d = 0; d < 10; d++) {
      for (int i = 1; i <= 6; i++) {
        for (int k = 0; k < 3; k++) {
          Instant at = day(d, 8 + k * 3).plusSeconds(i * 60L);
          sso(at, fin(i), BERLIN, i == 1 || k != 1 ? "Salesforce" : "Workday");
          sso(
              at.plusSeconds(7),
              eng(i),
              i == 2 && d == 4 && k == 0 ? PARIS : BERLIN,
              k == 1 ? "Salesforce" : "GitHub Enterprise");
        }
      }
      for (String admin : List.of("a1@example.com", "a2@example.com")) {
        sso(day(d, 9).plusSeconds(admin.length()), admin, BERLIN, "Admin Console");
      }
    }
  }

  private IdentityDetection detection() {
    return IdentityDetection.builder()
        .stateStore(store)
        .reader(IdentityEventReader.withGeoIp(TableGeoIp.standard()))
        .peerGroups(PeerGroups.of(membership))
        .build();
  }

  private static List<Finding> peer(List<Finding> all) {
    return all.stream().filter(f -> f.detectorId().equals(PeerAnomalyDetector.ID)).toList();
  }

  @Test
  void anApplicationNeitherThePersonNorAnyPeerUsedIsReportedOnceWithWhatWasCompared() {
    history();
    Event github = sso(day(11, 10), fin(1), BERLIN, "GitHub Enterprise");
    sso(day(11, 10).plusSeconds(60), fin(1), BERLIN, "GitHub Enterprise"); // learned: once
    sso(day(11, 11), fin(1), BERLIN, "Workday"); // new to fin1, but finance peers use it
    sso(day(11, 12), eng(1), BERLIN, "GitHub Enterprise"); // eng1's own habit

    List<Finding> found = peer(detection().runAll(events));

    assertThat(found)
        .singleElement()
        .satisfies(
            f -> {
              assertThat(f.identityKey()).isEqualTo(fin(1));
              assertThat(f.severity()).isEqualTo(Severity.MEDIUM);
              assertThat(f.stage()).isEqualTo(KillChainStage.LATERAL_MOVEMENT);
              assertThat(f.mitre()).containsExactly("T1078", "T1021.007");
              assertThat(f.evidenceEventIds()).containsExactly(github.id());
              assertThat(f.explanation())
                  .contains(
                      "to application \"GitHub Enterprise\"",
                      "department:finance (6 people",
                      "over 10 days",
                      "never used application \"GitHub Enterprise\"",
                      "fin1@example.com's own baseline (30 successful sign-ins on 10 days",
                      "its applications [Salesforce]");
            });
  }

  @Test
  void aCountryNeitherThePersonNorThePeersKnowIsReportedButAPeerCountryOrOwnCountryIsNot() {
    history();
    sso(day(11, 10), fin(2), PARIS, "Salesforce"); // finance never in FR
    sso(day(11, 10).plusSeconds(30), eng(3), PARIS, "Salesforce"); // eng2 was in Paris
    sso(day(11, 11), fin(3), BERLIN_MOBILE, "Salesforce"); // DE known, AS6805 new to all: LOW
    sso(day(11, 12), fin(3), BERLIN_MOBILE, "Salesforce"); // learned: once

    List<Finding> all = detection().runAll(events);
    List<Finding> found = peer(all);

    assertThat(found).extracting(Finding::identityKey).containsExactly(fin(2), fin(3));
    assertThat(found.get(0).severity()).isEqualTo(Severity.MEDIUM);
    assertThat(found.get(0).stage()).isEqualTo(KillChainStage.INITIAL_ACCESS);
    assertThat(found.get(0).explanation())
        .contains("from Paris, FR (AS3215) (IP 82.20.0.9)", "never signed in from country FR")
        .contains("its countries [DE]");
    assertThat(found.get(1).severity()).isEqualTo(Severity.LOW);
    assertThat(found.get(1).explanation())
        .contains("never signed in from AS6805", "its ASNs [3320]");
    // the identity detector reports eng3's new country; the peers know it
    assertThat(all)
        .anySatisfy(
            f -> {
              assertThat(f.detectorId()).isEqualTo(NewLocationDetector.ID);
              assertThat(f.identityKey()).isEqualTo(eng(3));
            });
  }

  @Test
  void learningGroupsAreSilentAndANewHireIsComparedWithTheirPeersAtALowerSeverity() {
    history();
    // day 3: the finance group is not a week old yet
    sso(day(3, 20), fin(4), BERLIN, "Tableau");
    // role:admin has two members: learning for ever
    sso(day(11, 9), "a1@example.com", BERLIN, "Tableau");
    // a new hire's first sign-ins: a finance application, then one no finance person uses
    sso(day(11, 10), "newhire@example.com", BERLIN, "Workday");
    sso(day(11, 11), "newhire@example.com", BERLIN, "Jenkins");
    // an identity in no group
    sso(day(11, 12), "contractor@example.com", BERLIN, "Jenkins");

    IdentityDetection d = detection();
    List<Finding> found = peer(d.runAll(events));

    assertThat(found)
        .singleElement()
        .satisfies(
            f -> {
              assertThat(f.identityKey()).isEqualTo("newhire@example.com");
              assertThat(f.severity()).isEqualTo(Severity.LOW);
              assertThat(f.explanation()).contains("Jenkins", "still learning");
            });
    assertThat(d.peerLearning("role:admin", day(12, 0))).isTrue();
    assertThat(d.peerBaseline("role:admin"))
        .hasValueSatisfying(
            b -> {
              assertThat(b.members()).hasSize(2);
              assertThat(b.applications()).containsExactly("Admin Console", "Tableau");
            });
    assertThat(d.peerLearning("department:finance", day(3, 0))).isTrue();
    assertThat(d.peerLearning("department:finance", day(12, 0))).isFalse();
    assertThat(d.peerLearning("department:nobody", day(12, 0))).isTrue();
  }

  @Test
  void withoutPeerGroupsThereIsNoPeerDetectorAndNoPeerState() {
    history();
    sso(day(11, 10), fin(1), BERLIN, "GitHub Enterprise");
    IdentityDetection d =
        IdentityDetection.builder()
            .stateStore(store)
            .reader(IdentityEventReader.withGeoIp(TableGeoIp.standard()))
            .build();

    assertThat(d.detectors()).extracting(Detector::id).doesNotContain(PeerAnomalyDetector.ID);
    assertThat(peer(d.runAll(events))).isEmpty();
    assertThat(d.peerBaseline("department:finance")).isEmpty();
    assertThat(d.peerLearning("department:finance", day(12, 0))).isTrue();
    assertThat(store.get("itdr/peer/department:finance")).isEmpty();
  }

  @Test
  void peerBaselinesLiveInTheStateStoreAndLearningHistoryTwiceChangesNothing() {
    history();
    List<Event> history = List.copyOf(events);
    events.clear();
    sso(day(11, 10), fin(1), BERLIN, "GitHub Enterprise");
    sso(day(11, 11), fin(5), PARIS, "Workday");

    // one instance learns the history from the lake, another (a restart) detects afterwards
    IdentityDetection first = detection();
    assertThat(first.learn(history)).isEqualTo(history.size());
    Optional<PeerBaseline> learned = first.peerBaseline("department:finance");
    assertThat(first.learn(history)).isEqualTo(history.size());
    assertThat(first.peerBaseline("department:finance")).isEqualTo(learned);
    List<Finding> afterRestart = peer(detection().runAll(events));

    // the same as one instance that saw everything as a stream
    InMemoryStateStore other = new InMemoryStateStore(MutableClock.at(T0));
    List<Event> all = new ArrayList<>(history);
    all.addAll(events);
    List<Finding> streamed =
        peer(
            IdentityDetection.builder()
                .stateStore(other)
                .reader(IdentityEventReader.withGeoIp(TableGeoIp.standard()))
                .peerGroups(PeerGroups.of(membership))
                .build()
                .runAll(all));

    assertThat(afterRestart).hasSize(2).isEqualTo(streamed);
    PeerBaseline b = learned.orElseThrow();
    assertThat(b.members()).hasSize(6);
    assertThat(b.signIns()).isEqualTo(180);
    assertThat(b.countries()).containsExactly("DE");
    assertThat(b.asns()).containsExactly(3320L);
    assertThat(b.cities()).containsExactly("DE/Berlin");
    assertThat(b.applications()).containsExactlyInAnyOrder("Salesforce", "Workday");
    assertThat(b.hours().get(8) + b.hours().get(11) + b.hours().get(14)).isEqualTo(180);
    assertThat(b.firstSeen()).isEqualTo(day(0, 8).plusSeconds(60));
    assertThat(PeerBaseline.decode(b.group(), b.encode())).contains(b);
    assertThat(store.get("itdr/peer/department:finance")).isPresent();
  }

  @Test
  void encodingRoundTripsEscapedNamesAndRefusesGarbage() {
    PeerBaseline b =
        PeerBaseline.empty("department:r|d, labs", T0)
            .withSignIn(
                T0,
                PeerBaseline.member("x@example.com"),
                new Geo("DE", "Frankfurt, am Main", 50.1, 8.7, 3320),
                true,
                "App|with,separators%",
                4,
                4);
    assertThat(PeerBaseline.decode(b.group(), b.encode())).contains(b);
    assertThat(b.applications()).containsExactly("App|with,separators%");
    assertThat(PeerBaseline.decode("g", "2|1|2")).isEmpty();
    assertThat(PeerBaseline.decode("g", "1|x|2|3||||||")).isEmpty();
  }

  @Test
  void directoryGroupsAreDepartmentAndTitleAndAreCachedForTheTtl() {
    Map<String, DirectoryUser> people =
        Map.of(
            "alice@example.com",
            new DirectoryUser(
                "alice@example.com", "Alice", " Finance ", "Accountant", "", List.of("Everyone")),
            "bob@example.com",
            new DirectoryUser("bob@example.com", "Bob", "", "", "", List.of()));
    int[] calls = {0};
    DirectoryLookup directory =
        key -> {
          calls[0]++;
          return Optional.ofNullable(people.get(key));
        };
    MutableClock clock = MutableClock.at(T0);
    DirectoryPeerGroups groups =
        (DirectoryPeerGroups) PeerGroups.fromDirectory(directory, clock, Duration.ofHours(1), 2);

    assertThat(groups.groupsOf("Alice@Example.com"))
        .containsExactly("department:finance", "role:accountant");
    assertThat(groups.groupsOf("alice@example.com")).hasSize(2);
    assertThat(groups.groupsOf("bob@example.com")).isEmpty();
    assertThat(groups.groupsOf("nobody@example.com")).isEmpty();
    assertThat(calls[0]).isEqualTo(3);
    assertThat(groups.cached()).isEqualTo(2);
    clock.advance(Duration.ofMinutes(61));
    assertThat(groups.groupsOf("bob@example.com")).isEmpty();
    assertThat(calls[0]).isEqualTo(4);
    assertThat(groups.lookups()).isEqualTo(4);
  }

  @Test
  void staticGroupsIgnoreCaseAndBlanksAndSettingsAreValidated() {
    PeerGroups groups =
        PeerGroups.of(Map.of("Carol@Example.com", List.of(" department:sales ", "", "role:x")));
    assertThat(groups.groupsOf("carol@example.com")).containsExactly("department:sales", "role:x");
    assertThat(groups.groupsOf("dave@example.com")).isEmpty();
    assertThat(PeerGroups.none().groupsOf("carol@example.com")).isEmpty();
    assertThat(PeerBaselines.normalize(List.of("a", "b", "a", "c"), 2)).containsExactly("a", "b");
    assertThatThrownBy(() -> PeerSettings.builder().learning(0, 10, Duration.ofDays(1)).build())
        .isInstanceOf(MantissaException.class)
        .extracting(e -> ((MantissaException) e).code())
        .isEqualTo(ErrorCode.CONFIG_INVALID);
    assertThatThrownBy(() -> PeerSettings.builder().caps(3, 8).build())
        .isInstanceOf(MantissaException.class);
    assertThat(PeerSettings.defaults().maxGroupsPerIdentity()).isEqualTo(8);
  }
}
