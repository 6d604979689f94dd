package io.mantissa.itdr;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mantissa.api.Event;
import io.mantissa.api.Severity;
import io.mantissa.api.SourceLocation;
import io.mantissa.api.config.MantissaConfig;
import io.mantissa.sources.SourceCatalog;
import io.mantissa.spi.ProviderContext;
import io.mantissa.spi.source.ParseResult;
import io.mantissa.testkit.InMemoryStateStore;
import io.mantissa.testkit.MutableClock;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * {@code provider_risk_signal} and the reading of the providers' own verdicts: on the real samples
 * of {@code ../shared/samples} read in place (Duo fraud mark and adaptive trust, Google Workspace
 * account warnings, Slack anomaly, Panther's Okta and Entra ID test events; skipped when absent)
 * and on hand-written vendor-shaped records where the samples have none (Entra ID risk states, a
 * second fraud mark within the hour, Microsoft 365 MFA removal followed by an unfamiliar sign-in).
 */
class ProviderRiskSignalTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final SourceCatalog CATALOG = SourceCatalog.builtIn();
  private static final Instant T0 = Instant.parse("2026-03-02T00:00:00Z");
  private final IdentityEventReader reader = IdentityEventReader.withoutGeoIp();

  private static Event parse(String source, String line) {
    ParseResult r =
        CATALOG
            .parser(source, ProviderContext.of(MantissaConfig.defaults(), source))
            .parse(line, SourceLocation.line("provider-risk", 1));
    assertThat(r).as(line).isInstanceOf(ParseResult.Parsed.class);
    return ((ParseResult.Parsed) r).events().get(0);
  }

  private static Path sample(String relative) {
    Path fromModule = Path.of("..", "..", "shared", "samples").toAbsolutePath().normalize();
    Path root = Files.isDirectory(fromModule) ? fromModule : Path.of("/work/shared/samples");
    Path file = root.resolve(relative);
    Assumptions.assumeTrue(Files.isRegularFile(file), file + " is absent: skipping");
    return file;
  }

  private static List<Event> lines(String source, String relative) throws IOException {
    List<Event> out = new ArrayList<>();
    for (String l : Files.readAllLines(sample(relative), StandardCharsets.UTF_8)) {
      if (!l.isBlank()) {
        out.add(parse(source, l));
      }
    }
    return out;
  }

  /** Panther test events of {@code rule} whose test name passes {@code which}, parsed. */
  private static List<Event> panther(String source, String rule, Predicate<String> which)
      throws IOException {
    List<Event> out = new ArrayList<>();
    for (String l :
        Files.readAllLines(sample(source + "/panther-rule-tests.ndjson"), StandardCharsets.UTF_8)) {
      JsonNode t = JSON.readTree(l);
      if (t.path("rule_id").asText().equals(rule) && which.test(t.path("test_name").asText())) {
        out.add(parse(source, JSON.writeValueAsString(t.get("log"))));
      }
    }
    assertThat(out).as(rule).isNotEmpty();
    return out;
  }

  private static List<Finding> signals(List<Finding> findings) {
    return findings.stream()
        .filter(f -> f.detectorId().equals(ProviderRiskSignalDetector.ID))
        .toList();
  }

  private static List<Finding> run(List<Event> events) {
    return IdentityDetection.builder()
        .stateStore(new InMemoryStateStore(MutableClock.at(T0)))
        .build()
        .runAll(events);
  }

  private ProviderRisk risk(Event e) {
    return reader.read(e).orElseThrow().providerRisk();
  }

  @Test
  void duoFraudMarkIsHighAndAdaptiveTrustIsMedium() throws IOException {
    List<Event> duo = lines("duo", "duo/test-auth.log");
    Event fraud =
        duo.stream()
            .filter(e -> "fraud".equals(e.fields().get("result")))
            .findFirst()
            .orElseThrow();
    IdentityEvent read = reader.read(fraud).orElseThrow();
    assertThat(read.activity()).isEqualTo(Activity.MFA_DENY);
    assertThat(read.providerRisk().signal()).isEqualTo(RiskSignal.MFA_FRAUD);
    assertThat(read.providerRisk().level()).isEqualTo(3);
    assertThat(read.providerRisk().verdict()).isEqualTo("user_marked_fraud");

    List<Finding> found = run(duo);
    assertThat(found).anyMatch(f -> f.detectorId().equals("mfa_fatigue")); // unchanged
    List<Finding> signals = signals(found);
    assertThat(signals).hasSize(3);
    Finding marked =
        signals.stream().filter(f -> f.severity() == Severity.HIGH).findFirst().orElseThrow();
    assertThat(marked.identityKey()).isEqualTo("duo:narroway");
    assertThat(marked.stage()).isEqualTo(KillChainStage.CREDENTIAL_ATTACK);
    assertThat(marked.mitre()).containsExactly("T1621", "T1078");
    assertThat(marked.evidenceEventIds()).containsExactly(fraud.id());
    assertThat(marked.explanation())
        .contains("\"user_marked_fraud\"", "Duo authentication log result fraud", "mfa_deny");
    // adaptive trust: NOVEL_ASN (2024) and USER_MARKED_FRAUD (2020), both on approved pushes
    assertThat(signals.stream().filter(f -> f.severity() == Severity.MEDIUM))
        .hasSize(2)
        .allSatisfy(f -> assertThat(f.stage()).isEqualTo(KillChainStage.INITIAL_ACCESS))
        .anySatisfy(
            f ->
                assertThat(f.explanation())
                    .contains("adaptive trust NOVEL_ASN", "trust level LOW", "adaptive_trust"))
        .anySatisfy(f -> assertThat(f.explanation()).contains("adaptive trust USER_MARKED_FRAUD"));
    // the suppressed rbfs detector with unrealistic_travel_velocity is not a verdict of its own
    assertThat(signals).noneMatch(f -> f.explanation().contains("unrealistic_travel_velocity"));
    // ordinary denials and approvals carry no verdict
    assertThat(duo.stream().filter(e -> "denied".equals(e.fields().get("result"))))
        .allSatisfy(e -> assertThat(risk(e).present()).isFalse());
  }

  @Test
  void googleAccountWarningsAreVerdictsNotLogins() throws IOException {
    List<Event> google = lines("google_workspace", "google_workspace/test-login.log");
    List<String> names = new ArrayList<>();
    for (Event e : google) {
      IdentityEvent read = reader.read(e).orElseThrow();
      String name =
          String.valueOf(e.normalizedField(io.mantissa.api.FieldPath.of("api.operation")));
      names.add(name + "=" + read.activity() + "/" + read.providerRisk().signal());
      if (name.startsWith("suspicious_login") || name.equals("suspicious_programmatic_login")) {
        assertThat(read.activity()).isEqualTo(Activity.OTHER);
        assertThat(read.providerRisk().signal()).isEqualTo(RiskSignal.RISKY_SIGN_IN);
        assertThat(read.providerRisk().level()).isEqualTo(2);
      }
    }
    assertThat(names)
        .contains(
            "account_disabled_hijacked=OTHER/COMPROMISED",
            "account_disabled_password_leak=OTHER/CREDENTIAL_LEAK",
            "gov_attack_warning=OTHER/TARGETED_ATTACK",
            "risky_sensitive_action_allowed=OTHER/RISKY_ACTION",
            "login_success=LOGIN/RISKY_SIGN_IN", // is_suspicious: true
            "login_success=LOGIN/null", // is_suspicious: false
            "account_disabled_generic=OTHER/null", // a warning without a verdict: not a login
            // either
            "login_failure=LOGIN/null");

    List<Finding> signals = signals(run(google));
    // one actor, one instant: one finding per kind (the three suspicious logins and the
    // suspicious login_success are one RISKY_SIGN_IN within the hour)
    assertThat(signals)
        .extracting(Finding::severity, Finding::stage)
        .containsExactlyInAnyOrder(
            org.assertj.core.groups.Tuple.tuple(Severity.MEDIUM, KillChainStage.CREDENTIAL_ATTACK),
            org.assertj.core.groups.Tuple.tuple(Severity.MEDIUM, KillChainStage.INITIAL_ACCESS),
            org.assertj.core.groups.Tuple.tuple(Severity.HIGH, KillChainStage.INITIAL_ACCESS),
            org.assertj.core.groups.Tuple.tuple(Severity.MEDIUM, KillChainStage.CREDENTIAL_ATTACK),
            org.assertj.core.groups.Tuple.tuple(Severity.MEDIUM, KillChainStage.PERSISTENCE));
    assertThat(signals)
        .anySatisfy(
            f ->
                assertThat(f.explanation())
                    .contains("\"account_disabled_hijacked\"", "Google Workspace login"));
  }

  @Test
  void slackAnomalyIsASessionAnomalyWithItsReasons() throws IOException {
    List<Event> slack = lines("slack", "slack/test-audit.log");
    Event anomaly =
        slack.stream()
            .filter(e -> "anomaly".equals(e.fields().get("action")))
            .findFirst()
            .orElseThrow();
    IdentityEvent read = reader.read(anomaly).orElseThrow();
    assertThat(read.activity()).isEqualTo(Activity.OTHER);
    assertThat(read.providerRisk().signal()).isEqualTo(RiskSignal.SESSION_ANOMALY);
    assertThat(read.providerRisk().verdict()).isEqualTo("anomaly: asn, ip_address");
    Finding f = signals(run(slack)).get(0);
    assertThat(f.severity()).isEqualTo(Severity.MEDIUM);
    assertThat(f.identityKey()).isEqualTo("aaron@demo.com");
    assertThat(f.mitre()).contains("T1550.004");
    assertThat(f.explanation()).contains("81.2.69.143", "anomaly: asn, ip_address");
    assertThat(IdentityEventReader.OTHER_EVENT_CODES.get("slack")).contains("anomaly");
  }

  @Test
  void oktaUserReportTokenReuseAndThreatInsight() throws IOException {
    Event report =
        panther("okta", "Okta.User.Reported.Suspicious.Activity", n -> n.contains("Report")).get(0);
    ProviderRisk r = risk(report);
    assertThat(r.signal()).isEqualTo(RiskSignal.USER_REPORTED);
    assertThat(r.level()).isEqualTo(3);
    assertThat(r.verdict()).contains("system.email.new_device_notification.sent_message");

    Event reuse =
        panther("okta", "Okta.Refresh.Access.Token.Reuse", n -> n.equals("Reuse Event")).get(0);
    assertThat(risk(reuse).signal()).isEqualTo(RiskSignal.TOKEN_REUSE);
    Finding f = signals(run(List.of(reuse))).get(0);
    assertThat(f.severity()).isEqualTo(Severity.HIGH);
    assertThat(f.mitre()).containsExactly("T1550.001", "T1528");

    List<Event> threats =
        panther("okta", "Okta.ThreatInsight.Security.Threat.Detected", n -> n.contains("Threat"));
    assertThat(threats).hasSize(2);
    assertThat(risk(threats.get(0)).signal()).isEqualTo(RiskSignal.THREAT_ACTOR);
    assertThat(risk(threats.get(0)).level()).isEqualTo(3); // "Password Spray":"HIGH"
    List<Finding> network = signals(run(threats));
    // the first test names the client address and is keyed by the network; the second has no
    // client address (only request.ipChain, which the normalizer does not read) and falls back to
    // the record's identity key (Okta's actor "unknown")
    assertThat(network)
        .extracting(Finding::identityKey)
        .containsExactly("ip:1.2.3.4", "okta:unknown");
    assertThat(network)
        .allSatisfy(
            g -> {
              assertThat(g.stage()).isEqualTo(KillChainStage.CREDENTIAL_ATTACK);
              assertThat(g.severity()).isEqualTo(Severity.HIGH);
              assertThat(g.explanation()).contains("Password Spray");
            });
    // the same address again within the hour is not reported again
    assertThat(signals(run(List.of(threats.get(0), threats.get(0))))).hasSize(1);
    // the rule's negative test: a rate limit is no verdict
    Event other =
        panther("okta", "Okta.ThreatInsight.Security.Threat.Detected", n -> n.equals("Other Event"))
            .get(0);
    assertThat(reader.read(other)).isEmpty();
  }

  /** A Microsoft Graph sign-in with Identity Protection's fields. */
  private static String entra(
      String id, Instant at, String state, String during, String aggregated, String types) {
    return """
        {"id":"%s","createdDateTime":"%s","userDisplayName":"Alice",\
        "userPrincipalName":"alice@example.com","userId":"d1e2","appDisplayName":"Office 365",\
        "ipAddress":"185.220.101.4","clientAppUsed":"Browser","isInteractive":true,\
        "status":{"errorCode":0},"riskDetail":"none","riskState":"%s",\
        "riskLevelDuringSignIn":"%s","riskLevelAggregated":"%s","riskEventTypes_v2":%s,\
        "location":{"city":"Frankfurt","countryOrRegion":"DE"}}"""
        .formatted(id, at, state, during, aggregated, types);
  }

  @Test
  void entraRiskStatesAndLevelsFollowTheProvider() throws IOException {
    Event atRisk =
        parse(
            "entra_signin",
            entra(
                "r1",
                T0,
                "atRisk",
                "high",
                "medium",
                "[\"anonymizedIPAddress\",\"unfamiliarFeatures\"]"));
    ProviderRisk r = risk(atRisk);
    assertThat(r.signal()).isEqualTo(RiskSignal.RISKY_SIGN_IN);
    assertThat(r.level()).isEqualTo(3);
    assertThat(r.verdict())
        .isEqualTo(
            "riskState atRisk, riskLevelDuringSignIn high, riskLevelAggregated medium,"
                + " riskEventTypes anonymizedIPAddress unfamiliarFeatures");
    Event confirmed =
        parse(
            "entra_signin",
            entra("r2", T0.plusSeconds(60), "confirmedCompromised", "none", "none", "[]"));
    assertThat(risk(confirmed).signal()).isEqualTo(RiskSignal.COMPROMISED);
    assertThat(risk(confirmed).level()).isEqualTo(3);
    Event low =
        parse("entra_signin", entra("r3", T0.plusSeconds(120), "none", "none", "low", "[]"));
    assertThat(risk(low).level()).isEqualTo(1);
    Event medium =
        parse("entra_signin", entra("r4", T0.plusSeconds(180), "atRisk", "medium", "none", "[]"));
    assertThat(risk(medium).level()).isEqualTo(2);
    Event dismissed =
        parse("entra_signin", entra("r5", T0.plusSeconds(240), "dismissed", "high", "high", "[]"));
    assertThat(risk(dismissed).present()).isFalse();
    assertThat(dismissed.normalizedField(io.mantissa.api.FieldPath.of("risk_level_id")))
        .isEqualTo(3);
    Event none =
        parse("entra_signin", entra("r6", T0.plusSeconds(300), "none", "none", "none", "[]"));
    assertThat(risk(none).present()).isFalse();

    List<Finding> found = signals(run(List.of(atRisk, confirmed, low, medium, dismissed, none)));
    // atRisk high → HIGH; confirmedCompromised → HIGH (another kind); the low and the medium
    // sign-in are the same kind as the first within the hour: deduplicated
    assertThat(found).extracting(Finding::severity).containsExactly(Severity.HIGH, Severity.HIGH);
    assertThat(found.get(0).explanation())
        .contains(
            "Entra ID Identity Protection",
            "riskLevelDuringSignIn high",
            "the provider's high level");
    assertThat(signals(run(List.of(low))))
        .extracting(Finding::severity)
        .containsExactly(Severity.LOW);
    assertThat(signals(run(List.of(medium))))
        .extracting(Finding::severity)
        .containsExactly(Severity.MEDIUM);

    // the real diagnostic-settings records: every risk "none"
    for (Event e : lines("entra_signin", "entra_signin/test-signinlogs-raw.log")) {
      reader.read(e).ifPresent(i -> assertThat(i.providerRisk().present()).isFalse());
    }
  }

  @Test
  void theSameSignalIsReportedOncePerHourPerIdentity() {
    List<Event> events = new ArrayList<>();
    String alice = "alice@example.com";
    events.add(
        Lines.parse(
            "duo",
            Lines.duo("f1", T0, alice, "45.40.1.1", "duo_push", "fraud", "user_marked_fraud")));
    events.add(
        Lines.parse(
            "duo",
            Lines.duo(
                "f2",
                T0.plus(Duration.ofMinutes(30)),
                alice,
                "45.40.1.1",
                "duo_push",
                "fraud",
                "user_marked_fraud")));
    events.add(
        Lines.parse(
            "duo",
            Lines.duo(
                "f3",
                T0.plus(Duration.ofMinutes(95)),
                alice,
                "45.40.1.1",
                "duo_push",
                "fraud",
                "user_marked_fraud")));
    events.add(
        Lines.parse(
            "duo",
            Lines.duo(
                "f4",
                T0.plus(Duration.ofMinutes(96)),
                "bob@example.com",
                "45.40.1.1",
                "duo_push",
                "fraud",
                "user_marked_fraud")));
    List<Finding> found = signals(run(events));
    assertThat(found).extracting(Finding::identityKey, f -> f.evidenceEventIds().size()).hasSize(3);
    assertThat(found.stream().filter(f -> f.identityKey().equals(alice))).hasSize(2);
    // an ordinary denial is no verdict
    Event denied =
        Lines.parse(
            "duo", Lines.duo("d1", T0, alice, "45.40.1.1", "duo_push", "denied", "user_mistake"));
    assertThat(risk(denied).present()).isFalse();
  }

  @Test
  void m365MfaRemovalIsAnMfaResetThatMfaResetFollows() throws IOException {
    Event removed =
        panther("m365", "Microsoft365.MFA.Disabled", n -> n.equals("MFA Remove event")).get(0);
    IdentityEvent read = reader.read(removed).orElseThrow();
    assertThat(read.activity()).isEqualTo(Activity.MFA_RESET);
    assertThat(read.targetUser()).isEqualTo("sample.user@yourorg.onmicrosoft.com");
    assertThat(read.adminAction()).isEqualTo(AdminAction.DISABLE_MFA);
    Event added =
        panther("m365", "Microsoft365.MFA.Disabled", n -> n.equals("MFA Add Event")).get(0);
    assertThat(reader.read(added).orElseThrow().activity()).isEqualTo(Activity.MFA_ENROLL);

    // hand-written: an administrator clears alice's methods, then "alice" signs in from New York
    // with another browser; her two weeks of Okta history are from Berlin with Chrome
    List<Event> events = new ArrayList<>();
    int seq = 0;
    for (int day = 0; day < 12; day++) {
      for (int i = 0; i < 10; i++) {
        Instant at = T0.plus(Duration.ofDays(day)).plus(Duration.ofMinutes(480 + 50 * i));
        events.add(
            Lines.parse(
                "okta",
                Lines.okta(
                    "h" + (++seq),
                    at,
                    "user.session.start",
                    "alice@example.com",
                    "81.10.0.1",
                    "SUCCESS")));
      }
    }
    Instant t = T0.plus(Duration.ofDays(14)).plus(Duration.ofHours(9));
    events.add(
        parse(
            "m365",
            """
            {"Id":"m1","CreationTime":"%s","Operation":"Update user.","RecordType":8,\
            "ResultStatus":"Success","UserId":"admin@example.com","UserType":0,\
            "ObjectId":"alice@example.com","Workload":"AzureActiveDirectory",\
            "ModifiedProperties":[{"Name":"StrongAuthenticationMethod",\
            "NewValue":"[]","OldValue":"[{\\"MethodType\\":6,\\"Default\\":true}]"},\
            {"Name":"Included Updated Properties","NewValue":"StrongAuthenticationMethod",\
            "OldValue":""}]}"""
                .formatted(t.toString().replace("Z", ""))));
    events.add(
        Lines.parse(
            "okta",
            Lines.okta(
                "n1",
                t.plusSeconds(600),
                "user.session.start",
                "alice@example.com",
                "24.30.0.1",
                "SUCCESS",
                Lines.OPERA,
                "s-n1")));
    List<Finding> found =
        IdentityDetection.builder()
            .stateStore(new InMemoryStateStore(MutableClock.at(T0)))
            .reader(IdentityEventReader.withGeoIp(TableGeoIp.standard()))
            .settings(ItdrSettings.builder().allowListedAsns(Set.of(TableGeoIp.VPN_ASN)).build())
            .build()
            .runAll(events);
    assertThat(found)
        .filteredOn(f -> f.detectorId().equals(MfaResetDetector.ID))
        .singleElement()
        .satisfies(
            f -> {
              assertThat(f.identityKey()).isEqualTo("alice@example.com");
              assertThat(f.stage()).isEqualTo(KillChainStage.DEFENSE_EVASION);
              assertThat(f.explanation()).contains("m365");
            });
    // "Disable Strong Authentication." is a removal too
    Event disable =
        parse(
            "m365",
            """
            {"Id":"m2","CreationTime":"2026-03-02T09:00:00","Operation":"Disable Strong Authentication.",\
            "RecordType":8,"ResultStatus":"Success","UserId":"admin@example.com",\
            "ObjectId":"bob@example.com","Workload":"AzureActiveDirectory"}""");
    assertThat(reader.read(disable).orElseThrow().activity()).isEqualTo(Activity.MFA_RESET);
  }
}
