package io.mantissa.sigma.test;

import io.mantissa.api.SourceLocation;
import java.nio.file.Path;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * One test of a rule folder: an event that must match, one that must not, a timed sequence for a
 * correlation, or a file-level problem (a rule that does not parse, a rule without tests). Running
 * a case compiles what it needs; cases are independent of each other.
 */
public final class RuleTestCase {
  /** What a case checks. */
  public enum Kind {
    /** An event the rule must match. */
    MATCH,
    /** An event the rule must not match. */
    NO_MATCH,
    /** Timed events after which a correlation must (or must not) have fired. */
    SEQUENCE,
    /** The rule file and its test file themselves: they parse, and the tests cover the rule. */
    FILE
  }

  private final String name;
  private final Kind kind;
  private final Path ruleFile;
  private final SourceLocation location;
  private final Supplier<String> check;

  /**
   * A case.
   *
   * @param check runs the case: returns an empty string when it passes, else what went wrong
   */
  RuleTestCase(
      String name, Kind kind, Path ruleFile, SourceLocation location, Supplier<String> check) {
    this.name = Objects.requireNonNull(name, "name");
    this.kind = Objects.requireNonNull(kind, "kind");
    this.ruleFile = Objects.requireNonNull(ruleFile, "ruleFile");
    this.location = Objects.requireNonNull(location, "location");
    this.check = Objects.requireNonNull(check, "check");
  }

  /** A short name: the kind and the test's name, such as {@code match: admin grants self}. */
  public String name() {
    return name;
  }

  /** What the case checks. */
  public Kind kind() {
    return kind;
  }

  /** The rule file the case belongs to. */
  public Path ruleFile() {
    return ruleFile;
  }

  /** Where the case is written. */
  public SourceLocation location() {
    return location;
  }

  /** Runs the case. Never throws for a failing rule: the failure is in the result. */
  public RuleTestResult run() {
    String failure;
    try {
      failure = check.get();
    } catch (RuntimeException e) {
      failure = "error: " + e.getMessage();
    }
    return new RuleTestResult(name, kind, location, failure.isEmpty(), failure);
  }

  @Override
  public String toString() {
    return location + " " + name;
  }
}
