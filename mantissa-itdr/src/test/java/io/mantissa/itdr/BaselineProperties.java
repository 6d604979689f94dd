package io.mantissa.itdr;

import static org.assertj.core.api.Assertions.assertThat;

import io.mantissa.api.Event;
import io.mantissa.spi.state.StateEntry;
import io.mantissa.testkit.InMemoryStateStore;
import io.mantissa.testkit.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
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
 * Properties of the baselines and of every detector over open-ended input: sign-ins of a few people
 * over three weeks from several places, browsers and sessions, failures, MFA resets and enrolments,
 * reactivations, with small thresholds and caps so that every detector can fire.
 */
class BaselineProperties {
  private static final Instant T0 = Instant.parse("2026-04-06T00:00:00Z");
  private static final String[] IPS = {
    "81.10.0.1", "100.10.0.2", "82.20.0.3", "24.30.0.4", "45.40.0.5", "185.50.0.6", "198.18.0.7"
  };
  private static final String[] AGENTS = {
    Lines.CHROME,
    Lines.OPERA,
    "python-requests/2.31.0",
    "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_4) AppleWebKit/605.1.15 (KHTML, like Gecko)"
        + " Version/17.4 Safari/605.1.15"
  };

  enum Kind {
    OKTA_OK,
    OKTA_FAIL,
    ENTRA_OK,
    ENTRA_FAIL,
    MFA_RESET,
    MFA_ENROLL,
    REACTIVATE
  }

  record Spec(int minute, int user, int ip, int agent, int session, Kind kind) {}

  @Provide
  Arbitrary<List<Spec>> specs() {
    Arbitrary<Spec> one =
        Combinators.combine(
                Arbitraries.frequencyOf(
                    Tuple.of(3, Arbitraries.integers().between(0, 21 * 24 * 60)),
                    Tuple.of(2, Arbitraries.integers().between(20 * 24 * 60, 20 * 24 * 60 + 90))),
                Arbitraries.integers().between(0, 4),
                Arbitraries.frequency(
                    Tuple.of(5, 0),
                    Tuple.of(2, 1),
                    Tuple.of(1, 2),
                    Tuple.of(1, 3),
                    Tuple.of(1, 4),
                    Tuple.of(1, 5),
                    Tuple.of(2, 6)),
                Arbitraries.frequency(
                    Tuple.of(6, 0), Tuple.of(1, 1), Tuple.of(1, 2), Tuple.of(1, 3)),
                Arbitraries.integers().between(0, 3),
                Arbitraries.frequency(
                    Tuple.of(8, Kind.OKTA_OK),
                    Tuple.of(4, Kind.OKTA_FAIL),
                    Tuple.of(3, Kind.ENTRA_OK),
                    Tuple.of(2, Kind.ENTRA_FAIL),
                    Tuple.of(1, Kind.MFA_RESET),
                    Tuple.of(1, Kind.MFA_ENROLL),
                    Tuple.of(1, Kind.REACTIVATE)))
            .as(Spec::new);
    return one.list().ofMinSize(30).ofMaxSize(200);
  }

  private static Event event(Spec s, int n) {
    String id = "q" + n;
    Instant at = T0.plus(Duration.ofMinutes(s.minute()));
    String user = "user" + s.user() + "@example.com";
    String ip = IPS[s.ip()];
    String agent = AGENTS[s.agent()];
    String session = "sess" + s.user() + "-" + s.session();
    return switch (s.kind()) {
      case OKTA_OK ->
          Lines.parse(
              "okta",
              Lines.okta(id, at, "user.session.start", user, ip, "SUCCESS", agent, session));
      case OKTA_FAIL ->
          Lines.parse(
              "okta",
              Lines.okta(id, at, "user.session.start", user, ip, "FAILURE", agent, session));
      case ENTRA_OK -> Lines.parse("entra_signin", Lines.entra(id, at, user, ip, 0));
      case ENTRA_FAIL -> Lines.parse("entra_signin", Lines.entra(id, at, user, ip, 50126));
      case MFA_RESET ->
          Lines.parse(
              "okta",
              Lines.oktaAccountChange(
                  id, at, "user.mfa.factor.reset_all", "admin@example.com", user, ip));
      case MFA_ENROLL ->
          Lines.parse(
              "okta", Lines.oktaAccountChange(id, at, "user.mfa.factor.activate", user, user, ip));
      case REACTIVATE ->
          Lines.parse(
              "okta",
              Lines.oktaAccountChange(
                  id, at, "user.lifecycle.reactivate", "admin@example.com", user, ip));
    };
  }

  /** Small thresholds and caps so that random input reaches every detector and every cap. */
  static ItdrSettings small(int maxKeys) {
    return ItdrSettings.builder()
        .bruteForce(3, Duration.ofMinutes(20))
        .passwordSpray(3, Duration.ofMinutes(30))
        .learning(3, Duration.ofHours(12))
        .learningDays(2)
        .baselineCaps(2, 2)
        .baselineValues(2)
        .usualHours(0.9, 12)
        .credentialStuffing(3, 2, 1, Duration.ofMinutes(60))
        .mfaChange(Duration.ofHours(6))
        .dormant(Duration.ofDays(3), Duration.ofHours(6))
        .sessions(Duration.ofHours(2), Duration.ofHours(2))
        .volumeSpike(2, 3)
        .maxTrackedKeys(maxKeys)
        .allowListedAsns(Set.of(TableGeoIp.VPN_ASN))
        .build();
  }

  static List<Event> inTimeOrder(List<Spec> specs) {
    TreeMap<Integer, List<Event>> byMinute = new TreeMap<>();
    for (int i = 0; i < specs.size(); i++) {
      byMinute
          .computeIfAbsent(specs.get(i).minute(), m -> new ArrayList<>())
          .add(event(specs.get(i), i));
    }
    List<Event> out = new ArrayList<>();
    byMinute.values().forEach(out::addAll);
    return out;
  }

  @Property(tries = 80)
  void baselinesAndDetectorStateStayWithinTheirBoundsAndFindingsCiteOnlyEventsSeen(
      @ForAll("specs") List<Spec> specs) {
    ItdrSettings settings = small(3);
    InMemoryStateStore store = new InMemoryStateStore(MutableClock.at(T0));
    IdentityDetection d =
        IdentityDetection.builder()
            .settings(settings)
            .stateStore(store)
            .reader(IdentityEventReader.withGeoIp(TableGeoIp.standard()))
            .build();
    Map<String, Instant> seen = new HashMap<>();
    List<Finding> findings = new ArrayList<>();
    for (Event e : inTimeOrder(specs)) {
      findings.addAll(d.accept(e));
      seen.put(e.id(), e.time());
      for (Detector detector : d.detectors()) {
        if (detector instanceof BoundedState b) {
          assertThat(b.trackedKeys()).as(detector.id()).isLessThanOrEqualTo(b.maxKeys());
          assertThat(b.largestKeyState()).as(detector.id()).isLessThanOrEqualTo(b.maxPerKey());
        }
      }
    }
    findings.addAll(d.flush());

    for (Finding f : findings) {
      assertThat(f.evidenceEventIds()).as(f.explanation()).allMatch(seen::containsKey);
      assertThat(f.evidenceEventIds())
          .as("evidence is not later than the finding: " + f.explanation())
          .allMatch(id -> !seen.get(id).isAfter(f.time()));
      Statistics.label("detector").collect(f.detectorId());
    }
    Statistics.label("baseline detectors fire")
        .collect(
            findings.stream()
                .anyMatch(
                    f ->
                        Set.of(
                                UnusualTimeDetector.ID,
                                NewDeviceDetector.ID,
                                MfaResetDetector.ID,
                                DormantAccountDetector.ID,
                                SessionHijackDetector.ID,
                                VolumeSpikeDetector.ID)
                            .contains(f.detectorId())));
    Statistics.label("baseline detectors fire")
        .coverage(c -> c.check(true).percentage(p -> p > 30));
    List<StateEntry> baselines = store.scan("itdr/baseline/", 1000);
    assertThat(baselines).isNotEmpty();
    for (StateEntry entry : baselines) {
      Baseline b = Baseline.decode(entry.value()).orElseThrow();
      int cap = settings.maxBaselineValues();
      assertThat(b.countries()).hasSizeLessThanOrEqualTo(settings.maxCountries());
      assertThat(b.asns()).hasSizeLessThanOrEqualTo(settings.maxAsns());
      assertThat(b.cities()).hasSizeLessThanOrEqualTo(cap).doesNotHaveDuplicates();
      assertThat(b.agents()).hasSizeLessThanOrEqualTo(cap).doesNotHaveDuplicates();
      assertThat(b.devices()).hasSizeLessThanOrEqualTo(cap);
      assertThat(b.applications()).hasSizeLessThanOrEqualTo(cap);
      assertThat(b.volume()).hasSize(Math.min(b.days(), Baseline.VOLUME_DAYS));
      assertThat(b.hours().stream().mapToLong(Integer::longValue).sum())
          .isEqualTo(b.weekdays().stream().mapToLong(Integer::longValue).sum())
          .isLessThanOrEqualTo(Math.min(b.successes(), Baseline.MAX_COUNT));
      assertThat(b.volume().stream().mapToLong(Baseline.DayCount::count).sum())
          .isLessThanOrEqualTo(specs.size());
      assertThat(b.firstSeen()).isBeforeOrEqualTo(b.lastSeen());
      assertThat(b.signIns()).isLessThanOrEqualTo(b.successes());
    }
  }

  @Property(tries = 40)
  void learningTheSameHistoryTwiceChangesNoBaselineAndReportsNothing(
      @ForAll("specs") List<Spec> specs) {
    InMemoryStateStore store = new InMemoryStateStore(MutableClock.at(T0));
    IdentityDetection d =
        IdentityDetection.builder()
            .settings(small(100))
            .stateStore(store)
            .reader(IdentityEventReader.withGeoIp(TableGeoIp.standard()))
            .build();
    List<Event> history = inTimeOrder(specs);
    d.learn(history);
    Map<String, String> once = new TreeMap<>();
    store.scan("itdr/baseline/", 1000).forEach(e -> once.put(e.key(), e.value()));
    d.learn(history);
    Map<String, String> twice = new TreeMap<>();
    store.scan("itdr/baseline/", 1000).forEach(e -> twice.put(e.key(), e.value()));
    assertThat(twice).isEqualTo(once);
    assertThat(d.flush()).isEmpty();
  }
}
