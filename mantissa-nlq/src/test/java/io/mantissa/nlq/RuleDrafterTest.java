package io.mantissa.nlq;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mantissa.api.Event;
import io.mantissa.api.MantissaException;
import io.mantissa.api.config.MantissaConfig;
import io.mantissa.sigma.CorrelationEngine;
import io.mantissa.sigma.CorrelationMatch;
import io.mantissa.sigma.SigmaDocument;
import io.mantissa.sources.SourceCatalog;
import io.mantissa.sources.synthetic.Scenario;
import io.mantissa.sources.synthetic.SyntheticDataGenerator;
import io.mantissa.sources.synthetic.SyntheticDataset;
import io.mantissa.spi.ProviderContext;
import io.mantissa.spi.source.EventParser;
import io.mantissa.spi.source.ParseResult;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** NL → Sigma: drafted rules parse, and fire on the matching scenario only. */
class RuleDrafterTest {
  private final RuleDrafter drafter = new RuleDrafter(SemanticCatalog.defaults());
  private final EventParser okta =
      SourceCatalog.builtIn().parser("okta", ProviderContext.of(MantissaConfig.defaults(), "okta"));

  private List<Event> failures(String email, String start, int count, int secondsApart) {
    List<Event> out = new ArrayList<>();
    Instant t = Instant.parse(start);
    for (int i = 0; i < count; i++) {
      String line =
          Lake.login(
              email + i,
              t.plusSeconds((long) i * secondsApart).toString(),
              email,
              email,
              "203.0.113.5",
              "Germany",
              "FAILURE");
      ParseResult r = okta.parse(line, new io.mantissa.api.SourceLocation("test", i + 1, 1));
      out.addAll(((ParseResult.Parsed) r).events());
    }
    return out;
  }

  private List<CorrelationMatch> run(RuleDrafter.Draft draft, List<Event> events) {
    List<SigmaDocument> docs = new ArrayList<>();
    docs.addAll(draft.rules().rules());
    docs.addAll(draft.rules().correlations());
    CorrelationEngine engine = CorrelationEngine.create(docs);
    List<CorrelationMatch> matches = new ArrayList<>();
    events.stream()
        .sorted(java.util.Comparator.comparing(Event::time))
        .forEach(e -> matches.addAll(engine.process(e)));
    return matches;
  }

  @Test
  void failedLoginBurstBecomesACorrelationThatFires() {
    RuleDrafter.Draft d = drafter.draft("Alert when a user fails login 5+ times in 10 minutes");
    assertThat(d.rules().rules()).hasSize(1);
    assertThat(d.rules().correlations()).hasSize(1);
    assertThat(d.yaml()).contains("type: event_count").contains("timespan: 10m").contains("gte: 5");
    assertThat(d.source()).isEqualTo("okta");

    List<Event> burst = failures("mallory@acme.example", "2026-11-26T10:00:00Z", 6, 60);
    List<Event> slow = failures("alice@acme.example", "2026-11-26T10:00:00Z", 6, 600);
    List<Event> few = failures("bob@acme.example", "2026-11-26T10:00:00Z", 4, 30);
    List<Event> all = new ArrayList<>(burst);
    all.addAll(slow);
    all.addAll(few);
    List<CorrelationMatch> matches = run(d, all);
    assertThat(matches).hasSize(1);
    assertThat(matches.get(0).toString()).contains("mallory@acme.example");
  }

  @Test
  void firesOnTheSyntheticBruteForceScenarioOnly() {
    RuleDrafter.Draft d = drafter.draft("Alert when a user fails login 10+ times in 10 minutes");
    SyntheticDataset data =
        SyntheticDataGenerator.builder()
            .seed(7)
            .end(Instant.parse("2026-11-26T12:00:00Z"))
            .days(1)
            .scenario(Scenario.parse("brute_force:source=okta,attempts=25"))
            .build()
            .generate();
    List<Event> events = new ArrayList<>();
    long line = 0;
    for (String l : data.lines("okta")) {
      ParseResult r = okta.parse(l, new io.mantissa.api.SourceLocation("synthetic", ++line, 1));
      events.addAll(((ParseResult.Parsed) r).events());
    }
    String target = data.groundTruth().get(0).targets().get(0).value();
    List<CorrelationMatch> matches = run(d, events);
    assertThat(matches).isNotEmpty();
    assertThat(matches).allSatisfy(m -> assertThat(m.groupKey()).containsExactly(target));
    java.util.Set<String> attack = new java.util.HashSet<>();
    data.groundTruth().get(0).events().forEach(e -> attack.add(e.id()));
    assertThat(matches.get(0).eventIds()).isSubsetOf(attack);
  }

  @Test
  void byIpInAnotherSource() {
    RuleDrafter.Draft d =
        drafter.draft("alert if an IP fails to sign in 20 times within 5 minutes in AWS");
    assertThat(d.source()).isEqualTo("aws_cloudtrail");
    assertThat(d.yaml())
        .contains("sourceIPAddress")
        .contains("ConsoleLogin")
        .contains("timespan: 5m");
  }

  @Test
  void mfaPushDenials() {
    RuleDrafter.Draft d = drafter.draft("Alert me when a user denies 3 MFA pushes in 15 minutes");
    assertThat(d.yaml()).contains("user.mfa.okta_verify.deny_push").contains("gte: 3");
  }

  @Test
  void refusesWhatItDoesNotKnow() {
    assertThatThrownBy(() -> drafter.draft("Alert when a user downloads 50 files in 1 hour"))
        .isInstanceOf(MantissaException.class)
        .hasMessageContaining("downloads 50 files")
        .hasMessageContaining("failed_login in okta");
    assertThatThrownBy(() -> drafter.draft("make me a sandwich"))
        .hasMessageContaining("not of the form");
  }
}
