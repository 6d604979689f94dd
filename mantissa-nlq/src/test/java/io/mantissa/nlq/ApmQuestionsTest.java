package io.mantissa.nlq;

import static org.assertj.core.api.Assertions.assertThat;

import io.mantissa.spi.query.SqlDialect;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The offline planner's APM questions: which SQL each reading gives, that it passes the checks, and
 * that it renders in every dialect. Answers over data are checked by {@code QuestionSetIT}.
 */
class ApmQuestionsTest {
  static final Instant NOW = Instant.parse("2026-11-03T12:00:00Z");
  private static final SemanticCatalog CATALOG = SemanticCatalog.defaults();
  private static final Set<String> TABLES =
      Set.of("events", "identity_events", "okta", "otel_traces");

  static Proposal plan(String question, Set<String> tables) {
    String normalized = NlqEngine.normalize(question);
    Optional<TimeExpressions.Found> found =
        new TimeExpressions(ZoneOffset.UTC).find(normalized, NOW);
    QueryPlan.TimeWindow window =
        found
            .map(f -> new QueryPlan.TimeWindow(f.range(), f.phrase(), false))
            .orElse(
                new QueryPlan.TimeWindow(
                    TimeExpressions.lastPeriod(NOW, Duration.ofHours(24)),
                    "the last 24 hours",
                    true));
    return new OfflinePlanner()
        .plan(
            new PlanRequest(
                question,
                normalized,
                NOW,
                found,
                window,
                CATALOG,
                tables,
                List.of(),
                Optional.empty()));
  }

  static Proposal.Sql sql(String question) {
    Proposal p = plan(question, TABLES);
    assertThat(p).as(question).isInstanceOf(Proposal.Sql.class);
    return (Proposal.Sql) p;
  }

  @Test
  void slowestEndpointsRankRoutesByAverageServerSpanDuration() {
    Proposal.Sql p = sql("What are the slowest endpoints in the last hour?");
    assertThat(p.sql())
        .isEqualTo(
            "SELECT service, http_route, COUNT(*) AS requests,"
                + " ROUND(AVG(CAST(duration_ms AS DECIMAL(18, 6))), 1) AS avg_ms,"
                + " ROUND(MAX(CAST(duration_ms AS DECIMAL(18, 6))), 1) AS max_ms\n"
                + "FROM otel_traces\n"
                + "WHERE span_kind = 'SERVER' AND http_route IS NOT NULL\n"
                + "GROUP BY service, http_route\n"
                + "ORDER BY avg_ms DESC, service, http_route\n"
                + "FETCH NEXT 10 ROWS ONLY");
    assertThat(p.assumptions())
        .anySatisfy(a -> assertThat(a).startsWith("requests are server spans"));
    assertThat(sql("fastest endpoints today").sql()).contains("ORDER BY avg_ms, service");
  }

  @Test
  void percentilesAreRefusedWithTheReasonAndAnsweredWithAverageAndMaximum() {
    Proposal.Sql p = sql("What is the p95 latency of checkout this week?");
    assertThat(p.sql())
        .contains("COUNT(*) AS requests", "AVG(CAST(duration_ms AS DECIMAL(18, 6)))", "MAX(")
        .contains("WHERE span_kind = 'SERVER' AND LOWER(service) = 'checkout'")
        .doesNotContain("GROUP BY");
    assertThat(p.assumptions())
        .anySatisfy(a -> assertThat(a).contains("percentiles are not offered", "Athena"))
        .anySatisfy(a -> assertThat(a).startsWith("time window \"this week\""));
  }

  @Test
  void errorsRatesCountsAndLists() {
    assertThat(sql("What is the error rate by service today?").sql())
        .contains(
            "SUM(CASE WHEN span_status = 'ERROR' THEN 1 ELSE 0 END) AS errors",
            "ROUND(100 * CAST(SUM(CASE WHEN span_status = 'ERROR' THEN 1 ELSE 0 END) AS DECIMAL(18, 6))"
                + " / COUNT(*), 2) AS error_rate_pct",
            "GROUP BY service\nORDER BY error_rate_pct DESC, service");
    assertThat(sql("Which services had errors in the last 24 hours?").sql())
        .isEqualTo(
            "SELECT service, COUNT(*) AS errors\nFROM otel_traces\nWHERE span_status = 'ERROR'\n"
                + "GROUP BY service\nORDER BY errors DESC, service");
    assertThat(sql("How many requests did payments serve today?").sql())
        .isEqualTo(
            "SELECT COUNT(*) AS requests\nFROM otel_traces\n"
                + "WHERE span_kind = 'SERVER' AND LOWER(service) = 'payments'");
    assertThat(sql("How many errors did checkout have yesterday?").sql())
        .contains("COUNT(*) AS errors", "LOWER(service) = 'checkout' AND span_status = 'ERROR'");
    assertThat(sql("Show traces for checkout with errors").sql())
        .startsWith("SELECT event_time, trace_id, span_id, service, span_name")
        .contains("WHERE LOWER(service) = 'checkout' AND span_status = 'ERROR'")
        .endsWith("ORDER BY event_time DESC");
    assertThat(sql("Show requests slower than 2 seconds this week").sql())
        .contains("WHERE span_kind = 'SERVER' AND CAST(duration_ms AS DECIMAL(18, 6)) > 2000");
    assertThat(sql("Top 5 slowest traces today").sql())
        .contains("WHERE parent_span_id IS NULL", "ORDER BY duration DESC, trace_id")
        .endsWith("FETCH NEXT 5 ROWS ONLY");
    assertThat(sql("Which endpoints had errors this week?").sql())
        .contains("GROUP BY service, http_route", "http_route IS NOT NULL");
    assertThat(sql("Average latency by service in the last 24 hours").sql())
        .contains("GROUP BY service\nORDER BY avg_ms DESC, service");
  }

  @ParameterizedTest
  @org.junit.jupiter.params.provider.CsvSource(
      delimiter = '|',
      value = {
        "slowest services this week | ORDER BY avg_ms DESC, service",
        "p99 latency by endpoint today | GROUP BY service, http_route",
        "how many traces today | SELECT COUNT(DISTINCT trace_id) AS traces",
        "error rate of payments in the last 24 hours | LOWER(service) = 'payments'",
        "show failed requests for payments today"
            + " | WHERE span_kind = 'SERVER' AND LOWER(service) = 'payments' AND span_status",
        "latency of the checkout service this week | LOWER(service) = 'checkout'",
        "what's the error rate for frontend? | AS error_rate_pct",
        "Which services are the slowest? | ORDER BY avg_ms DESC, service",
        "median response time of frontend yesterday | AVG(",
        "show me errors in checkout | LOWER(service) = 'checkout' AND span_status = 'ERROR'",
        "list spans of payments over 500 ms | CAST(duration_ms AS DECIMAL(18, 6)) > 500",
        "top 3 slowest endpoints this week | FETCH NEXT 3 ROWS ONLY",
        "how many requests per service today | SELECT service, COUNT(*) AS requests",
        "failure rate per endpoint this week | GROUP BY service, http_route",
        "what are the fastest routes today | ORDER BY avg_ms, service, http_route",
      })
  void otherPhrasingsAreReadToo(String question, String fragment) {
    assertThat(sql(question).sql()).contains(fragment);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "What are the slowest endpoints in the last hour?",
        "What is the error rate by service today?",
        "What is the p95 latency of checkout this week?",
        "Which services had errors in the last 24 hours?",
        "Show traces for checkout with errors",
        "How many requests did payments serve today?",
        "Top 5 slowest traces today",
        "Show requests slower than 2 seconds this week",
      })
  void everyReadingPassesTheChecksAndRendersInEveryDialect(String question) {
    Proposal.Sql p = sql(question);
    SqlGuard guard = new SqlGuard(CATALOG, NlqLimits.DEFAULTS);
    CheckedSql checked =
        guard.check(p.sql(), TABLES, TimeExpressions.lastPeriod(NOW, Duration.ofHours(24)), 1_000);
    assertThat(checked.tables()).containsExactly("otel_traces");
    DialectRenderer renderer = new DialectRenderer(CATALOG);
    for (SqlDialect d : SqlDialect.values()) {
      String rendered = renderer.render(checked.sql(), d);
      assertThat(rendered).as(d + ": " + rendered).contains("serviceName").doesNotContain("?");
    }
  }

  /**
   * DOUBLE is not a BigQuery type (FLOAT64) nor a T-SQL one (FLOAT), and Calcite's dialects keep
   * the name: durations are cast to DECIMAL(18, 6), which all four engines read (it holds a span's
   * nanoseconds exactly).
   */
  @Test
  void durationsCastToADecimalEveryEngineReads() {
    Proposal.Sql p = sql("What is the p95 latency of checkout this week?");
    DialectRenderer renderer = new DialectRenderer(CATALOG);
    assertThat(renderer.render(p.sql(), SqlDialect.DUCKDB))
        .contains(
            "AVG(CAST(json_extract_string(json_value(\"raw\", '$.durationMs'), '$')"
                + " AS DECIMAL(18, 6)))");
    assertThat(renderer.render(p.sql(), SqlDialect.ATHENA))
        .contains("AVG(CAST(json_extract_scalar(\"raw\", '$.durationMs') AS DECIMAL(18, 6)))");
    assertThat(renderer.render(p.sql(), SqlDialect.BIGQUERY))
        .contains("AVG(CAST(JSON_VALUE(raw, '$.durationMs') AS DECIMAL(18, 6)))");
    assertThat(renderer.render(p.sql(), SqlDialect.SYNAPSE))
        .contains("AVG(CAST(JSON_VALUE([raw], '$.durationMs') AS DECIMAL(18, 6)))")
        .contains("LOWER(COALESCE(JSON_VALUE([ocsf], '$.api.service.name'),");
  }

  @Test
  void withoutSpansTheAnswerSaysSoAndOtherQuestionsAreNotTaken() {
    Proposal p = plan("What are the slowest endpoints in the last hour?", Set.of("events", "okta"));
    assertThat(p)
        .isInstanceOfSatisfying(
            Proposal.Unanswerable.class,
            u -> assertThat(u.reason()).contains("no otel_traces data"));
    assertThat(plan("Show failed logins by country this week", TABLES))
        .isInstanceOf(Proposal.Structured.class);
    assertThat(plan("How many failed logins were there today?", TABLES))
        .isInstanceOf(Proposal.Structured.class);
    // a word it cannot place is not read as APM
    assertThat(plan("What is the p95 latency of checkout by florbs this week?", TABLES))
        .isInstanceOf(Proposal.Unanswerable.class);
  }
}
