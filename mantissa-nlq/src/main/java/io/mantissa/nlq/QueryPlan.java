package io.mantissa.nlq;

import io.mantissa.api.TimeRange;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A question as a typed query over one lake table: what the offline planner produces and what
 * follow-up questions refine. It becomes neutral SQL, which is checked and rendered like any other.
 *
 * @param table the lake table ({@code identity_events}, {@code events} or a source id)
 * @param conditions the filters, all of which must hold
 * @param shape what the answer looks like
 * @param columns the columns of a {@link Shape#ROWS} or {@link Shape#LATEST} answer
 * @param groupBy the fields to group by ({@link Shape#COUNT} and {@link Shape#TOP})
 * @param bucketSeconds the bucket size of a {@link Shape#TREND}, else 0
 * @param window the time window
 * @param limit the most rows to return
 * @param description what the events are, in words ("failed authentication events")
 */
public record QueryPlan(
    String table,
    List<Condition> conditions,
    Shape shape,
    List<String> columns,
    List<String> groupBy,
    long bucketSeconds,
    TimeWindow window,
    int limit,
    String description) {

  /** What an answer looks like. */
  public enum Shape {
    /** The events themselves, newest first. */
    ROWS,
    /** How many events, possibly per group. */
    COUNT,
    /** The groups with the most events, most first. */
    TOP,
    /** The newest matching event. */
    LATEST,
    /** Events per time bucket. */
    TREND
  }

  /**
   * The time window of a plan and how it was chosen.
   *
   * @param range the range
   * @param phrase the words of the question that chose it, or the default's description
   * @param assumed whether the question did not say and a default was used
   */
  public record TimeWindow(TimeRange range, String phrase, boolean assumed) {
    /** Validates. */
    public TimeWindow {
      Objects.requireNonNull(range, "range");
      Objects.requireNonNull(phrase, "phrase");
    }
  }

  /** Validates and copies. */
  public QueryPlan {
    Objects.requireNonNull(table, "table");
    Objects.requireNonNull(shape, "shape");
    Objects.requireNonNull(window, "window");
    Objects.requireNonNull(description, "description");
    conditions = List.copyOf(conditions);
    columns = List.copyOf(columns);
    groupBy = List.copyOf(groupBy);
    if (limit < 1) {
      throw new IllegalArgumentException("limit must be at least 1, was " + limit);
    }
    if ((shape == Shape.TREND) != (bucketSeconds > 0)) {
      throw new IllegalArgumentException("a trend, and only a trend, has a bucket size");
    }
  }

  /** This plan with one more condition, replacing any earlier condition on the same field. */
  public QueryPlan with(Condition condition) {
    List<Condition> next = new ArrayList<>();
    for (Condition c : conditions) {
      if (!c.field().equals(condition.field())) {
        next.add(c);
      }
    }
    next.add(condition);
    return new QueryPlan(
        table, next, shape, columns, groupBy, bucketSeconds, window, limit, description);
  }

  /** This plan over another window. */
  public QueryPlan with(TimeWindow newWindow) {
    return new QueryPlan(
        table, conditions, shape, columns, groupBy, bucketSeconds, newWindow, limit, description);
  }

  /** This plan with another shape, grouping and bucket. */
  public QueryPlan reshaped(Shape newShape, List<String> newGroupBy, long newBucket, int newLimit) {
    return new QueryPlan(
        table, conditions, newShape, columns, newGroupBy, newBucket, window, newLimit, description);
  }

  /** This plan returning other columns. */
  public QueryPlan withColumns(List<String> newColumns) {
    return new QueryPlan(
        table, conditions, shape, newColumns, groupBy, bucketSeconds, window, limit, description);
  }
}
