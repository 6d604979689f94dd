package io.mantissa.itdr;

import static org.assertj.core.api.Assertions.assertThat;

import io.mantissa.api.Entity;
import io.mantissa.api.EntityType;
import io.mantissa.api.Event;
import io.mantissa.api.config.MantissaConfig;
import io.mantissa.sources.IngestReport;
import io.mantissa.sources.NdjsonIngestor;
import io.mantissa.sources.SourceCatalog;
import io.mantissa.sources.synthetic.GroundTruth;
import io.mantissa.sources.synthetic.Organization;
import io.mantissa.sources.synthetic.Person;
import io.mantissa.sources.synthetic.Scenario;
import io.mantissa.sources.synthetic.SyntheticDataGenerator;
import io.mantissa.sources.synthetic.SyntheticDataset;
import io.mantissa.spi.ProviderContext;
import io.mantissa.testkit.InMemoryEventStore;
import io.mantissa.testkit.InMemoryStateStore;
import io.mantissa.testkit.MutableClock;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * The identity detectors on mantissa-sources' synthetic data generator: every scenario it can
 * inject, several seeds, every source in its native format through the real parsers and the real
 * ingest path. Reports per detector the detection rate against the ground truth and the false
 * positives per 1,000 users per day on the background (printed; the figures are in docs/itdr.md).
 * Default thresholds, not tuned on these seeds.
 */
class ScenarioSuiteIT {
  static final Instant END = Instant.parse("2026-03-16T00:00:00Z");
  static final long[] SEEDS = {101, 202, 303};
  static final int USERS = 200;
  static final int DAYS = 14;
  static final int EVENTS_PER_DAY = 6_000;
  static final int CHAINED = 25;

  /**
   * The detector built to catch each scenario (scenarios without one are reported, not counted).
   */
  static final Map<String, String> EXPECTED =
      Map.ofEntries(
          Map.entry("password_spray", "password_spray"),
          Map.entry("brute_force", "brute_force"),
          Map.entry("mfa_push_bombing", "mfa_fatigue"),
          Map.entry("impossible_travel", "impossible_travel"),
          Map.entry("new_country_login", "new_location"),
          Map.entry("self_grant", "self_privilege_grant"),
          Map.entry("credential_stuffing", "credential_stuffing"),
          Map.entry("session_hijack", "session_hijack"),
          Map.entry("dormant_account_activation", "dormant_account"),
          Map.entry("mfa_reset", "mfa_reset"),
          Map.entry("scripted_account_use", "volume_spike"));

  /** Every scenario again with its other source, a day or more before the defaults. */
  static final List<String> VARIANTS =
      List.of(
          "password_spray:source=entra_signin,at=30h,ip=192.0.2.70",
          "brute_force:source=okta,at=40h",
          "mfa_push_bombing:source=duo,at=50h",
          "new_country_login:source=okta,at=60h,country=BR",
          "self_grant:source=okta,at=70h",
          "admin_grant:source=entra_audit,at=80h",
          "data_exfiltration:mode=s3,at=90h");

  /** A finding is the scenario's when its key is an actor or target and its time in this span. */
  static final Duration AFTER = Duration.ofHours(24);

  record Tally(
      Map<String, int[]> injected, // scenario -> [injected, detected by the expected detector]
      Map<String, Map<String, Integer>> caughtBy, // scenario -> detector -> scenarios it fired on
      Map<String, int[]> findings, // detector -> [findings, false positives]
      Set<String> fpExamples,
      long[] totals) {} // [events, identity events, user-days, top-10 riskiest in a scenario]

  @Test
  void everyCredentialAttackScenarioIsDetectedAndFalseAlarmsAreCounted() {
    Tally t =
        new Tally(new TreeMap<>(), new TreeMap<>(), new TreeMap<>(), new TreeSet<>(), new long[5]);
    for (long seed : SEEDS) {
      run(seed, t);
    }
    print(t);
    // what holds robustly: the credential attacks are found on every seed
    t.injected()
        .forEach(
            (scenario, c) -> {
              if (List.of(
                      "password_spray",
                      "brute_force",
                      "mfa_push_bombing",
                      "credential_stuffing",
                      "session_hijack",
                      "dormant_account_activation",
                      "mfa_reset",
                      "scripted_account_use")
                  .contains(base(scenario))) {
                assertThat(c[1]).as(scenario + " detected").isEqualTo(c[0]);
              }
            });
    assertThat(t.totals()[4]).as("kill chain of the chained person").isEqualTo(SEEDS.length);
    assertThat(t.injected().get("impossible_travel/okta")[1]).as("impossible travel").isPositive();
  }

  private void run(long seed, Tally t) {
    Organization org = Organization.builder().users(USERS).build();
    String chained = org.people().get(CHAINED).email();
    SyntheticDataset data =
        SyntheticDataGenerator.builder()
            .organization(org)
            .end(END)
            .days(DAYS)
            .eventsPerDay(EVENTS_PER_DAY)
            .seed(seed)
            .scenarios(SyntheticDataGenerator.allScenarios())
            .scenarios(VARIANTS.stream().map(Scenario::parse).toList())
            // a chain on one person: brute force into Okta, then a self grant an hour later
            .scenario(Scenario.parse("brute_force:source=okta,at=100h,user=" + chained))
            .scenario(Scenario.parse("self_grant:source=okta,at=99h,user=" + chained))
            .build()
            .generate();
    InMemoryEventStore lake = new InMemoryEventStore();
    NdjsonIngestor ingestor = NdjsonIngestor.builder(lake).build();
    SourceCatalog catalog = SourceCatalog.builtIn();
    List<Event> events = new ArrayList<>();
    for (String source : data.sources()) {
      String text = String.join("\n", data.lines(source)) + "\n";
      IngestReport report =
          ingestor.ingest(
              catalog.parser(source, ProviderContext.of(MantissaConfig.defaults(), source)),
              new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)),
              "synthetic/" + source);
      assertThat(report.rejected()).as(source).isZero();
      events.addAll(lake.events(source));
    }
    MutableClock clock = MutableClock.at(END);
    IdentityEventReader reader = IdentityEventReader.withGeoIp(new OrganizationGeoIp(org));
    IdentityDetection detection =
        IdentityDetection.builder()
            .stateStore(new InMemoryStateStore(clock))
            .reader(reader)
            .killChain(KillChainSettings.defaults())
            .build();
    List<GroundTruth> injected = new ArrayList<>();
    injected.add(injectMfaReset(org, seed, events));
    injected.add(injectScriptedUse(org, seed, events));
    List<Finding> findings = detection.runAll(events);
    t.totals()[0] += events.size();
    t.totals()[1] += events.stream().filter(e -> reader.read(e).isPresent()).count();
    t.totals()[2] += (long) org.people().size() * DAYS;
    if (findings.stream()
        .anyMatch(
            f -> f.detectorId().equals(KillChainTracker.ID) && f.identityKey().equals(chained))) {
      t.totals()[4]++;
    }

    List<GroundTruth> truth = new ArrayList<>(data.groundTruth());
    truth.addAll(injected);
    RiskScores risk = new RiskScores(new InMemoryStateStore(clock), clock, RiskSettings.defaults());
    risk.record(findings);
    for (RiskProfile p : risk.riskiest(10, false)) {
      if (truth.stream()
          .anyMatch(
              g ->
                  belongs(
                      new Finding(
                          p.identityKey(),
                          "risk",
                          io.mantissa.api.Severity.LOW,
                          g.start(),
                          KillChainStage.OBJECTIVES,
                          List.of(),
                          List.of("x"),
                          "x"),
                      g,
                      org))) {
        t.totals()[3]++;
      }
    }
    for (GroundTruth g : truth) {
      String expected = EXPECTED.get(g.scenario());
      String name =
          g.scenario()
              + "/"
              + g.parameters().getOrDefault("source", g.parameters().getOrDefault("mode", ""));
      int[] c = t.injected().computeIfAbsent(name, k -> new int[2]);
      c[0]++;
      Set<String> fired = new LinkedHashSet<>();
      for (Finding f : findings) {
        if (belongs(f, g, org)) {
          fired.add(f.detectorId());
        }
      }
      if (expected != null && fired.contains(expected)) {
        c[1]++;
      }
      for (String d : fired) {
        t.caughtBy().computeIfAbsent(name, k -> new TreeMap<>()).merge(d, 1, Integer::sum);
      }
    }
    for (Finding f : findings) {
      String key =
          f.detectorId() + (f.detectorId().equals("new_location") ? "/" + f.severity() : "");
      int[] c = t.findings().computeIfAbsent(key, k -> new int[2]);
      c[0]++;
      if (truth.stream().noneMatch(g -> belongs(f, g, org))) {
        c[1]++;
        String prefix = seed + " " + key + ": ";
        if (t.fpExamples().stream().filter(x -> x.startsWith(prefix)).count() < 3) {
          t.fpExamples().add(prefix + f.explanation());
        }
      }
    }
  }

  /**
   * An MFA-reset takeover, which the synthetic generator has no scenario for, written by this test
   * as real-shaped Okta System Log records and parsed like the rest: an administrator resets all
   * factors of an ordinary person (help-desk social engineering) on the Saturday evening before the
   * end, eight minutes later the person's account enrols a factor from a foreign address (Lagos),
   * then signs in from there with another browser and opens an app.
   */
  static GroundTruth injectMfaReset(Organization org, long seed, List<Event> events) {
    Person admin = org.admins().get(0);
    Person victim = org.people().get(77);
    String ip = "192.0.2.170";
    Instant t0 = END.minus(Duration.ofHours(26)).plusSeconds(seed);
    String session = "idxmfa" + seed;
    List<String> lines =
        List.of(
            Lines.oktaAccountChange(
                "mfa-" + seed + "-1",
                t0,
                "user.mfa.factor.reset_all",
                admin.email(),
                victim.email(),
                admin.ip()),
            Lines.oktaAccountChange(
                "mfa-" + seed + "-2",
                t0.plusSeconds(480),
                "user.mfa.factor.activate",
                victim.email(),
                victim.email(),
                ip),
            Lines.okta(
                "mfa-" + seed + "-3",
                t0.plusSeconds(540),
                "user.session.start",
                victim.email(),
                ip,
                "SUCCESS",
                Lines.OPERA,
                session),
            Lines.okta(
                "mfa-" + seed + "-4",
                t0.plusSeconds(600),
                "user.authentication.sso",
                victim.email(),
                ip,
                "SUCCESS",
                Lines.OPERA,
                session));
    List<GroundTruth.EventRef> refs = new ArrayList<>();
    for (String line : lines) {
      Event e = Lines.parse("okta", line);
      events.add(e);
      refs.add(new GroundTruth.EventRef("okta", e.id()));
    }
    return new GroundTruth(
        "mfa_reset",
        List.of("T1556.006", "T1098.005"),
        "test-side MFA reset of " + victim.email() + " by " + admin.email() + ", then " + ip,
        List.of(Entity.user(admin.email()), Entity.ip(ip), Entity.user(victim.email())),
        List.of(Entity.user(victim.email())),
        t0,
        t0.plusSeconds(600),
        Map.of("source", "okta", "user", victim.email()),
        refs);
  }

  /**
   * Scripted use of an account, which the synthetic generator has no scenario for, written by this
   * test as real-shaped Okta records: on the last morning, an ordinary person's account signs in to
   * apps 200 times in 50 minutes from the person's own address with {@code python-requests} (a
   * stolen session or password driven by a script). The volume is what stands out.
   */
  static GroundTruth injectScriptedUse(Organization org, long seed, List<Event> events) {
    Person victim = org.people().get(88);
    Instant t0 = END.minus(Duration.ofHours(14)).plusSeconds(seed);
    String agent = "python-requests/2.31.0";
    List<GroundTruth.EventRef> refs = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      Event e =
          Lines.parse(
              "okta",
              Lines.okta(
                  "script-" + seed + "-" + i,
                  t0.plusSeconds(15L * i),
                  "user.authentication.sso",
                  victim.email(),
                  victim.ip(),
                  "SUCCESS",
                  agent,
                  "idxscript" + seed));
      events.add(e);
      refs.add(new GroundTruth.EventRef("okta", e.id()));
    }
    return new GroundTruth(
        "scripted_account_use",
        List.of("T1078"),
        "test-side scripted use of " + victim.email() + ": 200 sign-ins in 50 minutes",
        List.of(Entity.user(victim.email())),
        List.of(Entity.user(victim.email())),
        t0,
        t0.plusSeconds(15L * 199),
        Map.of("source", "okta", "user", victim.email()),
        refs);
  }

  /**
   * Whether {@code f} is about scenario {@code g}: its key is one of g's people or addresses, or
   * (for findings keyed by a network, such as credential stuffing) one of its evidence events is
   * one of g's events.
   */
  static boolean belongs(Finding f, GroundTruth g, Organization org) {
    if (f.time().isBefore(g.start().minus(Duration.ofMinutes(1)))
        || f.time().isAfter(g.end().plus(AFTER))) {
      return false;
    }
    if (f.identityKey().startsWith("asn:") || f.identityKey().startsWith("source:")) {
      Set<String> ids = new java.util.HashSet<>();
      g.events().forEach(r -> ids.add(r.id()));
      return f.evidenceEventIds().stream().anyMatch(ids::contains);
    }
    Set<String> keys = new LinkedHashSet<>();
    g.actors().forEach(e -> keys.addAll(keysOf(e.type(), e.value(), org)));
    g.targets().forEach(e -> keys.addAll(keysOf(e.type(), e.value(), org)));
    g.parameters()
        .forEach(
            (k, v) -> {
              if (k.equals("user") || k.equals("victim") || k.equals("actor")) {
                keys.addAll(keysOf(EntityType.USER, v, org));
              } else if (k.equals("ip")) {
                keys.addAll(keysOf(EntityType.IP, v, org));
              }
            });
    return keys.contains(f.identityKey().toLowerCase(Locale.ROOT));
  }

  private static Set<String> keysOf(EntityType type, String value, Organization org) {
    String v = value.toLowerCase(Locale.ROOT);
    if (type == EntityType.IP) {
      return Set.of("ip:" + v);
    }
    if (type != EntityType.USER) {
      return Set.of();
    }
    if (v.startsWith("arn:")) {
      return Set.of(v, "aws:" + v);
    }
    return v.contains("@")
        ? Set.of(v, "aws:" + v.substring(0, v.indexOf('@')))
        : Set.of(v, v + "@" + org.domain(), "aws:" + v);
  }

  private static String base(String name) {
    return name.substring(0, name.indexOf('/'));
  }

  private static void print(Tally t) {
    double userDays = t.totals()[2];
    StringBuilder b = new StringBuilder();
    b.append(
        String.format(
            Locale.ROOT,
            "%nITDR scenario suite: %d seeds x %d users x %d days = %.0f user-days, %,d events"
                + " (%,d identity events)%n",
            SEEDS.length,
            USERS,
            DAYS,
            userDays,
            t.totals()[0],
            t.totals()[1]));
    b.append(
        "| scenario | injected | expected detector | detected | detectors that fired on it |\n");
    b.append("|---|---|---|---|---|\n");
    t.injected()
        .forEach(
            (s, c) ->
                b.append(
                    String.format(
                        Locale.ROOT,
                        "| %s | %d | %s | %s | %s |%n",
                        s,
                        c[0],
                        EXPECTED.getOrDefault(base(s), "–"),
                        EXPECTED.containsKey(base(s)) ? Integer.toString(c[1]) : "–",
                        t.caughtBy().getOrDefault(s, Map.of()))));
    b.append("| detector | findings | false positives | FP per 1,000 users per day |\n");
    b.append("|---|---|---|---|\n");
    t.findings()
        .forEach(
            (d, c) ->
                b.append(
                    String.format(
                        Locale.ROOT,
                        "| %s | %d | %d | %.2f |%n",
                        d,
                        c[0],
                        c[1],
                        1000.0 * c[1] / userDays)));
    b.append(
        String.format(
            Locale.ROOT,
            "risk: %d of the %d riskiest identities (top 10 per seed) are scenario actors or"
                + " targets%n",
            t.totals()[3],
            10 * SEEDS.length));
    b.append(
        String.format(
            Locale.ROOT,
            "kill chain: the chained person (brute force, then self grant) reported in %d of %d"
                + " seeds%n",
            t.totals()[4],
            SEEDS.length));
    t.fpExamples().forEach(x -> b.append("FP ").append(x).append('\n'));
    System.out.println(b);
  }
}
