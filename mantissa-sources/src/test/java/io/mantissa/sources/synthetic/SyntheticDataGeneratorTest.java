package io.mantissa.sources.synthetic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mantissa.api.Event;
import io.mantissa.api.FieldPath;
import io.mantissa.api.MantissaException;
import io.mantissa.api.TimeRange;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SyntheticDataGeneratorTest {
  static final Instant NOW = Instant.parse("2026-03-04T12:00:00Z");
  private static Generated all;

  static SyntheticDataGenerator.Builder base() {
    return SyntheticDataGenerator.builder().end(NOW).seed(42).eventsPerDay(2_000);
  }

  @BeforeAll
  static void generateOnce() {
    all = new Generated(base().scenarios(SyntheticDataGenerator.allScenarios()).build().generate());
  }

  private static Object f(Event e, String path) {
    return e.field(FieldPath.of(path));
  }

  private static Object n(Event e, String path) {
    return e.normalizedField(FieldPath.of(path));
  }

  private static GroundTruth truth(String scenario) {
    return all.data.groundTruth().stream()
        .filter(t -> t.scenario().equals(scenario))
        .findFirst()
        .orElseThrow();
  }

  private static List<Event> events(GroundTruth t, String source) {
    return t.events().stream()
        .filter(r -> r.source().equals(source))
        .map(r -> all.byId(source, r.id()))
        .toList();
  }

  @Test
  void theSameSeedAndSettingsGiveTheSameBytesAndAnotherSeedOtherBytes() {
    SyntheticDataset a =
        base()
            .eventsPerDay(300)
            .scenarios(SyntheticDataGenerator.allScenarios())
            .build()
            .generate();
    SyntheticDataset b =
        base()
            .eventsPerDay(300)
            .scenarios(SyntheticDataGenerator.allScenarios())
            .build()
            .generate();
    SyntheticDataset c =
        base()
            .seed(43)
            .eventsPerDay(300)
            .scenarios(SyntheticDataGenerator.allScenarios())
            .build()
            .generate();
    assertThat(a).isEqualTo(b);
    assertThat(a.lines()).isEqualTo(b.lines());
    assertThat(a.groundTruthLines()).isEqualTo(b.groundTruthLines());
    assertThat(c.lines()).isNotEqualTo(a.lines());
    for (String source : a.sources()) {
      assertThat(c.lines(source)).as(source).isNotEqualTo(a.lines(source));
    }
  }

  @Test
  void everyLineOfEverySourceParsesWithoutDeadLettersAndGetsItsOcsfClass() {
    all.clean();
    assertThat(all.data.sources()).containsExactlyElementsOf(SyntheticDataGenerator.SOURCES);
    Map<String, Set<Integer>> classes =
        Map.ofEntries(
            Map.entry("okta", Set.of(3002, 3001, 6003)),
            Map.entry("aws_cloudtrail", Set.of(3002, 3001, 6003)),
            Map.entry("entra_signin", Set.of(3002)),
            Map.entry("entra_audit", Set.of(3001)),
            Map.entry("google_workspace", Set.of(3002, 3001, 6003)),
            Map.entry("github", Set.of(3001, 6003)),
            Map.entry("duo", Set.of(3002, 3001)),
            Map.entry("m365", Set.of(3002, 6003)),
            Map.entry("kubernetes", Set.of(6003)),
            Map.entry("aws_vpcflow", Set.of(4001)),
            Map.entry("aws_guardduty", Set.of(2004)),
            Map.entry("slack", Set.of(3002, 3001, 6003)),
            Map.entry("onepassword", Set.of(3002, 6003)),
            Map.entry("salesforce", Set.of(3002, 6003)),
            Map.entry("snowflake", Set.of(3002, 6003)),
            Map.entry("gcp_audit", Set.of(6003)),
            Map.entry("azure_activity", Set.of(6003)),
            // Falcon telemetry other than detections, Jamf and Docker have no OCSF class (0)
            Map.entry("crowdstrike", Set.of(2004, 0)),
            Map.entry("jamf_pro", Set.of(0)),
            Map.entry("docker", Set.of(0)));
    TimeRange day = TimeRange.last(Duration.ofHours(24), NOW);
    for (String source : all.data.sources()) {
      List<Event> events = all.of(source);
      assertThat(events).as(source).isNotEmpty();
      assertThat(events.stream().map(Event::id).distinct()).as(source).hasSameSizeAs(events);
      assertThat(events).allSatisfy(e -> assertThat(day.contains(e.time())).as(source).isTrue());
      Set<Integer> seen =
          events.stream()
              .map(e -> n(e, "class_uid") instanceof Number c ? c.intValue() : 0)
              .collect(Collectors.toSet());
      assertThat(seen).as(source).isEqualTo(classes.get(source));
      if (Set.of(
              "okta",
              "aws_cloudtrail",
              "entra_signin",
              "entra_audit",
              "google_workspace",
              "github",
              "duo",
              "m365",
              "kubernetes",
              "slack",
              "onepassword",
              "salesforce",
              "snowflake",
              "gcp_audit",
              "azure_activity")
          .contains(source)) {
        // every record but Duo's administrator log and Snowflake's query history names the
        // address it came from
        assertThat(
                events.stream()
                    .filter(e -> f(e, "action") == null || !source.equals("duo"))
                    .filter(e -> f(e, "QUERY_ID") == null)
                    .filter(e -> n(e, "src_endpoint.ip") == null)
                    .map(Event::id)
                    .toList())
            .as(source + " events without src_endpoint.ip")
            .isEmpty();
      }
    }
    // identity keys resolve one person across providers
    Map<Object, Set<String>> sourcesByIdentity = new java.util.HashMap<>();
    all.events.forEach(
        (s, list) ->
            list.forEach(
                e ->
                    sourcesByIdentity
                        .computeIfAbsent(n(e, "identity_key"), k -> new HashSet<>())
                        .add(s)));
    String victim = truth("password_spray").parameters().get("victim");
    assertThat(sourcesByIdentity.get(victim)).contains("okta", "entra_signin", "m365");
    assertThat(sourcesByIdentity.values())
        .anySatisfy(
            s ->
                assertThat(s)
                    .contains(
                        "okta",
                        "entra_signin",
                        "google_workspace",
                        "m365",
                        "duo",
                        "slack",
                        "salesforce",
                        "snowflake",
                        "gcp_audit",
                        "azure_activity",
                        "kubernetes"));
  }

  @Test
  void theRecordsAreInTimeOrderPerSourceAndInTheMergedStream() {
    for (String source : all.data.sources()) {
      List<Instant> times = all.data.records(source).stream().map(SyntheticRecord::time).toList();
      assertThat(times).as(source).isSortedAccordingTo(Instant::compareTo);
      List<Instant> parsed = all.of(source).stream().map(Event::time).toList();
      assertThat(parsed).as(source).isSortedAccordingTo(Instant::compareTo);
    }
    List<SyntheticRecord> merged = all.data.stream().toList();
    assertThat(merged).hasSize((int) all.data.size());
    assertThat(merged.stream().map(SyntheticRecord::time).toList())
        .isSortedAccordingTo(Instant::compareTo);
  }

  @Test
  void everyScenarioIsInTheGroundTruthWithTheIdsOfItsEvents() {
    assertThat(all.data.groundTruth())
        .extracting(GroundTruth::scenario)
        .containsExactlyElementsOf(
            java.util.Arrays.stream(ScenarioType.values()).map(ScenarioType::id).toList());
    for (GroundTruth t : all.data.groundTruth()) {
      assertThat(t.techniques()).isNotEmpty().allMatch(id -> id.matches("T\\d{4}(\\.\\d{3})?"));
      assertThat(t.actors()).as(t.scenario()).isNotEmpty();
      assertThat(t.start()).isBeforeOrEqualTo(t.end());
      assertThat(t.parameters().values()).as(t.scenario()).doesNotContain("auto");
      for (GroundTruth.EventRef ref : t.events()) {
        Event e = all.byId(ref.source(), ref.id());
        assertThat(e.time()).isBetween(t.start(), t.end());
      }
    }
    assertThat(all.data.groundTruthLines()).hasSize(ScenarioType.values().length);
    assertThat(all.data.groundTruthLines().get(0))
        .startsWith("{\"scenario\":\"password_spray\",\"techniques\":[\"T1110.003\"]")
        .contains("\"events\":[{\"id\":");
  }

  @Test
  void passwordSprayFailsAgainstManyUsersFromOneAddressThenSucceeds() {
    GroundTruth t = truth("password_spray");
    List<Event> okta = events(t, "okta");
    assertThat(
            okta.stream()
                .filter(e -> "FAILURE".equals(f(e, "outcome.result")))
                .map(e -> f(e, "actor.alternateId"))
                .distinct())
        .hasSize(30);
    assertThat(okta).allSatisfy(e -> assertThat(f(e, "client.ipAddress")).isEqualTo("192.0.2.66"));
    assertThat(okta)
        .anySatisfy(e -> assertThat(n(e, "status")).isEqualTo("Success"))
        .anySatisfy(e -> assertThat(n(e, "class_uid")).isEqualTo(3002));
    assertThat(events(t, "github")).hasSize(6);
    // no other address fails against as many users in the whole dataset
    Map<Object, Long> usersPerIp =
        all.of("okta").stream()
            .filter(e -> "FAILURE".equals(f(e, "outcome.result")))
            .filter(e -> "user.session.start".equals(f(e, "eventType")))
            .collect(
                Collectors.groupingBy(
                    e -> f(e, "client.ipAddress"),
                    Collectors.mapping(
                        e -> f(e, "actor.alternateId"),
                        Collectors.collectingAndThen(Collectors.toSet(), s -> (long) s.size()))));
    assertThat(
            usersPerIp.entrySet().stream().max(Map.Entry.comparingByValue()).orElseThrow().getKey())
        .isEqualTo("192.0.2.66");
  }

  @Test
  void bruteForceAndCredentialStuffing() {
    GroundTruth brute = truth("brute_force");
    List<Event> entra = events(brute, "entra_signin");
    assertThat(entra).hasSize(41);
    assertThat(entra.stream().map(e -> n(e, "user.email_addr")).distinct()).hasSize(1);
    assertThat(entra.stream().filter(e -> "Failure".equals(n(e, "status")))).hasSize(40);

    GroundTruth stuffing = truth("credential_stuffing");
    List<Event> m365 = events(stuffing, "m365");
    assertThat(m365.stream().filter(e -> "UserLoginFailed".equals(f(e, "Operation")))).hasSize(119);
    assertThat(m365.stream().map(e -> f(e, "ClientIP")).distinct().count()).isGreaterThan(20);
    assertThat(m365)
        .anySatisfy(e -> assertThat(f(e, "LogonError")).isEqualTo("UserAccountNotFound"));
    assertThat(m365).anySatisfy(e -> assertThat(f(e, "Operation")).isEqualTo("UserLoggedIn"));
  }

  @Test
  void pushBombingIsFourteenPushesThirteenDenialsThenApproval() {
    List<Event> okta = events(truth("mfa_push_bombing"), "okta");
    assertThat(okta)
        .filteredOn(e -> "system.push.send_factor_verify_push".equals(f(e, "eventType")))
        .hasSize(14);
    assertThat(okta)
        .filteredOn(e -> "user.mfa.okta_verify.deny_push".equals(f(e, "eventType")))
        .hasSize(13);
    assertThat(okta.get(okta.size() - 1).field(FieldPath.of("eventType")))
        .isEqualTo("user.authentication.auth_via_mfa");
    assertThat(okta).allSatisfy(e -> assertThat(f(e, "client.ipAddress")).isEqualTo("192.0.2.77"));
  }

  @Test
  void anomalousSignInsComeFromOtherCountriesAndAStolenSession() {
    List<Event> travel = events(truth("impossible_travel"), "okta");
    Set<Object> countries =
        travel.stream()
            .map(e -> f(e, "client.geographicalContext.country"))
            .collect(Collectors.toSet());
    assertThat(countries).hasSize(2);

    GroundTruth nc = truth("new_country_login");
    String user = nc.parameters().get("user");
    List<Event> mine =
        all.of("entra_signin").stream().filter(e -> user.equals(n(e, "user.email_addr"))).toList();
    Set<Object> ids =
        nc.events().stream().map(GroundTruth.EventRef::id).collect(Collectors.toSet());
    assertThat(mine)
        .filteredOn(e -> ids.contains(e.id()))
        .allSatisfy(e -> assertThat(f(e, "properties.location.countryOrRegion")).isEqualTo("NG"));
    assertThat(mine)
        .filteredOn(e -> !ids.contains(e.id()))
        .isNotEmpty()
        .allSatisfy(
            e -> assertThat(f(e, "properties.location.countryOrRegion")).isNotEqualTo("NG"));

    List<Event> hijack = events(truth("session_hijack"), "okta");
    assertThat(hijack)
        .extracting(e -> f(e, "eventType"))
        .contains("security.session.detect_client_roaming");
    assertThat(hijack.stream().map(e -> f(e, "authenticationContext.externalSessionId")).distinct())
        .hasSize(1);
    assertThat(hijack.stream().map(e -> f(e, "client.ipAddress")).distinct()).hasSize(2);
    assertThat(hijack.stream().map(e -> f(e, "client.userAgent.rawUserAgent")).distinct())
        .hasSize(2);
  }

  @Test
  void theDormantAccountHasNoActivityBeforeItsActivation() {
    GroundTruth t = truth("dormant_account_activation");
    String user = t.parameters().get("user");
    Set<String> ids =
        all.data.groundTruth().stream()
            .flatMap(x -> x.events().stream())
            .map(GroundTruth.EventRef::id)
            .collect(Collectors.toSet());
    long before =
        all.events.values().stream()
            .flatMap(List::stream)
            .filter(e -> user.equals(n(e, "identity_key")) || user.equals(n(e, "actor.user.name")))
            .filter(e -> !ids.contains(e.id()))
            .count();
    assertThat(before).isZero();
    Event reactivation = events(t, "okta").get(0);
    assertThat(f(reactivation, "eventType")).isEqualTo("user.lifecycle.reactivate");
    assertThat(f(reactivation, "target.0.alternateId")).isEqualTo(user);
    assertThat(Organization.defaults().person(t.parameters().get("actor")).orElseThrow().groups())
        .contains("administrators");
    assertThat(n(reactivation, "activity_name")).isEqualTo("Enable");
    assertThat(t.events())
        .extracting(GroundTruth.EventRef::source)
        .contains("okta", "aws_cloudtrail", "github");
  }

  @Test
  void privilegeEscalationGrantsAdministratorRights() {
    GroundTruth admin = truth("admin_grant");
    List<Event> okta = events(admin, "okta");
    assertThat(okta).allSatisfy(e -> assertThat(n(e, "class_uid")).isEqualTo(3001));
    assertThat(okta).allSatisfy(e -> assertThat(n(e, "activity_name")).isEqualTo("Attach Policy"));
    assertThat(okta)
        .allSatisfy(
            e -> assertThat(n(e, "user.email_addr")).isEqualTo(admin.parameters().get("user")));
    assertThat(okta.get(0).field(FieldPath.of("debugContext.debugData.privilegeGranted")))
        .isEqualTo("Super administrator");

    GroundTruth self = truth("self_grant");
    Event attach =
        events(self, "aws_cloudtrail").stream()
            .filter(e -> "AttachUserPolicy".equals(f(e, "eventName")))
            .findFirst()
            .orElseThrow();
    assertThat(f(attach, "requestParameters.userName"))
        .isEqualTo(f(attach, "userIdentity.userName"));
    assertThat(f(attach, "requestParameters.policyArn"))
        .isEqualTo("arn:aws:iam::aws:policy/AdministratorAccess");
    assertThat(n(attach, "class_uid")).isEqualTo(3001);
  }

  @Test
  void awsScenariosUseRootOpenABucketAndExfiltrate() {
    GroundTruth root = truth("root_account_use");
    List<Event> trail = events(root, "aws_cloudtrail");
    assertThat(trail)
        .extracting(e -> f(e, "eventName"))
        .containsExactly("ConsoleLogin", "CreateUser", "AttachUserPolicy", "CreateAccessKey");
    assertThat(f(trail.get(0), "additionalEventData.MFAUsed")).isEqualTo("No");
    assertThat(trail).allSatisfy(e -> assertThat(f(e, "userIdentity.type")).isEqualTo("Root"));
    assertThat(events(root, "aws_guardduty"))
        .singleElement()
        .satisfies(e -> assertThat(f(e, "type")).isEqualTo("Policy:IAMUser/RootCredentialUsage"));

    List<Event> bucket = events(truth("s3_bucket_policy_change"), "aws_cloudtrail");
    assertThat(bucket)
        .extracting(e -> f(e, "eventName"))
        .containsExactly("CreateBucket", "DeleteBucketPublicAccessBlock", "PutBucketPolicy");
    assertThat(f(bucket.get(2), "requestParameters.bucketPolicy.Statement.0.Principal"))
        .isEqualTo("*");

    GroundTruth drive = truth("data_exfiltration");
    List<Event> gw = events(drive, "google_workspace");
    assertThat(gw).filteredOn(e -> "download".equals(f(e, "events.0.name"))).hasSize(60);
    assertThat(gw)
        .allSatisfy(e -> assertThat(f(e, "actor.email")).isEqualTo(drive.parameters().get("user")));

    SyntheticDataset s3 =
        base()
            .eventsPerDay(100)
            .scenario(Scenario.parse("data_exfiltration:mode=s3,files=25"))
            .build()
            .generate();
    Generated g = new Generated(s3).clean();
    GroundTruth t = s3.groundTruth().get(0);
    List<Event> gets =
        t.events().stream()
            .filter(r -> r.source().equals("aws_cloudtrail"))
            .map(r -> g.byId("aws_cloudtrail", r.id()))
            .filter(e -> "GetObject".equals(f(e, "eventName")))
            .toList();
    assertThat(gets)
        .hasSize(25)
        .allSatisfy(e -> assertThat(f(e, "eventCategory")).isEqualTo("Data"));
    assertThat(t.events()).extracting(GroundTruth.EventRef::source).contains("aws_guardduty");
  }

  @Test
  void theBackgroundHasWhatAnalystsAskAbout() {
    Set<String> attack =
        all.data.groundTruth().stream()
            .flatMap(t -> t.events().stream())
            .map(GroundTruth.EventRef::id)
            .collect(Collectors.toSet());
    List<Event> benignTrail =
        all.of("aws_cloudtrail").stream().filter(e -> !attack.contains(e.id())).toList();
    assertThat(benignTrail)
        .filteredOn(e -> "CreateBucket".equals(f(e, "eventName")))
        .hasSizeGreaterThanOrEqualTo(2);
    assertThat(benignTrail).filteredOn(e -> "Root".equals(f(e, "userIdentity.type"))).isNotEmpty();
    assertThat(benignTrail).filteredOn(e -> f(e, "errorCode") != null).isNotEmpty();
    List<Event> okta = all.of("okta").stream().filter(e -> !attack.contains(e.id())).toList();
    assertThat(okta)
        .filteredOn(e -> "FAILURE".equals(f(e, "outcome.result")))
        .filteredOn(e -> f(e, "client.geographicalContext.country") != null)
        .filteredOn(e -> !"United States".equals(f(e, "client.geographicalContext.country")))
        .isNotEmpty();
    assertThat(okta)
        .filteredOn(e -> "user.authentication.auth_via_mfa".equals(f(e, "eventType")))
        .filteredOn(e -> "FAILURE".equals(f(e, "outcome.result")))
        .isNotEmpty();
    assertThat(all.of("duo")).filteredOn(e -> "denied".equals(f(e, "result"))).isNotEmpty();
    assertThat(all.of("kubernetes"))
        .filteredOn(e -> "exec".equals(f(e, "objectRef.subresource")))
        .isNotEmpty();
    assertThat(all.of("kubernetes"))
        .filteredOn(e -> "secrets".equals(f(e, "objectRef.resource")))
        .isNotEmpty();
    assertThat(all.of("github"))
        .extracting(e -> f(e, "action"))
        .contains("repo.create", "git.clone", "git.push", "pull_request.merge");
    assertThat(all.of("aws_vpcflow")).filteredOn(e -> "REJECT".equals(f(e, "action"))).isNotEmpty();
  }

  @Test
  void volumesStayBounded() {
    SyntheticDataset none = base().eventsPerDay(0).build().generate();
    assertThat(none.groundTruth()).isEmpty();
    long notablesPerDay = none.size();
    assertThat(notablesPerDay).isBetween(10L, 40L);
    SyntheticDataset week = base().days(7).eventsPerDay(500).build().generate();
    assertThat(week.size()).isBetween(7L * 500, 7L * (500 + notablesPerDay));
    long scenarioEvents = all.data.groundTruth().stream().mapToLong(t -> t.events().size()).sum();
    assertThat(scenarioEvents).isLessThan(600);
    assertThat(all.data.size()).isBetween(2_000L, 2_000L + notablesPerDay + scenarioEvents);
    assertThat(week.stream().map(SyntheticRecord::time))
        .allSatisfy(t -> assertThat(t).isBetween(NOW.minus(Duration.ofDays(7)), NOW));
    assertThatThrownBy(() -> base().eventsPerDay(SyntheticDataGenerator.MAX_EVENTS_PER_DAY + 1))
        .isInstanceOf(MantissaException.class);
    assertThatThrownBy(() -> base().days(90).eventsPerDay(1_000_000).build())
        .isInstanceOf(MantissaException.class)
        .hasMessageContaining("exceeds");
  }

  @Test
  void badScenariosAreRejectedWithAReason() {
    assertThatThrownBy(() -> Scenario.parse("password_sprey"))
        .isInstanceOf(MantissaException.class)
        .hasMessageContaining("known scenarios: password_spray");
    assertThatThrownBy(() -> Scenario.parse("password_spray:tragets=3"))
        .hasMessageContaining("has no parameter 'tragets'");
    assertThatThrownBy(() -> Scenario.parse("password_spray:at=soon"))
        .hasMessageContaining("duration");
    assertThatThrownBy(
            () ->
                base()
                    .sources(List.of("okta"))
                    .scenario(Scenario.parse("root_account_use"))
                    .build())
        .hasMessageContaining("needs source aws_cloudtrail");
    assertThatThrownBy(
            () -> base().scenario(Scenario.parse("password_spray:at=2d")).build().generate())
        .hasMessageContaining("at");
    assertThatThrownBy(
            () -> base().scenario(Scenario.parse("data_exfiltration:at=1m")).build().generate())
        .hasMessageContaining("past the end");
    assertThatThrownBy(
            () -> base().scenario(Scenario.parse("password_spray:targets=500")).build().generate())
        .hasMessageContaining("targets");
    assertThatThrownBy(
            () -> base().scenario(Scenario.parse("mfa_push_bombing:source=slack")).build())
        .hasMessageContaining("okta, duo");
    assertThatThrownBy(() -> base().sources(List.of("okta", "slack_x")))
        .hasMessageContaining("cannot write source 'slack_x'");
    Scenario s = Scenario.parse("brute_force:attempts=5,at=1h30m,source=okta");
    assertThat(s.duration("at")).isEqualTo(Duration.ofMinutes(90));
    assertThat(s.integer("attempts")).isEqualTo(5);
    assertThat(Scenario.parse("brute_force:at=PT2H").duration("at")).isEqualTo(Duration.ofHours(2));
  }

  @Test
  void scenariosTakeTheirParametersAndAlternativeSources() {
    SyntheticDataset d =
        base()
            .eventsPerDay(200)
            .scenario(
                Scenario.parse(
                    "password_spray:targets=12,ip=192.0.2.70,source=entra_signin,victim=none"))
            .scenario(Scenario.parse("mfa_push_bombing:source=duo,pushes=6,approved=false"))
            .scenario(
                Scenario.parse("brute_force:source=okta,attempts=7,success=false,user=bob.jones"))
            .scenario(Scenario.parse("admin_grant:source=entra_audit"))
            .scenario(Scenario.parse("self_grant:source=okta,policy=Organization administrator"))
            .scenario(
                Scenario.parse(
                    "s3_bucket_policy_change:principal=999988887777,bucket=acme-shared-data"))
            .scenario(Scenario.parse("new_country_login:country=BR,source=okta"))
            .build()
            .generate();
    Generated g = new Generated(d).clean();
    List<GroundTruth> t = d.groundTruth();
    assertThat(t.get(0).events()).hasSize(12).allMatch(r -> r.source().equals("entra_signin"));
    assertThat(t.get(1).events()).hasSize(6).allMatch(r -> r.source().equals("duo"));
    assertThat(t.get(1).events().stream().map(r -> g.byId("duo", r.id())))
        .allSatisfy(e -> assertThat(f(e, "result")).isEqualTo("denied"));
    assertThat(t.get(2).events()).hasSize(7);
    assertThat(t.get(2).targets())
        .extracting(io.mantissa.api.Entity::value)
        .containsExactly("bob.jones@acme.example");
    Event role = g.byId("entra_audit", t.get(3).events().get(0).id());
    assertThat(f(role, "properties.activityDisplayName")).isEqualTo("Add member to role");
    assertThat(n(role, "class_uid")).isEqualTo(3001);
    Event self = g.byId("okta", t.get(4).events().get(0).id());
    assertThat(f(self, "actor.alternateId")).isEqualTo(f(self, "target.0.alternateId"));
    Event policy = g.byId("aws_cloudtrail", t.get(5).events().get(2).id());
    assertThat(f(policy, "requestParameters.bucketName")).isEqualTo("acme-shared-data");
    assertThat(f(policy, "requestParameters.bucketPolicy.Statement.0.Principal.AWS"))
        .isEqualTo("arn:aws:iam::999988887777:root");
    assertThat(
            g.byId("okta", t.get(6).events().get(0).id())
                .field(FieldPath.of("client.geographicalContext.country")))
        .isEqualTo("Brazil");
  }

  @Test
  void aSubsetOfSourcesAndACustomOrganisation(@TempDir Path dir) throws Exception {
    Organization org =
        Organization.builder()
            .domain("example.org")
            .users(7)
            .admins(1)
            .dormant(1)
            .groups(List.of("ops"))
            .adminGroup("it-admins")
            .build();
    assertThat(org.people()).hasSize(7);
    assertThat(org.admins()).hasSize(1);
    assertThat(org.people().stream().filter(Person::dormant)).hasSize(1);
    SyntheticDataset d =
        base()
            .organization(org)
            .sources(List.of("okta", "aws_vpcflow"))
            .eventsPerDay(300)
            .scenario(Scenario.parse("password_spray:targets=5"))
            .scenario(Scenario.parse("dormant_account_activation"))
            .build()
            .generate();
    assertThat(d.sources()).containsExactly("okta", "aws_vpcflow");
    new Generated(d).clean();
    assertThat(d.lines("okta")).allMatch(l -> l.contains("@example.org"));
    List<Path> files = d.writeTo(dir);
    assertThat(files)
        .extracting(p -> p.getFileName().toString())
        .containsExactly("okta.ndjson", "aws_vpcflow.log", SyntheticDataset.GROUND_TRUTH_FILE);
    assertThat(Files.readAllLines(files.get(0))).isEqualTo(d.lines("okta"));
    assertThat(Files.readAllLines(files.get(2))).isEqualTo(d.groundTruthLines()).hasSize(2);
    assertThat(Objects.requireNonNull(d.toString())).contains("2 scenarios");
  }
}
