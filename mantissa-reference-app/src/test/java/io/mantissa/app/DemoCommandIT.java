package io.mantissa.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code mantissa demo} with chosen scenarios and a ground-truth file, over a real local lake. */
class DemoCommandIT {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;

  @Test
  void chosenScenariosAreLoadedAndTheirGroundTruthWritten() throws Exception {
    String data = dir.resolve("data").toString();
    Path truth = dir.resolve("truth.jsonl");
    CliIT.Run demo =
        CliIT.run(
            "demo",
            "--no-serve",
            "--events",
            "300",
            "--days",
            "2",
            "--scenario",
            "data_exfiltration:mode=s3,files=12,at=30h",
            "--scenario",
            "mfa_push_bombing:source=duo,pushes=5",
            "--ground-truth",
            truth.toString(),
            "--data-dir",
            data);
    assertThat(demo.code()).as(demo.err()).isZero();
    assertThat(demo.err()).doesNotContain("rejected");
    assertThat(demo.out())
        .contains("Data exfiltration", "Duo push bombing", "Attacks found: ", "truth.jsonl");

    List<String> lines = Files.readAllLines(truth, StandardCharsets.UTF_8);
    assertThat(lines).hasSize(2);
    JsonNode exfil = JSON.readTree(lines.get(0));
    assertThat(exfil.get("scenario").asText()).isEqualTo("data_exfiltration");
    JsonNode ids = exfil.get("events");
    assertThat(ids).hasSize(1 + 12 + 1); // ListBuckets, 12 GetObject, one GuardDuty finding

    String first = ids.get(1).get("id").asText();
    CliIT.Run q =
        CliIT.run(
            "query",
            "SELECT json_extract_string(raw, '$.eventName') FROM aws_cloudtrail WHERE id = '"
                + first
                + "'",
            "--last",
            "3d",
            "--json",
            "--data-dir",
            data);
    assertThat(q.code()).as(q.err()).isZero();
    assertThat(JSON.readTree(q.out()).get("rows").get(0).get(0).asText()).isEqualTo("GetObject");
  }

  @Test
  void aBadScenarioIsAUsageError() {
    CliIT.Run r =
        CliIT.run(
            "demo",
            "--no-serve",
            "--scenario",
            "password_spray:tragets=3",
            "--data-dir",
            dir.resolve("data").toString());
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).contains("has no parameter 'tragets'");
    CliIT.Run days = CliIT.run("demo", "--no-serve", "--days", "0", "--data-dir", dir.toString());
    assertThat(days.code()).isEqualTo(2);
    assertThat(days.err()).contains("--days must be 1..90");
  }
}
