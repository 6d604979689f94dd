package io.mantissa.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code mantissa rules check|convert|test}, in-process over rule files in a temp folder. */
class RulesCliTest {
  private static final String GOOD =
      """
      title: Failed login
      id: 6f1c1b7e-0000-4000-8000-000000000001
      name: failed_login
      logsource: {product: okta}
      detection:
          s: {eventType: user.session.start, outcome.result: FAILURE}
          condition: s
      """;
  private static final String CORRELATION =
      """
      title: Brute force
      id: 6f1c1b7e-0000-4000-8000-000000000002
      correlation:
          type: event_count
          rules: [failed_login]
          group-by: [actor.alternateId]
          timespan: 5m
          condition: {gte: 3}
      """;
  private static final String BROKEN =
      """
      title: Broken
      logsource: {product: okta}
      detection:
          s: {eventType|nope: x}
          condition: s
      """;
  private static final String KEYWORDS =
      """
      title: Keywords
      id: 6f1c1b7e-0000-4000-8000-000000000003
      logsource: {product: okta}
      detection:
          keywords: [mimikatz]
          condition: keywords
      """;

  @TempDir Path dir;

  record Run(int code, String out, String err) {}

  static Run run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CliEnvironment environment =
        new CliEnvironment(Clock.fixed(Instant.EPOCH, ZoneOffset.UTC), Map.of(), Map.of());
    int code =
        MantissaCommand.commandLine(environment, new PrintWriter(out), new PrintWriter(err))
            .execute(args);
    return new Run(code, out.toString(), err.toString());
  }

  private Path folder(String... nameAndText) throws Exception {
    Path root = dir.resolve("rules");
    for (int i = 0; i < nameAndText.length; i += 2) {
      Path file = root.resolve(nameAndText[i]);
      Files.createDirectories(file.getParent());
      Files.writeString(file, nameAndText[i + 1]);
    }
    return root;
  }

  @Test
  void checkPrintsCountsAndFailuresByReasonWithTheirLocation() throws Exception {
    Path root =
        folder("okta/good.yml", GOOD, "okta/corr/brute.yaml", CORRELATION, "broken.yml", BROKEN);
    Run r = run("rules", "check", root.toString());
    assertThat(r.code()).as(r.out() + r.err()).isEqualTo(1);
    assertThat(r.out())
        .containsPattern("files +3\\n")
        .containsPattern("rules +1\\n")
        .containsPattern("correlations +1\\n")
        .containsPattern("filters +0\\n")
        .containsPattern("parsed +2\\n")
        .containsPattern("failed +1\\n")
        .containsPattern("rule set +1 rules")
        .contains("Failures by reason:")
        .containsPattern(
            "\\n +1  parse: .*unknown modifier.*" + root.resolve("broken.yml") + ":4:9");
    assertThat(r.err()).contains(root.resolve("broken.yml") + ":4:9: ").contains("nope");
  }

  @Test
  void checkOfValidRulesExits0() throws Exception {
    Path root = folder("good.yml", GOOD, "brute.yml", CORRELATION);
    Run r = run("rules", "check", root.toString());
    assertThat(r.code()).as(r.out() + r.err()).isZero();
    assertThat(r.out()).containsPattern("failed +0\\n").doesNotContain("Failures by reason");
    assertThat(r.err()).isEmpty();
  }

  @Test
  void checkOfAMissingPathIsAUsageError() {
    Run r = run("rules", "check", dir.resolve("missing").toString());
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).contains("no such file or folder");
  }

  @Test
  void convertPrintsOneQueryPerRuleAndCorrelationWithAHeader() throws Exception {
    Path root = folder("good.yml", GOOD, "brute.yml", CORRELATION);
    Run r = run("rules", "convert", "--dialect", "duckdb", root.toString());
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out())
        .contains("-- title: Failed login\n-- id: 6f1c1b7e-0000-4000-8000-000000000001\n-- file: ")
        .contains(root.resolve("good.yml").toString())
        .contains("-- title: Brute force")
        .contains("FROM \"okta\"")
        .contains("GROUP BY");
    assertThat(r.err()).contains("2 converted to DUCKDB SQL, 0 failed");
  }

  @Test
  void convertReportsEachUnsupportedRuleAndExits1() throws Exception {
    Path root = folder("good.yml", GOOD, "keywords.yml", KEYWORDS, "broken.yml", BROKEN);
    Run r = run("rules", "convert", "--dialect", "SYNAPSE", root.toString());
    assertThat(r.code()).isEqualTo(1);
    assertThat(r.out()).contains("-- title: Failed login").doesNotContain("Keywords");
    assertThat(r.err())
        .contains(root.resolve("keywords.yml") + ":1:1: rule 'Keywords'")
        .contains("cannot be converted to SYNAPSE SQL")
        .contains(root.resolve("broken.yml") + ":4:9: ")
        .contains("1 converted to SYNAPSE SQL, 2 failed");
  }

  @Test
  void convertTakesACustomPipelineAndRefusesUnknownDialects() throws Exception {
    Path root = folder("good.yml", GOOD);
    Path pipeline =
        Files.writeString(
            dir.resolve("pipeline.yml"),
            """
            name: custom
            tables:
              - logsource: {product: okta}
                table: okta_logs
            default_json_column: raw
            """);
    Run r =
        run(
            "rules",
            "convert",
            "--dialect",
            "athena",
            "--pipeline",
            pipeline.toString(),
            root.toString());
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out()).contains("okta_logs");

    Run bad = run("rules", "convert", "--dialect", "oracle", root.toString());
    assertThat(bad.code()).isEqualTo(2);
    assertThat(bad.err()).contains("unknown dialect 'oracle'; expected one of duckdb, athena");
  }

  @Test
  void checksTheSigmaHqRulesWhenPresent() {
    Path corpus = Path.of("..", "..", "shared", "sigmahq");
    if (!Files.isDirectory(corpus)) {
      corpus = Path.of("/work/shared/sigmahq");
    }
    assumeTrue(
        Files.isDirectory(corpus.resolve("rules")),
        "SigmaHQ corpus not found at ../../shared/sigmahq nor /work/shared/sigmahq; skipped");
    Run r = run("rules", "check", corpus.resolve("rules").toString());
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out()).containsPattern("failed +0\\n").containsPattern("parsed +[1-9]\\d{3}\\n");
  }

  private static final String LOCK_TESTS =
      """
      match:
        - name: failed login
          event: {eventType: user.session.start, outcome: {result: FAILURE}}
      no_match:
        - name: success
          event: {eventType: user.session.start, outcome: {result: SUCCESS}}
      """;

  @Test
  void testRunsTheTestFilesAndExits0WhenAllPass() throws Exception {
    Path root = folder("okta/good.yml", GOOD, "okta/good.tests.yml", LOCK_TESTS);
    Run r = run("rules", "test", root.toString());
    assertThat(r.code()).as(r.out() + r.err()).isZero();
    assertThat(r.out()).isEqualTo("1 rule files, 2 tests: 2 passed, 0 failed\n");
    Run verbose = run("rules", "test", "--verbose", root.resolve("okta/good.yml").toString());
    assertThat(verbose.code()).isZero();
    assertThat(verbose.out())
        .contains("PASS " + root.resolve("okta/good.tests.yml") + ":2:5 match: failed login")
        .contains("no_match: success");
  }

  @Test
  void testPrintsTheDiffOfEachFailureAndExits1() throws Exception {
    Path root =
        folder(
            "okta/good.yml",
            GOOD,
            "okta/good.tests.yml",
            LOCK_TESTS.replace("result: FAILURE}", "result: FAILED}"),
            "okta/untested.yml",
            KEYWORDS);
    Run r = run("rules", "test", root.toString());
    assertThat(r.code()).isEqualTo(1);
    assertThat(r.out())
        .contains("FAIL " + root.resolve("okta/good.tests.yml") + ":2:5 match: failed login")
        .contains("    expected a match, got none — rule 'Failed login'")
        .contains("      s: did not match")
        .contains("outcome.result: expected 'FAILURE', event has \"FAILED\"")
        .contains("no test file: write untested.tests.yml")
        .endsWith("2 rule files, 3 tests: 1 passed, 2 failed\n");
  }

  @Test
  void testOfAMissingPathIsAUsageError() {
    Run r = run("rules", "test", dir.resolve("missing").toString());
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).contains("no such file or folder");
  }

  @Test
  void testOfTheProjectRulePackPasses() {
    Path pack = Path.of("..", "rules");
    assumeTrue(Files.isDirectory(pack), "no ../rules folder; skipped");
    Run r = run("rules", "test", pack.toString());
    assertThat(r.code()).as(r.out()).isZero();
    assertThat(r.out())
        .containsPattern("^\\d{3} rule files, \\d{3} tests: \\d{3} passed, 0 failed\n$");
    Run check = run("rules", "check", pack.toString());
    assertThat(check.code()).as(check.out() + check.err()).isZero();
    assertThat(check.out()).containsPattern("failed +0\n");
  }
}
