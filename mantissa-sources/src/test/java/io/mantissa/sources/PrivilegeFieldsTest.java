package io.mantissa.sources;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mantissa.api.Event;
import io.mantissa.api.FieldPath;
import io.mantissa.api.SourceLocation;
import io.mantissa.api.config.MantissaConfig;
import io.mantissa.spi.ProviderContext;
import io.mantissa.spi.source.ParseResult;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

/**
 * What an Account Change (3001) grant or revocation names: {@code privileges} (roles), {@code
 * group.name} (group memberships), {@code policy.name} / {@code policy.uid} (AWS policies), on the
 * real samples of ../shared (read in place) where the event types exist, and on representative
 * records of the vendors' documented shapes where they do not.
 */
class PrivilegeFieldsTest {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private static Event parse(String source, String json) {
    ParseResult r =
        SourceCatalog.builtIn()
            .parser(source, ProviderContext.of(MantissaConfig.defaults(), source))
            .parse(json, SourceLocation.line("privilege", 1));
    assertThat(r).as(json).isInstanceOf(ParseResult.Parsed.class);
    return ((ParseResult.Parsed) r).events().get(0);
  }

  private static List<Event> samples(String source, Predicate<JsonNode> which) throws Exception {
    var file = SampleFiles.sample(source + "/panther-rule-tests.ndjson");
    List<Event> out = new ArrayList<>();
    for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
      JsonNode log = MAPPER.readTree(line).get("log");
      if (which.test(log)) {
        out.add(parse(source, MAPPER.writeValueAsString(log)));
      }
    }
    assertThat(out).as(source + " samples").isNotEmpty();
    return out;
  }

  private static Predicate<JsonNode> has(String field, String value) {
    return n -> n.hasNonNull(field) && n.get(field).asText().equals(value);
  }

  private static Object n(Event e, String path) {
    return e.normalizedField(FieldPath.of(path));
  }

  @Test
  void oktaPrivilegeGrantSamplesListTheAdministratorRoles() throws Exception {
    List<Event> grants = samples("okta", has("eventType", "user.account.privilege.grant"));
    assertThat(grants).allSatisfy(e -> assertThat(n(e, "activity_id")).isEqualTo(7));
    assertThat(grants)
        .extracting(e -> n(e, "privileges"))
        .contains(
            List.of("Organization administrator", "Application administrator (all)"),
            List.of("Super administrator", "Read only admin"));
  }

  @Test
  void oktaGroupMembershipNamesTheGroup() {
    Event e =
        parse(
            "okta",
            """
            {"uuid":"u1","published":"2026-03-02T08:00:00.000Z",\
            "eventType":"group.user_membership.add","actor":{"id":"00ua","type":"User",\
            "alternateId":"admin@acme.example"},"outcome":{"result":"SUCCESS"},\
            "target":[{"id":"00ub","type":"User","alternateId":"bob@acme.example"},\
            {"id":"00g1","type":"UserGroup","alternateId":"unknown","displayName":"engineering"}]}""");
    assertThat(n(e, "group.name")).isEqualTo("engineering");
    assertThat(n(e, "group.uid")).isEqualTo("00g1");
    assertThat(n(e, "privileges")).isNull();
    assertThat(n(e, "user.email_addr")).isEqualTo("bob@acme.example");
  }

  @Test
  void cloudTrailPolicySamplesNameThePolicyAndInlineActionsOnlyWhenAllowed() throws Exception {
    List<Event> attached = samples("aws_cloudtrail", has("eventName", "AttachUserPolicy"));
    assertThat(attached)
        .extracting(e -> n(e, "policy.name"))
        .contains("AdministratorAccess", "ReadOnlyAccess", "AWSCompromisedKeyQuarantineV2");
    assertThat(attached)
        .extracting(e -> n(e, "policy.uid"))
        .contains("arn:aws:iam::aws:policy/AdministratorAccess");
    List<Event> inline = samples("aws_cloudtrail", has("eventName", "PutUserPolicy"));
    assertThat(inline)
        .filteredOn(e -> "TestUserDenyAll".equals(n(e, "policy.name")))
        .singleElement()
        // a deny-all policy allows nothing
        .satisfies(e -> assertThat(n(e, "privileges")).isNull());
    assertThat(
            CloudTrailNormalizer.actions(
                "{\"Statement\":[{\"Effect\":\"Allow\",\"Action\":[\"iam:*\",\"s3:GetObject\"]},"
                    + "{\"Effect\":\"Deny\",\"Action\":\"*\"}]}"))
        .containsExactly("iam:*", "s3:GetObject");
    assertThat(
            CloudTrailNormalizer.actions(
                "%7B%22Statement%22%3A%7B%22Effect%22%3A%22Allow%22%2C%22Action%22%3A%22*%22%7D%7D"))
        .containsExactly("*");
    assertThat(CloudTrailNormalizer.actions("not json")).isNull();
    Event group =
        parse(
            "aws_cloudtrail",
            """
            {"eventVersion":"1.09","eventTime":"2026-03-02T08:00:00Z",\
            "eventSource":"iam.amazonaws.com","eventName":"AddUserToGroup",\
            "userIdentity":{"type":"IAMUser","userName":"heidi","principalId":"AIDA1"},\
            "requestParameters":{"groupName":"Admins","userName":"bob"},"eventID":"e1"}""");
    assertThat(n(group, "activity_id")).isEqualTo(7);
    assertThat(n(group, "group.name")).isEqualTo("Admins");
    assertThat(n(group, "user.name")).isEqualTo("bob");
  }

  @Test
  void entraAuditRoleAndGroupAdditionsNameTheRoleAndTheGroup() {
    String record =
        """
        {"time":"2026-03-02T08:00:00Z","operationName":"%s","category":"AuditLogs",\
        "properties":{"id":"Directory_1","category":"%s","result":"success",\
        "activityDisplayName":"%s","initiatedBy":{"user":{"userPrincipalName":"admin@acme.example",\
        "ipAddress":"81.10.0.1"}},"targetResources":[{"id":"u2","type":"User",\
        "userPrincipalName":"bob@acme.example","modifiedProperties":[{"displayName":"%s",\
        "oldValue":null,"newValue":"\\"%s\\""}]},{"id":"g1","type":"%s","displayName":"%s"}]}}""";
    Event role =
        parse(
            "entra_audit",
            record.formatted(
                "Add member to role",
                "RoleManagement",
                "Add member to role",
                "Role.DisplayName",
                "Global Administrator",
                "Role",
                "Global Administrator"));
    assertThat(n(role, "activity_id")).isEqualTo(7);
    assertThat(n(role, "privileges")).isEqualTo(List.of("Global Administrator"));
    Event group =
        parse(
            "entra_audit",
            record.formatted(
                "Add member to group",
                "GroupManagement",
                "Add member to group",
                "Group.DisplayName",
                "Sales EMEA",
                "Group",
                "Sales EMEA"));
    assertThat(n(group, "group.name")).isEqualTo("Sales EMEA");
    assertThat(n(group, "privileges")).isNull();
  }

  @Test
  void m365GoogleAndGitHubGrantsNameWhatWasGranted() {
    Event m365 =
        parse(
            "m365",
            """
            {"CreationTime":"2026-03-02T08:00:00","Id":"m1","Operation":"Add member to role.",\
            "RecordType":8,"ResultStatus":"Success","UserId":"admin@acme.example",\
            "Workload":"AzureActiveDirectory","ObjectId":"bob@acme.example",\
            "ModifiedProperties":[{"Name":"Role.DisplayName","NewValue":"Exchange Administrator",\
            "OldValue":""}]}""");
    assertThat(n(m365, "privileges")).isEqualTo(List.of("Exchange Administrator"));
    Event google =
        parse(
            "google_workspace",
            """
            {"kind":"admin#reports#activity","id":{"time":"2026-03-02T08:00:00.000Z",\
            "uniqueQualifier":"1","applicationName":"admin","customerId":"C1"},\
            "actor":{"email":"admin@acme.example","profileId":"1"},\
            "events":[{"type":"DELEGATED_ADMIN_SETTINGS","name":"ASSIGN_ROLE","parameters":[\
            {"name":"ROLE_NAME","value":"_SEED_ADMIN_ROLE"},\
            {"name":"USER_EMAIL","value":"bob@acme.example"}]}]}""");
    assertThat(n(google, "privileges")).isEqualTo(List.of("_SEED_ADMIN_ROLE"));
    assertThat(n(google, "policy.name")).isEqualTo("_SEED_ADMIN_ROLE");
    Event owner =
        parse(
            "github",
            """
            {"action":"org.update_member","actor":"octo-alice","user":"octo-bob",\
            "org":"acme-corp","permission":"admin","old_permission":"read",\
            "@timestamp":1772445600000,"_document_id":"d1"}""");
    assertThat(n(owner, "activity_id")).isEqualTo(7);
    assertThat(n(owner, "privileges")).isEqualTo(List.of("organization owner"));
    Event team =
        parse(
            "github",
            """
            {"action":"team.add_member","actor":"octo-alice","user":"octo-alice",\
            "org":"acme-corp","team":"acme-corp/platform","@timestamp":1772445600000,\
            "_document_id":"d2"}""");
    assertThat(n(team, "group.name")).isEqualTo("acme-corp/platform");
    assertThat(n(team, "privileges")).isNull();
    Event read =
        parse(
            "github",
            """
            {"action":"org.update_member","actor":"octo-alice","user":"octo-bob",\
            "org":"acme-corp","permission":"read","@timestamp":1772445600000,\
            "_document_id":"d3"}""");
    assertThat(n(read, "activity_id")).isEqualTo(99);
  }
}
