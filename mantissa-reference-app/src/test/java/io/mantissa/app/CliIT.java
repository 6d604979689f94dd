package io.mantissa.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs the CLI in-process over a real local lake in a temp folder. */
class CliIT {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;

  record Run(int code, String out, String err) {}

  static Run run(Map<String, String> env, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CliEnvironment environment =
        new CliEnvironment(Clock.fixed(ApiServerIT.NOW, ZoneOffset.UTC), Map.of(), env);
    int code =
        MantissaCommand.commandLine(environment, new PrintWriter(out), new PrintWriter(err))
            .execute(args);
    return new Run(code, out.toString(), err.toString());
  }

  static Run run(String... args) {
    return run(Map.of(), args);
  }

  private String data() {
    return dir.resolve("data").toString();
  }

  private Path oktaFile() throws Exception {
    Path file = dir.resolve("okta.ndjson");
    Files.writeString(
        file,
        ApiServerIT.okta(30, "a")
            + "\n"
            + "{\"uuid\":\"b\",\"published\":\"abc\"}\n"
            + ApiServerIT.okta(20, "c")
            + "\n",
        StandardCharsets.UTF_8);
    return file;
  }

  @Test
  void ingestReportsBadLinesWithLineNumbersAndExits1() throws Exception {
    Path file = oktaFile();
    Run r = run("ingest", file.toString(), "--source", "okta", "--data-dir", data());
    assertThat(r.code()).as(r.err()).isEqualTo(1);
    assertThat(r.err()).contains(file + ":2: field 'published' value 'abc' is not a timestamp");
    assertThat(r.out()).contains("2 events accepted, 1 lines rejected");
  }

  @Test
  void ingestOfACleanFileExits0() throws Exception {
    Path file = dir.resolve("clean.ndjson");
    Files.writeString(file, ApiServerIT.okta(30, "a") + "\n");
    Run r = run("--data-dir", data(), "ingest", file.toString(), "-s", "okta");
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.err()).isEmpty();
  }

  @Test
  void unknownSourceAndMissingFileAreUsageErrors() throws Exception {
    Run unknown = run("ingest", oktaFile().toString(), "--source", "nope", "--data-dir", data());
    assertThat(unknown.code()).isEqualTo(2);
    assertThat(unknown.err()).contains("unknown source 'nope'", "okta");
    Run missing =
        run("ingest", dir.resolve("absent.ndjson").toString(), "-s", "okta", "--data-dir", data());
    assertThat(missing.code()).isEqualTo(2);
    assertThat(missing.err()).contains("no such file");
  }

  @Test
  void queryPrintsAnAlignedTable() throws Exception {
    run("ingest", oktaFile().toString(), "--source", "okta", "--data-dir", data());
    Run r =
        run(
            "query",
            "SELECT id, json_extract_string(raw, '$.eventType') AS event_type FROM okta ORDER BY id",
            "--data-dir",
            data());
    assertThat(r.code()).as(r.err()).isZero();
    String[] lines = r.out().split("\\R");
    assertThat(lines[0]).isEqualTo("id  event_type");
    assertThat(lines[1]).isEqualTo("--  ------------------");
    assertThat(lines[2]).isEqualTo("a   user.session.start");
    assertThat(lines[3]).isEqualTo("c   user.session.start");
    assertThat(lines[4]).startsWith("(2 rows, ");
  }

  @Test
  void queryJsonAndTimeRanges() throws Exception {
    run("ingest", oktaFile().toString(), "--source", "okta", "--data-dir", data());
    Run last10 =
        run(
            "query",
            "SELECT count(*) AS n FROM okta",
            "--last",
            "25m",
            "--json",
            "--data-dir",
            data());
    assertThat(last10.code()).as(last10.err()).isZero();
    assertThat(JSON.readTree(last10.out()).get("rows").get(0).get(0).asLong()).isEqualTo(1);
    Run range =
        run(
            "query",
            "SELECT count(*) AS n FROM okta",
            "--from",
            ApiServerIT.NOW.minusSeconds(3600).toString(),
            "--to",
            ApiServerIT.NOW.toString(),
            "--json",
            "--data-dir",
            data());
    assertThat(JSON.readTree(range.out()).get("rows").get(0).get(0).asLong()).isEqualTo(2);
  }

  @Test
  void queryUsageAndInputErrors() throws Exception {
    run("ingest", oktaFile().toString(), "--source", "okta", "--data-dir", data());
    Run both =
        run("query", "SELECT 1", "--last", "1h", "--from", "2026-01-01", "--data-dir", data());
    assertThat(both.code()).isEqualTo(2);
    assertThat(both.err()).contains("either --last or --from/--to");
    Run noSql = run("query", "--data-dir", data());
    assertThat(noSql.code()).isEqualTo(2);
    Run rejected = run("query", "DROP TABLE okta", "--data-dir", data());
    assertThat(rejected.code()).isEqualTo(1);
    assertThat(rejected.err()).startsWith("error: ");
    Run badLast = run("query", "SELECT 1", "--last", "soon", "--data-dir", data());
    assertThat(badLast.code()).isEqualTo(2);
    assertThat(badLast.err()).contains("'soon' is not a duration");
  }

  @Test
  void demoThenQueryCountsPerSource() throws Exception {
    Run demo = run("demo", "--no-serve", "--no-detect", "--events", "600", "--data-dir", data());
    assertThat(demo.code()).as(demo.err()).isZero();
    assertThat(demo.out())
        .contains(
            "password spray",
            "root console login without MFA",
            "push bombing",
            "mantissa --data-dir");

    Run r =
        run(
            "query",
            "SELECT source, count(*) AS n FROM events GROUP BY source ORDER BY source",
            "--json",
            "--data-dir",
            data());
    assertThat(r.code()).as(r.err()).isZero();
    JsonNode rows = JSON.readTree(r.out()).get("rows");
    Map<String, Long> counts = new java.util.TreeMap<>();
    rows.forEach(row -> counts.put(row.get(0).asText(), row.get(1).asLong()));
    List<String> sources =
        new java.util.ArrayList<>(io.mantissa.sources.synthetic.SyntheticDataGenerator.SOURCES);
    sources.addAll(io.mantissa.sources.synthetic.SyntheticDataGenerator.APM_SOURCES);
    assertThat(counts).containsOnlyKeys(sources);
    assertThat(counts.values()).allSatisfy(n -> assertThat(n).isPositive());

    Run spray =
        run(
            "query",
            "SELECT json_extract_string(raw, '$.client.ipAddress') AS ip, count(DISTINCT"
                + " json_extract_string(raw, '$.actor.alternateId')) AS users FROM okta WHERE"
                + " json_extract_string(raw, '$.outcome.result') = 'FAILURE' GROUP BY ip ORDER BY"
                + " users DESC LIMIT 1",
            "--json",
            "--data-dir",
            data());
    JsonNode top = JSON.readTree(spray.out()).get("rows").get(0);
    assertThat(top.get(0).asText()).isEqualTo(DemoData.ATTACKER_IP);
    assertThat(top.get(1).asLong()).isEqualTo(30);
  }

  @Test
  void configFileAndEnvironmentAreApplied() throws Exception {
    Path yaml = dir.resolve("mantissa.yaml");
    Files.writeString(
        yaml, "mantissa:\n  data-dir: " + data() + "\n  query:\n    default-row-limit: 1\n");
    run("ingest", oktaFile().toString(), "--source", "okta", "--config", yaml.toString());
    Run r = run("--config", yaml.toString(), "query", "SELECT id FROM okta ORDER BY id");
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out()).contains("(1 row, truncated at the row limit");

    Run bad =
        run(
            Map.of("MANTISSA_QUERY_MAX_ROW_LIMIT", "lots"),
            "query",
            "SELECT 1",
            "--data-dir",
            data());
    assertThat(bad.code()).isEqualTo(2);
    assertThat(bad.err()).contains("MANTISSA_QUERY_MAX_ROW_LIMIT");

    Files.writeString(yaml, "mantissa:\n  data-dir: [unclosed\n");
    Run broken = run("--config", yaml.toString(), "query", "SELECT 1");
    assertThat(broken.code()).isEqualTo(2);
    assertThat(broken.err()).contains(yaml + ":");
  }

  @Test
  void serveRefusesANonLoopbackAddressWithoutKeys() {
    Run r = run(Map.of("MANTISSA_SERVER_HOST", "0.0.0.0"), "serve", "--data-dir", data());
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).contains("refusing to listen on '0.0.0.0'");
  }

  @Test
  void helpAndVersion() {
    Run help = run("--help");
    assertThat(help.code()).isZero();
    assertThat(help.out()).contains("serve", "ingest", "query", "demo");
    assertThat(run("--version").out()).startsWith("mantissa ");
    assertThat(run("frobnicate").code()).isEqualTo(2);
  }
}
