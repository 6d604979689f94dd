package io.mantissa.sources;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.mantissa.api.Event;
import io.mantissa.api.FieldPath;
import io.mantissa.spi.source.EventParser;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Ingests real vendor samples from {@code ../shared/samples}, read in place (some are under the
 * Elastic License and must not be copied). Skipped with a message when the folder is absent.
 */
class RealSamplesTest {
  private final RecordingEventStore store = new RecordingEventStore();
  private final SourceCatalog catalog = SourceCatalog.builtIn();

  private static Path sample(String relative) {
    Path root = SampleFiles.root();
    Assumptions.assumeTrue(root != null, "../shared/samples is absent; skipping real-sample tests");
    Path file = root.resolve(relative);
    Assumptions.assumeTrue(Files.isRegularFile(file), file + " is absent; skipping");
    return file;
  }

  private IngestReport ingest(String source, Path file) throws Exception {
    EventParser parser = new JsonEventParser(catalog.spec(source).orElseThrow());
    try (InputStream in = Files.newInputStream(file)) {
      return NdjsonIngestor.builder(store).build().ingest(parser, in, file.toString());
    }
  }

  @ParameterizedTest(name = "{0} {1}")
  @CsvSource({
    "duo, duo/test-auth.log, 19",
    "entra_signin, entra_signin/test-signinlogs-raw.log, 5",
    "google_workspace, google_workspace/test-login.log, 17",
    "gcp_audit, gcp_audit/test-iamcredentials-googleapis-com.log, 1",
    "slack, slack/test-audit.log, 4",
    "salesforce, salesforce/test-login-object.log, 2",
    "kubernetes, kubernetes/test-audit.log, 5",
    "docker, docker/events.json, 2",
    "crowdstrike, crowdstrike/test-fdr-idp-detection-summary.log, 1",
    "jamf_pro, jamf_pro/test-computer-added.log, 1",
    "aws_guardduty, aws_guardduty/test-guardduty.log, 5",
  })
  void vendorSamplesIngestWithoutRejects(String source, String file, long expected)
      throws Exception {
    Path path = sample(file);
    IngestReport report = ingest(source, path);
    assertThat(report.errors()).isEmpty();
    assertThat(report.accepted()).isEqualTo(expected);
    assertThat(store.events()).allSatisfy(e -> assertThat(e.source()).isEqualTo(source));
  }

  @Test
  void oktaEventsFromThePantherOracleKeepVendorIds() throws Exception {
    Path file = sample("okta/panther-rule-tests.ndjson");
    ObjectMapper mapper = new ObjectMapper();
    StringBuilder ndjson = new StringBuilder();
    for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
      ndjson.append(mapper.writeValueAsString(mapper.readTree(line).get("log"))).append('\n');
    }
    EventParser parser = new JsonEventParser(catalog.spec("okta").orElseThrow());
    IngestReport report =
        NdjsonIngestor.builder(store)
            .build()
            .ingest(
                parser,
                new ByteArrayInputStream(ndjson.toString().getBytes(StandardCharsets.UTF_8)),
                file.toString());
    assertThat(report.accepted() + report.rejected()).isEqualTo(report.lines());
    assertThat(report.accepted()).isGreaterThan(report.lines() / 2);
    assertThat(store.events())
        .filteredOn(e -> e.fields().get("uuid") instanceof String)
        .allSatisfy(e -> assertThat(e.id()).isEqualTo(e.fields().get("uuid")));
  }

  @Test
  void duoTimesComeFromIsotimestamp() throws Exception {
    ingest("duo", sample("duo/test-auth.log"));
    Event first = store.events().get(0);
    assertThat(first.time()).isEqualTo(Instant.parse("2020-02-13T18:56:20.351346Z"));
    assertThat(first.id()).isEqualTo("340a23e3-23f3-23c1-87dc-1491a23dfdbb");
  }

  @Test
  void gcpAuditUsesInsertIdAndTimestamp() throws Exception {
    ingest("gcp_audit", sample("gcp_audit/test-iamcredentials-googleapis-com.log"));
    Event e = store.events().get(0);
    assertThat(e.id()).isEqualTo("15djrryd6bap");
    assertThat(e.field(FieldPath.of("protoPayload.methodName"))).isEqualTo("GenerateAccessToken");
  }

  @Test
  void cloudTrailS3ObjectYieldsOneEventPerRecord() throws Exception {
    Path file = sample("aws_cloudtrail/cloudtrail_logs.json");
    ObjectMapper mapper = new ObjectMapper();
    String oneLine = mapper.writeValueAsString(mapper.readTree(file.toFile())) + "\n";
    EventParser parser = new JsonEventParser(catalog.spec("aws_cloudtrail").orElseThrow());
    IngestReport report =
        NdjsonIngestor.builder(store)
            .build()
            .ingest(
                parser, new ByteArrayInputStream(oneLine.getBytes(StandardCharsets.UTF_8)), "ct");
    assertThat(report.errors()).isEmpty();
    assertThat(report.accepted()).isEqualTo(3);
    assertThat(store.events())
        .allSatisfy(e -> assertThat(e.id()).isEqualTo(e.fields().get("eventID")));
  }

  @Test
  void azureActivityRecordsWrapperIsUnwrapped() throws Exception {
    Path file = sample("azure_activity/valid_1.json");
    ObjectMapper mapper = new ObjectMapper();
    String oneLine = mapper.writeValueAsString(mapper.readTree(file.toFile())) + "\n";
    EventParser parser = new JsonEventParser(catalog.spec("azure_activity").orElseThrow());
    IngestReport report =
        NdjsonIngestor.builder(store)
            .build()
            .ingest(
                parser, new ByteArrayInputStream(oneLine.getBytes(StandardCharsets.UTF_8)), "az");
    assertThat(report.errors()).isEmpty();
    assertThat(report.accepted()).isEqualTo(1);
  }

  @Test
  void vpcFlowTextLinesAreRejectedNotLost() throws Exception {
    IngestReport report = ingest("aws_vpcflow", sample("aws_vpcflow/test-extra-samples.log"));
    assertThat(report.accepted()).isZero();
    assertThat(report.rejected()).isEqualTo(7);
    assertThat(store.deadLetters).hasSize(7);
  }
}
