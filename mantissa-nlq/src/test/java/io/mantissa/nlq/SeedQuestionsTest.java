package io.mantissa.nlq;

import static org.assertj.core.api.Assertions.assertThat;

import io.mantissa.backend.local.LocalQueryBackend;
import io.mantissa.spi.query.QueryResult;
import io.mantissa.spi.query.SqlDialect;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The four seed questions of the issue, answered offline on a real local lake. */
class SeedQuestionsTest {
  @TempDir static Path dir;
  static LocalQueryBackend backend;
  static NlqEngine nlq;

  @BeforeAll
  static void lake() {
    backend = Lake.build(dir);
    nlq = NlqEngine.builder(backend).clock(Lake.CLOCK).build();
  }

  @AfterAll
  static void close() {
    backend.close();
  }

  private static List<String> column(Answer a, String name) {
    QueryResult r = a.result().orElseThrow();
    int i = -1;
    for (int c = 0; c < r.columns().size(); c++) {
      if (r.columns().get(c).name().equals(name)) {
        i = c;
      }
    }
    assertThat(i).as("column %s in %s", name, r.columns()).isNotNegative();
    List<String> out = new ArrayList<>();
    for (List<Object> row : r.rows()) {
      out.add(String.valueOf(row.get(i)));
    }
    return out;
  }

  @Test
  void lastTimeRootWasUsed() {
    Answer a = nlq.ask(Ask.of("When was the last time root was used?"));
    assertThat(a.status()).isEqualTo(Answer.Status.ANSWERED);
    assertThat(a.planner()).contains("offline");
    assertThat(a.result().orElseThrow().rows()).hasSize(1);
    assertThat(column(a, "event_time").get(0)).startsWith("2026-11-19");
    assertThat(column(a, "event_name")).containsExactly("ListBuckets");
    assertThat(a.assumptions()).anyMatch(s -> s.contains("assumed the last 30 days"));
  }

  @Test
  void failedLoginsFromOutsideTheUsThisWeek() {
    Answer a = nlq.ask(Ask.of("Show me all failed logins from outside the US this week"));
    assertThat(a.status()).isEqualTo(Answer.Status.ANSWERED);
    assertThat(column(a, "user_name")).containsExactly("Bob Jones", "Alice Smith", "Alice Smith");
    assertThat(column(a, "country")).containsOnly("DE"); // Okta's "Germany" as its OCSF ISO code
    assertThat(a.explanation()).contains("failed").contains("2026-11-23 00:00");
    assertThat(a.sql().orElseThrow()).contains("json_extract_string").contains("NOT IN");
  }

  @Test
  void bucketsCreatedInTheLast24Hours() {
    Answer a = nlq.ask(Ask.of("List all S3 buckets created in the last 24 hours"));
    assertThat(column(a, "bucket_name")).containsExactly("acme-logs", "acme-exports");
  }

  @Test
  void usersWithTheMostMfaFailuresThisMonth() {
    Answer a = nlq.ask(Ask.of("Which users have the most MFA failures this month?"));
    assertThat(column(a, "user_name")).containsExactly("Bob Jones", "Alice Smith");
    assertThat(column(a, "events")).containsExactly("3", "1");
  }

  @Test
  void everySeedQuestionRendersForEveryDialect() {
    for (String q :
        List.of(
            "When was the last time root was used?",
            "Show me all failed logins from outside the US this week",
            "List all S3 buckets created in the last 24 hours",
            "Which users have the most MFA failures this month?")) {
      for (SqlDialect d : SqlDialect.values()) {
        Answer a = nlq.ask(Ask.of(q).forDialect(d).explain());
        assertThat(a.status()).as(q + " " + d).isEqualTo(Answer.Status.EXPLAINED);
        assertThat(a.sql()).isPresent();
        assertThat(a.price()).isPresent();
      }
    }
  }

  @Test
  void anUnknownQuestionIsRefusedWithSuggestions() {
    Answer a = nlq.ask(Ask.of("What is the airspeed velocity of an unladen swallow?"));
    assertThat(a.status()).isEqualTo(Answer.Status.CANNOT_ANSWER);
    assertThat(a.sql()).isEmpty();
    assertThat(a.suggestions()).hasSize(3);
  }
}
