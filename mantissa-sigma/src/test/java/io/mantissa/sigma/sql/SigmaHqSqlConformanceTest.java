package io.mantissa.sigma.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.mantissa.api.MantissaException;
import io.mantissa.sigma.RuleCatalog;
import io.mantissa.sigma.SigmaRule;
import io.mantissa.spi.query.SqlDialect;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Converts every SigmaHQ rule (under {@code rules*}) of the cloud and identity products to the four
 * dialects with the lake pipeline: each converts or fails with an explicit unsupported-construct
 * error naming rule, construct and dialect; every DuckDB query runs in an in-memory DuckDB holding
 * empty tables of the lake's shape named by the pipeline. The figures are logged and recorded in
 * docs/sigma-conformance.md. Skipped when the corpus is absent.
 */
class SigmaHqSqlConformanceTest {
  private static final Logger LOG = LoggerFactory.getLogger(SigmaHqSqlConformanceTest.class);
  private static final Set<String> PRODUCTS =
      Set.of(
          "aws",
          "azure",
          "gcp",
          "m365",
          "okta",
          "google_workspace",
          "github",
          "onelogin",
          "kubernetes");
  private static final Pattern EXPLICIT =
      Pattern.compile(
          "^rule '.*?'(?: \\([^)]*\\))?: (.*) cannot be converted to (\\w+) SQL: (.*)$");

  static Path corpus() {
    Path relative = Path.of("..", "..", "shared", "sigmahq");
    if (Files.isDirectory(relative)) {
      return relative;
    }
    return Path.of("/work/shared/sigmahq");
  }

  @Test
  void convertsTheCloudAndIdentityRulesOfSigmaHq() throws IOException, SQLException {
    Path root = corpus();
    assumeTrue(
        Files.isDirectory(root),
        "SigmaHQ corpus not found at ../../shared/sigmahq nor /work/shared/sigmahq; skipped");
    List<Path> files = new ArrayList<>();
    try (Stream<Path> dirs = Files.list(root)) {
      for (Path dir :
          dirs.filter(Files::isDirectory)
              .filter(p -> p.getFileName().toString().startsWith("rules"))
              .sorted()
              .toList()) {
        files.addAll(RuleCatalog.files(dir));
      }
    }
    FieldMapping lake = FieldMapping.lake();
    List<SigmaRule> rules = new ArrayList<>();
    // parse failures are measured by SigmaHqConformanceTest
    for (RuleCatalog.Parsed parsed : RuleCatalog.load(files).parsed()) {
      for (SigmaRule r : parsed.collection().rules()) {
        if (r.metadata()
            .logSource()
            .product()
            .map(p -> PRODUCTS.contains(p.toLowerCase(Locale.ROOT)))
            .orElse(false)) {
          rules.add(r);
        }
      }
    }
    Map<SqlDialect, Integer> converted = new EnumMap<>(SqlDialect.class);
    Map<SqlDialect, Map<String, Integer>> reasons = new EnumMap<>(SqlDialect.class);
    List<String> notExplicit = new ArrayList<>();
    List<String> duckDbFailures = new ArrayList<>();
    int allFour = 0;
    try (Connection db = DriverManager.getConnection("jdbc:duckdb:");
        Statement s = db.createStatement()) {
      for (String table : lake.tables()) {
        s.execute(
            "CREATE TABLE \""
                + table
                + "\" (time TIMESTAMP, source VARCHAR, id VARCHAR, raw JSON, ocsf JSON)");
      }
      for (SigmaRule rule : rules) {
        int ok = 0;
        for (SqlDialect dialect : SqlDialect.values()) {
          String sql;
          try {
            sql = SqlConverter.convert(rule, dialect, lake);
          } catch (MantissaException e) {
            Matcher m = EXPLICIT.matcher(e.getMessage());
            if (!m.matches() || !m.group(2).equals(dialect.name())) {
              notExplicit.add(rule.metadata().title() + ": " + e.getMessage());
            } else {
              reasons
                  .computeIfAbsent(dialect, d -> new TreeMap<>())
                  .merge(normalize(m.group(1)) + ": " + m.group(3), 1, Integer::sum);
            }
            continue;
          }
          ok++;
          converted.merge(dialect, 1, Integer::sum);
          if (dialect == SqlDialect.DUCKDB) {
            try {
              try (java.sql.ResultSet rows = s.executeQuery(sql)) {
                while (rows.next()) {
                  // the tables are empty; running the query is the check
                }
              }
            } catch (SQLException e) {
              duckDbFailures.add(rule.metadata().title() + ": " + e.getMessage());
            }
          }
        }
        if (ok == SqlDialect.values().length) {
          allFour++;
        }
      }
    }
    LOG.info(
        "SigmaHQ cloud/identity rules: {}, converted for all four dialects: {}",
        rules.size(),
        allFour);
    for (SqlDialect d : SqlDialect.values()) {
      LOG.info("{}: converted {} of {}", d, converted.getOrDefault(d, 0), rules.size());
      reasons.getOrDefault(d, Map.of()).forEach((reason, n) -> LOG.info("  {} x {}", n, reason));
    }
    assertThat(rules).isNotEmpty();
    assertThat(notExplicit)
        .as("errors that are not explicit unsupported-construct errors")
        .isEmpty();
    assertThat(duckDbFailures).as("DuckDB queries that do not run").isEmpty();
    assertThat(converted.getOrDefault(SqlDialect.DUCKDB, 0)).isGreaterThan(rules.size() / 2);
  }

  /** Drops the rule-specific parts (field names, regular expressions) of a construct. */
  private static String normalize(String construct) {
    return construct
        .replaceAll(" \\(field [^)]*\\)", "")
        .replaceAll("^the regular expression '.*'$", "a regular expression")
        .replaceAll("^field '.*'$", "a field")
        .replaceAll("^the aggregation '.*'$", "an aggregation")
        .replaceAll("^a placeholder in '.*'$", "a placeholder");
  }
}
