package io.mantissa.nlq;

/**
 * Turns a question into a query: a typed {@link QueryPlan} or neutral SQL over the semantic
 * catalog. Whatever a planner proposes is checked, bounded and rendered by the engine; a planner
 * never runs anything itself.
 */
public interface Planner {

  /** The planner's name, reported in answers ("offline", "llm:anthropic"). */
  String name();

  /** A proposal for {@code request}. */
  Proposal plan(PlanRequest request);
}
