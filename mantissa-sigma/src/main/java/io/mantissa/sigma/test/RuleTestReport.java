package io.mantissa.sigma.test;

import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * The results of running a folder's rule tests.
 *
 * @param ruleFiles the number of rule files found
 * @param results one result per case, in file order
 */
public record RuleTestReport(int ruleFiles, List<RuleTestResult> results) {
  /** Validates the report. */
  public RuleTestReport {
    if (ruleFiles < 0) {
      throw new IllegalArgumentException("ruleFiles must not be negative");
    }
    results = List.copyOf(Objects.requireNonNull(results, "results"));
  }

  /** The number of cases that passed. */
  public int passed() {
    return (int) results.stream().filter(RuleTestResult::passed).count();
  }

  /** The number of cases that failed. */
  public int failed() {
    return results.size() - passed();
  }

  /** The failed cases. */
  public List<RuleTestResult> failures() {
    return results.stream().filter(r -> !r.passed()).toList();
  }

  /** Whether every case passed (and there was at least one rule file). */
  public boolean ok() {
    return failed() == 0 && ruleFiles > 0;
  }

  /**
   * The report as text: every failure with its location and detail (and, when {@code verbose}, one
   * line per passing case), then a summary line.
   */
  public String format(boolean verbose) {
    StringBuilder sb = new StringBuilder();
    for (RuleTestResult r : results) {
      if (r.passed()) {
        if (verbose) {
          sb.append("PASS ").append(r.location()).append(' ').append(r.name()).append('\n');
        }
        continue;
      }
      sb.append("FAIL ").append(r.location()).append(' ').append(r.name()).append('\n');
      for (String line : r.detail().split("\n", -1)) {
        sb.append("    ").append(line).append('\n');
      }
    }
    sb.append(
        String.format(
            Locale.ROOT,
            "%d rule files, %d tests: %d passed, %d failed%n",
            ruleFiles,
            results.size(),
            passed(),
            failed()));
    return sb.toString();
  }
}
