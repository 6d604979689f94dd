package io.mantissa.nlq;

import io.mantissa.api.TimeRange;
import io.mantissa.spi.query.CostEstimate;
import io.mantissa.spi.query.QueryResult;
import io.mantissa.spi.query.SqlDialect;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The answer to a question: the SQL (neutral and in the engine's dialect), what it does in words,
 * the assumptions made, what it costs, and the rows when it ran.
 *
 * @param question the question
 * @param status what happened
 * @param planner the planner that answered ("offline", "llm:…"), empty when none could
 * @param neutralSql the checked neutral SQL, empty when unanswered
 * @param sql the SQL in {@code dialect}; when it runs on the backend, the backend's copy asks for
 *     one row more than this LIMIT, so that truncation can be reported
 * @param dialect the dialect of {@code sql}
 * @param explanation what the SQL does, or why there is no answer
 * @param assumptions the time window, sources and meanings assumed
 * @param window the event-time window queried
 * @param estimate what the query would scan, on the backend
 * @param price what it would cost on {@code dialect}
 * @param result the rows, when it ran
 * @param suggestions questions that can be answered, when this one cannot
 * @param fromCache whether the plan or the rows came from a cache
 * @param planning the time from the question to the checked SQL in the backend's dialect (planning,
 *     checks, rendering), without the backend's cost estimate and execution
 */
public record Answer(
    String question,
    Status status,
    Optional<String> planner,
    Optional<String> neutralSql,
    Optional<String> sql,
    SqlDialect dialect,
    String explanation,
    List<String> assumptions,
    Optional<TimeRange> window,
    Optional<CostEstimate> estimate,
    Optional<CostRates.Price> price,
    Optional<QueryResult> result,
    List<String> suggestions,
    boolean fromCache,
    Duration planning) {

  /** What happened to a question. */
  public enum Status {
    /** It ran; the rows are in the answer. */
    ANSWERED,
    /** SQL and cost only, as asked (or because the dialect is not the backend's). */
    EXPLAINED,
    /** The cost is above the threshold: ask again with {@link Ask#confirm()} to run it. */
    NEEDS_CONFIRMATION,
    /** No planner could answer; see the explanation and the suggestions. */
    CANNOT_ANSWER
  }

  /** Validates and copies. */
  public Answer {
    Objects.requireNonNull(question, "question");
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(dialect, "dialect");
    Objects.requireNonNull(explanation, "explanation");
    Objects.requireNonNull(planning, "planning");
    assumptions = List.copyOf(assumptions);
    suggestions = List.copyOf(suggestions);
  }
}
