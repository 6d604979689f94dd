package io.mantissa.nlq;

import java.util.List;
import java.util.Objects;

/** What a {@link Planner} proposes for a question. */
public sealed interface Proposal permits Proposal.Structured, Proposal.Sql, Proposal.Unanswerable {

  /**
   * A typed plan.
   *
   * @param plan the plan
   * @param explanation the plan in words
   * @param assumptions what the planner assumed ("admins are users whose name contains admin")
   */
  record Structured(QueryPlan plan, String explanation, List<String> assumptions)
      implements Proposal {
    /** Validates and copies. */
    public Structured {
      Objects.requireNonNull(plan, "plan");
      Objects.requireNonNull(explanation, "explanation");
      assumptions = List.copyOf(assumptions);
    }
  }

  /**
   * Neutral SQL over the semantic catalog (tables of the lake, columns of the catalog). The engine
   * adds the time window and the row limit.
   *
   * @param sql one SELECT
   * @param explanation what it does, in words
   * @param assumptions what the planner assumed
   */
  record Sql(String sql, String explanation, List<String> assumptions) implements Proposal {
    /** Validates and copies. */
    public Sql {
      Objects.requireNonNull(sql, "sql");
      Objects.requireNonNull(explanation, "explanation");
      assumptions = List.copyOf(assumptions);
    }
  }

  /**
   * The planner cannot answer; it says why and which questions it can answer instead.
   *
   * @param reason why
   * @param suggestions the nearest questions it can answer
   */
  record Unanswerable(String reason, List<String> suggestions) implements Proposal {
    /** Validates and copies. */
    public Unanswerable {
      Objects.requireNonNull(reason, "reason");
      suggestions = List.copyOf(suggestions);
    }
  }
}
