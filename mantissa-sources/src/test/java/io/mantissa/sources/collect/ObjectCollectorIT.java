package io.mantissa.sources.collect;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.mantissa.api.Event;
import io.mantissa.api.FieldPath;
import io.mantissa.api.config.MantissaConfig;
import io.mantissa.api.config.Secret;
import io.mantissa.backend.local.LocalEventStore;
import io.mantissa.backend.local.state.LocalStateStoreProvider;
import io.mantissa.sources.SourceCatalog;
import io.mantissa.spi.ProviderContext;
import io.mantissa.spi.auth.AwsSigV4;
import io.mantissa.spi.state.StateStore;
import io.mantissa.testkit.MutableClock;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The object-store collector against WireMock on loopback emulating S3's documented REST answers
 * (ListObjectsV2 {@code ListBucketResult} XML with continuation tokens, GetObject of gzip objects,
 * a 503 SlowDown), signed with SigV4; and against a local directory of VPC Flow Logs and GuardDuty
 * exports. Into a real local lake and SQLite state store.
 */
class ObjectCollectorIT {
  static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");
  static final String BUCKET = "trail-bucket";
  static final String US = "AWSLogs/111122223333/CloudTrail/us-east-1/";
  static final String EU = "AWSLogs/111122223333/CloudTrail/eu-west-1/";
  static final String K1 =
      US + "2026/03/01/111122223333_CloudTrail_us-east-1_20260301T1000Z_a1.json.gz";
  static final String K2 =
      US + "2026/03/01/111122223333_CloudTrail_us-east-1_20260301T1005Z_b2.json.gz";
  static final String K3 = US + "2026/03/01/manual copy+1.json.gz";
  static final String E1 =
      EU + "2026/03/01/111122223333_CloudTrail_eu-west-1_20260301T1000Z_c3.json.gz";
  static final String SECRET = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";

  @TempDir Path dir;
  private WireMockServer s3;
  private final MutableClock clock = MutableClock.at(NOW);
  private final List<Duration> slept = new ArrayList<>();

  @BeforeEach
  void start() {
    s3 = new WireMockServer(wireMockConfig().bindAddress("127.0.0.1").dynamicPort());
    s3.start();
  }

  @AfterEach
  void stop() {
    s3.stop();
  }

  static String trail(String id, int second) {
    return "{\"eventVersion\":\"1.08\",\"userIdentity\":{\"type\":\"IAMUser\",\"principalId\":"
        + "\"AIDAEXAMPLE\",\"arn\":\"arn:aws:iam::111122223333:user/alice\",\"accountId\":"
        + "\"111122223333\",\"userName\":\"alice\"},\"eventTime\":\"2026-03-01T10:00:"
        + String.format("%02d", second)
        + "Z\",\"eventSource\":\"signin.amazonaws.com\",\"eventName\":\"ConsoleLogin\","
        + "\"awsRegion\":\"us-east-1\",\"sourceIPAddress\":\"198.51.100.70\",\"userAgent\":"
        + "\"Mozilla/5.0\",\"requestParameters\":null,\"responseElements\":{\"ConsoleLogin\":"
        + "\"Success\"},\"additionalEventData\":{\"MFAUsed\":\"No\"},\"eventID\":\""
        + id
        + "\",\"readOnly\":false,\"eventType\":\"AwsConsoleSignIn\",\"managementEvent\":true,"
        + "\"recipientAccountId\":\"111122223333\",\"eventCategory\":\"Management\"}";
  }

  static byte[] gzip(String text) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream z = new GZIPOutputStream(out)) {
      z.write(text.getBytes(StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  static String listing(String prefix, String next, String... keys) {
    StringBuilder xml =
        new StringBuilder(
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<ListBucketResult"
                + " xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\"><Name>"
                + BUCKET
                + "</Name><Prefix>"
                + prefix
                + "</Prefix><KeyCount>"
                + keys.length
                + "</KeyCount><MaxKeys>2</MaxKeys><IsTruncated>"
                + (next != null)
                + "</IsTruncated>");
    for (String k : keys) {
      xml.append("<Contents><Key>")
          .append(k.replace("&", "&amp;"))
          .append("</Key><LastModified>2026-03-01T10:05:00.000Z</LastModified><ETag>")
          .append("&quot;9b2cf535f27731c974343645a3985328&quot;</ETag><Size>1024</Size>")
          .append("<StorageClass>STANDARD</StorageClass></Contents>");
    }
    if (next != null) {
      xml.append("<NextContinuationToken>").append(next).append("</NextContinuationToken>");
    }
    return xml.append("</ListBucketResult>").toString();
  }

  private MappingBuilder list(String prefix) {
    return get(urlPathEqualTo("/" + BUCKET))
        .withQueryParam("list-type", equalTo("2"))
        .withQueryParam("prefix", equalTo(prefix));
  }

  private static com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder xml(String body) {
    return aResponse().withStatus(200).withHeader("Content-Type", "application/xml").withBody(body);
  }

  private static String objectPath(String key) {
    StringBuilder p = new StringBuilder("/" + BUCKET);
    for (String segment : key.split("/", -1)) {
      p.append('/').append(AwsSigV4.encode(segment));
    }
    return p.toString();
  }

  private ProviderContext context() {
    return new ProviderContext(
        MantissaConfig.builder().dataDir(dir.resolve("data")).build(), clock, Map.of());
  }

  private CollectorRunner runner(
      ObjectLogCollector collector, CapturingStore store, StateStore state) {
    return CollectorRunner.builder(collector, store, state)
        .retry(
            new RetryPolicy(3, Duration.ofSeconds(1), Duration.ofSeconds(8), Duration.ofMinutes(5)))
        .sleeper(slept::add)
        .random(new Random(11))
        .build();
  }

  private ObjectLogCollector s3Collector() {
    return ObjectLogCollector.builder()
        .s3(BUCKET, "us-east-1", Secret.of("AKIDEXAMPLE"), Secret.of(SECRET))
        .sessionToken(Secret.of("FwoGZXIvYXdzEXAMPLE"))
        .endpoint(s3.baseUrl())
        .allowPrivateAddresses(true)
        .prefixes(List.of(US, EU))
        .maxKeys(2)
        .recordsPerPage(2)
        .clock(clock)
        .parser(SourceCatalog.builtIn().parser("aws_cloudtrail", context()))
        .build();
  }

  @Test
  void listsWithStartAfterAndContinuationReadsGzipObjectsInChunksAndResumesWithoutDuplicates() {
    s3.stubFor(
        list(US)
            .withQueryParam("start-after", absent())
            .withQueryParam("continuation-token", absent())
            .willReturn(xml(listing(US, "1ueGcxLPRx1Tr/XYExHnhbYLgveDs2J/wm36Hy4vbOwM=", K1, K2))));
    s3.stubFor(
        list(US)
            .withQueryParam("start-after", equalTo(K1))
            .willReturn(xml(listing(US, "tok2", K2))));
    s3.stubFor(
        list(US)
            .withQueryParam("continuation-token", equalTo("tok2"))
            .willReturn(xml(listing(US, null, K3))));
    s3.stubFor(
        list(US).withQueryParam("start-after", equalTo(K3)).willReturn(xml(listing(US, null))));
    s3.stubFor(
        list(EU).withQueryParam("start-after", absent()).willReturn(xml(listing(EU, null, E1))));
    s3.stubFor(
        list(EU).withQueryParam("start-after", equalTo(E1)).willReturn(xml(listing(EU, null))));
    s3.stubFor(
        get(urlPathEqualTo(objectPath(K1)))
            .willReturn(
                aResponse()
                    .withStatus(200)
                    .withBody(
                        gzip(
                            "{\"Records\":["
                                + trail("c1", 1)
                                + ","
                                + trail("c2", 2)
                                + ","
                                + trail("c3", 3)
                                + "]}"))));
    s3.stubFor(
        get(urlPathEqualTo(objectPath(K2)))
            .willReturn(
                aResponse()
                    .withStatus(200)
                    .withBody(
                        gzip(
                            "{\"Records\":["
                                + trail("c4", 4)
                                + ",{\"eventID\":\"bad\",\"eventTime\":\"at ten\"}]}"))));
    s3.stubFor(
        get(urlPathEqualTo(objectPath(K3)))
            .inScenario("slow")
            .whenScenarioStateIs(Scenario.STARTED)
            .willReturn(
                aResponse()
                    .withStatus(503)
                    .withBody(
                        "<Error><Code>SlowDown</Code><Message>Please reduce your request rate."
                            + "</Message></Error>"))
            .willSetStateTo("ok"));
    s3.stubFor(
        get(urlPathEqualTo(objectPath(K3)))
            .inScenario("slow")
            .whenScenarioStateIs("ok")
            .willReturn(
                aResponse()
                    .withStatus(200)
                    .withBody(gzip("{\"Records\":[" + trail("c5", 5) + "]}"))));
    s3.stubFor(
        get(urlPathEqualTo(objectPath(E1)))
            .willReturn(
                aResponse()
                    .withStatus(200)
                    .withBody(gzip("{\"Records\":[" + trail("c6", 6) + "]}"))));

    List<Event> appended = new ArrayList<>();
    Path data = dir.resolve("data");
    try (CapturingStore store = new CapturingStore(LocalEventStore.open(data, clock), appended);
        StateStore state = new LocalStateStoreProvider().create(context())) {
      assertThat(runner(s3Collector(), store, state).run(1, p -> {}).events()).isEqualTo(2);
    }
    try (CapturingStore store = new CapturingStore(LocalEventStore.open(data, clock), appended);
        StateStore state = new LocalStateStoreProvider().create(context())) {
      ObjectLogCollector c = s3Collector();
      CollectorRunner.RunReport rest = runner(c, store, state).run(20, p -> {});
      assertThat(rest.caughtUp()).isTrue();
      assertThat(rest.events()).isEqualTo(4);
      assertThat(rest.rejected()).isEqualTo(1);
      assertThat(rest.retries()).isEqualTo(1);
      assertThat(store.deadLetters().list("aws_cloudtrail", 5))
          .singleElement()
          .satisfies(
              d -> {
                assertThat(d.reason()).contains("at ten");
                assertThat(d.location().toString()).contains(K2);
              });
      CollectorRunner.RunReport again = runner(c, store, state).run(20, p -> {});
      assertThat(again.events()).isZero();
      assertThat(again.caughtUp()).isTrue();
    }
    assertThat(appended.stream().map(Event::id))
        .containsExactly("c1", "c2", "c3", "c4", "c5", "c6");
    assertThat(appended.get(0).normalizedField(FieldPath.of("class_uid"))).isEqualTo(3002);
    assertThat(appended.get(0).normalizedField(FieldPath.of("src_endpoint.ip")))
        .isEqualTo("198.51.100.70");
    s3.verify(2, getRequestedFor(urlPathEqualTo(objectPath(K1))));
    s3.verify(2, getRequestedFor(urlPathEqualTo(objectPath(K3))));
    assertThat(slept)
        .singleElement()
        .satisfies(d -> assertThat(d).isBetween(Duration.ofMillis(500), Duration.ofSeconds(1)));
    // every request carries a SigV4 signature over exactly what went on the wire
    List<LoggedRequest> requests = s3.findAll(getRequestedFor(urlPathEqualTo(objectPath(K3))));
    requests.addAll(s3.findAll(getRequestedFor(urlPathEqualTo("/" + BUCKET))));
    assertThat(requests).hasSizeGreaterThan(6);
    for (LoggedRequest r : requests) {
      assertSigned(r);
    }
  }

  private void assertSigned(LoggedRequest r) {
    String authorization = r.getHeader("Authorization");
    Matcher m =
        Pattern.compile(
                "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20260301/us-east-1/s3/aws4_request,"
                    + " SignedHeaders=host;x-amz-content-sha256;x-amz-date;x-amz-security-token,"
                    + " Signature=[0-9a-f]{64}")
            .matcher(authorization);
    assertThat(m.matches()).as(authorization).isTrue();
    assertThat(r.getHeader("x-amz-date")).isEqualTo("20260301T120000Z");
    assertThat(r.getHeader("x-amz-content-sha256")).isEqualTo(AwsSigV4.payloadHash(""));
    URI uri = URI.create(r.getUrl());
    Map<String, String> query = new LinkedHashMap<>();
    if (uri.getRawQuery() != null) {
      for (String pair : uri.getRawQuery().split("&")) {
        int eq = pair.indexOf('=');
        query.put(
            URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
            URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
      }
    }
    Map<String, String> headers = new LinkedHashMap<>();
    // HTTP/2 (h2c) requests carry the host as :authority, not as a Host header
    headers.put(
        "host", r.containsHeader("Host") ? r.getHeader("Host") : r.getHost() + ":" + r.getPort());
    headers.put("x-amz-content-sha256", r.getHeader("x-amz-content-sha256"));
    headers.put("x-amz-date", r.getHeader("x-amz-date"));
    headers.put("x-amz-security-token", r.getHeader("x-amz-security-token"));
    assertThat(authorization)
        .isEqualTo(
            AwsSigV4.authorization(
                "GET",
                uri.getRawPath(),
                query,
                headers,
                "",
                "AKIDEXAMPLE",
                SECRET,
                "us-east-1",
                "s3"));
  }

  @Test
  void aLocalDirectoryOfVpcFlowLogsResumesMidFileWithItsHeaderAndGuardDutyLinesParse()
      throws IOException {
    Path root = dir.resolve("export");
    Path flows = root.resolve("AWSLogs/111122223333/vpcflowlogs/us-east-1/2026/03/01");
    Files.createDirectories(flows);
    // the header names the fields in a custom order: dstaddr before srcaddr
    Files.write(
        flows.resolve("111122223333_vpcflowlogs_us-east-1_fl-1_20260301T1000Z_h1.log.gz"),
        gzip(
            "version account-id interface-id dstaddr srcaddr srcport dstport protocol packets bytes"
                + " start end action log-status\n"
                + "2 111122223333 eni-0a1 10.0.0.5 203.0.113.9 49152 22 6 10 840 1772359200"
                + " 1772359260 REJECT OK\n"
                + "2 111122223333 eni-0a1 10.0.0.5 203.0.113.10 49153 22 6 12 960 1772359201"
                + " 1772359261 REJECT OK\n"
                + "2 111122223333 eni-0a1 10.0.0.6 203.0.113.11 49154 443 6 3 180 1772359202"
                + " 1772359262 ACCEPT OK\n"));
    ProviderContext context = context();
    List<Event> appended = new ArrayList<>();
    Path data = dir.resolve("data");
    for (int run = 0; run < 2; run++) {
      try (CapturingStore store = new CapturingStore(LocalEventStore.open(data, clock), appended);
          StateStore state = new LocalStateStoreProvider().create(context)) {
        ObjectLogCollector c =
            ObjectLogCollector.builder()
                .directory(root)
                .prefixes(List.of("AWSLogs/111122223333/vpcflowlogs/"))
                .recordsPerPage(2)
                .clock(clock)
                .parser(SourceCatalog.builtIn().parser("aws_vpcflow", context))
                .build();
        CollectorRunner.RunReport report = runner(c, store, state).run(run == 0 ? 1 : 20, p -> {});
        assertThat(report.rejected()).isZero();
      }
    }
    assertThat(appended).hasSize(3);
    assertThat(appended.stream().map(e -> e.field(FieldPath.of("srcaddr"))))
        .containsExactly("203.0.113.9", "203.0.113.10", "203.0.113.11");
    assertThat(appended.get(2).time()).isEqualTo(Instant.ofEpochSecond(1772359202));

    Path findings = root.resolve("AWSLogs/111122223333/GuardDuty/us-east-1/2026/03/01");
    Files.createDirectories(findings);
    Files.write(
        findings.resolve("0f1e2d3c.jsonl.gz"),
        gzip(
            "{\"schemaVersion\":\"2.0\",\"accountId\":\"111122223333\",\"region\":\"us-east-1\","
                + "\"partition\":\"aws\",\"id\":\"g1\",\"arn\":\"arn:aws:guardduty:us-east-1:"
                + "111122223333:detector/d1/finding/g1\",\"type\":\"UnauthorizedAccess:IAMUser/"
                + "ConsoleLoginSuccess.B\",\"resource\":{\"resourceType\":\"AccessKey\","
                + "\"accessKeyDetails\":{\"userName\":\"alice\",\"userType\":\"IAMUser\"}},"
                + "\"service\":{\"serviceName\":\"guardduty\",\"detectorId\":\"d1\",\"action\":{"
                + "\"actionType\":\"AWS_API_CALL\",\"awsApiCallAction\":{\"api\":\"ConsoleLogin\","
                + "\"remoteIpDetails\":{\"ipAddressV4\":\"198.51.100.80\"}}},\"count\":1},"
                + "\"severity\":5,\"createdAt\":\"2026-03-01T10:00:00.000Z\",\"updatedAt\":"
                + "\"2026-03-01T10:05:00.000Z\",\"title\":\"Unusual console login\","
                + "\"description\":\"A console login was seen from an unusual place.\"}\n"));
    List<Event> found = new ArrayList<>();
    try (CapturingStore store = new CapturingStore(LocalEventStore.open(data, clock), found);
        StateStore state = new LocalStateStoreProvider().create(context)) {
      ObjectLogCollector c =
          ObjectLogCollector.builder()
              .directory(root)
              .prefixes(List.of("AWSLogs/111122223333/GuardDuty/"))
              .clock(clock)
              .parser(SourceCatalog.builtIn().parser("aws_guardduty", context))
              .build();
      CollectorRunner.RunReport report = runner(c, store, state).run(20, p -> {});
      assertThat(report.caughtUp()).isTrue();
      assertThat(report.rejected()).isZero();
    }
    assertThat(found)
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.time()).isEqualTo(Instant.parse("2026-03-01T10:05:00Z"));
              assertThat(e.field(FieldPath.of("type")))
                  .isEqualTo("UnauthorizedAccess:IAMUser/ConsoleLoginSuccess.B");
              assertThat(e.normalizedField(FieldPath.of("class_uid"))).isNotNull();
            });
  }
}
