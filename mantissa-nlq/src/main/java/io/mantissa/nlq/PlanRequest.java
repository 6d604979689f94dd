package io.mantissa.nlq;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * What a planner gets.
 *
 * @param question the question as asked
 * @param normalized the question lower-cased with spacing and punctuation normalized
 * @param now the time the question is asked at
 * @param time the time expression found in the normalized question, if any
 * @param window the time window the answer will use (from the question, the previous turn or the
 *     default)
 * @param catalog the semantic catalog
 * @param tables the lake tables that exist
 * @param history earlier turns of the conversation, oldest first
 * @param feedback the error the previous attempt of this planner ran into (SQL that did not pass
 *     the checks or failed to run), for it to repair; empty on the first attempt
 */
public record PlanRequest(
    String question,
    String normalized,
    Instant now,
    Optional<TimeExpressions.Found> time,
    QueryPlan.TimeWindow window,
    SemanticCatalog catalog,
    Set<String> tables,
    List<Turn> history,
    Optional<String> feedback) {

  /**
   * One earlier question and what answered it.
   *
   * @param question the question
   * @param plan the typed plan, when the offline planner answered
   * @param sql the neutral SQL that ran
   */
  public record Turn(String question, Optional<QueryPlan> plan, String sql) {
    /** Validates. */
    public Turn {
      Objects.requireNonNull(question, "question");
      Objects.requireNonNull(plan, "plan");
      Objects.requireNonNull(sql, "sql");
    }
  }

  /** Validates and copies. */
  public PlanRequest {
    Objects.requireNonNull(question, "question");
    Objects.requireNonNull(normalized, "normalized");
    Objects.requireNonNull(now, "now");
    Objects.requireNonNull(time, "time");
    Objects.requireNonNull(window, "window");
    Objects.requireNonNull(catalog, "catalog");
    Objects.requireNonNull(feedback, "feedback");
    tables = Set.copyOf(tables);
    history = List.copyOf(history);
  }

  /** The last turn, if any. */
  public Optional<Turn> previous() {
    return history.isEmpty() ? Optional.empty() : Optional.of(history.get(history.size() - 1));
  }

  /** This request with the error of a failed attempt. */
  public PlanRequest withFeedback(String error) {
    return new PlanRequest(
        question, normalized, now, time, window, catalog, tables, history, Optional.of(error));
  }
}
