package io.mantissa.itdr;

import static org.assertj.core.api.Assertions.assertThat;

import io.mantissa.api.Event;
import io.mantissa.api.Severity;
import io.mantissa.itdr.ScenarioGenerator.Injected;
import io.mantissa.itdr.ScenarioGenerator.Kind;
import io.mantissa.testkit.InMemoryStateStore;
import io.mantissa.testkit.MutableClock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the detectors over seeded scenarios and measures, per detector, the share of injected
 * attacks of its kind found and the findings that match no injected attack (false positives), per
 * 1,000 users per day. The figures are written to the log and quoted in docs/itdr.md.
 */
class ScenarioTest {
  private static final Logger LOG = LoggerFactory.getLogger(ScenarioTest.class);
  static final long[] SEEDS = {11, 22, 33};
  static final int USERS = 400;
  static final int DAYS = 28;
  static final int ATTACKS_PER_KIND = 3;

  static final Map<String, Kind> TARGET =
      Map.of(
          BruteForceDetector.ID, Kind.BRUTE_FORCE,
          PasswordSprayDetector.ID, Kind.PASSWORD_SPRAY,
          MfaFatigueDetector.ID, Kind.MFA_FATIGUE,
          ImpossibleTravelDetector.ID, Kind.IMPOSSIBLE_TRAVEL,
          NewLocationDetector.ID, Kind.NEW_COUNTRY);

  static final class Tally {
    int injected;
    int detected;
    int findings;
    int falsePositives;
    final List<String> fpExamples = new ArrayList<>();
  }

  private static IdentityDetection detection() {
    return IdentityDetection.builder()
        .settings(ItdrSettings.builder().allowListedAsns(Set.of(ScenarioGenerator.VPN_ASN)).build())
        .stateStore(new InMemoryStateStore(MutableClock.at(ScenarioGenerator.START)))
        .reader(IdentityEventReader.withGeoIp(ScenarioGenerator.geoIp()))
        .build();
  }

  /** New-ASN-only findings (informational) are tallied apart from new-country findings. */
  static String tallyKey(Finding f) {
    return f.detectorId().equals(NewLocationDetector.ID) && f.severity() == Severity.INFORMATIONAL
        ? NEW_ASN
        : f.detectorId();
  }

  static final String NEW_ASN = "new_location (new ASN only, informational)";

  private static boolean matches(Finding f, Injected i) {
    return f.identityKey().equals(i.key())
        && !f.time().isBefore(i.start())
        && !f.time().isAfter(i.end());
  }

  @Test
  void everyInjectedAttackIsFoundAndFalseAlarmsAreCounted() {
    Map<String, Tally> tallies = new LinkedHashMap<>();
    TARGET.keySet().stream().sorted().forEach(id -> tallies.put(id, new Tally()));
    tallies.put(NEW_ASN, new Tally());
    long events = 0;
    int trips = 0;
    // detectors without an attack kind in this generator: findings and those in no attack
    Map<String, int[]> others = new java.util.TreeMap<>();
    Map<String, List<String>> otherExamples = new java.util.TreeMap<>();
    for (long seed : SEEDS) {
      ScenarioGenerator g = new ScenarioGenerator(seed, USERS, DAYS).generate(ATTACKS_PER_KIND);
      events += g.events().size();
      trips += g.trips();
      IdentityDetection stream = detection();
      List<Finding> findings = new ArrayList<>();
      for (Event e : g.events()) {
        findings.addAll(stream.accept(e));
      }
      findings.addAll(stream.flush());
      assertThat(detection().runAll(g.events()))
          .as("batch and stream give the same findings")
          .isEqualTo(findings);

      for (Finding f : findings) {
        if (TARGET.containsKey(f.detectorId())) {
          continue;
        }
        int[] c = others.computeIfAbsent(f.detectorId(), k -> new int[2]);
        c[0]++;
        if (g.injected().stream().noneMatch(i -> matches(f, i))) {
          c[1]++;
          List<String> ex = otherExamples.computeIfAbsent(f.detectorId(), k -> new ArrayList<>());
          if (ex.size() < 3) {
            ex.add(f.explanation());
          }
        }
      }
      for (Map.Entry<String, Tally> t : tallies.entrySet()) {
        String detector = t.getKey();
        Tally tally = t.getValue();
        List<Finding> mine = findings.stream().filter(f -> tallyKey(f).equals(detector)).toList();
        tally.findings += mine.size();
        for (Injected i : g.injected()) {
          if (i.kind() == TARGET.get(detector)) {
            tally.injected++;
            if (mine.stream().anyMatch(f -> matches(f, i))) {
              tally.detected++;
            }
          }
        }
        for (Finding f : mine) {
          if (g.injected().stream().noneMatch(i -> matches(f, i))) {
            tally.falsePositives++;
            if (tally.fpExamples.size() < 3) {
              tally.fpExamples.add(f.explanation());
            }
          }
        }
      }
    }
    double userDays = (double) USERS * DAYS * SEEDS.length;
    StringBuilder report = new StringBuilder();
    report.append(
        String.format(
            Locale.ROOT,
            "%nscenario: %d seeds x %d users x %d days, %d events, %d benign trips%n",
            SEEDS.length,
            USERS,
            DAYS,
            events,
            trips));
    report.append(
        "| detector | injected | detected | findings | false positives | FP per 1,000 user-days |\n");
    for (Map.Entry<String, Tally> t : tallies.entrySet()) {
      Tally x = t.getValue();
      report.append(
          String.format(
              Locale.ROOT,
              "| %s | %d | %d | %d | %d | %.2f |%n",
              t.getKey(),
              x.injected,
              x.detected,
              x.findings,
              x.falsePositives,
              x.falsePositives * 1000 / userDays));
      x.fpExamples.forEach(ex -> report.append("    FP: ").append(ex).append('\n'));
    }
    others.forEach(
        (d, c) -> {
          report.append(
              String.format(
                  Locale.ROOT,
                  "| %s | – | – | %d | %d | %.2f |%n",
                  d,
                  c[0],
                  c[1],
                  c[1] * 1000 / userDays));
          otherExamples
              .getOrDefault(d, List.of())
              .forEach(ex -> report.append("    FP: ").append(ex).append('\n'));
        });
    LOG.info("{}", report);

    for (Map.Entry<String, Tally> t : tallies.entrySet()) {
      Tally x = t.getValue();
      if (t.getKey().equals(NEW_ASN)) {
        continue;
      }
      assertThat(x.injected).as(t.getKey()).isEqualTo(ATTACKS_PER_KIND * SEEDS.length);
      assertThat(x.detected).as(t.getKey() + " detection").isEqualTo(x.injected);
      if (!t.getKey().equals(NewLocationDetector.ID)) {
        assertThat(x.falsePositives * 1000 / userDays)
            .as(t.getKey() + " false positives per 1,000 user-days")
            .isLessThanOrEqualTo(1.0);
      }
    }
  }
}
