package io.mantissa.itdr;

import static org.assertj.core.api.Assertions.assertThat;

import io.mantissa.api.Event;
import io.mantissa.spi.state.StateEntry;
import io.mantissa.testkit.InMemoryStateStore;
import io.mantissa.testkit.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.statistics.Statistics;

class DetectionProperties {
  private static final Instant T0 = Instant.parse("2026-04-01T00:00:00Z");
  private static final String[] IPS = {
    "81.10.0.1", "100.10.0.2", "82.20.0.3", "24.30.0.4", "45.40.0.5", "185.50.0.6", "9.9.9.9"
  };

  enum Kind {
    OKTA_OK,
    OKTA_FAIL,
    ENTRA_FAIL,
    ENTRA_INTERRUPT,
    ENTRA_MFA_DENIED,
    DUO_DENY,
    DUO_OK
  }

  record Spec(int minute, int user, int ip, Kind kind) {}

  @Provide
  Arbitrary<List<Spec>> specs() {
    Arbitrary<Spec> one =
        Combinators.combine(
                Arbitraries.integers().between(0, 45),
                Arbitraries.integers().between(0, 5),
                Arbitraries.frequency(
                    Tuple.of(4, 0), Tuple.of(3, 4), Tuple.of(2, 3), Tuple.of(1, 2), Tuple.of(1, 5)),
                Arbitraries.frequency(
                    Tuple.of(3, Kind.OKTA_OK),
                    Tuple.of(5, Kind.OKTA_FAIL),
                    Tuple.of(3, Kind.ENTRA_FAIL),
                    Tuple.of(1, Kind.ENTRA_INTERRUPT),
                    Tuple.of(1, Kind.ENTRA_MFA_DENIED),
                    Tuple.of(3, Kind.DUO_DENY),
                    Tuple.of(2, Kind.DUO_OK)))
            .as(Spec::new);
    return one.list().ofMinSize(20).ofMaxSize(120);
  }

  private static Event event(Spec s, int n) {
    String id = "p" + n;
    Instant at = T0.plus(Duration.ofMinutes(s.minute()));
    String user = "user" + s.user() + "@example.com";
    String ip = IPS[s.ip()];
    return switch (s.kind()) {
      case OKTA_OK ->
          Lines.parse("okta", Lines.okta(id, at, "user.session.start", user, ip, "SUCCESS"));
      case OKTA_FAIL ->
          Lines.parse("okta", Lines.okta(id, at, "user.session.start", user, ip, "FAILURE"));
      case ENTRA_FAIL -> Lines.parse("entra_signin", Lines.entra(id, at, user, ip, 50126));
      case ENTRA_INTERRUPT -> Lines.parse("entra_signin", Lines.entra(id, at, user, ip, 50074));
      case ENTRA_MFA_DENIED -> Lines.parse("entra_signin", Lines.entra(id, at, user, ip, 500121));
      case DUO_DENY ->
          Lines.parse("duo", Lines.duo(id, at, user, ip, "duo_push", "denied", "no_response"));
      case DUO_OK ->
          Lines.parse("duo", Lines.duo(id, at, user, ip, "duo_push", "success", "user_approved"));
    };
  }

  /** Small thresholds so that random input reaches every detector. */
  static ItdrSettings small(int maxKeys) {
    return ItdrSettings.builder()
        .bruteForce(3, Duration.ofMinutes(20))
        .passwordSpray(3, Duration.ofMinutes(30))
        .mfaFatigue(2, Duration.ofMinutes(30))
        .learning(2, Duration.ofMinutes(30))
        .baselineCaps(2, 3)
        .maxTrackedKeys(maxKeys)
        .allowListedAsns(Set.of(TableGeoIp.VPN_ASN))
        .build();
  }

  static IdentityDetection detection(ItdrSettings settings) {
    return IdentityDetection.builder()
        .settings(settings)
        .stateStore(new InMemoryStateStore(MutableClock.at(T0)))
        .reader(IdentityEventReader.withGeoIp(TableGeoIp.standard()))
        .build();
  }

  static List<Finding> stream(IdentityDetection d, List<Event> events) {
    List<Finding> out = new ArrayList<>();
    for (Event e : events) {
      out.addAll(d.accept(e));
    }
    out.addAll(d.flush());
    return out;
  }

  /** Events in time order; within one timestamp in the order given. */
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

  @Property(tries = 60)
  void orderWithinEqualTimestampsDoesNotChangeFindings(
      @ForAll("specs") List<Spec> specs, @ForAll long seed) {
    List<Event> ordered = inTimeOrder(specs);
    Map<Instant, List<Event>> groups = new TreeMap<>();
    for (Event e : ordered) {
      groups.computeIfAbsent(e.time(), t -> new ArrayList<>()).add(e);
    }
    Random random = new Random(seed);
    List<Event> shuffled = new ArrayList<>();
    for (List<Event> group : groups.values()) {
      List<Event> g = new ArrayList<>(group);
      Collections.shuffle(g, random);
      shuffled.addAll(g);
    }

    List<Finding> a = stream(detection(small(1000)), ordered);
    List<Finding> b = stream(detection(small(1000)), shuffled);
    List<Finding> batch = detection(small(1000)).runAll(shuffled);

    Statistics.label("has findings").collect(!a.isEmpty());
    Statistics.label("has findings").coverage(c -> c.check(true).percentage(p -> p > 40));
    assertThat(b).isEqualTo(a);
    assertThat(batch).as("batch over the same events").isEqualTo(a);
  }

  @Property(tries = 60)
  void stateStaysWithinItsCapsForAnyInput(@ForAll("specs") @Size(max = 120) List<Spec> specs) {
    ItdrSettings settings = small(4);
    InMemoryStateStore store = new InMemoryStateStore(MutableClock.at(T0));
    IdentityDetection d =
        IdentityDetection.builder()
            .settings(settings)
            .stateStore(store)
            .reader(IdentityEventReader.withGeoIp(TableGeoIp.standard()))
            .build();
    for (Event e : inTimeOrder(specs)) {
      d.accept(e);
      for (Detector detector : d.detectors()) {
        if (detector instanceof BoundedState b) {
          assertThat(b.trackedKeys()).as(detector.id()).isLessThanOrEqualTo(b.maxKeys());
          assertThat(b.largestKeyState()).as(detector.id()).isLessThanOrEqualTo(b.maxPerKey());
        }
      }
    }
    d.flush();
    for (StateEntry entry : store.scan("itdr/baseline/", 1000)) {
      Baseline b = Baseline.decode(entry.value()).orElseThrow();
      assertThat(b.countries()).hasSizeLessThanOrEqualTo(settings.maxCountries());
      assertThat(b.asns()).hasSizeLessThanOrEqualTo(settings.maxAsns());
    }
    assertThat(store.scan("itdr/", 10_000)).hasSizeLessThanOrEqualTo(2 * 12);
  }

  @Property(tries = 60)
  void everyFindingIsBackedByEventsOfItsIdentity(@ForAll("specs") List<Spec> specs) {
    List<Event> events = inTimeOrder(specs);
    Map<String, String> identityOf = new TreeMap<>();
    Map<String, String> ipOf = new TreeMap<>();
    IdentityEventReader reader = IdentityEventReader.withGeoIp(TableGeoIp.standard());
    for (Event e : events) {
      reader
          .read(e)
          .ifPresent(
              ie -> {
                identityOf.put(ie.eventId(), ie.identityKey());
                ipOf.put(ie.eventId(), "ip:" + ie.srcIp());
              });
    }
    for (Finding f : stream(detection(small(1000)), events)) {
      for (String id : f.evidenceEventIds()) {
        String owner = f.identityKey().startsWith("ip:") ? ipOf.get(id) : identityOf.get(id);
        assertThat(owner).as(f.explanation()).isEqualTo(f.identityKey());
      }
      assertThat(f.explanation()).isNotBlank();
    }
  }
}
