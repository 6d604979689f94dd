package io.mantissa.backend.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mantissa.api.ErrorCode;
import io.mantissa.api.MantissaException;
import io.mantissa.api.TimeRange;
import io.mantissa.spi.query.QueryRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Anything but one SELECT over the lake tables is refused, and the engine itself is locked. */
class HostileSqlTest {
  @TempDir Path dir;
  @TempDir Path outside;
  LocalQueryBackend backend;

  @BeforeEach
  void open() {
    try (LocalEventStore store = LocalEventStore.open(dir, Clock.systemUTC())) {
      store.append("okta", List.of(TestEvents.okta("a", Instant.parse("2026-11-25T10:00:00Z"))));
    }
    backend = LocalQueryBackend.open(dir);
  }

  @AfterEach
  void close() {
    backend.close();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "SELECT 1; SELECT 2",
        "SELECT * FROM okta; DROP VIEW okta",
        "SELECT 1 /* harmless; */ ; CREATE TABLE t AS SELECT 1",
        "SELECT 1 -- comment\n; COPY (SELECT 1) TO 'x.csv'",
        "COPY okta TO '%OUT%/stolen.csv'",
        "COPY (SELECT * FROM okta) TO '%OUT%/stolen.parquet' (FORMAT PARQUET)",
        "CREATE TABLE t AS SELECT * FROM okta",
        "CREATE TEMP VIEW v AS SELECT 1",
        "INSERT INTO okta VALUES (1)",
        "DELETE FROM okta",
        "INSTALL httpfs",
        "LOAD httpfs",
        "ATTACH '%OUT%/other.db' AS other",
        "PRAGMA version",
        "SET enable_external_access = true",
        "CALL pragma_version()",
        "EXPORT DATABASE '%OUT%/export'",
        "SELECT * FROM read_csv('/etc/passwd')",
        "SELECT * FROM read_text('/etc/hostname')",
        "SELECT * FROM '/etc/passwd'",
        "SELECT * FROM glob('/etc/*')",
        "SELECT * FROM duckdb_settings()",
        "SELECT * FROM query_table('okta')",
        "SELECT * FROM query('SELECT 1')",
        "WITH x AS (SELECT * FROM read_blob('/etc/hostname')) SELECT * FROM x",
        "SELECT * FROM okta WHERE id IN (SELECT content FROM read_text('/etc/hostname'))",
        "SELECT * FROM main.okta",
        "SELECT * FROM information_schema.tables",
        "SELECT * FROM __lake_okta",
        "",
        ";",
        "DROP TABLE okta",
        "VACUUM",
        "CHECKPOINT",
      })
  void isRejected(String template) {
    String sql = template.replace("%OUT%", outside.toString());
    if (sql.isBlank()) {
      assertThatThrownBy(() -> QueryRequest.of(sql, TimeRange.all()))
          .isInstanceOf(IllegalArgumentException.class);
      return;
    }

    assertThatThrownBy(() -> backend.execute(QueryRequest.of(sql, TimeRange.all())))
        .isInstanceOfSatisfying(
            MantissaException.class,
            e -> {
              assertThat(e.code()).isIn(ErrorCode.QUERY_REJECTED, ErrorCode.QUERY_FAILED);
              assertThat(e.getMessage()).isNotBlank();
            });
    assertThatThrownBy(() -> backend.estimate(QueryRequest.of(sql, TimeRange.all())))
        .isInstanceOf(MantissaException.class);
    assertThat(outside).isEmptyDirectory();
  }

  @Test
  void refusalsSayWhatIsAllowed() {
    assertThatThrownBy(() -> backend.execute(QueryRequest.of("DROP TABLE okta", TimeRange.all())))
        .hasMessageContaining("exactly one SELECT statement");
    assertThatThrownBy(
            () -> backend.execute(QueryRequest.of("SELECT 1; SELECT 2", TimeRange.all())))
        .hasMessageContaining("found 2");
    assertThatThrownBy(
            () ->
                backend.execute(
                    QueryRequest.of("SELECT * FROM read_csv('/etc/passwd')", TimeRange.all())))
        .hasMessageContaining("table function 'read_csv' is not allowed");
  }

  @Test
  void harmlessSelectsStillRun() {
    for (String sql :
        List.of(
            "SELECT count(*) FROM okta -- trailing comment",
            "/* leading */ SELECT count(*) FROM okta;",
            "WITH o AS (SELECT * FROM okta) SELECT count(*) FROM o",
            "WITH okta AS (SELECT * FROM okta) SELECT count(*) FROM okta",
            "SELECT count(*) FROM (SELECT * FROM okta UNION ALL SELECT * FROM events)",
            "SELECT count(*) FROM range(3) r, okta",
            "SELECT count(*) FROM OKTA WHERE 'DROP TABLE x; COPY' <> ''")) {
      assertThat(backend.execute(QueryRequest.of(sql, TimeRange.all())).rows()).as(sql).hasSize(1);
    }
  }

  @Test
  void theLockedEngineCannotReachOtherFilesEvenWithoutTheParserCheck() throws Exception {
    Path secret = Files.writeString(outside.resolve("secret.csv"), "a,b\n1,2\n");
    try (Connection conn = DriverManager.getConnection("jdbc:duckdb:")) {
      LocalQueryBackend.lockDown(
          conn, new LocalQueryBackend.Plan(java.util.Set.of(), Map.of(), List.of()));
      assertThat(failure(conn, "SELECT * FROM read_csv('" + secret + "')"))
          .contains("disabled by configuration");
      assertThat(failure(conn, "SET enable_external_access = true")).contains("locked");
      assertThat(failure(conn, "ATTACH '" + outside.resolve("x.db") + "' AS x"))
          .contains("disabled by configuration");
      assertThat(failure(conn, "LOAD httpfs")).contains("disabled");
    }
    assertThat(outside).isDirectoryNotContaining("glob:**/x.db");
  }

  private static String failure(Connection conn, String sql) {
    try (Statement st = conn.createStatement()) {
      st.execute(sql);
      return "(no failure)";
    } catch (java.sql.SQLException e) {
      return e.getMessage();
    }
  }
}
