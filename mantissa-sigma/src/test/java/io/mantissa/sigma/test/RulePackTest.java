package io.mantissa.sigma.test;

import static org.assertj.core.api.Assertions.assertThat;

import io.mantissa.api.MantissaException;
import io.mantissa.sigma.RuleCatalog;
import io.mantissa.sigma.SigmaCorrelation;
import io.mantissa.sigma.SigmaDocument;
import io.mantissa.sigma.SigmaRule;
import io.mantissa.sigma.sql.FieldMapping;
import io.mantissa.sigma.sql.SqlConverter;
import io.mantissa.spi.query.SqlDialect;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The project's rule pack ({@code ../rules}): every rule's tests pass, the pack has its size, and
 * every rule converts to SQL for all four dialects except the documented exceptions.
 */
class RulePackTest {
  private static final Path PACK = Path.of("..", "rules");

  /** file name → dialects it cannot be converted to (docs/rule-authoring.md lists the reasons). */
  private static final Map<String, String> NOT_CONVERTED =
      Map.of(
          "okta_brute_force_then_success.yml", "ATHENA BIGQUERY DUCKDB SYNAPSE",
          "vpcflow_database_port_public.yml", "SYNAPSE",
          "vpcflow_inbound_admin_port_accepted.yml", "SYNAPSE",
          "vpcflow_large_outbound_transfer.yml", "SYNAPSE",
          "vpcflow_outbound_tor_or_irc.yml", "SYNAPSE",
          "snowflake_copy_into_external_stage.yml", "SYNAPSE");

  @Test
  void everyRuleTestPasses() {
    RuleTestReport report = RuleTests.load(PACK).run();
    assertThat(report.failures()).as(report.format(false)).isEmpty();
    assertThat(report.ruleFiles()).isGreaterThanOrEqualTo(150);
    assertThat(report.results()).hasSizeGreaterThanOrEqualTo(300);
  }

  @Test
  void everyRuleHasMetadataAndAtLeast49AreIdentityRules() {
    RuleCatalog catalog = RuleCatalog.load(PACK);
    assertThat(catalog.parseFailures()).isEmpty();
    int identity = 0;
    for (RuleCatalog.Parsed p : catalog.parsed()) {
      SigmaDocument main = p.collection().documents().get(p.collection().documents().size() - 1);
      var m = main.metadata();
      assertThat(m.id()).as(p.file().toString()).isPresent();
      assertThat(m.description()).as(p.file().toString()).isPresent();
      assertThat(m.level()).as(p.file().toString()).isPresent();
      assertThat(m.falsePositives()).as(p.file().toString()).isNotEmpty();
      assertThat(m.tags())
          .as(p.file() + " has an ATT&CK technique")
          .anyMatch(t -> t.matches("attack\\.t\\d{4}(\\.\\d{3})?"));
      assertThat(m.tags())
          .as(p.file() + " has an ATT&CK tactic")
          .anyMatch(t -> t.matches("attack\\.[a-z-]+") && !t.matches("attack\\.t\\d+"));
      if (m.tags().contains("mantissa.identity")) {
        identity++;
      }
    }
    assertThat(identity).isGreaterThanOrEqualTo(49);
    List<String> ids = catalog.documents().stream().map(d -> d.metadata().id().orElse("")).toList();
    assertThat(new TreeSet<>(ids)).hasSameSizeAs(ids);
  }

  @Test
  void everyRuleConvertsForAllDialectsExceptTheDocumentedOnes() {
    RuleCatalog catalog = RuleCatalog.load(PACK);
    List<SigmaRule> rules =
        catalog.documents().stream()
            .filter(SigmaRule.class::isInstance)
            .map(SigmaRule.class::cast)
            .toList();
    Map<String, TreeSet<String>> failed = new TreeMap<>();
    List<String> messages = new ArrayList<>();
    for (RuleCatalog.Parsed p : catalog.parsed()) {
      for (SigmaDocument d : p.collection().documents()) {
        for (SqlDialect dialect : SqlDialect.values()) {
          try {
            String sql =
                d instanceof SigmaCorrelation c
                    ? SqlConverter.convert(c, rules, dialect, FieldMapping.lake())
                    : SqlConverter.convert((SigmaRule) d, dialect, FieldMapping.lake());
            assertThat(sql).startsWith("SELECT");
          } catch (MantissaException e) {
            assertThat(e.getMessage()).contains("cannot be converted to " + dialect + " SQL");
            failed
                .computeIfAbsent(p.file().getFileName().toString(), f -> new TreeSet<>())
                .add(dialect.name());
            messages.add(e.getMessage());
          }
        }
      }
    }
    Map<String, String> actual = new TreeMap<>();
    failed.forEach((f, ds) -> actual.put(f, String.join(" ", ds)));
    assertThat(actual).as(String.join("\n", messages)).isEqualTo(new TreeMap<>(NOT_CONVERTED));
    assertThat(Files.isDirectory(PACK)).isTrue();
  }

  /**
   * Runs each rule's DuckDB query over its own {@code match}/{@code no_match} events (as the lake's
   * {@code raw} JSON) and requires the same answers as the in-memory evaluator.
   */
  @Test
  void duckDbAgreesWithTheEvaluatorOnTheTestEvents() throws SQLException {
    Pattern from = Pattern.compile("FROM \"([a-z0-9_]+)\"");
    List<String> disagreements = new ArrayList<>();
    int checked = 0;
    try (Connection db = DriverManager.getConnection("jdbc:duckdb:")) {
      for (RuleCatalog.Parsed p : RuleCatalog.load(PACK).parsed()) {
        if (p.collection().rules().size() != 1) {
          continue;
        }
        SigmaRule rule = p.collection().rules().get(0);
        String sql = SqlConverter.convert(rule, SqlDialect.DUCKDB, FieldMapping.lake());
        Matcher m = from.matcher(sql);
        assertThat(m.find()).as(sql).isTrue();
        String table = m.group(1);
        String name = p.file().getFileName().toString();
        TestFile tests =
            TestFile.read(p.file().resolveSibling(name.replaceFirst("\\.yml$", ".tests.yml")));
        List<TestFile.EventCase> cases = new ArrayList<>(tests.match());
        cases.addAll(tests.noMatch());
        for (TestFile.EventCase c : cases) {
          boolean expected = tests.match().contains(c);
          try (Statement s = db.createStatement()) {
            s.execute("DROP TABLE IF EXISTS " + table);
            s.execute(
                "CREATE TABLE "
                    + table
                    + " (time TIMESTAMP, source VARCHAR, id VARCHAR, raw JSON, ocsf JSON)");
          }
          try (PreparedStatement insert =
              db.prepareStatement("INSERT INTO " + table + " VALUES (?, ?, 'e1', ?, '{}')")) {
            insert.setTimestamp(1, Timestamp.from(c.time()));
            insert.setString(2, table);
            insert.setString(3, Explain.fullJson(c.event()));
            insert.execute();
          }
          boolean found;
          try (Statement s = db.createStatement();
              ResultSet rs = s.executeQuery(sql)) {
            found = rs.next();
          }
          checked++;
          if (found != expected) {
            disagreements.add(
                name + " " + c.name() + ": DuckDB " + (found ? "matched" : "did not match"));
          }
        }
      }
    }
    assertThat(checked).isGreaterThanOrEqualTo(250);
    assertThat(disagreements)
        .as("checked %d events; disagreements:%n%s", checked, String.join("\n", disagreements))
        .isEmpty();
  }
}
