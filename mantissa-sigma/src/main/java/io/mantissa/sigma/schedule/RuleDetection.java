package io.mantissa.sigma.schedule;

import io.mantissa.api.TimeRange;
import io.mantissa.sigma.RuleMetadata;
import io.mantissa.spi.query.ColumnInfo;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * The rows one rule matched in one run that no earlier run reported.
 *
 * @param rule the rule's or correlation's metadata
 * @param ruleKey the key of the rule's watermark and dedup entries (its id, else name, else title)
 * @param correlation whether the rule is a correlation (rows are {@code window_start}, the group-by
 *     values and the count) or a detection rule (rows are lake rows: time, source, id, raw, ...)
 * @param window the event-time range queried (the watermark minus the lookback up to the run's end)
 * @param columns the result columns
 * @param rows the new rows, each with one value per column ({@code null} for SQL NULL); never empty
 * @param truncated whether the backend cut the result at the row limit (rows beyond it are lost to
 *     this run)
 */
public record RuleDetection(
    RuleMetadata rule,
    String ruleKey,
    boolean correlation,
    TimeRange window,
    List<ColumnInfo> columns,
    List<List<Object>> rows,
    boolean truncated) {

  /** Validates and copies the detection; values inside rows may be null. */
  public RuleDetection {
    Objects.requireNonNull(rule, "rule");
    Objects.requireNonNull(ruleKey, "ruleKey");
    Objects.requireNonNull(window, "window");
    columns = List.copyOf(columns);
    List<List<Object>> copy = new ArrayList<>(rows.size());
    for (List<Object> row : rows) {
      copy.add(Collections.unmodifiableList(new ArrayList<>(row)));
    }
    rows = Collections.unmodifiableList(copy);
    if (rows.isEmpty()) {
      throw new IllegalArgumentException("a detection has at least one row");
    }
  }

  /** The value of {@code column} (case-insensitive) in {@code row}, or null when absent. */
  public Object value(int row, String column) {
    for (int i = 0; i < columns.size(); i++) {
      if (columns.get(i).name().equalsIgnoreCase(column)) {
        return rows.get(row).get(i);
      }
    }
    return null;
  }
}
