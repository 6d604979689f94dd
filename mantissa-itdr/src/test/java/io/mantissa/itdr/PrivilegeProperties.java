package io.mantissa.itdr;

import static org.assertj.core.api.Assertions.assertThat;

import io.mantissa.api.Severity;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** Open-ended inputs to the privileged-name patterns and the escalation chain detector. */
class PrivilegeProperties {
  private static final Instant T0 = Instant.parse("2026-03-02T08:00:00Z");
  private static final List<String> WHO =
      List.of("a@example.com", "b@example.com", "c@example.com", "d@example.com");

  @Provide
  Arbitrary<String> text() {
    // printable ASCII but the wildcard, regex metacharacters included, and a few accented letters
    // (case folding that does not round-trip, such as ß to SS or a Greek final sigma, is
    // not claimed)
    return Arbitraries.strings()
        .withCharRange(' ', '~')
        .withChars('é', 'Ü', 'ø')
        .excludeChars('*')
        .ofMaxLength(12);
  }

  @Property(tries = 300)
  void aWildcardStandsForAnyRunAndEverythingElseIsLiteral(
      @ForAll("text") String a, @ForAll("text") String b, @ForAll("text") String c) {
    // names and patterns are trimmed: the generated parts sit between x and y
    String name = "x" + a + b + c + "y";
    PrivilegeSettings.Matcher star =
        new PrivilegeSettings.Matcher(List.of("x" + a + "*" + c + "y"));
    assertThat(star.match(name)).isPresent();
    PrivilegeSettings.Matcher literal = new PrivilegeSettings.Matcher(List.of("x" + a + c + "y"));
    assertThat(literal.match(("X" + a + c + "Y").toUpperCase(Locale.ROOT))).isPresent();
    if (!(a + c).equalsIgnoreCase(a + b + c)) {
      assertThat(literal.match(name)).isEmpty();
    }
  }

  record Step(int actor, int target, int kind, int minutes) {}

  @Provide
  Arbitrary<List<Step>> steps() {
    return Combinators.combine(
            Arbitraries.integers().between(0, WHO.size() - 1),
            Arbitraries.integers().between(0, WHO.size() - 1),
            Arbitraries.integers().between(0, 5),
            Arbitraries.integers().between(0, 240))
        .as(Step::new)
        .list()
        .ofMaxSize(40);
  }

  private static IdentityEvent event(int i, Step s, Instant at) {
    String actor = WHO.get(s.actor());
    String target = WHO.get(s.target());
    Activity activity = s.kind() <= 1 ? Activity.PRIVILEGE_GRANT : Activity.OTHER;
    List<String> privileges =
        switch (s.kind()) {
          case 0 -> List.of("Super administrator");
          case 1 -> List.of("engineering");
          default -> List.of();
        };
    AdminAction admin =
        switch (s.kind()) {
          case 0, 1 -> actor.equals(target) ? AdminAction.NONE : AdminAction.GRANT;
          case 2 -> AdminAction.RESET_PASSWORD;
          case 3 -> AdminAction.DISABLE_LOGGING;
          case 4 -> AdminAction.CREATE_ACCOUNT;
          default -> AdminAction.NONE;
        };
    return new IdentityEvent(
        "e" + i,
        actor,
        i % 2 == 0 ? "okta" : "aws_cloudtrail",
        at,
        activity,
        Outcome.SUCCESS,
        "",
        "",
        "",
        s.kind() <= 1 || s.kind() == 2 ? target : "",
        new Geo("", "", Double.NaN, Double.NaN, 0),
        "",
        "",
        "",
        privileges,
        admin,
        ProviderRisk.NONE);
  }

  @Property(tries = 300)
  void chainsCiteOnlyEventsSeenReportAtMostTwiceAGrantAndKeepTheirCap(
      @ForAll("steps") List<Step> steps) {
    PrivilegeEscalationChainDetector d =
        new PrivilegeEscalationChainDetector(PrivilegeSettings.builder().maxTrackedKeys(3).build());
    Set<String> seen = new HashSet<>();
    Map<String, Integer> perGrant = new HashMap<>();
    Instant at = T0;
    List<IdentityEvent> events = new ArrayList<>();
    for (int i = 0; i < steps.size(); i++) {
      at = at.plusSeconds(60L * steps.get(i).minutes());
      events.add(event(i, steps.get(i), at));
    }
    for (IdentityEvent e : events) {
      seen.add(e.eventId());
      for (Finding f : d.accept(e)) {
        assertThat(seen).containsAll(f.evidenceEventIds());
        assertThat(f.identityKey()).isEqualTo(e.identityKey());
        assertThat(f.time()).isEqualTo(e.time());
        assertThat(f.severity()).isIn(Severity.MEDIUM, Severity.HIGH);
        assertThat(f.evidenceEventIds()).doesNotHaveDuplicates();
        String grant =
            f.identityKey()
                + "/"
                + f.evidenceEventIds().get(f.explanation().contains("(0)") ? 1 : 0);
        assertThat(perGrant.merge(grant, 1, Integer::sum)).isLessThanOrEqualTo(2);
      }
    }
  }
}
