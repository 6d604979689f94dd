package io.mantissa.sigma.test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mantissa.api.MantissaException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The rule test harness over rule folders written to a temp dir. */
class RuleTestsTest {
  private static final String RULE =
      """
      title: Admin role granted
      id: 0b5c6d7e-0000-4000-8000-000000000001
      logsource: {product: okta}
      detection:
          selection:
              eventType: user.account.privilege.grant
              outcome.result: SUCCESS
          filter:
              actor.alternateId|endswith: '@svc.example.com'
          condition: selection and not filter
      level: high
      """;
  private static final String TESTS =
      """
      match:
        - name: grant by alice
          event:
            eventType: user.account.privilege.grant
            outcome: {result: SUCCESS}
            actor: {alternateId: alice@example.com}
      no_match:
        - name: revoke
          event:
            eventType: user.account.privilege.revoke
            outcome: {result: SUCCESS}
        - name: automation
          event:
            eventType: user.account.privilege.grant
            outcome: {result: SUCCESS}
            actor: {alternateId: bot@svc.example.com}
      """;
  private static final String CORRELATION =
      """
      title: Failed sign-in
      id: 0b5c6d7e-0000-4000-8000-000000000002
      name: failed
      logsource: {product: okta}
      detection:
          s: {eventType: user.session.start, outcome.result: FAILURE}
          condition: s
      ---
      title: Brute force
      id: 0b5c6d7e-0000-4000-8000-000000000003
      correlation:
          type: event_count
          rules: [failed]
          group-by: [actor.alternateId]
          timespan: 5m
          condition: {gte: 3}
      """;
  private static final String SEQUENCES =
      """
      sequences:
        - name: three failures in a minute
          fires: true
          group: {actor.alternateId: user2@example.com}
          events:
            - time: 2026-01-05T10:00:00Z
              repeat: 3
              interval: 20s
              event:
                eventType: user.session.start
                outcome: {result: FAILURE}
                actor: {alternateId: 'user${i}@example.com'}
            - time: 2026-01-05T10:01:00Z
              repeat: 3
              interval: 10s
              event:
                eventType: user.session.start
                outcome: {result: FAILURE}
                actor: {alternateId: user2@example.com}
        - name: two failures
          fires: false
          events:
            - time: 2026-01-05T10:00:00Z
              event: {eventType: user.session.start, outcome: {result: FAILURE}, actor: {alternateId: a@example.com}}
            - time: 2026-01-05T10:00:30Z
              event: {eventType: user.session.start, outcome: {result: FAILURE}, actor: {alternateId: a@example.com}}
      """;

  @TempDir Path dir;

  private Path write(String name, String text) throws Exception {
    Path p = dir.resolve(name);
    Files.createDirectories(p.getParent());
    return Files.writeString(p, text);
  }

  @Test
  void passingRuleAndCorrelationTests() throws Exception {
    write("okta/admin.yml", RULE);
    write("okta/admin.tests.yml", TESTS);
    write("okta/brute.yml", CORRELATION);
    write("okta/brute.tests.yml", SEQUENCES);
    RuleTests tests = RuleTests.load(dir);
    assertThat(tests.ruleFiles()).isEqualTo(2);
    assertThat(tests.cases())
        .extracting(RuleTestCase::name)
        .containsExactly(
            "match: grant by alice",
            "no_match: revoke",
            "no_match: automation",
            "sequence: three failures in a minute",
            "sequence: two failures");
    RuleTestReport report = tests.run();
    assertThat(report.failures()).isEmpty();
    assertThat(report.ok()).isTrue();
    assertThat(report.format(false)).isEqualTo("2 rule files, 5 tests: 5 passed, 0 failed\n");
    assertThat(report.format(true))
        .contains("PASS " + dir.resolve("okta/admin.tests.yml") + ":2:5");
  }

  @Test
  void aMissedMatchNamesTheEventTheIdentifierAndTheField() throws Exception {
    write("okta/admin.yml", RULE);
    write(
        "okta/admin.tests.yml",
        """
        match:
          - name: typo in the event type
            event:
              eventType: user.account.privilege.grants
              outcome: {result: SUCCESS}
        no_match:
          - name: automation matched after all
            event:
              eventType: user.account.privilege.grant
              outcome: {result: SUCCESS}
              actor: {alternateId: bot@example.com}
        """);
    RuleTestReport report = RuleTests.load(dir).run();
    assertThat(report.failed()).isEqualTo(2);
    RuleTestResult missed = report.failures().get(0);
    assertThat(missed.location().line()).isEqualTo(2);
    assertThat(missed.detail())
        .contains("expected a match, got none — rule 'Admin role granted'")
        .contains("event: {\"eventType\":\"user.account.privilege.grants\"")
        .contains("condition: selection and not filter")
        .contains("selection: did not match")
        .contains(
            "eventType: expected 'user.account.privilege.grant', event has"
                + " \"user.account.privilege.grants\"")
        .doesNotContain("outcome.result: expected");
    assertThat(report.failures().get(1).detail())
        .contains("expected no match, got a match")
        .contains("selection: matched")
        .contains("filter: did not match")
        .contains(
            "actor.alternateId|endswith: expected '@svc.example.com', event has \"bot@example.com\"");
    assertThat(report.format(false)).contains("1 rule files, 2 tests: 0 passed, 2 failed");
    assertThat(report.ok()).isFalse();
  }

  @Test
  void aSequenceThatDoesNotFireListsWhatEachEventMatched() throws Exception {
    write("okta/brute.yml", CORRELATION);
    write(
        "okta/brute.tests.yml",
        """
        sequences:
          - name: too slow
            fires: true
            events:
              - time: 2026-01-05T10:00:00Z
                repeat: 3
                interval: 3m
                event: {eventType: user.session.start, outcome: {result: FAILURE}, actor: {alternateId: a@example.com}}
          - name: wrong group
            fires: true
            group: {actor.alternateId: b@example.com}
            events:
              - time: 2026-01-05T10:00:00Z
                repeat: 3
                interval: 1s
                event: {eventType: user.session.start, outcome: {result: FAILURE}, actor: {alternateId: a@example.com}}
        """);
    List<RuleTestResult> failures = RuleTests.load(dir).run().failures();
    assertThat(failures)
        .extracting(RuleTestResult::detail)
        .first()
        .isEqualTo("the test file needs a sequence with fires: false");
    assertThat(failures).hasSize(3);
    assertThat(failures.get(1).detail())
        .contains("expected correlation 'Brute force' to fire, it did not fire")
        .contains("event_count of [failed], group-by [actor.alternateId], timespan PT5M")
        .contains("event 3 at 2026-01-05T10:06:00Z")
        .contains("matched failed");
    assertThat(failures.get(2).detail())
        .contains("for group {actor.alternateId=b@example.com}, it fired 1 time(s)")
        .contains("fired: group [a@example.com]");
  }

  @Test
  void fileLevelProblemsAreFailingCases() throws Exception {
    write("a/no_tests.yml", RULE);
    write("a/only_match.yml", RULE.replace("0001", "0004"));
    write(
        "a/only_match.tests.yml",
        """
        match:
          - event: {eventType: user.account.privilege.grant, outcome: {result: SUCCESS}}
        """);
    write("a/orphan.tests.yml", TESTS);
    write(
        "a/broken.yml",
        "title: Broken\nlogsource: {product: okta}\ndetection:\n  s: {a|nope: 1}\n  condition: s\n");
    write("a/bad_tests.yml", RULE.replace("0001", "0005"));
    write("a/bad_tests.tests.yml", "match:\n  - evnt: {a: 1}\n");
    List<RuleTestResult> failures = RuleTests.load(dir).run().failures();
    assertThat(failures)
        .extracting(RuleTestResult::detail)
        .anySatisfy(
            d -> assertThat(d).startsWith("the rule file does not parse: ").contains("nope"))
        .anySatisfy(d -> assertThat(d).contains("no test file: write no_tests.tests.yml"))
        .anySatisfy(
            d -> assertThat(d).isEqualTo("the test file needs at least one no_match: event"))
        .anySatisfy(
            d -> assertThat(d).contains("a test file without a rule file next to it (orphan.yml)"))
        .anySatisfy(
            d ->
                assertThat(d)
                    .contains("bad_tests.tests.yml:2:5: unknown key 'evnt' in match entry 1"));
    assertThat(failures).hasSize(5);
  }

  @Test
  void aFolderFilterAppliesToMatchTestsAndTheFailureNamesIt() throws Exception {
    write("okta/admin.yml", RULE);
    write("okta/admin.tests.yml", TESTS);
    write(
        "okta/filters.yml",
        """
        title: Ignore alice
        id: 0b5c6d7e-0000-4000-8000-000000000010
        logsource: {product: okta}
        filter:
            rules: [0b5c6d7e-0000-4000-8000-000000000001]
            selection:
                actor.alternateId: alice@example.com
            condition: not selection
        """);
    RuleTestReport report = RuleTests.load(dir).run();
    assertThat(report.ruleFiles()).isEqualTo(2);
    assertThat(report.failures())
        .singleElement()
        .satisfies(
            f ->
                assertThat(f.detail())
                    .contains("expected a match, got none")
                    .contains(
                        "the rule alone matches; a filter of the folder excludes the event:"
                            + " Ignore alice"));
  }

  @Test
  void filesWithSeveralRulesNeedRuleAndUnknownReferencesFail() throws Exception {
    write(
        "x/two.yml",
        RULE + "---\n" + RULE.replace("0001", "0009").replace("Admin role granted", "Second"));
    write(
        "x/two.tests.yml",
        """
        match:
          - rule: Second
            event: {eventType: user.account.privilege.grant, outcome: {result: SUCCESS}}
          - event: {eventType: user.account.privilege.grant, outcome: {result: SUCCESS}}
        no_match:
          - rule: 0b5c6d7e-0000-4000-8000-000000000001
            event: {eventType: x}
          - rule: nobody
            event: {eventType: x}
        """);
    RuleTestReport report = RuleTests.load(dir).run();
    assertThat(report.passed()).isEqualTo(2);
    assertThat(report.failures())
        .extracting(RuleTestResult::detail)
        .containsExactly(
            "error: "
                + dir.resolve("x/two.yml")
                + " holds 2 detection rules; say which one with"
                + " rule: (its id, name or title)",
            "error: rule: 'nobody' is not the id, name or title of a rule of "
                + dir.resolve("x/two.yml"));
  }

  @Test
  void yamlTypesAreKeptExceptTimestamps() {
    TestFile f =
        TestFile.parse(
            """
            match:
              - time: 2026-02-03T04:05:06+01:00
                event: {n: 5, f: 1.5, b: true, s: '5', t: 2026-01-01T00:00:00Z, z: null, l: [1, x]}
            """,
            Path.of("t.tests.yml"));
    TestFile.EventCase c = f.match().get(0);
    assertThat(c.time()).hasToString("2026-02-03T03:05:06Z");
    assertThat(c.event())
        .containsEntry("n", 5L)
        .containsEntry("f", 1.5)
        .containsEntry("b", true)
        .containsEntry("s", "5")
        .containsEntry("t", "2026-01-01T00:00:00Z")
        .containsEntry("z", null)
        .containsEntry("l", List.of(1L, "x"));
  }

  @Test
  void invalidTestFilesNameLineAndColumn() {
    assertThatThrownBy(() -> TestFile.parse("sequences:\n  - events: []\n", Path.of("s.tests.yml")))
        .isInstanceOf(MantissaException.class)
        .hasMessage("s.tests.yml:2:5: sequence 1 needs events: and fires: (true or false)");
    assertThatThrownBy(
            () ->
                TestFile.parse(
                    "sequences:\n  - fires: true\n    events:\n      - time: x\n        event: {}\n",
                    Path.of("s.tests.yml")))
        .hasMessageContaining("s.tests.yml:4:15: time 'x' is not an ISO-8601 instant");
    assertThatThrownBy(
            () ->
                TestFile.parse(
                    "sequences:\n  - fires: true\n    events:\n      - time: 2026-01-01T00:00:00Z\n"
                        + "        repeat: 3\n        event: {}\n",
                    Path.of("s.tests.yml")))
        .hasMessageContaining("has repeat: but no interval:");
    assertThatThrownBy(
            () -> TestFile.parse("match:\n  - event: {a: 1, a: 2}\n", Path.of("d.tests.yml")))
        .hasMessage("d.tests.yml:2:19: duplicate key 'a' in an event");
    assertThatThrownBy(() -> TestFile.parse("match: [\n", Path.of("b.tests.yml")))
        .hasMessageStartingWith("b.tests.yml:2:1: ");
    assertThatThrownBy(() -> RuleTests.load(Path.of("/no/such/folder")))
        .hasMessageContaining("no such file or folder");
  }
}
