package io.mantissa.sigma;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mantissa.api.ErrorCode;
import io.mantissa.api.MantissaException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RuleCatalogTest {
  static final String GOOD =
      """
      title: Failed login
      id: 6f1c1b7e-0000-4000-8000-000000000001
      name: failed_login
      logsource: {product: okta}
      detection:
          s: {eventType: user.session.start, outcome.result: FAILURE}
          condition: s
      """;
  static final String CORRELATION =
      """
      title: Brute force
      correlation:
          type: event_count
          rules: [failed_login]
          group-by: [actor.alternateId]
          timespan: 5m
          condition: {gte: 3}
      """;
  static final String BROKEN =
      """
      title: Broken
      logsource: {product: okta}
      detection:
          s: {eventType|nope: x}
          condition: s
      """;

  @TempDir Path dir;

  @Test
  void walksYamlFilesRecursivelyAndGroupsFailuresByReason() throws Exception {
    Files.createDirectories(dir.resolve("a/b"));
    Files.writeString(dir.resolve("a/good.yml"), GOOD);
    Files.writeString(dir.resolve("a/b/corr.YAML"), CORRELATION);
    Files.writeString(dir.resolve("a/b/broken.yml"), BROKEN);
    Files.writeString(dir.resolve("a/b/broken2.yml"), BROKEN.replace("nope", "other"));
    Files.writeString(dir.resolve("notes.txt"), "not a rule");

    assertThat(RuleCatalog.files(dir)).hasSize(4);
    RuleCheckReport report = RuleCatalog.load(dir).check(CompileOptions.defaults());

    assertThat(report.files()).isEqualTo(4);
    assertThat(report.rules()).isEqualTo(1);
    assertThat(report.correlations()).isEqualTo(1);
    assertThat(report.filters()).isZero();
    assertThat(report.parsed()).isEqualTo(2);
    assertThat(report.failed()).isEqualTo(2);
    assertThat(report.ok()).isFalse();
    assertThat(report.documents()).hasSize(2);
    assertThat(report.byReason()).hasSize(1);
    RuleCheckReport.ReasonGroup group = report.byReason().get(0);
    assertThat(group.count()).isEqualTo(2);
    assertThat(group.reason()).startsWith("parse: ").contains("'…'").doesNotContain("nope");
    assertThat(group.first().where()).isEqualTo(dir.resolve("a/b/broken.yml") + ":4:9");
    assertThat(group.first().stage()).isEqualTo(RuleFailure.Stage.PARSE);
  }

  @Test
  void aSingleFileIsItsOwnCatalogAndAMissingPathIsAnError() throws Exception {
    Path file = Files.writeString(dir.resolve("rule.txt"), GOOD);
    RuleCheckReport report = RuleCatalog.load(file).check(CompileOptions.defaults());
    assertThat(report.ok()).isTrue();
    assertThat(report.parsed()).isEqualTo(1);
    assertThatThrownBy(() -> RuleCatalog.files(dir.resolve("missing")))
        .isInstanceOfSatisfying(
            MantissaException.class,
            e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT))
        .hasMessageContaining("no such file or folder");
  }

  @Test
  void rulesThatNeedPlaceholderValuesAreCountedOrFailed() throws Exception {
    Path file =
        Files.writeString(
            dir.resolve("p.yml"),
            """
            title: Placeholder
            logsource: {product: okta}
            detection:
                s: {actor.alternateId|expand: '%admins%'}
                condition: s
            """);
    RuleCheckReport strict = RuleCatalog.load(file).check(CompileOptions.defaults());
    assertThat(strict.failed()).isEqualTo(1);
    assertThat(strict.failures().get(0).stage()).isEqualTo(RuleFailure.Stage.COMPILE);
    RuleCheckReport lenient =
        RuleCatalog.load(file)
            .check(
                CompileOptions.defaults()
                    .withUnknownPlaceholders(CompileOptions.UnknownPlaceholders.MATCH_ANY));
    assertThat(lenient.ok()).isTrue();
    assertThat(lenient.needPlaceholderValues()).isEqualTo(1);
  }
}
