package io.mantissa.sources;

import static io.mantissa.sources.SampleFiles.sample;
import static org.assertj.core.api.Assertions.assertThat;

import io.mantissa.api.Event;
import io.mantissa.api.FieldPath;
import io.mantissa.api.config.MantissaConfig;
import io.mantissa.spi.ProviderContext;
import java.io.InputStream;
import java.nio.file.Files;
import java.time.Instant;
import java.util.List;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

/** The OCSF fields of representative real events of each source (samples read in place). */
class NormalizationTest {
  private final SourceCatalog catalog = SourceCatalog.builtIn();

  private List<Event> events(String source, String file) throws Exception {
    RecordingEventStore store = new RecordingEventStore();
    try (InputStream in = Files.newInputStream(sample(file))) {
      IngestReport report =
          NdjsonIngestor.builder(store)
              .build()
              .ingest(
                  catalog.parser(source, ProviderContext.of(MantissaConfig.defaults(), source)),
                  in,
                  file);
      assertThat(report.errors()).isEmpty();
    }
    return store.events();
  }

  private Event event(String source, String file, Predicate<Event> which) throws Exception {
    return events(source, file).stream().filter(which).findFirst().orElseThrow();
  }

  private static Object n(Event e, String path) {
    return e.normalizedField(FieldPath.of(path));
  }

  private static Predicate<Event> native_(String path, Object value) {
    return e -> value.equals(e.field(FieldPath.of(path)));
  }

  @Test
  void duoPushApprovedIsASuccessfulLogon() throws Exception {
    Event e = events("duo", "duo/test-auth.log").get(0);
    assertThat(n(e, "class_uid")).isEqualTo(3002);
    assertThat(n(e, "class_name")).isEqualTo("Authentication");
    assertThat(n(e, "category_uid")).isEqualTo(3);
    assertThat(n(e, "activity_id")).isEqualTo(1);
    assertThat(n(e, "activity_name")).isEqualTo("Logon");
    assertThat(n(e, "type_uid")).isEqualTo(300201L);
    assertThat(n(e, "status")).isEqualTo("Success");
    assertThat(n(e, "status_id")).isEqualTo(1);
    assertThat(n(e, "time")).isEqualTo(Instant.parse("2020-02-13T18:56:20.351346Z").toEpochMilli());
    assertThat(n(e, "user.name")).isEqualTo("narroway@example.com");
    assertThat(n(e, "src_endpoint.ip")).isEqualTo("89.160.20.156");
    assertThat(n(e, "metadata.product.vendor_name")).isEqualTo("Cisco");
    assertThat(n(e, "metadata.product.name")).isEqualTo("Duo");
    assertThat(n(e, "identity_key")).isEqualTo("narroway@example.com");
  }

  @Test
  void duoFraudIsAFailureWithItsReason() throws Exception {
    Event e = event("duo", "duo/test-auth.log", native_("result", "fraud"));
    assertThat(n(e, "status")).isEqualTo("Failure");
    assertThat(n(e, "status_id")).isEqualTo(2);
    assertThat(n(e, "status_detail")).isEqualTo("user_marked_fraud");
  }

  @Test
  void duoAddressesWithPortsAreCleaned() throws Exception {
    assertThat(events("duo", "duo/test-auth.log"))
        .extracting(e -> (String) n(e, "src_endpoint.ip"))
        .filteredOn(ip -> ip != null)
        .allSatisfy(
            ip -> assertThat(ip).doesNotContain("#").doesNotContain("[").doesNotEndWith(":"))
        .noneMatch(ip -> ip.matches("\\d+\\.\\d+\\.\\d+\\.\\d+:\\d+"));
  }

  @Test
  void entraSignInFailureCarriesTheUpnAsIdentity() throws Exception {
    Event e = events("entra_signin", "entra_signin/test-signinlogs-raw.log").get(0);
    assertThat(n(e, "class_uid")).isEqualTo(3002);
    assertThat(n(e, "status")).isEqualTo("Failure");
    assertThat(n(e, "status_code")).isEqualTo("50140");
    assertThat(n(e, "user.name")).isEqualTo("test@elastic.co");
    assertThat(n(e, "actor.user.email_addr")).isEqualTo("test@elastic.co");
    assertThat(n(e, "src_endpoint.ip")).isEqualTo("81.2.69.144");
    assertThat(n(e, "cloud.provider")).isEqualTo("Azure");
    assertThat(n(e, "identity_key")).isEqualTo("test@elastic.co");
  }

  @Test
  void googleWorkspaceLoginsAreAuthentication() throws Exception {
    List<Event> all = events("google_workspace", "google_workspace/test-login.log");
    Event failure =
        all.stream()
            .filter(e -> "login_failure".equals(n(e, "metadata.event_code")))
            .findFirst()
            .orElseThrow();
    assertThat(n(failure, "class_uid")).isEqualTo(3002);
    assertThat(n(failure, "activity_id")).isEqualTo(1);
    assertThat(n(failure, "status")).isEqualTo("Failure");
    assertThat(n(failure, "user.email_addr")).isEqualTo("foo@bar.com");
    assertThat(n(failure, "src_endpoint.ip")).isEqualTo("67.43.156.13");
    Event logout =
        all.stream()
            .filter(e -> "logout".equals(n(e, "metadata.event_code")))
            .findFirst()
            .orElseThrow();
    assertThat(n(logout, "activity_name")).isEqualTo("Logoff");
    Event challenge =
        all.stream()
            .filter(e -> "login_challenge".equals(n(e, "metadata.event_code")))
            .findFirst()
            .orElseThrow();
    assertThat(n(challenge, "status")).isEqualTo("Success");
  }

  @Test
  void slackUserLoginAndUserCreated() throws Exception {
    List<Event> all = events("slack", "slack/test-audit.log");
    Event login = all.get(0);
    assertThat(n(login, "class_uid")).isEqualTo(3002);
    assertThat(n(login, "status")).isEqualTo("Success");
    assertThat(n(login, "actor.user.email_addr")).isEqualTo("bird@slack.com");
    assertThat(n(login, "src_endpoint.ip")).isEqualTo("81.2.69.143");
    assertThat((String) n(login, "http_request.user_agent")).startsWith("Mozilla/5.0 (Macintosh");
    assertThat(n(login, "identity_key")).isEqualTo("bird@slack.com");
    Event created = all.get(1);
    assertThat(n(created, "class_uid")).isEqualTo(3001);
    assertThat(n(created, "activity_name")).isEqualTo("Create");
    Event download = all.get(2);
    assertThat(n(download, "class_uid")).isEqualTo(6003);
    assertThat(n(download, "api.operation")).isEqualTo("file_downloaded");
    assertThat(n(download, "activity_name")).isEqualTo("Read");
  }

  @Test
  void salesforceLoginEventsSucceedAndFail() throws Exception {
    List<Event> all = events("salesforce", "salesforce/test-login-object.log");
    assertThat(all).extracting(e -> n(e, "class_uid")).containsOnly(3002);
    assertThat(all).extracting(e -> n(e, "status")).containsExactly("Success", "Failure");
    assertThat(n(all.get(0), "user.name")).isEqualTo("user.name@email.com");
    assertThat(n(all.get(0), "src_endpoint.ip")).isEqualTo("89.160.20.112");
    assertThat(n(all.get(1), "status_detail")).isEqualTo("Failed: Missing Consumer Key Parameter");
  }

  @Test
  void gcpAuditTokenMintingIsApiActivity() throws Exception {
    Event e = events("gcp_audit", "gcp_audit/test-iamcredentials-googleapis-com.log").get(0);
    assertThat(n(e, "class_uid")).isEqualTo(6003);
    assertThat(n(e, "category_uid")).isEqualTo(6);
    assertThat(n(e, "api.operation")).isEqualTo("GenerateAccessToken");
    assertThat(n(e, "api.service.name")).isEqualTo("iamcredentials.googleapis.com");
    assertThat(n(e, "activity_name")).isEqualTo("Create");
    assertThat(n(e, "cloud.provider")).isEqualTo("GCP");
    assertThat(n(e, "status")).isEqualTo("Success");
  }

  @Test
  void cloudTrailCallsAndIamChanges() throws Exception {
    List<Event> all = events("aws_cloudtrail", "aws_cloudtrail/cloudtrail_logs.json");
    Event start =
        all.stream().filter(native_("eventName", "StartInstances")).findFirst().orElseThrow();
    assertThat(n(start, "class_uid")).isEqualTo(6003);
    assertThat(n(start, "api.operation")).isEqualTo("StartInstances");
    assertThat(n(start, "api.service.name")).isEqualTo("ec2.amazonaws.com");
    assertThat(n(start, "actor.user.name")).isEqualTo("Mateo");
    assertThat(n(start, "cloud.provider")).isEqualTo("AWS");
    assertThat(n(start, "src_endpoint.ip")).isEqualTo(start.fields().get("sourceIPAddress"));
    assertThat(n(start, "http_request.user_agent")).isEqualTo(start.fields().get("userAgent"));
    assertThat(n(start, "identity_key")).isEqualTo("aws:mateo");
    Event create =
        all.stream().filter(native_("eventName", "CreateUser")).findFirst().orElseThrow();
    assertThat(n(create, "class_uid")).isEqualTo(3001);
    assertThat(n(create, "class_name")).isEqualTo("Account Change");
    assertThat(n(create, "activity_name")).isEqualTo("Create");
    assertThat(n(create, "user.name")).isNotNull();
  }

  @Test
  void cloudTrailConsoleLoginIsAuthentication() {
    String record =
        "{\"eventVersion\":\"1.08\",\"userIdentity\":{\"type\":\"IAMUser\",\"principalId\":\"AIDA1\","
            + "\"arn\":\"arn:aws:iam::111122223333:user/Alice\",\"accountId\":\"111122223333\","
            + "\"userName\":\"Alice\"},\"eventTime\":\"2024-05-01T10:00:00Z\","
            + "\"eventSource\":\"signin.amazonaws.com\",\"eventName\":\"ConsoleLogin\","
            + "\"awsRegion\":\"us-east-1\",\"sourceIPAddress\":\"198.51.100.7\","
            + "\"userAgent\":\"Mozilla/5.0\",\"errorMessage\":\"Failed authentication\","
            + "\"responseElements\":{\"ConsoleLogin\":\"Failure\"},"
            + "\"additionalEventData\":{\"MFAUsed\":\"No\"},\"eventID\":\"e-1\"}";
    Event e =
        JsonEventParserTest.single(
            catalog
                .parser(
                    "aws_cloudtrail",
                    ProviderContext.of(MantissaConfig.defaults(), "aws_cloudtrail"))
                .parse(record, JsonEventParserTest.AT));
    assertThat(n(e, "class_uid")).isEqualTo(3002);
    assertThat(n(e, "status")).isEqualTo("Failure");
    assertThat(n(e, "user.name")).isEqualTo("Alice");
    assertThat(n(e, "src_endpoint.ip")).isEqualTo("198.51.100.7");
    assertThat(n(e, "status_detail")).isEqualTo("Failed authentication");
  }

  @Test
  void azureActivityRecordIsApiActivityWithTheCallerFromClaims() throws Exception {
    Event e = events("azure_activity", "azure_activity/valid_1.json").get(0);
    assertThat(n(e, "class_uid")).isEqualTo(6003);
    assertThat(n(e, "cloud.provider")).isEqualTo("Azure");
    assertThat(n(e, "api.operation")).isEqualTo(e.fields().get("operationName"));
    assertThat(n(e, "src_endpoint.ip")).isNotNull();
    assertThat(n(e, "actor.user.name")).isNotNull();
  }

  @Test
  void kubernetesNativeGkeAndAksEvents() throws Exception {
    List<Event> all = events("kubernetes", "kubernetes/test-audit.log");
    Event nativeEvent = all.get(0);
    assertThat(n(nativeEvent, "class_uid")).isEqualTo(6003);
    assertThat(n(nativeEvent, "api.operation")).isEqualTo("get");
    assertThat(n(nativeEvent, "activity_name")).isEqualTo("Read");
    assertThat(n(nativeEvent, "status")).isEqualTo("Success");
    assertThat(n(nativeEvent, "src_endpoint.ip")).isEqualTo("67.43.156.1");
    assertThat(n(nativeEvent, "actor.user.name"))
        .isEqualTo("system:serviceaccounts:default:default");
    Event gke = all.get(3);
    assertThat(n(gke, "api.operation")).isEqualTo("io.k8s.get");
    assertThat(n(gke, "cloud.provider")).isEqualTo("GCP");
    assertThat(n(gke, "actor.user.name")).isEqualTo("system:gke-master-healthcheck");
    Event aks = all.get(4);
    assertThat(aks.field(FieldPath.of("verb"))).isEqualTo("update");
    assertThat(aks.field(FieldPath.of("_envelope.category"))).isEqualTo("kube-audit-admin");
    assertThat(aks.id()).isEqualTo("abcde12345");
    assertThat(n(aks, "activity_name")).isEqualTo("Update");
    assertThat(n(aks, "actor.user.name")).isEqualTo("aksService");
    assertThat(n(aks, "cloud.provider")).isEqualTo("Azure");
  }

  @Test
  void guardDutyFindingIsADetectionFinding() throws Exception {
    Event e = events("aws_guardduty", "aws_guardduty/test-guardduty.log").get(0);
    assertThat(n(e, "class_uid")).isEqualTo(2004);
    assertThat(n(e, "category_uid")).isEqualTo(2);
    assertThat(n(e, "severity_id")).isEqualTo(3);
    assertThat(n(e, "severity")).isEqualTo("Medium");
    assertThat(n(e, "activity_name")).isEqualTo("Update");
    assertThat(n(e, "finding_info.uid")).isEqualTo("d6012345678912345678912349f831b8f");
    assertThat(n(e, "finding_info.types")).isEqualTo(List.of("Trojan:EC2/BlackholeTraffic!DNS"));
    assertThat(n(e, "cloud.account.uid")).isEqualTo("123412341234");
  }

  @Test
  void crowdStrikeIdentityDetectionIsADetectionFinding() throws Exception {
    Event e = events("crowdstrike", "crowdstrike/test-fdr-idp-detection-summary.log").get(0);
    assertThat(n(e, "class_uid")).isEqualTo(2004);
    assertThat(n(e, "severity")).isEqualTo("Informational");
    assertThat(n(e, "finding_info.title")).isEqualTo("Unusual login to an endpoint");
    assertThat(n(e, "finding_info.attacks.0.technique.uid")).isEqualTo("T1078");
    assertThat(n(e, "src_endpoint.ip")).isEqualTo("1.1.1.1");
    assertThat(n(e, "identity_key")).isEqualTo("johnd@ad.contoso.com");
  }

  @Test
  void vpcFlowAcceptAndRejectAreNetworkActivity() throws Exception {
    List<Event> all = events("aws_vpcflow", "aws_vpcflow/test-extra-samples.log");
    Event ssh = all.get(3);
    assertThat(n(ssh, "class_uid")).isEqualTo(4001);
    assertThat(n(ssh, "activity_name")).isEqualTo("Traffic");
    assertThat(n(ssh, "action")).isEqualTo("Allowed");
    assertThat(n(ssh, "src_endpoint.ip")).isEqualTo("78.24.182.42");
    assertThat(n(ssh, "dst_endpoint.port")).isEqualTo(22L);
    assertThat(n(ssh, "connection_info.protocol_num")).isEqualTo(6L);
    assertThat(n(ssh, "traffic.bytes")).isEqualTo(4249L);
    assertThat(ssh.time()).isEqualTo(Instant.ofEpochSecond(1418530010));
    Event rdp = all.get(4);
    assertThat(n(rdp, "activity_name")).isEqualTo("Refuse");
    assertThat(n(rdp, "status")).isEqualTo("Failure");
    Event noData = all.get(1);
    assertThat(n(noData, "activity_id")).isEqualTo(99);
    assertThat(noData.fields())
        .containsEntry("log-status", "NODATA")
        .containsEntry("srcaddr", null);
  }

  @Test
  void onePasswordSignInAttemptsFromTheElasticWrapper() {
    List<String> records =
        SampleFiles.elasticWrapped(sample("onepassword/test-signinattempts.json"));
    var parser =
        catalog.parser("onepassword", ProviderContext.of(MantissaConfig.defaults(), "onepassword"));
    Event ok = JsonEventParserTest.single(parser.parse(records.get(0), JsonEventParserTest.AT));
    assertThat(n(ok, "class_uid")).isEqualTo(3002);
    assertThat(n(ok, "status")).isEqualTo("Success");
    assertThat(n(ok, "user.email_addr")).isEqualTo("email@1password.com");
    assertThat(n(ok, "src_endpoint.ip")).isEqualTo("89.160.20.156");
    Event bad = JsonEventParserTest.single(parser.parse(records.get(1), JsonEventParserTest.AT));
    assertThat(n(bad, "status")).isEqualTo("Failure");
  }
}
