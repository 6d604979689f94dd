package io.mantissa.nlq;

import io.mantissa.spi.query.SqlDialect;
import java.util.Objects;
import java.util.Optional;

/**
 * A question to answer, and how.
 *
 * @param question the question in plain English
 * @param session the conversation it belongs to, for follow-ups
 * @param dialect the engine to show SQL for; when it is not the backend's, the answer shows the SQL
 *     and its cost there but does not run it
 * @param explainOnly stop before running: SQL, explanation and cost only
 * @param confirmed the caller accepts a cost above the confirmation threshold
 * @param rows the most rows wanted, else the default limit
 */
public record Ask(
    String question,
    Optional<String> session,
    Optional<SqlDialect> dialect,
    boolean explainOnly,
    boolean confirmed,
    Optional<Integer> rows) {

  /** The longest question accepted, in characters. */
  public static final int MAX_LENGTH = 2_000;

  /** Validates. */
  public Ask {
    Objects.requireNonNull(question, "question");
    Objects.requireNonNull(session, "session");
    Objects.requireNonNull(dialect, "dialect");
    Objects.requireNonNull(rows, "rows");
    if (question.isBlank()) {
      throw new IllegalArgumentException("the question is empty");
    }
    if (question.length() > MAX_LENGTH) {
      throw new IllegalArgumentException(
          "the question is " + question.length() + " characters; at most " + MAX_LENGTH);
    }
    session.ifPresent(Conversations::checkId);
    if (rows.isPresent() && rows.get() < 1) {
      throw new IllegalArgumentException("rows must be at least 1, was " + rows.get());
    }
  }

  /** A question with no session, run on the backend, default limits. */
  public static Ask of(String question) {
    return new Ask(question, Optional.empty(), Optional.empty(), false, false, Optional.empty());
  }

  /** This question in conversation {@code id}. */
  public Ask inSession(String id) {
    return new Ask(question, Optional.of(id), dialect, explainOnly, confirmed, rows);
  }

  /** This question, showing SQL for {@code target}. */
  public Ask forDialect(SqlDialect target) {
    return new Ask(question, session, Optional.of(target), explainOnly, confirmed, rows);
  }

  /** This question, stopping before running. */
  public Ask explain() {
    return new Ask(question, session, dialect, true, confirmed, rows);
  }

  /** This question, accepting its cost. */
  public Ask confirm() {
    return new Ask(question, session, dialect, explainOnly, true, rows);
  }

  /** This question with at most {@code n} rows. */
  public Ask limit(int n) {
    return new Ask(question, session, dialect, explainOnly, confirmed, Optional.of(n));
  }
}
