package io.mantissa.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;

/** {@link SigmaRuleTests} turns rule test files into dynamic tests that fail with the diff. */
class SigmaRuleTestsTest {
  @TempDir Path dir;

  @Test
  void oneContainerPerRuleFileAndOneTestPerEntryFailingWithTheDiff() throws Throwable {
    Files.createDirectories(dir.resolve("okta"));
    Files.writeString(
        dir.resolve("okta/lock.yml"),
        """
        title: Account locked
        id: 2d1e0f3a-0000-4000-8000-000000000001
        logsource: {product: okta}
        detection:
            s: {eventType: user.account.lock}
            condition: s
        """);
    Files.writeString(
        dir.resolve("okta/lock.tests.yml"),
        """
        match:
          - name: locked
            event: {eventType: user.account.lock}
          - name: wrong on purpose
            event: {eventType: user.account.unlock}
        no_match:
          - name: unlocked
            event: {eventType: user.account.unlock}
        """);
    List<DynamicNode> nodes = SigmaRuleTests.dynamicTests(dir).toList();
    assertThat(nodes).hasSize(1);
    DynamicContainer container = (DynamicContainer) nodes.get(0);
    assertThat(container.getDisplayName()).isEqualTo(Path.of("okta", "lock.yml").toString());
    List<DynamicTest> tests = new ArrayList<>();
    container.getChildren().forEach(n -> tests.add((DynamicTest) n));
    assertThat(tests)
        .extracting(DynamicNode::getDisplayName)
        .containsExactly("match: locked", "match: wrong on purpose", "no_match: unlocked");
    tests.get(0).getExecutable().execute();
    tests.get(2).getExecutable().execute();
    Executable failing = tests.get(1).getExecutable();
    assertThatThrownBy(failing::execute)
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("lock.tests.yml:4:5 match: wrong on purpose")
        .hasMessageContaining("expected a match, got none")
        .hasMessageContaining(
            "eventType: expected 'user.account.lock', event has \"user.account.unlock\"");
  }

  @Test
  void anEmptyFolderIsOneFailingTest() throws Throwable {
    Stream<DynamicNode> nodes = SigmaRuleTests.dynamicTests(dir);
    DynamicTest only = (DynamicTest) nodes.toList().get(0);
    assertThatThrownBy(only.getExecutable()::execute)
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("no Sigma rule files under");
  }
}
