package io.mantissa.itdr;

import static org.assertj.core.api.Assertions.assertThat;

import io.mantissa.api.Event;
import io.mantissa.spi.state.StateEntry;
import io.mantissa.testkit.InMemoryStateStore;
import io.mantissa.testkit.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.statistics.Statistics;

/**
 * Properties of the peer-group baselines and of {@code peer_anomaly} over open-ended sign-ins of
 * six people in overlapping groups (two teams and everyone; one person in none) over two weeks,
 * from several places (a VPN among them) and applications, with small caps so that every cap is
 * reached.
 */
class PeerProperties {
  private static final Instant T0 = Instant.parse("2026-04-06T00:00:00Z");
  private static final String[] IPS = {
    "81.10.0.1", "100.10.0.2", "82.20.0.3", "24.30.0.4", "45.40.0.5", "185.50.0.6", "198.18.0.7"
  };
  private static final String[] APPS = {"Salesforce", "Workday", "Jira", "Tableau", "Zoom", ""};
  private static final Map<String, List<String>> GROUPS =
      Map.of(
          "u0@example.com", List.of("team0", "all"),
          "u1@example.com", List.of("team1", "all"),
          "u2@example.com", List.of("team0", "all"),
          "u3@example.com", List.of("team1", "all"),
          "u4@example.com", List.of("team0", "all", "team0 "));
  private static final IdentityEventReader READER =
      IdentityEventReader.withGeoIp(TableGeoIp.standard());

  record Spec(int minute, int user, int ip, int app, boolean success) {}

  @Provide
  Arbitrary<List<Spec>> specs() {
    return Combinators.combine(
            Arbitraries.integers().between(0, 14 * 24 * 60),
            Arbitraries.integers().between(0, 5),
            Arbitraries.integers().between(0, IPS.length - 1),
            Arbitraries.integers().between(0, APPS.length - 1),
            Arbitraries.frequencyOf(
                Tuple.of(9, Arbitraries.just(true)), Tuple.of(1, Arbitraries.just(false))))
        .as(Spec::new)
        .list()
        .ofMinSize(20)
        .ofMaxSize(250);
  }

  static List<Event> events(List<Spec> specs) {
    List<Event> out = new ArrayList<>();
    for (int i = 0; i < specs.size(); i++) {
      Spec s = specs.get(i);
      Instant at = T0.plus(Duration.ofMinutes(s.minute()));
      String user = "u" + s.user() + "@example.com";
      String app = APPS[s.app()];
      String line =
          !s.success()
              ? Lines.okta("pp" + i, at, "user.session.start", user, IPS[s.ip()], "FAILURE")
              : app.isEmpty()
                  ? Lines.okta("pp" + i, at, "user.session.start", user, IPS[s.ip()], "SUCCESS")
                  : PeerGroupsTest.oktaSso("pp" + i, at, user, IPS[s.ip()], app);
      out.add(Lines.parse("okta", line));
    }
    out.sort(Comparator.comparing(Event::time).thenComparing(Event::id));
    return out;
  }

  static IdentityDetection detection(InMemoryStateStore store) {
    return IdentityDetection.builder()
        .settings(
            ItdrSettings.builder()
                .learning(3, Duration.ofHours(12))
                .learningDays(2)
                .baselineValues(2)
                .baselineCaps(2, 2)
                .allowListedAsns(Set.of(TableGeoIp.VPN_ASN))
                .build())
        .stateStore(store)
        .reader(READER)
        .peerGroups(
            PeerGroups.of(GROUPS),
            PeerSettings.builder()
                .learning(2, 5, Duration.ofDays(1))
                .caps(3, 2)
                .maxGroupsPerIdentity(2)
                .build())
        .build();
  }

  @Property(tries = 60)
  void peerBaselinesStayWithinTheirCapsAndFindingsAreNeverAboutThePersonsOwnHabits(
      @ForAll("specs") List<Spec> specs) {
    InMemoryStateStore store = new InMemoryStateStore(MutableClock.at(T0));
    IdentityDetection d = detection(store);
    int fired = 0;
    for (Event event : events(specs)) {
      Optional<IdentityEvent> read = READER.read(event);
      String key = read.map(IdentityEvent::identityKey).orElse("");
      Optional<Baseline> own = d.baseline(key.isEmpty() ? "nobody" : key);
      List<String> groups = PeerGroups.of(GROUPS).groupsOf(key.isEmpty() ? "nobody" : key);
      List<PeerBaseline> peers = new ArrayList<>();
      boolean established = false;
      for (String g : PeerBaselines.normalize(groups, 2)) {
        d.peerBaseline(g).ifPresent(peers::add);
        established |= !d.peerLearning(g, event.time());
      }
      for (Finding f : d.runAll(List.of(event))) {
        if (!f.detectorId().equals(PeerAnomalyDetector.ID)) {
          continue;
        }
        fired++;
        IdentityEvent e = read.orElseThrow();
        assertThat(f.identityKey()).isEqualTo(key);
        assertThat(established).as("a group out of learning: " + f.explanation()).isTrue();
        if (f.stage() == KillChainStage.LATERAL_MOVEMENT) {
          String app = e.application();
          assertThat(own.map(b -> b.applications().contains(app)).orElse(false)).isFalse();
          assertThat(peers).noneMatch(p -> p.applications().contains(app));
        } else {
          Geo geo = e.geo();
          boolean ownKnows =
              own.map(b -> b.countries().contains(geo.country()) && b.asns().contains(geo.asn()))
                  .orElse(false);
          assertThat(ownKnows).as(f.explanation()).isFalse();
          assertThat(peers)
              .noneMatch(
                  p -> p.countries().contains(geo.country()) && p.asns().contains(geo.asn()));
        }
      }
    }
    Statistics.label("peer_anomaly fires").collect(fired > 0);
    Statistics.label("peer_anomaly fires").coverage(c -> c.check(true).percentage(p -> p > 20));
    List<StateEntry> entries = store.scan("itdr/peer/", 100);
    assertThat(entries).extracting(StateEntry::key).doesNotContain("itdr/peer/team0 ");
    for (StateEntry entry : entries) {
      String group = entry.key().substring("itdr/peer/".length());
      PeerBaseline b = PeerBaseline.decode(group, entry.value()).orElseThrow();
      assertThat(b.members()).hasSizeLessThanOrEqualTo(3).doesNotHaveDuplicates();
      assertThat(b.countries()).hasSizeLessThanOrEqualTo(2).doesNotHaveDuplicates();
      assertThat(b.asns()).hasSizeLessThanOrEqualTo(2).doesNotHaveDuplicates();
      assertThat(b.cities()).hasSizeLessThanOrEqualTo(2).doesNotHaveDuplicates();
      assertThat(b.applications()).hasSizeLessThanOrEqualTo(2).doesNotHaveDuplicates();
      assertThat(b.hours()).hasSize(24);
      assertThat(b.hours().stream().mapToLong(Integer::longValue).sum())
          .isEqualTo(b.signIns())
          .isLessThanOrEqualTo(specs.size());
      assertThat(b.firstSeen()).isBeforeOrEqualTo(b.lastSeen());
      assertThat(PeerBaseline.decode(group, b.encode())).contains(b);
      Statistics.label("members at cap").collect(b.members().size() == 3);
    }
  }

  @Property(tries = 30)
  void learningTheSameHistoryTwiceChangesNoPeerBaseline(@ForAll("specs") List<Spec> specs) {
    InMemoryStateStore store = new InMemoryStateStore(MutableClock.at(T0));
    IdentityDetection d = detection(store);
    List<Event> history = events(specs);
    d.learn(history);
    Map<String, String> once = new TreeMap<>();
    store.scan("itdr/peer/", 100).forEach(e -> once.put(e.key(), e.value()));
    d.learn(history);
    Map<String, String> twice = new TreeMap<>();
    store.scan("itdr/peer/", 100).forEach(e -> twice.put(e.key(), e.value()));
    assertThat(twice).isEqualTo(once);
  }
}
