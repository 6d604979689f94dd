package io.mantissa.sources;

import static io.mantissa.sources.SampleFiles.sample;
import static org.assertj.core.api.Assertions.assertThat;

import io.mantissa.api.SourceLocation;
import io.mantissa.api.config.MantissaConfig;
import io.mantissa.spi.ProviderContext;
import io.mantissa.spi.source.EventParser;
import io.mantissa.spi.source.ParseResult;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Ingests every raw vendor sample in {@code ../shared/samples}, read in place (some are under the
 * Elastic License and must not be copied), through the parser the catalog selects and the one
 * ingest path. Skipped with a message when the folder is absent.
 *
 * <p>Not parsed here: the {@code otlp/*.json} files (OTLP/JSON export requests are decoded by the
 * APM module in a later issue; the {@code otel_*} sources read one span, data point or log record
 * per line). The Panther oracle files are covered by {@link PantherOracleTest}. Docker and Jamf Pro
 * events get no OCSF class yet.
 */
class RealSamplesTest {
  private final RecordingEventStore store = new RecordingEventStore();
  private final SourceCatalog catalog = SourceCatalog.builtIn();

  private EventParser parser(String source) {
    return catalog.parser(source, ProviderContext.of(MantissaConfig.defaults(), source));
  }

  private IngestReport ingest(String source, Path file) throws Exception {
    try (InputStream in = Files.newInputStream(file)) {
      return NdjsonIngestor.builder(store).build().ingest(parser(source), in, file.toString());
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
    "aws_cloudtrail, aws_cloudtrail/cloudtrail_logs.json, 3",
    "azure_activity, azure_activity/valid_1.json, 1",
    "aws_vpcflow, aws_vpcflow/test-extra-samples.log, 7",
    "aws_vpcflow, aws_vpcflow/test-v5-all-fields.log, 1",
  })
  void everyRawVendorSampleIngestsWithoutRejects(String source, String file, long expected)
      throws Exception {
    IngestReport report = ingest(source, sample(file));
    assertThat(report.errors()).isEmpty();
    assertThat(report.rejected()).isZero();
    assertThat(report.accepted()).isEqualTo(expected);
    assertThat(store.deadLetters).isEmpty();
    assertThat(store.events())
        .allSatisfy(
            e -> {
              assertThat(e.source()).isEqualTo(source);
              if (!source.equals("docker") && !source.equals("jamf_pro")) {
                assertThat(e.normalized()).containsKeys("class_uid", "time", "metadata");
              }
            });
  }

  /** Elastic pipeline-test wrappers hold the raw record in {@code message} or {@code json}. */
  @ParameterizedTest(name = "{0} {1}")
  @CsvSource({
    "onepassword, onepassword/test-signinattempts.json, 2",
    // snake_case keys, not the raw webhook shape: read through the webhook.event_timestamp fallback
    "jamf_pro, jamf_pro/test-rest-api-operation.json, 1",
  })
  void elasticWrappedSamplesParse(String source, String file, int expected) {
    List<String> records = SampleFiles.elasticWrapped(sample(file));
    assertThat(records).hasSize(expected);
    EventParser parser = parser(source);
    for (int i = 0; i < records.size(); i++) {
      ParseResult r = parser.parse(records.get(i), SourceLocation.line(file, i + 1));
      assertThat(r).as("record %d: %s", i + 1, r).isInstanceOf(ParseResult.Parsed.class);
      assertThat(((ParseResult.Parsed) r).events()).hasSize(1);
    }
  }

  @Test
  void cloudTrailS3ObjectIsIngestedAsOneDocumentWithVendorIds() throws Exception {
    IngestReport report = ingest("aws_cloudtrail", sample("aws_cloudtrail/cloudtrail_logs.json"));
    assertThat(report.accepted()).isEqualTo(3);
    assertThat(report.lines()).isGreaterThan(3);
    assertThat(store.events())
        .allSatisfy(e -> assertThat(e.id()).isEqualTo(e.fields().get("eventID")));
  }
}
