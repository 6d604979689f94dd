package io.mantissa.testkit;

import java.nio.file.Path;

/**
 * The project's rule pack ({@code ../rules}) through the JUnit harness: one dynamic test per {@code
 * match}, {@code no_match} and {@code sequences} entry, as a rule author's own project would run
 * its rules.
 */
class RulePackTest extends SigmaRuleTests {
  @Override
  protected Path rulesFolder() {
    return Path.of("..", "rules");
  }
}
