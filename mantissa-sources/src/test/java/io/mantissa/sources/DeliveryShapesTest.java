package io.mantissa.sources;

import static org.assertj.core.api.Assertions.assertThat;

import io.mantissa.api.Event;
import io.mantissa.api.FieldPath;
import io.mantissa.api.SourceLocation;
import io.mantissa.api.config.MantissaConfig;
import io.mantissa.spi.ProviderContext;
import io.mantissa.spi.source.EventParser;
import io.mantissa.spi.source.ParseResult;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The delivery shapes vendors really use: wrappers, envelopes and whole documents. */
class DeliveryShapesTest {
  private static final SourceLocation AT = SourceLocation.line("in", 1);
  private static final String FINDING =
      "{\"schemaVersion\":\"2.0\",\"accountId\":\"111122223333\",\"region\":\"us-east-1\","
          + "\"id\":\"f-1\",\"type\":\"UnauthorizedAccess:IAMUser/TorIPCaller\",\"severity\":8,"
          + "\"createdAt\":\"2024-05-01T10:00:00Z\",\"updatedAt\":\"2024-05-01T10:05:00Z\","
          + "\"service\":{\"count\":1,\"action\":{\"awsApiCallAction\":{\"api\":\"ListBuckets\","
          + "\"remoteIpDetails\":{\"ipAddressV4\":\"198.51.100.9\"}}}},"
          + "\"resource\":{\"resourceType\":\"AccessKey\",\"accessKeyDetails\":{\"userName\":\"bob\"}}}";
  private static final String K8S_EVENT =
      "{\"kind\":\"Event\",\"apiVersion\":\"audit.k8s.io/v1\",\"auditID\":\"a-1\","
          + "\"verb\":\"create\",\"user\":{\"username\":\"alice@example.com\"},"
          + "\"sourceIPs\":[\"10.1.2.3\"],\"objectRef\":{\"resource\":\"pods\",\"namespace\":\"ns\"},"
          + "\"responseStatus\":{\"code\":403},"
          + "\"requestReceivedTimestamp\":\"2024-05-01T10:00:00.000000Z\"}";

  private final RecordingEventStore store = new RecordingEventStore();

  private static EventParser parser(String source) {
    return SourceCatalog.builtIn()
        .parser(source, ProviderContext.of(MantissaConfig.defaults(), source));
  }

  private static List<Event> parsed(ParseResult r) {
    assertThat(r).as("%s", r).isInstanceOf(ParseResult.Parsed.class);
    return ((ParseResult.Parsed) r).events();
  }

  private static Object n(Event e, String path) {
    return e.normalizedField(FieldPath.of(path));
  }

  @Test
  void guardDutyAsOneFindingAFindingsPageAndAnEventBridgeEvent() {
    EventParser gd = parser("aws_guardduty");
    Event single = parsed(gd.parse(FINDING, AT)).get(0);
    assertThat(parsed(gd.parse("{\"findings\":[" + FINDING + "," + FINDING + "]}", AT))).hasSize(2);
    String bridge =
        "{\"version\":\"0\",\"id\":\"eb-1\",\"detail-type\":\"GuardDuty Finding\","
            + "\"source\":\"aws.guardduty\",\"account\":\"111122223333\","
            + "\"time\":\"2024-05-01T10:05:01Z\",\"region\":\"us-east-1\",\"resources\":[],"
            + "\"detail\":"
            + FINDING
            + "}";
    Event fromBridge = parsed(gd.parse(bridge, AT)).get(0);
    assertThat(fromBridge.time()).isEqualTo(single.time());
    assertThat(fromBridge.field(FieldPath.of("type")))
        .isEqualTo(single.field(FieldPath.of("type")));
    assertThat(fromBridge.field(FieldPath.of("_envelope.detail-type")))
        .isEqualTo("GuardDuty Finding");
    assertThat(fromBridge.normalized()).isEqualTo(single.normalized());
    assertThat(n(single, "severity")).isEqualTo("High");
    assertThat(n(single, "activity_name")).isEqualTo("Create");
    assertThat(n(single, "actor.user.name")).isEqualTo("bob");
    assertThat(n(single, "src_endpoint.ip")).isEqualTo("198.51.100.9");
    assertThat(n(single, "api.operation")).isEqualTo("ListBuckets");
  }

  @Test
  void kubernetesAuditInAksDiagnosticRecordsWithTheEventAsAString() {
    String record =
        "{\"category\":\"kube-audit\",\"operationName\":\"Microsoft.ContainerService/managedClusters/"
            + "diagnosticLogs/Read\",\"time\":\"2024-05-01T10:00:01Z\",\"resourceId\":\"/SUBSCRIPTIONS/S"
            + "\",\"properties\":{\"pod\":\"kube-apiserver-1\",\"log\":"
            + quote(K8S_EVENT)
            + "}}";
    List<Event> events = parsed(parser("kubernetes").parse("{\"records\":[" + record + "]}", AT));
    assertThat(events).hasSize(1);
    Event e = events.get(0);
    assertThat(e.id()).isEqualTo("a-1");
    assertThat(e.field(FieldPath.of("objectRef.resource"))).isEqualTo("pods");
    assertThat(e.field(FieldPath.of("_envelope.properties.pod"))).isEqualTo("kube-apiserver-1");
    assertThat(n(e, "status")).isEqualTo("Failure");
    assertThat(n(e, "activity_name")).isEqualTo("Create");
    assertThat(n(e, "identity_key")).isEqualTo("alice@example.com");
    assertThat(n(e, "cloud.provider")).isEqualTo("Azure");
  }

  @Test
  void aBrokenEmbeddedAuditEventIsRejectedWithItsReason() {
    String record =
        "{\"category\":\"kube-audit\",\"time\":\"2024-05-01T10:00:01Z\","
            + "\"properties\":{\"log\":\"{\\\"kind\\\":\"}}";
    ParseResult r = parser("kubernetes").parse(record, AT);
    assertThat(r).isInstanceOf(ParseResult.Rejected.class);
    assertThat(((ParseResult.Rejected) r).reason()).startsWith("properties.log is not valid JSON");
  }

  @Test
  void kubernetesAuditEventListFromTheWebhookBackend() {
    String list =
        "{\"kind\":\"EventList\",\"apiVersion\":\"audit.k8s.io/v1\",\"items\":[" + K8S_EVENT + "]}";
    assertThat(parsed(parser("kubernetes").parse(list, AT))).hasSize(1);
  }

  @Test
  void gcpAuditFromAPubSubPushMessage() {
    String entry =
        "{\"insertId\":\"i-1\",\"logName\":\"projects/p/logs/cloudaudit.googleapis.com%2Factivity\","
            + "\"timestamp\":\"2024-05-01T10:00:00Z\",\"severity\":\"NOTICE\","
            + "\"protoPayload\":{\"methodName\":\"google.iam.admin.v1.CreateServiceAccountKey\","
            + "\"serviceName\":\"iam.googleapis.com\",\"authenticationInfo\":{\"principalEmail\":"
            + "\"Carol@Example.com\"},\"requestMetadata\":{\"callerIp\":\"203.0.113.5\","
            + "\"callerSuppliedUserAgent\":\"gcloud\"},\"status\":{\"code\":7,\"message\":\"denied\"}}}";
    String push =
        "{\"message\":{\"data\":\""
            + Base64.getEncoder().encodeToString(entry.getBytes(StandardCharsets.UTF_8))
            + "\",\"messageId\":\"m-1\",\"attributes\":{}},\"subscription\":\"projects/p/subscriptions/s\"}";
    Event e = parsed(parser("gcp_audit").parse(push, AT)).get(0);
    assertThat(e.id()).isEqualTo("i-1");
    assertThat(e.field(FieldPath.of("_envelope.message.messageId"))).isEqualTo("m-1");
    assertThat(n(e, "api.operation")).isEqualTo("google.iam.admin.v1.CreateServiceAccountKey");
    assertThat(n(e, "activity_name")).isEqualTo("Create");
    assertThat(n(e, "status")).isEqualTo("Failure");
    assertThat(n(e, "status_code")).isEqualTo("7");
    assertThat(n(e, "http_request.user_agent")).isEqualTo("gcloud");
    assertThat(n(e, "identity_key")).isEqualTo("carol@example.com");
    ParseResult bad =
        parser("gcp_audit").parse("{\"message\":{\"data\":\"%%%\",\"messageId\":\"m\"}}", AT);
    assertThat(((ParseResult.Rejected) bad).reason()).startsWith("message.data is not base64");
  }

  @Test
  void entraSignInsFromEventHubRecords() {
    String record =
        "{\"time\":\"2024-05-01T10:00:00Z\",\"category\":\"SignInLogs\",\"properties\":{\"id\":\"s-1\","
            + "\"userPrincipalName\":\"Dana@Contoso.com\",\"ipAddress\":\"192.0.2.44\","
            + "\"status\":{\"errorCode\":0},\"userAgent\":\"Mozilla/5.0\"}}";
    List<Event> events =
        parsed(parser("entra_signin").parse("{\"records\":[" + record + "," + record + "]}", AT));
    assertThat(events).hasSize(2);
    assertThat(n(events.get(0), "status")).isEqualTo("Success");
    assertThat(n(events.get(0), "identity_key")).isEqualTo("dana@contoso.com");
    assertThat(n(events.get(0), "http_request.user_agent")).isEqualTo("Mozilla/5.0");
  }

  @Test
  void aPrettyPrintedDocumentIsIngestedWholeAndItsBadRecordDeadLettered() {
    String doc =
        "{\n  \"Records\": [\n    {\n      \"eventTime\": \"2024-05-01T10:00:00Z\",\n"
            + "      \"eventID\": \"e-1\",\n      \"eventName\": \"GetObject\"\n    }\n  ]\n}\n"
            + "{\n  \"Records\": [ { \"eventTime\": \"soon\" } ]\n}\n";
    IngestReport report =
        NdjsonIngestor.builder(store)
            .build()
            .ingest(
                parser("aws_cloudtrail"),
                new ByteArrayInputStream(doc.getBytes(StandardCharsets.UTF_8)),
                "trail.json");
    assertThat(report.accepted()).isEqualTo(1);
    assertThat(report.rejected()).isEqualTo(1);
    assertThat(report.lines()).isEqualTo(12);
    assertThat(report.errors())
        .containsExactly(
            new IngestReport.LineError(
                10, "record 1 of 'Records': field 'eventTime' value 'soon' is not a timestamp"));
    assertThat(store.deadLetters.get(0).content()).startsWith("{\n  \"Records\"");
    assertThat(store.events().get(0).normalizedField(FieldPath.of("activity_name")))
        .isEqualTo("Read");
  }

  @Test
  void anInputStartingLikeADocumentButBrokenIsReadAsLines() {
    String input =
        "{\"uuid\":\"u-1\",\"published\":\n{\"uuid\":\"u-2\",\"published\":\"2024-05-01T10:00:00Z\"}\n";
    IngestReport report =
        NdjsonIngestor.builder(store)
            .build()
            .ingest(
                parser("okta"),
                new ByteArrayInputStream(input.getBytes(StandardCharsets.UTF_8)),
                "okta.ndjson");
    assertThat(report.accepted()).isEqualTo(1);
    assertThat(report.rejected()).isEqualTo(1);
    assertThat(report.errors().get(0).line()).isEqualTo(1);
    assertThat(store.deadLetters.get(0).content()).isEqualTo("{\"uuid\":\"u-1\",\"published\":");
  }

  @Test
  void aDocumentWhoseLaterPartIsNotAnObjectIsReadAsLines() {
    String doc = "{\n\"Records\":[{\"eventTime\":\"2024-05-01T10:00:00Z\"}]\n}\n[1]\n";
    IngestReport report =
        NdjsonIngestor.builder(store)
            .build()
            .ingest(
                parser("aws_cloudtrail"),
                new ByteArrayInputStream(doc.getBytes(StandardCharsets.UTF_8)),
                "mixed.json");
    assertThat(report.accepted()).isZero();
    assertThat(report.rejected()).isEqualTo(4);
    assertThat(report.errors())
        .extracting(IngestReport.LineError::line)
        .containsExactly(1L, 2L, 3L, 4L);
  }

  @Test
  void aDocumentLargerThanTheLimitIsReadAsLines() {
    String doc = "{\n\"Records\":[{\"eventTime\":\"2024-05-01T10:00:00Z\"}]\n}\n";
    IngestReport report =
        NdjsonIngestor.builder(store)
            .maxDocumentBytes(10)
            .build()
            .ingest(
                parser("aws_cloudtrail"),
                new ByteArrayInputStream(doc.getBytes(StandardCharsets.UTF_8)),
                "big.json");
    assertThat(report.accepted()).isZero();
    assertThat(report.rejected()).isEqualTo(3);
  }

  private static String quote(String json) {
    return "\"" + json.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
  }
}
