package io.mantissa.testkit;

import io.mantissa.sigma.test.RuleTestCase;
import io.mantissa.sigma.test.RuleTestResult;
import io.mantissa.sigma.test.RuleTests;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Runs the test files of a folder of Sigma rules (see {@link RuleTests}) as JUnit dynamic tests:
 * one container per rule file, one test per {@code match}, {@code no_match} and {@code sequences}
 * entry, plus a failing test for each file-level problem (a rule that does not parse, a rule
 * without tests). A failing test's message is the harness's diff: the event, what was expected and
 * what happened.
 *
 * <pre>{@code
 * class MyRulesTest {
 *   @TestFactory
 *   Stream<DynamicNode> rules() {
 *     return SigmaRuleTests.dynamicTests(Path.of("src/test/resources/rules"));
 *   }
 * }
 * }</pre>
 *
 * <p>Subclassing works too: extend {@link SigmaRuleTests} and implement {@link #rulesFolder()}.
 */
public abstract class SigmaRuleTests {
  /** For subclasses. */
  protected SigmaRuleTests() {}

  /** The folder (or rule file) whose tests a subclass runs. */
  protected abstract Path rulesFolder();

  /** The tests of {@link #rulesFolder()}, for subclasses. */
  @TestFactory
  protected Stream<DynamicNode> sigmaRuleTests() {
    return dynamicTests(rulesFolder());
  }

  /**
   * The tests of {@code path} as dynamic tests, grouped by rule file.
   *
   * @throws io.mantissa.api.MantissaException when the path does not exist
   */
  public static Stream<DynamicNode> dynamicTests(Path path) {
    Objects.requireNonNull(path, "path");
    RuleTests tests = RuleTests.load(path);
    Map<Path, List<DynamicNode>> byFile = new LinkedHashMap<>();
    for (RuleTestCase c : tests.cases()) {
      byFile
          .computeIfAbsent(c.ruleFile(), f -> new ArrayList<>())
          .add(DynamicTest.dynamicTest(c.name(), source(c.ruleFile()), () -> assertPasses(c)));
    }
    if (byFile.isEmpty()) {
      return Stream.of(
          DynamicTest.dynamicTest(
              "rules found under " + path,
              () -> {
                throw new AssertionError("no Sigma rule files under " + path);
              }));
    }
    return byFile.entrySet().stream()
        .map(
            e ->
                DynamicContainer.dynamicContainer(
                    display(path, e.getKey()), source(e.getKey()), e.getValue().stream()));
  }

  /** Runs one case and throws an {@link AssertionError} with the harness's diff when it fails. */
  public static void assertPasses(RuleTestCase testCase) {
    RuleTestResult result = testCase.run();
    if (!result.passed()) {
      throw new AssertionError(result.location() + " " + result.name() + "\n" + result.detail());
    }
  }

  private static String display(Path root, Path file) {
    Path base = root.toAbsolutePath().normalize();
    Path f = file.toAbsolutePath().normalize();
    return f.startsWith(base) && !f.equals(base) ? base.relativize(f).toString() : f.toString();
  }

  private static URI source(Path file) {
    return file.toAbsolutePath().normalize().toUri();
  }
}
