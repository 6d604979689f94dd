package io.mantissa.sigma.sql.internal;

import io.mantissa.sigma.SigmaCorrelation;
import io.mantissa.spi.query.SqlDialect;
import java.util.ArrayList;
import java.util.List;

/**
 * A temporal_ordered correlation of three or more rules as SQL with exactly the semantics of {@link
 * io.mantissa.sigma.CorrelationEngine} on a stream in time order (equal timestamps in event-id
 * order, an event matching several steps taken as the highest step first).
 *
 * <p>Per group, the step-tagged matches are numbered in that order ({@code sigma_pos}, one global
 * numbering whose groups are contiguous). Without the resets, the latest start of a chain through
 * steps {@code 0..k} that is complete before a row, with every step at most the timespan after the
 * start, is a running {@code MAX} over the rows before it ({@code sigma_a<k>}, its time {@code
 * sigma_t<k>}): a step-{@code k} row extends the latest chain through {@code k-1} if that chain
 * started at most the timespan before it (the latest start is the best one for every later step).
 * The engine keeps exactly this, restricted to chains that start after the group's last firing: a
 * row of the last step is a candidate when a chain through the step before it exists within the
 * timespan, and it fires when that chain's start (nondecreasing over the candidates) comes after
 * the last firing. Which candidates fire is a greedy walk (each firing decides the next: the first
 * candidate whose chain starts after it), which one query expresses only through recursion or row
 * pattern matching: DuckDB and BigQuery follow precomputed "next firing" pointers in a recursive
 * common table expression (one iteration per firing of the busiest group; BigQuery stops a query
 * after 500 iterations, with an error), Athena (Trino) matches {@code x y*} with {@code
 * MATCH_RECOGNIZE} over the candidates. Synapse has neither and refuses the construct.
 *
 * <p>DuckDB materializes the CTEs read more than once (the recursive step would otherwise recompute
 * the window functions on every iteration).
 *
 * <p>The reported event ids are the engine's: those of the chain that fired. The chain through step
 * {@code k} that a row sees ends at the latest row of step {@code k} before it that extended a live
 * chain through {@code k-1} (the running {@code MAX} of the starts is nondecreasing, so that row
 * carries the latest start; of several chains with that start the engine keeps the one extended
 * last too); its position is another running {@code MAX} ({@code sigma_p<k>}; for the first step
 * {@code sigma_a0}). A firing row's chain is found by following these pointers back, one join per
 * step. Pointers ignore the firings, as the starts do: a firing chain starts after the last firing,
 * and so do all its rows and every row extending a chain with that start.
 */
final class OrderedSql {
  private OrderedSql() {}

  /** Refuses a dialect without recursion or row pattern matching. */
  static void checkDialect(SigmaCorrelation c, SqlDialect dialect) {
    if (dialect == SqlDialect.SYNAPSE) {
      int n = c.rules().size();
      throw Translator.unsupported(
          c.metadata(),
          "a temporal_ordered correlation of " + n + " rules",
          dialect,
          "a firing consumes its chain, so which later chains fire depends on the earlier firings"
              + " (a greedy walk over the whole sequence); exact SQL needs a recursive common"
              + " table expression or MATCH_RECOGNIZE, and Synapse supports neither");
    }
  }

  /**
   * The correlation's SQL over {@code matches}, a query with the columns {@code event_time}, {@code
   * event_id}, the group-by names and {@code step}. Columns: {@code window_start} (the chain's
   * start), the group-by fields, {@code window_end} (the last step's time), {@code first_id},
   * {@code last_id}, {@code step_2_id} .. {@code step_<n-1>_id} and {@code rule_count} (n).
   */
  static String chain(SigmaCorrelation c, String matches, SqlDialect dialect) {
    org.apache.calcite.sql.SqlDialect d = Dialects.of(dialect);
    int n = c.rules().size();
    long span = c.timespan().toSeconds();
    List<String> groups = new ArrayList<>();
    for (String g : c.groupBy()) {
      groups.add(d.quoteIdentifier(g));
    }
    String partition = groups.isEmpty() ? "" : "PARTITION BY " + String.join(", ", groups) + " ";
    String before =
        " OVER ("
            + partition
            + "ORDER BY sigma_pos ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING)";
    String time = d.quoteIdentifier("event_time");
    String id = d.quoteIdentifier("event_id");
    String step = d.quoteIdentifier("step");
    StringBuilder sql = new StringBuilder();
    sql.append(dialect == SqlDialect.ATHENA ? "WITH " : "WITH RECURSIVE ");
    sql.append("sigma_m AS (\n").append(matches).append("\n),\n");
    List<String> order = new ArrayList<>(groups);
    order.add(time);
    order.add(id);
    order.add(step + " DESC");
    String materialized = dialect == SqlDialect.DUCKDB ? " AS MATERIALIZED (\n" : " AS (\n";
    sql.append("sigma_r")
        .append(materialized)
        .append("SELECT sigma_m.*, ROW_NUMBER() OVER (ORDER BY ")
        .append(String.join(", ", order))
        .append(") AS sigma_pos\nFROM sigma_m\n),\n");
    // sigma_s<k>: adds sigma_a<k-1>, sigma_t<k-1> (start position and time of the latest chain
    // through step k-1 before the row) and, from k = 2, sigma_p<k-1> (the row that ends it)
    String previous = "sigma_r";
    for (int k = 1; k < n; k++) {
      String current = "sigma_s" + k;
      String extendsChain =
          k == 1
              ? step + " = 0"
              : step + " = " + (k - 1) + " AND " + live(dialect, k - 2, time, span);
      String pos = k == 1 ? "sigma_pos" : "sigma_a" + (k - 2);
      String start = k == 1 ? time : "sigma_t" + (k - 2);
      sql.append(current)
          .append(k == n - 1 ? materialized : " AS (\n")
          .append("SELECT ")
          .append(previous)
          .append(".*, MAX(CASE WHEN ")
          .append(extendsChain)
          .append(" THEN ")
          .append(pos)
          .append(" END)")
          .append(before)
          .append(" AS sigma_a")
          .append(k - 1)
          .append(", MAX(CASE WHEN ")
          .append(extendsChain)
          .append(" THEN ")
          .append(start)
          .append(" END)")
          .append(before)
          .append(" AS sigma_t")
          .append(k - 1);
      if (k > 1) {
        // the row that ends that chain: the latest row extending a chain (the running MAX above
        // is nondecreasing, so the latest row has the latest start)
        sql.append(", MAX(CASE WHEN ")
            .append(extendsChain)
            .append(" THEN sigma_pos END)")
            .append(before)
            .append(" AS sigma_p")
            .append(k - 1);
      }
      sql.append("\nFROM ").append(previous).append("\n),\n");
      previous = current;
    }
    String last = previous;
    String groupList = groups.isEmpty() ? "" : String.join(", ", groups) + ", ";
    sql.append("sigma_c")
        .append(materialized)
        .append("SELECT ")
        .append(groupList)
        .append("sigma_pos, sigma_a")
        .append(n - 2)
        .append(" AS sigma_from, ROW_NUMBER() OVER (")
        .append(partition)
        .append("ORDER BY sigma_pos) AS sigma_rank\nFROM ")
        .append(last)
        .append("\nWHERE ")
        .append(step)
        .append(" = ")
        .append(n - 1)
        .append(" AND ")
        .append(live(dialect, n - 2, time, span))
        .append("\n),\n");
    if (dialect == SqlDialect.ATHENA) {
      sql.append("sigma_f AS (\nSELECT sigma_fired AS sigma_pos\nFROM sigma_c MATCH_RECOGNIZE (")
          .append(partition)
          .append("ORDER BY sigma_pos MEASURES x.sigma_pos AS sigma_fired ONE ROW PER MATCH")
          .append(" AFTER MATCH SKIP PAST LAST ROW PATTERN (x y*)")
          .append(" DEFINE y AS y.sigma_from <= x.sigma_pos)\n)\n");
    } else {
      String nullPos =
          dialect == SqlDialect.BIGQUERY ? "CAST(NULL AS INT64)" : "CAST(NULL AS BIGINT)";
      sql.append("sigma_k AS (\nSELECT ")
          .append(groupList)
          .append(
              "sigma_from AS sigma_key, sigma_pos AS sigma_val\nFROM sigma_c\nUNION ALL\nSELECT ")
          .append(groupList)
          .append("sigma_pos AS sigma_key, ")
          .append(nullPos)
          .append(" AS sigma_val\nFROM sigma_c\n),\n");
      sql.append("sigma_n")
          .append(materialized)
          .append("SELECT sigma_key AS sigma_pos, sigma_next\nFROM (SELECT sigma_k.*,")
          .append(" MIN(sigma_val) OVER (")
          .append(partition)
          .append("ORDER BY sigma_key ROWS BETWEEN 1 FOLLOWING AND UNBOUNDED FOLLOWING)")
          .append(" AS sigma_next\nFROM sigma_k) AS sigma_k2\nWHERE sigma_val IS NULL\n),\n");
      sql.append("sigma_f AS (\nSELECT sigma_pos\nFROM sigma_c\nWHERE sigma_rank = 1\nUNION ALL\n")
          .append("SELECT sigma_n.sigma_next AS sigma_pos\nFROM sigma_f\n")
          .append("INNER JOIN sigma_n ON sigma_n.sigma_pos = sigma_f.sigma_pos\n")
          .append("WHERE sigma_n.sigma_next IS NOT NULL\n)\n");
    }
    // the firing rows, then each step's row through the pointers: sigma_p<k> (sigma_a0 for the
    // first step) of the row of step k + 1
    String fired = "sigma_e" + (n - 1);
    sql.append("SELECT ").append(fired).append(".sigma_t").append(n - 2).append(" AS window_start");
    for (String g : groups) {
      sql.append(", ").append(fired).append('.').append(g);
    }
    sql.append(", ").append(fired).append('.').append(time).append(" AS window_end");
    sql.append(", sigma_e0.").append(id).append(" AS first_id");
    sql.append(", ").append(fired).append('.').append(id).append(" AS last_id");
    for (int k = 1; k < n - 1; k++) {
      sql.append(", sigma_e")
          .append(k)
          .append('.')
          .append(id)
          .append(" AS ")
          .append(d.quoteIdentifier("step_" + (k + 1) + "_id"));
    }
    sql.append(", ").append(n).append(" AS rule_count\nFROM sigma_f\nINNER JOIN ");
    sql.append(last)
        .append(" AS ")
        .append(fired)
        .append(" ON ")
        .append(fired)
        .append(".sigma_pos = sigma_f.sigma_pos");
    for (int k = n - 2; k >= 0; k--) {
      sql.append("\nINNER JOIN ")
          .append(last)
          .append(" AS sigma_e")
          .append(k)
          .append(" ON sigma_e")
          .append(k)
          .append(".sigma_pos = sigma_e")
          .append(k + 1)
          .append(k == 0 ? ".sigma_a0" : ".sigma_p" + k);
    }
    return sql.toString();
  }

  /**
   * The latest chain through step {@code k} started at most {@code span} seconds before the row.
   */
  private static String live(SqlDialect dialect, int k, String time, long span) {
    String start = "sigma_t" + k;
    String plus;
    switch (dialect) {
      case DUCKDB:
        plus = "(" + start + " + to_seconds(" + span + "))";
        break;
      case ATHENA:
        plus = "date_add('second', " + span + ", " + start + ")";
        break;
      default:
        plus = "TIMESTAMP_ADD(" + start + ", INTERVAL " + span + " SECOND)";
        break;
    }
    return plus + " >= " + time;
  }
}
