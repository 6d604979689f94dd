package io.mantissa.sources;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mantissa.api.SourceLocation;
import io.mantissa.api.config.MantissaConfig;
import io.mantissa.spi.ProviderContext;
import io.mantissa.spi.source.EventParser;
import io.mantissa.spi.source.ParseResult;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Parses the {@code log} object of every line of the Panther rule-test files ({@code
 * <source>/panther-rule-tests.ndjson}, Apache-2.0, read in place) with its source's parser and pins
 * how many are rejected, and why.
 *
 * <p>These are rule test cases, not wire records: many are fragments holding only the fields one
 * rule reads, and Panther leaves the event time out because its rules do not read it. Of 1,856 test
 * events, 1,343 parse and 513 are rejected, for two reasons only:
 *
 * <ul>
 *   <li><b>no event time</b> (502): aws_cloudtrail 28, aws_vpcflow 23 (all of them: Panther's
 *       parsed VPC JSON fragments such as {@code {"srcAddr":…,"dstPort":…}} carry no {@code
 *       start}), azure_activity 35, crowdstrike 5, duo 14, gcp_audit 60, github 32,
 *       google_workspace 71, kubernetes 171 (EKS test events are mostly {@code verb}/{@code
 *       objectRef} fragments), okta 15, slack 32, snowflake 16;
 *   <li><b>a placeholder instead of a time</b> (11): aws_cloudtrail 2 ({@code "redacted"}, {@code
 *       "..."}), gcp_audit 1 ({@code "..."}), github 4 ({@code "2024-12-17 00:00:00000000"}), okta
 *       4 ({@code "redacted"}).
 * </ul>
 *
 * entra_signin, salesforce, m365, onepassword and aws_guardduty parse completely. Panther's own
 * {@code p_event_time} is deliberately not read: it is not a vendor field.
 */
class PantherOracleTest {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  @ParameterizedTest(name = "{0}: {2} of {1} rejected")
  @CsvSource({
    "aws_cloudtrail, 475, 28, 2",
    "gcp_audit, 206, 60, 1",
    "azure_activity, 249, 35, 0",
    "kubernetes, 188, 171, 0",
    "google_workspace, 165, 71, 0",
    "github, 107, 32, 4",
    "crowdstrike, 106, 5, 0",
    "okta, 88, 15, 4",
    "slack, 66, 32, 0",
    "entra_signin, 48, 0, 0",
    "duo, 42, 14, 0",
    "snowflake, 34, 16, 0",
    "aws_vpcflow, 23, 23, 0",
    "salesforce, 21, 0, 0",
    "m365, 19, 0, 0",
    "onepassword, 11, 0, 0",
    "aws_guardduty, 8, 0, 0",
  })
  void pantherTestEventsParseExceptFragmentsWithoutATime(
      String source, int lines, int withoutTime, int placeholderTime) throws Exception {
    Path file = SampleFiles.sample(source + "/panther-rule-tests.ndjson");
    EventParser parser =
        SourceCatalog.builtIn()
            .parser(source, ProviderContext.of(MantissaConfig.defaults(), source));
    List<String> all = Files.readAllLines(file, StandardCharsets.UTF_8);
    Map<String, Integer> reasons = new TreeMap<>();
    int rejected = 0;
    int missing = 0;
    int notATime = 0;
    int parsed = 0;
    for (int i = 0; i < all.size(); i++) {
      JsonNode log = MAPPER.readTree(all.get(i)).get("log");
      ParseResult r =
          parser.parse(MAPPER.writeValueAsString(log), SourceLocation.line(file.toString(), i + 1));
      if (r instanceof ParseResult.Rejected rej) {
        rejected++;
        if (rej.reason().contains("is missing")) {
          missing++;
        } else if (rej.reason().endsWith("is not a timestamp")) {
          notATime++;
        }
        reasons.merge(rej.reason().replaceAll("value '.*' is", "value '…' is"), 1, Integer::sum);
      } else {
        parsed++;
      }
    }
    assertThat(all).hasSize(lines);
    assertThat(List.of(missing, notATime))
        .as("rejected %s of %d: %s", source, lines, reasons)
        .containsExactly(withoutTime, placeholderTime);
    assertThat(rejected).as("only these two reasons: %s", reasons).isEqualTo(missing + notATime);
    assertThat(parsed + rejected).isEqualTo(lines);
  }
}
