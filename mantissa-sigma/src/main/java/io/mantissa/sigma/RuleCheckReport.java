package io.mantissa.sigma;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The result of {@link RuleCatalog#check(CompileOptions)}.
 *
 * @param files Sigma files considered
 * @param rules detection rules in the files that parsed
 * @param filters filters in the files that parsed
 * @param correlations correlations (including obsolete aggregations) in the files that parsed
 * @param warnings parse warnings in the files that parsed
 * @param parsed files that parsed and whose rules all compiled
 * @param failed files that did not parse or hold a rule that does not compile
 * @param needPlaceholderValues rules that compile only because of the options' placeholder policy
 *     (they fail under the default options)
 * @param failures the failures, in file order
 * @param documents the documents of the files that parsed and compiled
 */
public record RuleCheckReport(
    int files,
    int rules,
    int filters,
    int correlations,
    int warnings,
    int parsed,
    int failed,
    int needPlaceholderValues,
    List<RuleFailure> failures,
    List<SigmaDocument> documents) {

  /**
   * The failures sharing one reason.
   *
   * @param reason the reason ({@link RuleFailure#reason()})
   * @param failures the failures, in file order (never empty)
   */
  public record ReasonGroup(String reason, List<RuleFailure> failures) {
    /** Validates the group. */
    public ReasonGroup {
      Objects.requireNonNull(reason, "reason");
      failures = List.copyOf(failures);
      if (failures.isEmpty()) {
        throw new IllegalArgumentException("a reason group has at least one failure");
      }
    }

    /** How many failures share the reason. */
    public int count() {
      return failures.size();
    }

    /** The first failure, as an example. */
    public RuleFailure first() {
      return failures.get(0);
    }
  }

  /** Validates the report. */
  public RuleCheckReport {
    failures = List.copyOf(failures);
    documents = List.copyOf(documents);
  }

  /** Whether every file parsed and every rule compiled. */
  public boolean ok() {
    return failures.isEmpty();
  }

  /** The failures grouped by reason, the most frequent reason first (then by reason). */
  public List<ReasonGroup> byReason() {
    Map<String, List<RuleFailure>> groups = new LinkedHashMap<>();
    for (RuleFailure f : failures) {
      groups.computeIfAbsent(f.reason(), k -> new ArrayList<>()).add(f);
    }
    List<ReasonGroup> result = new ArrayList<>();
    groups.forEach((reason, list) -> result.add(new ReasonGroup(reason, list)));
    result.sort(
        Comparator.comparingInt(ReasonGroup::count).reversed().thenComparing(ReasonGroup::reason));
    return List.copyOf(result);
  }
}
