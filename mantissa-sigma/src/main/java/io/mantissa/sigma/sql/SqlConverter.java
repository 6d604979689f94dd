package io.mantissa.sigma.sql;

import io.mantissa.sigma.SigmaCorrelation;
import io.mantissa.sigma.SigmaRule;
import io.mantissa.sigma.sql.internal.Renderer;
import io.mantissa.spi.query.SqlDialect;
import java.util.List;

/**
 * Converts Sigma rules to SQL through Calcite: the detection becomes a relational expression over
 * the lake table the {@link FieldMapping} names, rendered by one dialect object per target (DuckDB,
 * Athena/Trino, BigQuery, Synapse serverless T-SQL).
 *
 * <p>The SQL returns the same events as the in-memory evaluator ({@link
 * io.mantissa.sigma.CompiledRule}): case-insensitive matching unless {@code cased}, wildcards with
 * escapes, lists, {@code null}, {@code exists}, numeric comparisons, regular expressions and the
 * condition grammar. A construct a dialect cannot express exactly is a {@link
 * io.mantissa.api.MantissaException} naming the rule, the construct and the dialect; see the module
 * README for the list.
 */
public final class SqlConverter {
  private SqlConverter() {}

  /**
   * {@code SELECT * FROM <table> WHERE <detection>} for {@code rule} in {@code dialect}.
   *
   * @throws io.mantissa.api.MantissaException {@code INVALID_ARGUMENT} when the log source or a
   *     field is not mapped, or a construct cannot be expressed exactly in the dialect
   */
  public static String convert(SigmaRule rule, SqlDialect dialect, FieldMapping mapping) {
    return Renderer.rule(rule, dialect, mapping);
  }

  /**
   * An {@code event_count}, {@code value_count} or {@code temporal} correlation as {@code GROUP BY}
   * over fixed time buckets of the correlation's timespan with {@code HAVING} on the count. The
   * result has the columns {@code window_start}, one per group-by field (named as in the rule) and
   * {@code event_count} or {@code value_count}. Buckets are aligned to the epoch, whereas the
   * in-memory {@link io.mantissa.sigma.CorrelationEngine} slides its windows: a burst that
   * straddles a bucket boundary is found in memory but may be split in SQL. A {@code temporal}
   * correlation has the columns {@code window_start}, the group-by fields and {@code rule_count}:
   * the buckets and groups in which enough distinct rules matched (all unless its condition says
   * how many). A {@code temporal_ordered} correlation slides exactly as the engine does on events
   * in time order (equal timestamps in event-id order): columns {@code window_start} (the start of
   * the completed chain), the group-by fields, {@code window_end} (the last step's time), {@code
   * first_id}, {@code last_id}, for three or more rules {@code step_2_id} .. {@code step_<n-1>_id},
   * and {@code rule_count}, one row per firing. One rule fires on each match; three or more rules
   * need a recursive query (DuckDB, BigQuery) or {@code MATCH_RECOGNIZE} (Athena) and are refused
   * for Synapse.
   *
   * @param correlation the correlation
   * @param rules the rules it refers to (by id or name); others are ignored
   * @throws io.mantissa.api.MantissaException {@code INVALID_ARGUMENT} for temporal_ordered
   *     correlations of three or more rules on Synapse, references to rules not given (or to
   *     correlations), and whatever the rules themselves cannot express in the dialect
   */
  public static String convert(
      SigmaCorrelation correlation,
      List<SigmaRule> rules,
      SqlDialect dialect,
      FieldMapping mapping) {
    return Renderer.correlation(correlation, rules, dialect, mapping);
  }
}
