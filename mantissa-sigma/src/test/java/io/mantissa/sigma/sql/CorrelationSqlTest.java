package io.mantissa.sigma.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mantissa.api.Event;
import io.mantissa.api.MantissaException;
import io.mantissa.sigma.CorrelationEngine;
import io.mantissa.sigma.CorrelationMatch;
import io.mantissa.sigma.SigmaCollection;
import io.mantissa.sigma.SigmaParser;
import io.mantissa.spi.query.SqlDialect;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Correlation SQL executed by DuckDB over a lake-shaped table. */
class CorrelationSqlTest {
  private static final String RULES =
      """
      title: Okta failed logins
      name: okta_failed_login
      logsource:
          product: okta
      detection:
          selection:
              outcome.result: FAILURE
          condition: selection
      ---
      title: Okta brute force
      correlation:
          type: %s
          rules:
              - okta_failed_login
          group-by:
              - actor.alternateId
          timespan: 10m
          condition:
              %s
      """;

  private static List<String> run(String type, String condition, String... events)
      throws SQLException {
    SigmaCollection c = new SigmaParser().parse(String.format(RULES, type, condition), "corr.yml");
    String sql =
        SqlConverter.convert(
            c.correlations().get(0), c.rules(), SqlDialect.DUCKDB, FieldMapping.lake());
    return execute(sql, events);
  }

  /** Runs {@code sql} over an okta table of (time, raw) pairs; rows as "window group count". */
  private static List<String> execute(String sql, String... events) throws SQLException {
    List<String> rows = new ArrayList<>();
    try (Connection db = DriverManager.getConnection("jdbc:duckdb:");
        Statement s = db.createStatement()) {
      s.execute(
          "CREATE TABLE okta (time TIMESTAMP, source VARCHAR, id VARCHAR, raw JSON, ocsf JSON)");
      try (PreparedStatement insert =
          db.prepareStatement("INSERT INTO okta VALUES (?, 'okta', ?, ?, '{}')")) {
        for (int i = 0; i < events.length; i += 2) {
          insert.setTimestamp(1, Timestamp.from(Instant.parse(events[i])));
          insert.setString(2, "e" + i);
          insert.setString(3, events[i + 1]);
          insert.addBatch();
        }
        insert.executeBatch();
      }
      try (ResultSet rs = s.executeQuery(sql + " ORDER BY 1, 2")) {
        while (rs.next()) {
          rows.add(rs.getTimestamp(1).toInstant() + " " + rs.getString(2) + " " + rs.getLong(3));
        }
      }
    }
    return rows;
  }

  private static String failure(String user, String ip) {
    return "{\"outcome\":{\"result\":\"FAILURE\"},\"actor\":{\"alternateId\":\""
        + user
        + "\"},\"client\":{\"ipAddress\":\""
        + ip
        + "\"}}";
  }

  @Test
  void eventCountGroupsByBucketAndField() throws SQLException {
    List<String> rows =
        run(
            "event_count",
            "gte: 3",
            "2026-01-01T00:01:00Z",
            failure("alice", "1.1.1.1"),
            "2026-01-01T00:02:00Z",
            failure("alice", "1.1.1.1"),
            "2026-01-01T00:03:00Z",
            failure("alice", "1.1.1.2"),
            "2026-01-01T00:04:00Z",
            failure("bob", "1.1.1.1"),
            "2026-01-01T00:04:30Z",
            "{\"outcome\":{\"result\":\"SUCCESS\"},\"actor\":{\"alternateId\":\"bob\"}}",
            "2026-01-01T00:15:00Z",
            failure("alice", "1.1.1.1"));
    assertThat(rows).containsExactly("2026-01-01T00:00:00Z alice 3");
  }

  @Test
  void valueCountCountsDistinctValues() throws SQLException {
    List<String> rows =
        run(
            "value_count",
            "field: client.ipAddress\n        gt: 1",
            "2026-01-01T00:01:00Z",
            failure("alice", "1.1.1.1"),
            "2026-01-01T00:02:00Z",
            failure("alice", "1.1.1.1"),
            "2026-01-01T00:03:00Z",
            failure("alice", "1.1.1.2"),
            "2026-01-01T00:04:00Z",
            failure("bob", "1.1.1.1"),
            "2026-01-01T00:05:00Z",
            failure("bob", "1.1.1.1"));
    assertThat(rows).containsExactly("2026-01-01T00:00:00Z alice 2");
  }

  @Test
  void temporalFindsGroupsWhereEveryRuleMatchedInOneBucket() throws SQLException {
    String yaml =
        """
        title: Okta failed logins
        name: failed
        logsource:
            product: okta
        detection:
            selection:
                outcome.result: FAILURE
            condition: selection
        ---
        title: Okta success
        name: success
        logsource:
            product: okta
        detection:
            selection:
                outcome.result: SUCCESS
            condition: selection
        ---
        title: Failure then success
        correlation:
            type: temporal
            rules:
                - failed
                - success
            group-by:
                - actor.alternateId
            timespan: 10m
        """;
    SigmaCollection c = new SigmaParser().parse(yaml, "temporal.yml");
    String sql =
        SqlConverter.convert(
            c.correlations().get(0), c.rules(), SqlDialect.DUCKDB, FieldMapping.lake());
    List<String> rows =
        execute(
            sql,
            "2026-01-01T00:01:00Z",
            failure("alice", "1.1.1.1"),
            "2026-01-01T00:02:00Z",
            "{\"outcome\":{\"result\":\"SUCCESS\"},\"actor\":{\"alternateId\":\"alice\"}}",
            "2026-01-01T00:03:00Z",
            failure("bob", "1.1.1.1"),
            "2026-01-01T00:04:00Z",
            failure("bob", "1.1.1.1"),
            "2026-01-01T00:21:00Z",
            "{\"outcome\":{\"result\":\"SUCCESS\"},\"actor\":{\"alternateId\":\"bob\"}}");
    assertThat(rows).containsExactly("2026-01-01T00:00:00Z alice 2");
    for (SqlDialect d : SqlDialect.values()) {
      assertThat(SqlConverter.convert(c.correlations().get(0), c.rules(), d, FieldMapping.lake()))
          .contains("rule_count");
    }
  }

  private static final String STEPS =
      """
      title: a
      name: a
      logsource:
          product: okta
      detection:
          s:
              x: 1
          condition: s
      ---
      title: b
      name: b
      logsource:
          product: okta
      detection:
          s:
              x: 2
          condition: s
      ---
      title: One step
      correlation:
          type: temporal_ordered
          rules:
              - a
          group-by:
              - user
          timespan: 5m
      ---
      title: Three steps
      correlation:
          type: temporal_ordered
          rules:
              - a
              - b
              - a
          group-by:
              - user
          timespan: 5m
      ---
      title: Four steps
      correlation:
          type: temporal_ordered
          rules:
              - a
              - a
              - b
              - b
          timespan: 1m
      """;

  @Test
  void temporalOrderedCorrelationsOfOneRuleConvertForEveryDialect() {
    SigmaCollection c = new SigmaParser().parse(STEPS, "t.yml");
    for (SqlDialect d : SqlDialect.values()) {
      assertThat(SqlConverter.convert(c.correlations().get(0), c.rules(), d, FieldMapping.lake()))
          .contains("window_start", "window_end", "first_id", "last_id", "rule_count")
          .doesNotContain("UNION");
    }
  }

  @Test
  void temporalOrderedCorrelationsOfThreeOrMoreRulesConvertExceptOnSynapse() {
    SigmaCollection c = new SigmaParser().parse(STEPS, "t.yml");
    for (int k = 1; k <= 2; k++) {
      int n = c.correlations().get(k).rules().size();
      for (SqlDialect d : List.of(SqlDialect.DUCKDB, SqlDialect.ATHENA, SqlDialect.BIGQUERY)) {
        assertThat(SqlConverter.convert(c.correlations().get(k), c.rules(), d, FieldMapping.lake()))
            .contains(d == SqlDialect.ATHENA ? "MATCH_RECOGNIZE" : "WITH RECURSIVE")
            .contains(n + " AS rule_count");
      }
      int index = k;
      assertThatThrownBy(
              () ->
                  SqlConverter.convert(
                      c.correlations().get(index),
                      c.rules(),
                      SqlDialect.SYNAPSE,
                      FieldMapping.lake()))
          .isInstanceOf(MantissaException.class)
          .hasMessageContaining("rule '" + c.correlations().get(k).metadata().title() + "'")
          .hasMessageContaining("temporal_ordered correlation of " + n + " rules")
          .hasMessageContaining("SYNAPSE")
          .hasMessageContaining("MATCH_RECOGNIZE");
    }
  }

  @Test
  void oneAndThreeRuleTemporalOrderedCorrelationsRunOnDuckDb() throws SQLException {
    SigmaCollection c = new SigmaParser().parse(STEPS, "t.yml");
    String a = "{\"x\":1,\"user\":\"%s\"}";
    String b = "{\"x\":2,\"user\":\"%s\"}";
    String[] events = {
      // alice: a b a within 5 minutes (fires at the second a, which then starts a new chain as
      // the first step: b a fires again)
      "2026-11-20T10:00:00Z", String.format(a, "alice"),
      "2026-11-20T10:01:00Z", String.format(b, "alice"),
      "2026-11-20T10:05:00Z", String.format(a, "alice"),
      "2026-11-20T10:06:00Z", String.format(b, "alice"),
      "2026-11-20T10:07:00Z", String.format(a, "alice"),
      // bob: a b a, the last a 5 minutes and 1 second after the first
      "2026-11-20T10:00:00Z", String.format(a, "bob"),
      "2026-11-20T10:01:00Z", String.format(b, "bob"),
      "2026-11-20T10:05:01Z", String.format(a, "bob")
    };
    String wrap = "SELECT window_start, \"user\", CAST(epoch(window_end) AS BIGINT) FROM (%s)";
    String three =
        SqlConverter.convert(
            c.correlations().get(1), c.rules(), SqlDialect.DUCKDB, FieldMapping.lake());
    assertThat(execute(String.format(wrap, three), events))
        .containsExactly(
            "2026-11-20T10:00:00Z alice 1795169100", "2026-11-20T10:05:00Z alice 1795169220");
    String one =
        SqlConverter.convert(
            c.correlations().get(0), c.rules(), SqlDialect.DUCKDB, FieldMapping.lake());
    assertThat(execute(String.format(wrap, one), events)).hasSize(5);
  }

  @Test
  void aLongSequenceWithManyFiringsInOneGroupAgreesWithTheEngine() throws SQLException {
    // the recursive walk takes one iteration per firing of the busiest group: hundreds here
    SigmaCollection c = new SigmaParser().parse(STEPS, "t.yml");
    Random random = new Random(7);
    List<String> events = new ArrayList<>();
    List<Event> stream = new ArrayList<>();
    Instant t = Instant.parse("2026-11-20T00:00:00Z");
    for (int i = 0; i < 6_000; i++) {
      t = t.plusSeconds(random.nextInt(20));
      int x = 1 + random.nextInt(2);
      events.add(t.toString());
      events.add("{\"x\":" + x + ",\"user\":\"u\"}");
      stream.add(Event.of("okta", t, "e" + (2 * i), Map.of("x", x, "user", "u")));
    }
    stream.sort(Comparator.comparing(Event::time).thenComparing(Event::id));
    CorrelationEngine engine = CorrelationEngine.create(c.documents());
    List<String> memory = new ArrayList<>();
    for (Event e : stream) {
      for (CorrelationMatch m : engine.process(e)) {
        if (m.correlation().metadata().title().equals("Four steps")) {
          memory.add(
              m.windowStart()
                  + " "
                  + String.join(",", m.eventIds())
                  + " "
                  + m.windowEnd().getEpochSecond());
        }
      }
    }
    String sql =
        SqlConverter.convert(
            c.correlations().get(2), c.rules(), SqlDialect.DUCKDB, FieldMapping.lake());
    List<String> rows =
        execute(
            "SELECT window_start, concat_ws(',', first_id, step_2_id, step_3_id, last_id),"
                + " CAST(epoch(window_end) AS BIGINT) FROM ("
                + sql
                + ")",
            events.toArray(String[]::new));
    assertThat(memory).hasSizeGreaterThan(500);
    // the same firings with the same chains (window start, the four event ids, window end)
    assertThat(rows).containsExactlyInAnyOrderElementsOf(memory);
  }

  @Test
  void aTwoRuleTemporalOrderedCorrelationRunsOnDuckDb() throws SQLException {
    String yaml =
        """
        title: Okta failed logins
        name: okta_failed_login
        logsource:
            product: okta
        detection:
            selection:
                outcome.result: FAILURE
            condition: selection
        ---
        title: Okta logins
        name: okta_success
        logsource:
            product: okta
        detection:
            selection:
                outcome.result: SUCCESS
            condition: selection
        ---
        title: Failure then success
        correlation:
            type: temporal_ordered
            rules:
                - okta_failed_login
                - okta_success
            group-by:
                - actor.alternateId
            timespan: 10m
        """;
    SigmaCollection c = new SigmaParser().parse(yaml, "o.yml");
    String sql =
        SqlConverter.convert(
            c.correlations().get(0), c.rules(), SqlDialect.DUCKDB, FieldMapping.lake());
    String fail = "{\"actor\":{\"alternateId\":\"%s\"},\"outcome\":{\"result\":\"FAILURE\"}}";
    String ok = "{\"actor\":{\"alternateId\":\"%s\"},\"outcome\":{\"result\":\"SUCCESS\"}}";
    // alice: failure then success 10 minutes later (fires); bob: success then failure, then a
    // success 10 minutes and 1 second after the failure (neither fires)
    assertThat(
            execute(
                "SELECT window_start, \"actor.alternateId\", CAST(epoch(window_end) AS BIGINT)"
                    + " FROM ("
                    + sql
                    + ")",
                "2026-11-20T10:00:00Z",
                String.format(fail, "alice"),
                "2026-11-20T10:10:00Z",
                String.format(ok, "alice"),
                "2026-11-20T10:00:00Z",
                String.format(ok, "bob"),
                "2026-11-20T10:01:00Z",
                String.format(fail, "bob"),
                "2026-11-20T10:11:01Z",
                String.format(ok, "bob")))
        .containsExactly("2026-11-20T10:00:00Z alice 1795169400");
  }
}
