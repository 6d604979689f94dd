package io.mantissa.sigma;

import io.mantissa.api.Event;
import java.util.List;
import java.util.Objects;

/**
 * A Sigma rule compiled once into a matcher: field paths are resolved, patterns, literal sets,
 * regular expressions, networks and encodings are prepared, so that matching an event does no
 * parsing. Instances are immutable and thread-safe.
 */
public final class CompiledRule {
  private final SigmaRule rule;
  private final Matcher matcher;
  private final FieldTable table;

  CompiledRule(SigmaRule rule, Matcher matcher, FieldTable table) {
    this.rule = rule;
    this.matcher = matcher;
    this.table = table;
  }

  /**
   * Compiles a rule with the default options.
   *
   * @throws io.mantissa.api.MantissaException with {@code INVALID_ARGUMENT} when a value cannot be
   *     compiled (an unknown placeholder, for example)
   */
  public static CompiledRule compile(SigmaRule rule) {
    return compile(rule, List.of(), CompileOptions.defaults());
  }

  /**
   * Compiles a rule with filters ANDed onto its condition.
   *
   * @param rule the rule
   * @param filters filters that apply to it (see {@link SigmaFilter#appliesTo(SigmaRule)})
   * @param options placeholders and policies
   */
  public static CompiledRule compile(
      SigmaRule rule, List<SigmaFilter> filters, CompileOptions options) {
    Objects.requireNonNull(rule, "rule");
    FieldTable table = new FieldTable();
    Matcher matcher = new RuleCompiler(table, options).rule(rule, filters);
    table.freeze();
    return new CompiledRule(rule, matcher, table);
  }

  /** The rule. */
  public SigmaRule rule() {
    return rule;
  }

  /** Whether the event matches the rule's detection (aggregations are not evaluated here). */
  public boolean matches(Event event) {
    return matcher.matches(new EventView(table).reset(event));
  }

  boolean matches(EventView view) {
    return matcher.matches(view);
  }
}
