package io.mantissa.itdr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mantissa.api.Event;
import io.mantissa.api.MantissaException;
import io.mantissa.api.Severity;
import io.mantissa.api.SourceLocation;
import io.mantissa.sources.JsonEventParser;
import io.mantissa.sources.SourceCatalog;
import io.mantissa.spi.source.ParseResult;
import io.mantissa.testkit.InMemoryStateStore;
import io.mantissa.testkit.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@code self_privilege_grant} with privileged names and {@code privilege_escalation_chain} on
 * real-shaped Okta, Entra ID audit and CloudTrail records parsed by mantissa-sources.
 */
class PrivilegeDetectorsTest {
  private static final Instant T0 = Instant.parse("2026-03-02T08:00:00Z");
  private static final String ALICE = "alice@example.com";
  private static final String BOB = "bob@example.com";
  private static final String ADMIN = "admin@example.com";
  private static final SourceCatalog CATALOG = SourceCatalog.builtIn();

  private final List<Event> events = new ArrayList<>();
  private int seq;

  private String id() {
    return "p" + (++seq);
  }

  static Event parse(String source, String line) {
    ParseResult r =
        new JsonEventParser(CATALOG.spec(source).orElseThrow())
            .parse(line, SourceLocation.line("privilege-test.ndjson", 1));
    assertThat(r).as(line).isInstanceOf(ParseResult.Parsed.class);
    return ((ParseResult.Parsed) r).events().get(0);
  }

  /** An Okta privilege grant of {@code privilege} (debugData.privilegeGranted) or none. */
  static String oktaGrant(
      String uuid, Instant at, String actor, String target, String privilege, String ip) {
    return """
        {"uuid":"%s","published":"%s","eventType":"user.account.privilege.grant","severity":"INFO",\
        "actor":{"id":"00uactor","type":"User","alternateId":"%s","displayName":"Actor"},\
        "client":{"ipAddress":"%s"},"outcome":{"result":"SUCCESS"},\
        "target":[{"id":"00utarget","type":"User","alternateId":"%s","displayName":"Target"}],\
        "debugContext":{"debugData":{"privilegeGranted":"%s"}}}"""
        .formatted(uuid, at, actor, ip, target, privilege);
  }

  /** An Okta group membership addition of {@code target} to {@code group} by {@code actor}. */
  static String oktaGroupAdd(String uuid, Instant at, String actor, String target, String group) {
    return """
        {"uuid":"%s","published":"%s","eventType":"group.user_membership.add","severity":"INFO",\
        "actor":{"id":"00uactor","type":"User","alternateId":"%s","displayName":"Actor"},\
        "client":{"ipAddress":"81.10.0.1"},"outcome":{"result":"SUCCESS"},\
        "target":[{"id":"00utarget","type":"User","alternateId":"%s","displayName":"Target"},\
        {"id":"00g1","type":"UserGroup","alternateId":"%s","displayName":"%s"}]}"""
        .formatted(uuid, at, actor, target, group, group);
  }

  /** An Okta event of {@code type} by {@code actor} on a user (or no) target. */
  static String okta(String uuid, Instant at, String type, String actor, String target) {
    String targets =
        target == null
            ? "[]"
            : "[{\"id\":\"00ut\",\"type\":\"User\",\"alternateId\":\"" + target + "\"}]";
    return """
        {"uuid":"%s","published":"%s","eventType":"%s","severity":"INFO",\
        "actor":{"id":"00uactor","type":"User","alternateId":"%s","displayName":"Actor"},\
        "client":{"ipAddress":"45.40.0.9"},"outcome":{"result":"SUCCESS"},"target":%s}"""
        .formatted(uuid, at, type, actor, targets);
  }

  /** An Entra ID audit record: {@code activity} by {@code actor} on {@code target}. */
  static String entraAudit(
      String id,
      Instant at,
      String activity,
      String category,
      String actor,
      String target,
      String property,
      String value) {
    String modified =
        property == null
            ? "[]"
            : "[{\"displayName\":\""
                + property
                + "\",\"oldValue\":null,\"newValue\":\"\\\""
                + value
                + "\\\"\"}]";
    return """
        {"time":"%s","operationName":"%s","category":"AuditLogs","tenantId":"t1",\
        "properties":{"id":"%s","category":"%s","result":"success","activityDisplayName":"%s",\
        "activityDateTime":"%s","initiatedBy":{"user":{"id":"u1","userPrincipalName":"%s",\
        "ipAddress":"81.10.0.1"}},"targetResources":[{"id":"u2","type":"User",\
        "userPrincipalName":"%s","modifiedProperties":%s}]}}"""
        .formatted(at, activity, id, category, activity, at, actor, target, modified);
  }

  /** A CloudTrail call of {@code name} by an SSO session of {@code email}. */
  static String cloudTrail(
      String id, Instant at, String service, String name, String email, String request) {
    return """
        {"eventVersion":"1.09","eventTime":"%s","eventSource":"%s","eventName":"%s",\
        "awsRegion":"us-east-1","sourceIPAddress":"45.40.0.9","userAgent":"console.amazonaws.com",\
        "userIdentity":{"type":"AssumedRole","principalId":"AROAEXAMPLE:%s",\
        "arn":"arn:aws:sts::123456789012:assumed-role/AWSReservedSSO_Admin/%s",\
        "accountId":"123456789012"},\
        "requestParameters":%s,"eventID":"%s","eventType":"AwsApiCall",\
        "recipientAccountId":"123456789012"}"""
        .formatted(at, service, name, email, email, request, id);
  }

  private List<Finding> run(PrivilegeSettings settings, List<Event> history) {
    IdentityDetection d =
        IdentityDetection.builder()
            .stateStore(new InMemoryStateStore(MutableClock.at(T0)))
            .privilege(settings)
            .build();
    d.learn(history);
    return d.runAll(events);
  }

  private List<Finding> run() {
    return run(PrivilegeSettings.defaults(), List.of());
  }

  private static List<Finding> of(List<Finding> all, String detector) {
    return all.stream().filter(f -> f.detectorId().equals(detector)).toList();
  }

  private static Instant min(long m) {
    return T0.plus(Duration.ofMinutes(m));
  }

  // ------------------------------------------------------------------ reader

  @Test
  void theReaderTakesTheGrantedNamesAndTheAdministrativeAction() {
    IdentityEventReader reader = IdentityEventReader.withoutGeoIp();
    IdentityEvent grant =
        reader
            .read(
                parse(
                    "okta",
                    oktaGrant(
                        "g1",
                        T0,
                        ADMIN,
                        BOB,
                        "Organization administrator, Application administrator (all)",
                        "8.8.8.8")))
            .orElseThrow();
    assertThat(grant.activity()).isEqualTo(Activity.PRIVILEGE_GRANT);
    assertThat(grant.privileges())
        .containsExactly("Organization administrator", "Application administrator (all)");
    assertThat(grant.adminAction()).isEqualTo(AdminAction.GRANT);
    IdentityEvent group =
        reader.read(parse("okta", oktaGroupAdd("g2", T0, BOB, BOB, "sales"))).orElseThrow();
    assertThat(group.privileges()).containsExactly("sales");
    // a self-addition is no administrative action
    assertThat(group.adminAction()).isEqualTo(AdminAction.NONE);
    IdentityEvent stop =
        reader
            .read(
                parse(
                    "aws_cloudtrail",
                    cloudTrail("c1", T0, "cloudtrail.amazonaws.com", "StopLogging", ALICE, "{}")))
            .orElseThrow();
    assertThat(stop.activity()).isEqualTo(Activity.OTHER);
    assertThat(stop.identityKey()).isEqualTo(ALICE);
    assertThat(stop.adminAction()).isEqualTo(AdminAction.DISABLE_LOGGING);
    assertThat(
            reader.read(
                parse(
                    "aws_cloudtrail",
                    cloudTrail("c2", T0, "s3.amazonaws.com", "ListBuckets", ALICE, "{}"))))
        .isEmpty();
    IdentityEvent key =
        reader
            .read(
                parse(
                    "aws_cloudtrail",
                    cloudTrail("c3", T0, "iam.amazonaws.com", "CreateAccessKey", ALICE, "{}")))
            .orElseThrow();
    assertThat(key.adminAction()).isEqualTo(AdminAction.CREATE_CREDENTIAL);
    IdentityEvent signIn =
        reader
            .read(
                parse(
                    "okta",
                    Lines.okta("s1", T0, "user.session.start", ALICE, "8.8.8.8", "SUCCESS")))
            .orElseThrow();
    assertThat(signIn.privileges()).isEmpty();
    assertThat(signIn.adminAction()).isEqualTo(AdminAction.NONE);
    assertThat(AdminAction.DISABLE_MFA.evasion()).isTrue();
    assertThat(AdminAction.GRANT.evasion()).isFalse();
  }

  // ------------------------------------------------------------------ privileged names

  @Test
  void theDefaultPatternsTellAdministratorRolesFromTeams() {
    PrivilegeSettings.Matcher m = PrivilegeSettings.defaults().matcher();
    for (String privileged :
        List.of(
            "Super administrator",
            "Organization administrator",
            "Global Administrator",
            "administrators",
            "AdministratorAccess",
            "arn:aws:iam::aws:policy/IAMFullAccess",
            "PowerUserAccess",
            "iam:*",
            "*",
            "roles/owner",
            "roles/editor",
            "organization owner",
            "super admin",
            "root",
            "Privileged Role Administrator")) {
      assertThat(m.match(privileged)).as(privileged).isPresent();
    }
    for (String ordinary :
        List.of(
            "engineering",
            "platform",
            "acme-corp/payments",
            "sales@acme.example",
            "ReadOnlyAccess",
            "s3:GetObject",
            "roles/viewer",
            "Directory Readers",
            "")) {
      assertThat(m.match(ordinary)).as(ordinary).isEmpty();
    }
  }

  @Test
  void customPatternsAreAddedOrReplaceTheDefaultsAndAreValidated() {
    PrivilegeSettings added =
        PrivilegeSettings.builder().addPrivilegedNames(List.of("break-glass*")).build();
    assertThat(added.matcher().match("break-glass-2")).contains("break-glass*");
    assertThat(added.matcher().match("Super administrator")).isPresent();
    PrivilegeSettings only = PrivilegeSettings.builder().privilegedNames(List.of("sre")).build();
    assertThat(only.matcher().match("Super administrator")).isEmpty();
    assertThat(only.matcher().match("SRE")).contains("sre");
    assertThatThrownBy(() -> PrivilegeSettings.builder().privilegedNames(List.of()).build())
        .isInstanceOf(MantissaException.class);
    assertThatThrownBy(() -> PrivilegeSettings.builder().chainWindow(Duration.ZERO).build())
        .isInstanceOf(MantissaException.class);
    assertThatThrownBy(() -> PrivilegeSettings.builder().maxTrackedKeys(0).build())
        .isInstanceOf(MantissaException.class);
  }

  // ------------------------------------------------------------------ self grant

  @Test
  void aPrivilegedSelfGrantIsHighWithWhatWasGranted() {
    events.add(
        parse("okta", oktaGrant("g1", T0, ALICE, ALICE, "Super administrator", "45.40.0.9")));
    assertThat(of(run(), SelfPrivilegeGrantDetector.ID))
        .singleElement()
        .satisfies(
            f -> {
              assertThat(f.severity()).isEqualTo(Severity.HIGH);
              assertThat(f.evidenceEventIds()).containsExactly("g1");
              assertThat(f.explanation())
                  .contains("the actor alice@example.com is the account that received")
                  .contains("'Super administrator' (privileged: matches '*admin*')")
                  .contains("from IP 45.40.0.9");
            });
  }

  @Test
  void joiningAnOrdinaryGroupOneselfIsNotReportedButAnAdminGroupIs() {
    events.add(parse("okta", oktaGroupAdd("g1", T0, ALICE, ALICE, "engineering")));
    events.add(
        parse(
            "entra_audit",
            entraAudit(
                "e1",
                min(1),
                "Add member to group",
                "GroupManagement",
                BOB,
                BOB,
                "Group.DisplayName",
                "Book club")));
    assertThat(of(run(), SelfPrivilegeGrantDetector.ID)).isEmpty();
    events.add(parse("okta", oktaGroupAdd("g2", min(2), ALICE, ALICE, "administrators")));
    assertThat(of(run(), SelfPrivilegeGrantDetector.ID))
        .singleElement()
        .satisfies(
            f -> {
              assertThat(f.evidenceEventIds()).containsExactly("g2");
              assertThat(f.explanation()).contains("'administrators'");
            });
  }

  @Test
  void aSelfGrantThatDoesNotNameThePrivilegeIsMedium() {
    events.add(
        parse(
            "okta",
            Lines.oktaAccountChange(
                "g1", T0, "user.account.privilege.grant", ALICE, ALICE, "45.40.0.9")));
    assertThat(of(run(), SelfPrivilegeGrantDetector.ID))
        .singleElement()
        .satisfies(
            f -> {
              assertThat(f.severity()).isEqualTo(Severity.MEDIUM);
              assertThat(f.explanation()).contains("does not name");
            });
  }

  @Test
  void anIamUserAttachingAdministratorAccessToItselfIsHighAndAGrantToOthersIsNoSelfGrant() {
    String self =
        """
        {"eventVersion":"1.09","eventTime":"%s","eventSource":"iam.amazonaws.com",\
        "eventName":"AttachUserPolicy","awsRegion":"us-east-1","sourceIPAddress":"81.10.0.1",\
        "userAgent":"aws-cli/2.15.30","userIdentity":{"type":"IAMUser","principalId":"AIDAX",\
        "arn":"arn:aws:iam::123456789012:user/heidi","accountId":"123456789012",\
        "userName":"heidi"},"requestParameters":{"userName":"heidi",\
        "policyArn":"arn:aws:iam::aws:policy/AdministratorAccess"},"eventID":"c1"}"""
            .formatted(T0);
    events.add(parse("aws_cloudtrail", self));
    events.add(
        parse(
            "okta", oktaGrant("g2", min(1), ADMIN, BOB, "Organization administrator", "81.1.1.1")));
    assertThat(of(run(), SelfPrivilegeGrantDetector.ID))
        .singleElement()
        .satisfies(
            f -> {
              assertThat(f.identityKey()).isEqualTo("aws:heidi");
              assertThat(f.severity()).isEqualTo(Severity.HIGH);
              assertThat(f.explanation()).contains("'AdministratorAccess'");
            });
  }

  // ------------------------------------------------------------------ escalation chain

  @Test
  void aSelfGrantThenFirstTimeAdministrationInAnotherProviderIsAHighChain() {
    events.add(parse("okta", oktaGrant("g1", T0, ALICE, ALICE, "Super administrator", "45.4.0.9")));
    events.add(
        parse(
            "aws_cloudtrail",
            cloudTrail(
                "c1",
                min(20),
                "iam.amazonaws.com",
                "CreateUser",
                ALICE,
                "{\"userName\":\"svc-backup\"}")));
    events.add(
        parse(
            "aws_cloudtrail",
            cloudTrail(
                "c2",
                min(22),
                "cloudtrail.amazonaws.com",
                "StopLogging",
                ALICE,
                "{\"name\":\"management-events\"}")));
    List<Finding> chain = of(run(), PrivilegeEscalationChainDetector.ID);
    assertThat(chain).hasSize(1);
    Finding f = chain.get(0);
    assertThat(f.identityKey()).isEqualTo(ALICE);
    assertThat(f.severity()).isEqualTo(Severity.HIGH);
    assertThat(f.stage()).isEqualTo(KillChainStage.PRIVILEGE_ESCALATION);
    assertThat(f.evidenceEventIds()).containsExactly("g1", "c1");
    assertThat(f.explanation())
        .contains("(1) 2026-03-02T08:00:00Z okta: granted 'Super administrator' by itself [g1]")
        .contains("(2) 2026-03-02T08:20:00Z aws_cloudtrail: created an account (svc-backup)")
        .contains("the first time [c1]")
        .contains("spans providers: okta → aws_cloudtrail")
        .contains("HIGH: the account granted the privilege to itself");
    assertThat(f.mitre()).contains("T1098", "T1078", "T1136");
  }

  @Test
  void aGrantByAnotherAdminThenNewAdministrationIsMediumAndRaisedToHighByEvasion() {
    events.add(
        parse("okta", oktaGrant("g1", T0, ADMIN, BOB, "Help Desk administrator", "8.8.8.8")));
    events.add(parse("okta", okta("r1", min(30), "user.account.reset_password", BOB, ALICE)));
    events.add(parse("okta", okta("r2", min(35), "user.account.reset_password", BOB, "c@x.io")));
    events.add(parse("okta", okta("m1", min(50), "user.mfa.factor.reset_all", BOB, ALICE)));
    List<Finding> chain = of(run(), PrivilegeEscalationChainDetector.ID);
    assertThat(chain).extracting(Finding::severity).containsExactly(Severity.MEDIUM, Severity.HIGH);
    assertThat(chain.get(0).evidenceEventIds()).containsExactly("g1", "r1");
    assertThat(chain.get(0).explanation())
        .contains("granted 'Help Desk administrator' by admin@example.com")
        .contains("reset another account's password (alice@example.com)")
        .contains("MEDIUM: a privileged grant by another account")
        .contains("confirm the grant was requested");
    assertThat(chain.get(1).evidenceEventIds()).containsExactly("g1", "r1", "m1");
    assertThat(chain.get(1).explanation()).contains("HIGH: a step weakens defences");
    assertThat(chain.get(1).mitre()).contains("T1556.006");
  }

  @Test
  void aGrantHopIsHigh() {
    events.add(parse("okta", oktaGrant("g1", T0, ADMIN, BOB, "Super administrator", "8.8.8.8")));
    events.add(
        parse("okta", oktaGrant("g2", min(10), BOB, ALICE, "Super administrator", "8.8.8.9")));
    events.add(parse("okta", okta("k1", min(25), "system.api_token.create", ALICE, null)));
    List<Finding> chain = of(run(), PrivilegeEscalationChainDetector.ID);
    // bob passes the privilege on (his first grant): HIGH; alice, granted by a freshly granted
    // bob, creates a token: HIGH through the hop
    assertThat(chain).extracting(Finding::identityKey).containsExactly(BOB, ALICE);
    assertThat(chain).extracting(Finding::severity).containsOnly(Severity.HIGH);
    assertThat(chain.get(0).explanation())
        .contains("granted a privilege to another account 'Super administrator' (alice@")
        .contains("passes a privileged grant on");
    assertThat(chain.get(1).evidenceEventIds()).containsExactly("g1", "g2", "k1");
    assertThat(chain.get(1).explanation())
        .contains("(0) 2026-03-02T08:00:00Z okta: bob@example.com was granted")
        .contains("(grant hop)")
        .contains("created an access key or API token");
  }

  @Test
  void anAdministratorsRoutineWorkAndNonPrivilegedGrantsAreNoChain() {
    List<Event> history = new ArrayList<>();
    history.add(
        parse(
            "okta",
            okta("h1", T0.minus(Duration.ofDays(5)), "user.account.reset_password", ADMIN, BOB)));
    history.add(
        parse("okta", oktaGroupAdd("h2", T0.minus(Duration.ofDays(4)), ADMIN, BOB, "sales")));
    // a long-standing admin, re-granted a role, keeps doing what they always did
    events.add(
        parse(
            "okta",
            oktaGrant("g1", T0, "root@example.com", ADMIN, "Super administrator", "8.8.8.8")));
    events.add(parse("okta", okta("r1", min(10), "user.account.reset_password", ADMIN, ALICE)));
    events.add(parse("okta", oktaGroupAdd("a1", min(12), ADMIN, ALICE, "engineering")));
    // a non-privileged group for carol, who then administers: no privileged grant, no chain
    events.add(parse("okta", oktaGroupAdd("a2", min(20), ADMIN, "carol@example.com", "support")));
    events.add(
        parse(
            "okta", okta("r2", min(30), "user.account.reset_password", "carol@example.com", BOB)));
    // dave is granted, but acts only after the window
    events.add(
        parse(
            "okta",
            oktaGrant("g3", min(40), ADMIN, "dave@example.com", "Super administrator", "8.8.8.8")));
    events.add(
        parse(
            "okta",
            okta(
                "r3",
                min(40).plus(Duration.ofHours(25)),
                "user.mfa.factor.reset_all",
                "dave@example.com",
                BOB)));
    assertThat(of(run(PrivilegeSettings.defaults(), history), PrivilegeEscalationChainDetector.ID))
        .isEmpty();
    // with a longer window, dave's late action is a chain
    assertThat(
            of(
                run(PrivilegeSettings.builder().chainWindow(Duration.ofHours(48)).build(), history),
                PrivilegeEscalationChainDetector.ID))
        .extracting(Finding::identityKey)
        .containsExactly("dave@example.com");
  }

  @Test
  void entraRoleGrantThenConditionalAccessChangeIsReadAndChained() {
    events.add(
        parse(
            "entra_audit",
            entraAudit(
                "e1",
                T0,
                "Add member to role",
                "RoleManagement",
                ADMIN,
                BOB,
                "Role.DisplayName",
                "Global Administrator")));
    events.add(
        parse(
            "entra_audit",
            entraAudit(
                "e2",
                min(15),
                "Update conditional access policy",
                "Policy",
                BOB,
                BOB,
                null,
                null)));
    IdentityEvent grant = IdentityEventReader.withoutGeoIp().read(events.get(0)).orElseThrow();
    assertThat(grant.privileges()).containsExactly("Global Administrator");
    assertThat(grant.adminAction()).isEqualTo(AdminAction.GRANT);
    IdentityEvent policy = IdentityEventReader.withoutGeoIp().read(events.get(1)).orElseThrow();
    assertThat(policy.adminAction()).isEqualTo(AdminAction.CHANGE_POLICY);
    assertThat(of(run(), PrivilegeEscalationChainDetector.ID))
        .singleElement()
        .satisfies(
            f -> {
              assertThat(f.severity()).isEqualTo(Severity.MEDIUM);
              assertThat(f.explanation())
                  .contains("entra_audit: granted 'Global Administrator' by admin@example.com")
                  .contains("changed a security or IAM policy");
            });
  }

  @Test
  void failedActionsAndTheMemoryCapAreRespected() {
    events.add(parse("okta", oktaGrant("g1", T0, ADMIN, BOB, "Super administrator", "8.8.8.8")));
    String failed =
        okta("r1", min(5), "user.account.reset_password", BOB, ALICE)
            .replace("\"result\":\"SUCCESS\"", "\"result\":\"FAILURE\"");
    events.add(parse("okta", failed));
    assertThat(of(run(), PrivilegeEscalationChainDetector.ID)).isEmpty();
    PrivilegeEscalationChainDetector d =
        new PrivilegeEscalationChainDetector(PrivilegeSettings.builder().maxTrackedKeys(2).build());
    IdentityEventReader reader = IdentityEventReader.withoutGeoIp();
    d.accept(reader.read(events.get(0)).orElseThrow());
    // two other identities push bob's grant out of memory
    for (String who : List.of("x@example.com", "y@example.com")) {
      d.accept(
          reader
              .read(parse("okta", okta(id(), min(6), "user.account.reset_password", who, ALICE)))
              .orElseThrow());
    }
    assertThat(
            d.accept(
                reader
                    .read(
                        parse(
                            "okta", okta("r9", min(7), "user.account.reset_password", BOB, ALICE)))
                    .orElseThrow()))
        .isEmpty();
  }
}
