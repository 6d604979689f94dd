package io.mantissa.itdr;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mantissa.api.Event;
import io.mantissa.api.SourceLocation;
import io.mantissa.api.config.MantissaConfig;
import io.mantissa.sources.SourceCatalog;
import io.mantissa.spi.ProviderContext;
import io.mantissa.spi.source.EventParser;
import io.mantissa.spi.source.ParseResult;
import io.mantissa.testkit.InMemoryStateStore;
import io.mantissa.testkit.MutableClock;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The outside check (issue 7, item 6): identity test events written by other projects, in {@code
 * ../shared/samples} (see its SOURCES.md), read in place and run through mantissa-sources' parsers
 * and the ITDR detectors with default settings and no GeoIP. Skipped with a message when the folder
 * is absent. Two parts:
 *
 * <ul>
 *   <li><b>Raw vendor samples</b> (Duo, Google Workspace, Entra ID, Slack, 1Password, Salesforce,
 *       GCP audit): every record must parse; per file, the identity events read and what the
 *       detectors find.
 *   <li><b>Panther rule tests</b> ({@code <source>/panther-rule-tests.ndjson}) of the identity
 *       rules that correspond to a detector or a reader rule: each test event is parsed; a rule
 *       with a threshold of N gets its event replayed N times 10 s apart (for the distinct-IP
 *       session rule, the second copy from another address), since one matching event is not an
 *       alert; Panther's expectation is compared with whether the corresponding detector fired (or,
 *       for rules with no stateful counterpart, how the reader classified the event).
 * </ul>
 *
 * <p>The tables go to {@code outside-check.md} in the build folder and are summarised in
 * docs/itdr.md ("Outside check"). Asserted is only what is stable: every raw record parses, the Duo
 * fraud mark is read as a denied MFA challenge, the Duo push burst is MFA fatigue, and there is a
 * row for every selected Panther test. Agreement with Panther is reported, not asserted: Panther's
 * tests are predicates over parsed, sometimes lower-cased or partial events, several depend on
 * mocked state, and its thresholds differ from ours.
 */
class SharedSamplesOutsideCheckIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final SourceCatalog CATALOG = SourceCatalog.builtIn();
  private static final Instant NOW = Instant.parse("2026-03-16T00:00:00Z");

  /** The raw vendor files: source, path, whether Elastic-wrapped ({@code {"events":[…]}}). */
  static final List<String[]> RAW =
      List.of(
          new String[] {"duo", "duo/test-auth.log", "ndjson"},
          new String[] {"google_workspace", "google_workspace/test-login.log", "ndjson"},
          new String[] {"entra_signin", "entra_signin/test-signinlogs-raw.log", "ndjson"},
          new String[] {"slack", "slack/test-audit.log", "ndjson"},
          new String[] {"onepassword", "onepassword/test-signinattempts.json", "wrapped"},
          new String[] {"salesforce", "salesforce/test-login-object.log", "ndjson"},
          new String[] {"gcp_audit", "gcp_audit/test-iamcredentials-googleapis-com.log", "ndjson"});

  /**
   * Panther identity rules and what corresponds to each here: a detector id, or {@code reader:} and
   * the activity the event must be read as (rules with no stateful counterpart).
   */
  static final Map<String, String> RULES = new LinkedHashMap<>();

  static {
    RULES.put("Standard.BruteForceByUser", "brute_force");
    RULES.put("Azure.Audit.ManyFailedSignIns", "brute_force");
    RULES.put("Microsoft365.Brute.Force.Login.by.User", "brute_force");
    RULES.put("Standard.BruteForceByIP", "password_spray");
    RULES.put("AWS.CloudTrail.PasswordSpraying", "password_spray");
    RULES.put("Standard.ImpossibleTravel.Login", "impossible_travel");
    RULES.put("Standard.SignInFromRogueState", "new_location");
    RULES.put("Okta.PotentiallyStolenSession", "session_hijack");
    RULES.put("Azure.Audit.GraphSessionMultipleIPs", "session_hijack");
    RULES.put("Okta.Refresh.Access.Token.Reuse", "provider_risk_signal");
    RULES.put("DUO.User.Denied.AnomalousPush", "reader:MFA_DENY");
    RULES.put("DUO.User.Action.Fraudulent", "reader:MFA_DENY");
    RULES.put("Okta.User.MFA.Reset.All", "reader:MFA_RESET");
    RULES.put("Okta.User.MFA.Reset.Single", "reader:MFA_RESET");
    RULES.put("Standard.MFADisabled", "reader:MFA_RESET");
    RULES.put("Microsoft365.MFA.Disabled", "reader:MFA_RESET");
    RULES.put("Azure.Audit.MFADisabled", "reader:MFA_RESET");
    RULES.put("Okta.AdminRoleAssigned", "reader:PRIVILEGE_GRANT");
    RULES.put("Okta.Group.Admin.Role.Assigned", "reader:PRIVILEGE_GRANT");
    RULES.put("Standard.AdminRoleAssigned", "reader:PRIVILEGE_GRANT");
    RULES.put("GCP.User.Added.To.Privileged.Group", "reader:PRIVILEGE_GRANT");
    RULES.put("Slack.AuditLogs.UserPrivilegeEscalation", "reader:PRIVILEGE_GRANT");
    // the providers' own verdicts
    RULES.put("Okta.ThreatInsight.Security.Threat.Detected", "provider_risk_signal");
    RULES.put("Okta.User.Reported.Suspicious.Activity", "provider_risk_signal");
    RULES.put("GSuite.SuspiciousLogins", "provider_risk_signal");
    RULES.put("GSuite.IsSuspiciousTag", "provider_risk_signal");
    RULES.put("GSuite.LeakedPassword", "provider_risk_signal");
    RULES.put("GSuite.GovernmentBackedAttack", "provider_risk_signal");
    RULES.put("Azure.Audit.HighRiskSignIn", "provider_risk_signal");
    RULES.put("Azure.Audit.RiskLevelPassthrough", "provider_risk_signal");
    RULES.put("Slack.AuditLogs.PassthroughAnomaly", "provider_risk_signal");
    RULES.put("DUO.Admin.Action.MarkedFraudulent", "provider_risk_signal");
  }

  private static Path root;
  private final IdentityEventReader reader = IdentityEventReader.withoutGeoIp();

  @BeforeAll
  static void samples() {
    // ../shared/samples from the repository root, i.e. ../../shared/samples from this module
    Path fromModule = Path.of("..", "..", "shared", "samples").toAbsolutePath().normalize();
    Path fromRepo = Path.of("..", "shared", "samples").toAbsolutePath().normalize();
    root =
        Files.isDirectory(fromModule) ? fromModule : Files.isDirectory(fromRepo) ? fromRepo : null;
    Assumptions.assumeTrue(
        root != null, "../shared/samples is absent: skipping the outside check of the ITDR");
  }

  @Test
  void identitySamplesAndPantherRuleTestsRunThroughTheParsersAndDetectors() throws IOException {
    StringBuilder md = new StringBuilder();
    md.append("# ITDR outside check on ../shared/samples\n\n");
    md.append("## Raw vendor samples\n\n");
    md.append("| file | records | parsed | identity events (activity/outcome) | findings |\n");
    md.append("|---|---|---|---|---|\n");
    StringBuilder explanations = new StringBuilder();
    Map<String, List<Event>> rawEvents = new TreeMap<>();
    for (String[] raw : RAW) {
      Path file = root.resolve(raw[1]);
      if (!Files.isRegularFile(file)) {
        md.append("| ").append(raw[1]).append(" | absent | | | |\n");
        continue;
      }
      List<String> records = raw[2].equals("wrapped") ? elasticWrapped(file) : nonBlankLines(file);
      List<Event> events = new ArrayList<>();
      List<String> rejected = new ArrayList<>();
      EventParser parser = parser(raw[0]);
      for (int i = 0; i < records.size(); i++) {
        ParseResult r = parser.parse(records.get(i), SourceLocation.line(raw[1], i + 1));
        if (r instanceof ParseResult.Parsed p) {
          events.addAll(p.events());
        } else if (r instanceof ParseResult.Rejected rej) {
          rejected.add((i + 1) + ": " + rej.reason());
        }
      }
      assertThat(rejected).as("rejected records of %s", raw[1]).isEmpty();
      rawEvents.put(raw[1], events);
      List<Finding> findings = detection().runAll(events);
      md.append("| ")
          .append(raw[1])
          .append(" | ")
          .append(records.size())
          .append(" | ")
          .append(events.size())
          .append(" | ")
          .append(activities(events))
          .append(" | ")
          .append(detectors(findings))
          .append(" |\n");
      for (Finding f : findings) {
        explanations
            .append("- ")
            .append(raw[1])
            .append(" `")
            .append(f.detectorId())
            .append("`: ")
            .append(f.explanation())
            .append('\n');
      }
    }
    md.append('\n').append(explanations);

    // Duo: the fraud mark and the push burst
    List<Event> duo = rawEvents.getOrDefault("duo/test-auth.log", List.of());
    if (!duo.isEmpty()) {
      Event fraud =
          duo.stream()
              .filter(e -> "fraud".equals(e.fields().get("result")))
              .findFirst()
              .orElseThrow();
      IdentityEvent read = reader.read(fraud).orElseThrow();
      assertThat(read.activity()).as("Duo fraud mark").isEqualTo(Activity.MFA_DENY);
      assertThat(read.outcome()).isEqualTo(Outcome.FAILURE);
      assertThat(read.providerRisk().signal())
          .as("Duo fraud verdict")
          .isEqualTo(RiskSignal.MFA_FRAUD);
      assertThat(detection().runAll(duo))
          .as("Duo: the fraud mark is reported by itself")
          .anyMatch(
              f ->
                  f.detectorId().equals("provider_risk_signal")
                      && f.evidenceEventIds().equals(List.of(fraud.id())));
      assertThat(detection().runAll(duo))
          .as("Duo: nine denied pushes and approvals of narroway at one instant")
          .anyMatch(f -> f.detectorId().equals("mfa_fatigue"));
    }

    md.append("\n## Panther rule tests\n\n");
    md.append(
        "| source | rule | test | Panther | threshold / mocks | treatment | read as | corresponds"
            + " to | we find | verdict |\n");
    md.append("|---|---|---|---|---|---|---|---|---|---|\n");
    Map<String, int[]> summary = new TreeMap<>(); // verdict -> count
    int rows = 0;
    int selected = 0;
    try (var dirs = Files.list(root)) {
      for (Path dir : dirs.sorted().toList()) {
        Path tests = dir.resolve("panther-rule-tests.ndjson");
        if (!Files.isRegularFile(tests)) {
          continue;
        }
        String source = dir.getFileName().toString();
        List<String> lines = nonBlankLines(tests);
        for (int i = 0; i < lines.size(); i++) {
          JsonNode t = JSON.readTree(lines.get(i));
          String rule = t.path("rule_id").asText();
          String corresponds = RULES.get(rule);
          if (corresponds == null) {
            continue;
          }
          selected++;
          String verdict = pantherRow(md, source, tests, i, t, corresponds);
          summary.computeIfAbsent(verdict, k -> new int[1])[0]++;
          rows++;
        }
      }
    }
    md.append("\nSummary of the Panther rows: ");
    md.append(
        summary.entrySet().stream()
            .map(e -> e.getKey() + " " + e.getValue()[0])
            .collect(Collectors.joining(", ")));
    md.append('\n');
    assertThat(rows).isEqualTo(selected).isPositive();

    Path out = buildFolder().resolve("outside-check.md");
    Files.writeString(out, md.toString(), StandardCharsets.UTF_8);
    assertThat(out).exists();
    System.out.println(md);
    System.out.println("written to " + out);
  }

  /** One Panther test: parse, replay, detect, compare; appends its row and returns the verdict. */
  private String pantherRow(
      StringBuilder md, String source, Path file, int index, JsonNode t, String corresponds)
      throws IOException {
    String rule = t.path("rule_id").asText();
    boolean expected = t.path("expected_result").asBoolean();
    int threshold = Math.max(1, t.path("threshold").asInt(1));
    boolean mocks = t.path("has_mocks").asBoolean();
    JsonNode log = t.path("log");
    EventParser parser = parser(source);
    ParseResult r =
        parser.parse(JSON.writeValueAsString(log), SourceLocation.line(file.toString(), index + 1));
    String verdict;
    String readAs = "";
    String replayed = "";
    String found = "";
    // Panther's tests leave the event time out (its rules do not read it): supply one
    java.util.regex.Matcher noTime =
        TIME_FIELD.matcher(r instanceof ParseResult.Rejected rej ? rej.reason() : "");
    if (noTime.find()) {
      for (Object value : TIMES) {
        ObjectNode timed = log.deepCopy();
        put(timed, noTime.group(1), value);
        ParseResult again =
            parser.parse(
                JSON.writeValueAsString(timed), SourceLocation.line(file.toString(), index + 1));
        if (again instanceof ParseResult.Parsed) {
          r = again;
          log = timed;
          replayed = "time supplied (" + noTime.group(1) + ")";
          break;
        }
      }
    }
    if (!(r instanceof ParseResult.Parsed p) || p.events().isEmpty()) {
      String reason = r instanceof ParseResult.Rejected rej ? rej.reason() : "no event";
      verdict = "not parsed";
      readAs = "rejected: " + reason.replace('|', '/');
    } else {
      Event first = p.events().get(0);
      List<Event> events = new ArrayList<>();
      events.add(first);
      if (threshold > 1) {
        for (int k = 1; k < threshold; k++) {
          Event copy =
              rule.equals("Azure.Audit.GraphSessionMultipleIPs")
                  ? otherAddress(parser, log, file, index, k)
                  : first;
          events.add(
              new Event(
                  copy.source(),
                  first.time().plusSeconds(10L * k),
                  first.id() + "#" + k,
                  copy.fields(),
                  copy.normalized()));
        }
        replayed =
            (replayed.isEmpty() ? "" : replayed + "; ")
                + threshold
                + "× 10 s apart"
                + (rule.equals("Azure.Audit.GraphSessionMultipleIPs")
                    ? ", copies from 203.0.113.250"
                    : "");
      }
      readAs =
          reader
              .read(first)
              .map(e -> e.activity() + "/" + e.outcome())
              .orElse("not an identity event");
      List<Finding> findings = detection().runAll(events);
      found = detectors(findings);
      boolean ours;
      if (corresponds.startsWith("reader:")) {
        ours = readAs.startsWith(corresponds.substring("reader:".length()) + "/");
      } else {
        ours = findings.stream().anyMatch(f -> f.detectorId().equals(corresponds));
      }
      verdict =
          ours == expected
              ? (expected ? "agree (both fire)" : "agree (neither fires)")
              : expected ? "Panther fires, we do not" : "we fire, Panther does not";
    }
    md.append("| ")
        .append(source)
        .append(" | ")
        .append(rule)
        .append(" | ")
        .append(t.path("test_name").asText().replace('|', '/'))
        .append(" | ")
        .append(expected)
        .append(" | ")
        .append(threshold)
        .append(mocks ? ", mocks" : "")
        .append(" | ")
        .append(replayed)
        .append(" | ")
        .append(readAs)
        .append(" | ")
        .append(corresponds)
        .append(" | ")
        .append(found)
        .append(" | ")
        .append(verdict)
        .append(" |\n");
    return verdict;
  }

  private static final java.util.regex.Pattern TIME_FIELD =
      java.util.regex.Pattern.compile(
          "field '([^']+)' (?:is missing|value '[^']*' is not a timestamp)");

  /** Supplied times, tried in turn: ISO-8601 text, epoch milliseconds, epoch seconds. */
  private static final List<Object> TIMES =
      List.of("2026-03-02T08:00:00Z", 1_772_438_400_000L, 1_772_438_400L);

  /** Sets the dotted {@code path} of {@code node} to {@code value}, creating objects on the way. */
  private static void put(ObjectNode node, String path, Object value) {
    String[] keys = path.split("\\.");
    ObjectNode at = node;
    for (int i = 0; i < keys.length - 1; i++) {
      at = at.path(keys[i]) instanceof ObjectNode child ? child : at.putObject(keys[i]);
    }
    if (value instanceof Long l) {
      at.put(keys[keys.length - 1], l);
    } else {
      at.put(keys[keys.length - 1], value.toString());
    }
  }

  /** The test event with its caller address changed, parsed again. */
  private static Event otherAddress(
      EventParser parser, JsonNode log, Path file, int index, int copy) throws IOException {
    ObjectNode changed = log.deepCopy();
    changed.put("callerIpAddress", "203.0.113.250");
    if (changed.path("properties") instanceof ObjectNode props) {
      props.put("ipAddress", "203.0.113.250");
    }
    ParseResult r =
        parser.parse(
            JSON.writeValueAsString(changed), SourceLocation.line(file.toString(), index + 1));
    if (r instanceof ParseResult.Parsed p && !p.events().isEmpty()) {
      return p.events().get(0);
    }
    throw new IllegalStateException("copy " + copy + " does not parse: " + r);
  }

  private IdentityDetection detection() {
    return IdentityDetection.builder()
        .stateStore(new InMemoryStateStore(MutableClock.at(NOW)))
        .reader(reader)
        .build();
  }

  private String activities(List<Event> events) {
    Map<String, Integer> counts = new TreeMap<>();
    for (Event e : events) {
      reader
          .read(e)
          .ifPresent(
              i ->
                  counts.merge(
                      i.activity().name().toLowerCase(Locale.ROOT)
                          + "/"
                          + i.outcome().name().toLowerCase(Locale.ROOT),
                      1,
                      Integer::sum));
    }
    return counts.isEmpty() ? "none" : counts.toString();
  }

  private static String detectors(List<Finding> findings) {
    Map<String, Integer> counts = new TreeMap<>();
    findings.forEach(f -> counts.merge(f.detectorId(), 1, Integer::sum));
    return counts.isEmpty() ? "none" : counts.toString();
  }

  private static EventParser parser(String source) {
    return CATALOG.parser(source, ProviderContext.of(MantissaConfig.defaults(), source));
  }

  private static List<String> nonBlankLines(Path file) throws IOException {
    return Files.readAllLines(file, StandardCharsets.UTF_8).stream()
        .filter(l -> !l.isBlank())
        .toList();
  }

  /** The raw records of an Elastic pipeline-test wrapper: each {@code message} or {@code json}. */
  private static List<String> elasticWrapped(Path file) throws IOException {
    List<String> out = new ArrayList<>();
    for (JsonNode e : JSON.readTree(file.toFile()).path("events")) {
      out.add(
          e.hasNonNull("message")
              ? e.get("message").asText()
              : JSON.writeValueAsString(e.get("json")));
    }
    return out;
  }

  /** The build folder ({@code target}, or the {@code -Dmantissa.target} one) of this module. */
  private static Path buildFolder() {
    try {
      Path classes =
          Path.of(
              SharedSamplesOutsideCheckIT.class
                  .getProtectionDomain()
                  .getCodeSource()
                  .getLocation()
                  .toURI());
      return classes.getParent();
    } catch (java.net.URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }
}
