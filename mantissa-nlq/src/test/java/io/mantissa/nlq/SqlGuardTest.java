package io.mantissa.nlq;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mantissa.api.ErrorCode;
import io.mantissa.api.MantissaException;
import io.mantissa.api.TimeRange;
import io.mantissa.spi.query.SqlDialect;
import java.time.Instant;
import java.util.Set;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Hostile and malformed SQL is refused on the parsed tree; good SQL is bounded and limited. */
class SqlGuardTest {
  private static final Set<String> TABLES = Set.of("events", "identity_events", "okta");
  private static final TimeRange WEEK =
      new TimeRange(Instant.parse("2026-11-23T00:00:00Z"), Instant.parse("2026-11-26T12:01:00Z"));
  private final SqlGuard guard = new SqlGuard(SemanticCatalog.defaults(), NlqLimits.DEFAULTS);

  private CheckedSql check(String sql) {
    return guard.check(sql, TABLES, WEEK, 1_000);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "SELECT user_name FROM okta; DROP TABLE okta",
        "SELECT 1 FROM okta; SELECT 2 FROM okta",
        "DROP TABLE okta",
        "DELETE FROM okta WHERE 1 = 1",
        "INSERT INTO okta (user_name) VALUES ('x')",
        "UPDATE okta SET user_name = 'x'",
        "CREATE TABLE x (a INT)",
        "EXPLAIN PLAN FOR SELECT user_name FROM okta",
        "SELECT * FROM read_csv('/etc/passwd')",
        "SELECT * FROM TABLE(read_text('/etc/passwd'))",
        "SELECT * FROM UNNEST(ARRAY[1, 2])",
        "SELECT * FROM (VALUES (1), (2)) AS t(a)",
        "SELECT read_text('/etc/passwd') FROM okta",
        "SELECT getenv('HOME') FROM okta",
        "SELECT user_name FROM secrets",
        "SELECT user_name FROM main.okta",
        "SELECT nope FROM okta",
        "SELECT user_name FROM okta WHERE user_name = ?",
        "SELECT user_name FROM okta WHERE event_time > 5",
        "SELECT user_name FROM okta WHERE user_name IN (SELECT user_name FROM okta WHERE"
            + " user_name IN (SELECT user_name FROM okta WHERE user_name IN (SELECT user_name"
            + " FROM okta)))",
        "SELECT user_name FROM okta LIMIT user_name",
        "SELECT user_name, ROW_NUMBER() OVER (ORDER BY event_time) FROM okta",
        "",
        "SELECT",
        "SELECT user_name FROM okta -- ; DROP TABLE okta\n; DROP TABLE okta",
      })
  void refuses(String sql) {
    assertThatThrownBy(() -> check(sql))
        .isInstanceOf(MantissaException.class)
        .satisfies(
            e -> assertThat(((MantissaException) e).code()).isEqualTo(ErrorCode.QUERY_REJECTED));
  }

  @Test
  void explainsWhatIsWrongAndWhere() {
    assertThatThrownBy(() -> check("SELECT user_name FROM secrets"))
        .hasMessageContaining("unknown table 'secrets'")
        .hasMessageContaining("line 1, column 23")
        .hasMessageContaining("events, identity_events, okta");
    assertThatThrownBy(() -> check("SELECT read_text('/etc/passwd') FROM okta"))
        .hasMessageContaining("read_text is not allowed");
    assertThatThrownBy(() -> check("SELECT 1 FROM okta; SELECT 2 FROM okta"))
        .hasMessageContaining("exactly one statement");
    assertThatThrownBy(() -> check("SELECT nope FROM okta")).hasMessageContaining("nope");
  }

  @Test
  void commentsAreNotStatements() {
    CheckedSql c = check("SELECT user_name /* ; DROP TABLE okta */ FROM okta -- trailing");
    assertThat(c.sql()).doesNotContain("DROP");
  }

  @Test
  void addsTheTimeWindowToEveryTableRead() {
    CheckedSql c =
        check(
            "SELECT o.user_name FROM okta AS o JOIN identity_events i ON o.user_name = i.user_name"
                + " WHERE o.status = 'Failure'");
    assertThat(c.sql())
        .contains("o.event_time >= TIMESTAMP '2026-11-23 00:00:00'")
        .contains("i.event_time < TIMESTAMP '2026-11-26 12:01:00'");
    assertThat(c.tables()).containsExactly("okta", "identity_events");
  }

  @Test
  void appliesTheDefaultLimitAndCapsLargerOnes() {
    assertThat(check("SELECT user_name FROM okta").rowLimit()).isEqualTo(1_000);
    CheckedSql big = check("SELECT user_name FROM okta LIMIT 50000");
    assertThat(big.rowLimit()).isEqualTo(10_000);
    assertThat(big.notes()).anyMatch(n -> n.contains("lowered to 10000"));
    assertThat(guard.check("SELECT user_name FROM okta", TABLES, WEEK, 20_000).rowLimit())
        .isEqualTo(10_000);
    assertThat(check("SELECT user_name FROM okta LIMIT 5").rowLimit()).isEqualTo(5);
  }

  /** Any text as a value stays one literal in every dialect: it cannot end the string. */
  @Property(tries = 300)
  void literalsCannotEscape(@ForAll String value) {
    String neutral =
        PlanSql.sql(
            new QueryPlan(
                "okta",
                java.util.List.of(Condition.in("user_name", value.replace('\u0000', ' '))),
                QueryPlan.Shape.COUNT,
                java.util.List.of(),
                java.util.List.of(),
                0,
                new QueryPlan.TimeWindow(WEEK, "this week", false),
                10,
                "events"));
    String clean = value.replace('\u0000', ' ');
    CheckedSql c = check(neutral);
    java.util.List<String> literals = new java.util.ArrayList<>();
    SqlGuard.parse(c.sql())
        .accept(
            new org.apache.calcite.sql.util.SqlShuttle() {
              @Override
              public org.apache.calcite.sql.SqlNode visit(org.apache.calcite.sql.SqlLiteral l) {
                if (l instanceof org.apache.calcite.sql.SqlCharStringLiteral) {
                  literals.add(l.getValueAs(String.class));
                }
                return l;
              }
            });
    assertThat(literals).containsExactly(clean);
    for (SqlDialect d : SqlDialect.values()) {
      assertThat(new DialectRenderer(SemanticCatalog.defaults()).render(c.sql(), d)).isNotBlank();
    }
  }
}
