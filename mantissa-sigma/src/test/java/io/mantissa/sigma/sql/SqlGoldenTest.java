package io.mantissa.sigma.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mantissa.api.MantissaException;
import io.mantissa.sigma.SigmaCollection;
import io.mantissa.sigma.SigmaParser;
import io.mantissa.sigma.SigmaRule;
import io.mantissa.spi.query.SqlDialect;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Pins the exact SQL per dialect for the rules under {@code src/test/resources/golden/rules}: the
 * expected text is {@code golden/<dialect>/<rule>.sql}, or {@code <rule>.error} holding the
 * expected error message when the rule cannot be converted for that dialect. Run with {@code
 * -Dgolden.update=true} to rewrite the files after an intended change, then review the diff.
 */
class SqlGoldenTest {
  private static final Path GOLDEN = Path.of("src", "test", "resources", "golden");
  private static final boolean UPDATE = Boolean.getBoolean("golden.update");

  static Stream<org.junit.jupiter.params.provider.Arguments> cases() throws IOException {
    List<Path> rules;
    try (Stream<Path> files = Files.list(GOLDEN.resolve("rules"))) {
      rules = files.filter(p -> p.toString().endsWith(".yml")).sorted().toList();
    }
    return rules.stream()
        .flatMap(
            r ->
                Stream.of(SqlDialect.values())
                    .map(d -> org.junit.jupiter.params.provider.Arguments.of(r, d)));
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("cases")
  void rendersTheGoldenSql(Path ruleFile, SqlDialect dialect) throws IOException {
    SigmaCollection collection = new SigmaParser().parse(ruleFile);
    String name = ruleFile.getFileName().toString().replace(".yml", "");
    Path dir = GOLDEN.resolve(dialect.name().toLowerCase(Locale.ROOT));
    Path sqlFile = dir.resolve(name + ".sql");
    Path errorFile = dir.resolve(name + ".error");
    String actual;
    boolean error;
    try {
      actual =
          (collection.correlations().isEmpty()
                  ? SqlConverter.convert(collection.rules().get(0), dialect, FieldMapping.lake())
                  : SqlConverter.convert(
                      collection.correlations().get(0),
                      collection.rules(),
                      dialect,
                      FieldMapping.lake()))
              + "\n";
      error = false;
    } catch (MantissaException e) {
      actual = e.getMessage() + "\n";
      error = true;
    }
    if (UPDATE) {
      Files.createDirectories(dir);
      Files.deleteIfExists(error ? sqlFile : errorFile);
      Files.writeString(error ? errorFile : sqlFile, actual, StandardCharsets.UTF_8);
    }
    if (error) {
      assertThat(errorFile).as("unexpected conversion error: " + actual).exists();
      assertThat(Files.readString(errorFile)).isEqualTo(actual);
    } else {
      assertThat(sqlFile).as("no golden SQL; run with -Dgolden.update=true").exists();
      assertThat(actual).isEqualTo(Files.readString(sqlFile));
    }
  }

  @ParameterizedTest
  @MethodSource("dialects")
  void anUnmappedLogSourceIsAnError(SqlDialect dialect) {
    SigmaRule rule =
        new SigmaParser()
            .parse(
                "title: Windows\nlogsource:\n  product: windows\ndetection:\n  s:\n    a: b\n"
                    + "  condition: s\n",
                "w.yml")
            .rules()
            .get(0);
    assertThatThrownBy(() -> SqlConverter.convert(rule, dialect, FieldMapping.lake()))
        .isInstanceOf(MantissaException.class)
        .hasMessageContaining("rule 'Windows'")
        .hasMessageContaining("product windows")
        .hasMessageContaining(dialect.name());
  }

  @ParameterizedTest
  @MethodSource("dialects")
  void anUnmappedFieldOfAStrictPipelineIsAnError(SqlDialect dialect) {
    FieldMapping strict =
        FieldMapping.parse(
            "name: strict\ntables:\n  - {logsource: {product: okta}, table: okta}\n"
                + "fields:\n  eventType: {json: raw, path: eventType}\n",
            "strict.yml");
    SigmaRule rule =
        new SigmaParser()
            .parse(
                "title: Okta\nlogsource:\n  product: okta\ndetection:\n  s:\n    eventType: x\n"
                    + "    outcome: y\n  condition: s\n",
                "o.yml")
            .rules()
            .get(0);
    assertThatThrownBy(() -> SqlConverter.convert(rule, dialect, strict))
        .isInstanceOf(MantissaException.class)
        .hasMessageContaining("field 'outcome'")
        .hasMessageContaining("'strict' does not map it")
        .hasMessageContaining(dialect.name());
  }

  static Stream<SqlDialect> dialects() {
    return Stream.of(SqlDialect.values());
  }
}
