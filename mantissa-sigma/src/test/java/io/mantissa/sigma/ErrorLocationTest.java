package io.mantissa.sigma;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.mantissa.api.ErrorCode;
import io.mantissa.api.MantissaException;
import io.mantissa.api.SourceLocation;
import org.junit.jupiter.api.Test;

class ErrorLocationTest {

  private static MantissaException error(String yaml) {
    MantissaException e =
        catchThrowableOfType(
            MantissaException.class, () -> new SigmaParser().parse(yaml, "rules/r.yml"));
    assertThat(e).as("expected a parse error").isNotNull();
    assertThat(e.code()).isEqualTo(ErrorCode.PARSE_ERROR);
    return e;
  }

  private static SourceLocation at(MantissaException e) {
    return e.location().orElseThrow();
  }

  @Test
  void unknownModifierPointsAtTheKey() {
    MantissaException e =
        error(
            """
            title: t
            logsource: {product: x}
            detection:
                selection:
                    Image|endswith: x
                    CommandLine|contans: y
                condition: selection
            """);
    assertThat(at(e)).isEqualTo(new SourceLocation("rules/r.yml", 6, 9));
    assertThat(e.getMessage()).startsWith("rules/r.yml:6:9: unknown modifier 'contans'");
  }

  @Test
  void unknownIdentifierPointsInsideThePlainCondition() {
    MantissaException e =
        error(
            """
            title: t
            logsource: {product: x}
            detection:
                selection: {a: 1}
                condition: selection and not filter
            """);
    // "condition: " starts the value at column 16; "filter" is at offset 18
    assertThat(at(e)).isEqualTo(new SourceLocation("rules/r.yml", 5, 34));
    assertThat(e.getMessage()).contains("unknown search identifier 'filter'");
  }

  @Test
  void quotedConditionsShiftByTheQuote() {
    MantissaException e =
        error(
            """
            title: t
            logsource: {product: x}
            detection:
                selection: {a: 1}
                condition: 'selection and'
            """);
    assertThat(at(e).line()).isEqualTo(5);
    assertThat(at(e).column()).isEqualTo(17 + "selection and".length());
    assertThat(e.getMessage()).contains("ends where an identifier");
  }

  @Test
  void unbalancedParenthesis() {
    MantissaException e =
        error(
            """
            title: t
            logsource: {product: x}
            detection:
                a: {a: 1}
                condition: (a
            """);
    assertThat(at(e).line()).isEqualTo(5);
    assertThat(e.getMessage()).contains("missing ')'");
  }

  @Test
  void invalidYamlPointsAtTheProblem() {
    MantissaException e =
        error(
            """
            title: t
            detection:
                selection:
                    a: [1, 2
                condition: selection
            """);
    assertThat(e.getMessage()).startsWith("rules/r.yml:").contains("invalid YAML");
    assertThat(at(e).line()).isGreaterThanOrEqualTo(4);
  }

  @Test
  void invalidRegexPointsAtTheValue() {
    MantissaException e =
        error(
            """
            title: t
            logsource: {product: x}
            detection:
                selection:
                    CommandLine|re: 'a(b'
                condition: selection
            """);
    assertThat(at(e)).isEqualTo(new SourceLocation("rules/r.yml", 5, 25));
    assertThat(e.getMessage()).contains("invalid regular expression");
  }

  @Test
  void unknownLevelPointsAtTheValue() {
    MantissaException e =
        error(
            """
            title: t
            logsource: {product: x}
            detection:
                selection: {a: 1}
                condition: selection
            level: severe
            """);
    assertThat(at(e)).isEqualTo(new SourceLocation("rules/r.yml", 6, 8));
    assertThat(e.getMessage()).contains("unknown level 'severe'");
  }

  @Test
  void duplicateKeyPointsAtTheSecondKey() {
    MantissaException e =
        error(
            """
            title: t
            logsource: {product: x}
            detection:
                selection: {a: 1}
                selection: {a: 2}
                condition: selection
            """);
    assertThat(at(e)).isEqualTo(new SourceLocation("rules/r.yml", 5, 5));
    assertThat(e.getMessage()).contains("duplicate key 'selection'");
  }

  @Test
  void missingConditionPointsAtTheDetection() {
    MantissaException e =
        error(
            """
            title: t
            logsource: {product: x}
            detection:
                selection: {a: 1}
            """);
    assertThat(at(e).line()).isEqualTo(4);
    assertThat(e.getMessage()).contains("no 'condition'");
  }

  @Test
  void missingLogSource() {
    MantissaException e = error("title: t\ndetection:\n  s: {a: 1}\n  condition: s\n");
    assertThat(at(e).line()).isEqualTo(1);
    assertThat(e.getMessage()).contains("no 'logsource'");
  }

  @Test
  void missingTitle() {
    MantissaException e =
        error("logsource: {product: x}\ndetection:\n  s: {a: 1}\n  condition: s\n");
    assertThat(at(e).line()).isEqualTo(1);
    assertThat(e.getMessage()).contains("no 'title'");
  }

  @Test
  void wrongValueTypesAreRefused() {
    MantissaException exists =
        error("title: t\ndetection:\n  s:\n    a|exists: maybe\n  condition: s\n");
    assertThat(at(exists)).isEqualTo(new SourceLocation("rules/r.yml", 4, 15));
    assertThat(exists.getMessage()).contains("'exists' needs true or false");
    MantissaException gt = error("title: t\ndetection:\n  s:\n    a|gt: ten\n  condition: s\n");
    assertThat(gt.getMessage()).contains("needs a number");
    MantissaException cidr =
        error("title: t\ndetection:\n  s:\n    a|cidr: 10.0.0.0/33\n  condition: s\n");
    assertThat(cidr.getMessage()).contains("invalid CIDR");
    MantissaException flag = error("title: t\ndetection:\n  s:\n    a|i: x\n  condition: s\n");
    assertThat(flag.getMessage()).contains("flag of 're'");
    MantissaException wide = error("title: t\ndetection:\n  s:\n    a|wide: x\n  condition: s\n");
    assertThat(wide.getMessage()).contains("must be followed by 'base64'");
    MantissaException nested = error("title: t\ndetection:\n  s:\n    a: {b: c}\n  condition: s\n");
    assertThat(nested.getMessage()).contains("not a mapping");
  }

  @Test
  void conditionErrors() {
    assertThat(error("title: t\ndetection:\n  s: {a: 1}\n  condition: 2 of s*\n").getMessage())
        .contains("'2 of' is not defined");
    assertThat(error("title: t\ndetection:\n  s: {a: 1}\n  condition: s*\n").getMessage())
        .contains("needs '1 of' or 'all of'");
    assertThat(error("title: t\ndetection:\n  s: {a: 1}\n  condition: 1 of x*\n").getMessage())
        .contains("selects no search identifier");
    assertThat(
            error("title: t\ndetection:\n  s: {a: 1}\n  condition: s | max(a) > 3\n").getMessage())
        .contains("only count() is supported");
    assertThat(
            error(
                    "title: t\nlogsource: {product: x}\ndetection:\n  s: {a: 1}\n  condition: s | count() > 3\n")
                .getMessage())
        .contains("needs a 'timeframe'");
    assertThat(error("title: t\ndetection:\n  s: {a: 1}\n  condition: s and or s\n").getMessage())
        .contains("unexpected 'or'");
  }

  @Test
  void correlationErrors() {
    MantissaException type =
        error("title: c\ncorrelation:\n  type: count\n  rules: [a]\n  timespan: 1h\n");
    assertThat(at(type)).isEqualTo(new SourceLocation("rules/r.yml", 3, 9));
    assertThat(type.getMessage()).contains("unknown correlation type 'count'");
    MantissaException span =
        error(
            "title: c\ncorrelation:\n  type: event_count\n  rules: [a]\n  timespan: 1 hour\n  condition: {gt: 1}\n");
    assertThat(at(span)).isEqualTo(new SourceLocation("rules/r.yml", 5, 13));
    assertThat(span.getMessage()).contains("is not a duration");
    MantissaException field =
        error(
            "title: c\ncorrelation:\n  type: value_count\n  rules: [a]\n  timespan: 1h\n  condition: {gt: 1}\n");
    assertThat(field.getMessage()).contains("value_count needs 'field'");
    MantissaException alias =
        error(
            "title: c\ncorrelation:\n  type: temporal\n  rules: [a, b]\n  timespan: 1h\n"
                + "  aliases:\n    ip:\n      c: src\n");
    assertThat(at(alias)).isEqualTo(new SourceLocation("rules/r.yml", 8, 7));
    MantissaException action = error("action: everything\ntitle: t\n");
    assertThat(action.getMessage()).contains("unknown action 'everything'");
  }

  @Test
  void multiLineConditionsPointAtTheirStart() {
    MantissaException e =
        error(
            """
            title: t
            logsource: {product: x}
            detection:
                a: {a: 1}
                condition: >
                    a and
                    b
            """);
    assertThat(at(e).line()).isEqualTo(5);
    assertThat(e.getMessage()).contains("unknown search identifier 'b'");
  }

  @Test
  void filterErrors() {
    MantissaException rules =
        error("title: f\nlogsource: {product: x}\nfilter:\n  s: {a: 1}\n  condition: not s\n");
    assertThat(at(rules).line()).isEqualTo(4);
    assertThat(rules.getMessage()).contains("a filter needs 'rules'");
    MantissaException logsource =
        error("title: f\nfilter:\n  rules: any\n  s: {a: 1}\n  condition: not s\n");
    assertThat(logsource.getMessage()).contains("a filter needs a 'logsource'");
  }
}
