package io.mantissa.sigma;

import static io.mantissa.sigma.Sigma.detection;
import static io.mantissa.sigma.Sigma.parse;
import static io.mantissa.sigma.Sigma.rule;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mantissa.api.ErrorCode;
import io.mantissa.api.MantissaException;
import io.mantissa.api.Severity;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SigmaParserTest {

  private static final String FULL =
      """
      title: Okta MFA factor reset
      id: 0e95725d-7320-415d-80f7-004da920fc11
      name: okta_mfa_reset
      status: test
      description: An admin reset a user's MFA factors.
      references:
          - https://developer.okta.com/docs/reference/api/event-types/
      author: Mantissa
      date: 2024-01-02
      modified: 2024/03/04
      tags:
          - attack.persistence
          - attack.t1556.006
      logsource:
          product: okta
          service: okta
          category: authentication
      detection:
          selection:
              eventType: user.mfa.factor.reset_all
              outcome.result: SUCCESS
          condition: selection
      fields:
          - actor.alternateId
      falsepositives: Helpdesk resets
      level: high
      related:
          - id: 9f2e5e0e-0000-4000-8000-000000000000
            type: derived
      """;

  @Test
  void readsMetadata() {
    SigmaRule r = rule(FULL);
    RuleMetadata m = r.metadata();
    assertThat(m.title()).isEqualTo("Okta MFA factor reset");
    assertThat(m.id()).contains("0e95725d-7320-415d-80f7-004da920fc11");
    assertThat(m.name()).contains("okta_mfa_reset");
    assertThat(m.status()).contains(RuleStatus.TEST);
    assertThat(m.level()).contains(Severity.HIGH);
    assertThat(m.tags()).containsExactly("attack.persistence", "attack.t1556.006");
    assertThat(m.logSource()).isEqualTo(LogSource.of("authentication", "okta", "okta"));
    assertThat(m.falsePositives()).containsExactly("Helpdesk resets");
    assertThat(m.references()).hasSize(1);
    assertThat(m.author()).contains("Mantissa");
    assertThat(m.date()).contains("2024-01-02");
    assertThat(m.modified()).contains("2024/03/04");
    assertThat(m.fields()).containsExactly("actor.alternateId");
    assertThat(m.related())
        .containsExactly(new Related("9f2e5e0e-0000-4000-8000-000000000000", "derived"));
    assertThat(m.location().line()).isEqualTo(1);
  }

  @Test
  void mapsAreAndOfFieldsAndListsAreOr() {
    SigmaRule r =
        detection(
            """
                selection:
                    EventLog: Security
                    EventID:
                        - 517
                        - 1102
                condition: selection
            """);
    SearchExpr e = r.detection().identifiers().get("selection").expression();
    assertThat(e).isInstanceOf(SearchExpr.AllOf.class);
    List<SearchExpr> parts = ((SearchExpr.AllOf) e).parts();
    SearchExpr.FieldMatch id = (SearchExpr.FieldMatch) parts.get(1);
    assertThat(id.field()).isEqualTo("EventID");
    assertThat(id.values())
        .containsExactly(
            new SigmaValue.Num(new BigDecimal(517), "517"),
            new SigmaValue.Num(new BigDecimal(1102), "1102"));
  }

  @Test
  void listsOfMapsAreOrAndKeywordListsHaveNoField() {
    SigmaRule r =
        detection(
            """
                selection:
                    - Image|endswith: '\\\\example.exe'
                    - Description|contains: 'Test executable'
                keywords:
                    - 'EVILSERVICE'
                    - 'svchost.exe -n evil'
                condition: selection or keywords
            """);
    assertThat(r.detection().identifiers().get("selection").expression())
        .isInstanceOf(SearchExpr.AnyOf.class);
    SearchExpr k = r.detection().identifiers().get("keywords").expression();
    assertThat(k).isInstanceOf(SearchExpr.KeywordMatch.class);
    assertThat(((SearchExpr.KeywordMatch) k).values()).hasSize(2);
  }

  @Test
  void keywordsWithAllModifier() {
    SigmaRule r =
        detection(
            """
                keywords_cmdlet:
                    '|all':
                        - 'OabVirtualDirectory'
                        - ' -ExternalUrl '
                condition: keywords_cmdlet
            """);
    SearchExpr.KeywordMatch k =
        (SearchExpr.KeywordMatch) r.detection().identifiers().get("keywords_cmdlet").expression();
    assertThat(k.modifiers()).containsExactly(Modifier.ALL);
  }

  @Test
  void typesValues() {
    SigmaRule r =
        detection(
            """
                selection:
                    a: null
                    b: ''
                    c: true
                    d: 1.5
                    e: '42'
                    f: 0x17
                condition: selection
            """);
    List<SearchExpr> parts =
        ((SearchExpr.AllOf) r.detection().identifiers().get("selection").expression()).parts();
    assertThat(((SearchExpr.FieldMatch) parts.get(0)).values().get(0))
        .isInstanceOf(SigmaValue.Null.class);
    assertThat(((SearchExpr.FieldMatch) parts.get(1)).values().get(0))
        .isEqualTo(new SigmaValue.Str("", SigmaString.literal("")));
    assertThat(((SearchExpr.FieldMatch) parts.get(2)).values().get(0))
        .isEqualTo(new SigmaValue.Bool(true));
    assertThat(((SearchExpr.FieldMatch) parts.get(3)).values().get(0))
        .isEqualTo(new SigmaValue.Num(new BigDecimal("1.5"), "1.5"));
    assertThat(((SearchExpr.FieldMatch) parts.get(4)).values().get(0))
        .isInstanceOf(SigmaValue.Str.class);
    assertThat(((SearchExpr.FieldMatch) parts.get(5)).values().get(0))
        .isEqualTo(new SigmaValue.Num(new BigDecimal(23), "0x17"));
  }

  @Test
  void parsesEveryModifier() {
    SigmaRule r =
        detection(
            """
                selection:
                    a|contains|all: [x, y]
                    b|startswith: x
                    c|endswith: x
                    d|re|i|m|s: '^a.*b$'
                    e|cidr: 10.0.0.0/8
                    f|base64: x
                    g|base64offset|contains: x
                    h|utf16le|base64: x
                    i|utf16be|base64: x
                    j|wide|base64offset|contains: x
                    k|utf16|base64: x
                    l|windash|contains: ' -f '
                    m|exists: true
                    n|gt: 1
                    o|gte: 1
                    p|lt: 1
                    q|lte: 1
                    r|fieldref: a
                    s|expand: '%Admins%'
                    t|cased: X
                    u|neq: x
                    v|hour: 3
                condition: selection
            """);
    List<SearchExpr> parts =
        ((SearchExpr.AllOf) r.detection().identifiers().get("selection").expression()).parts();
    assertThat(parts).hasSize(22);
    assertThat(((SearchExpr.FieldMatch) parts.get(3)).modifiers())
        .containsExactly(Modifier.RE, Modifier.I, Modifier.M, Modifier.S);
    SigmaValue.Str expand =
        (SigmaValue.Str) ((SearchExpr.FieldMatch) parts.get(18)).values().get(0);
    assertThat(expand.pattern().parts()).containsExactly(new SigmaString.Placeholder("Admins"));
  }

  @Test
  void parsesWildcardsAndEscapes() {
    assertThat(SigmaString.parse("a*b?c").parts())
        .containsExactly(
            new SigmaString.Literal("a"),
            SigmaString.Wildcard.MANY,
            new SigmaString.Literal("b"),
            SigmaString.Wildcard.ONE,
            new SigmaString.Literal("c"));
    assertThat(SigmaString.parse("a\\*b\\?").parts())
        .containsExactly(new SigmaString.Literal("a*b?"));
    // spec: \\* is a backslash followed by a wildcard, \\\* a backslash and a plain star
    assertThat(SigmaString.parse("a\\\\*").parts())
        .containsExactly(new SigmaString.Literal("a\\"), SigmaString.Wildcard.MANY);
    assertThat(SigmaString.parse("a\\\\\\*").parts())
        .containsExactly(new SigmaString.Literal("a\\*"));
    // a plain backslash: single or double
    assertThat(SigmaString.parse("C:\\Windows").toString()).isEqualTo("C:\\Windows");
    assertThat(SigmaString.parse("C:\\\\Windows").toString()).isEqualTo("C:\\Windows");
    // three or four backslashes are a double backslash
    assertThat(SigmaString.parse("\\\\\\x").toString()).isEqualTo("\\\\x");
    assertThat(SigmaString.parse("\\\\\\\\x").toString()).isEqualTo("\\\\x");
  }

  @Test
  void parsesConditionPrecedence() {
    SigmaRule r =
        detection(
            """
                a: {f: 1}
                b: {f: 2}
                c: {f: 3}
                condition: a or b and not c
            """);
    ConditionExpr e = r.detection().conditions().get(0).expression();
    assertThat(e)
        .isEqualTo(
            new ConditionExpr.Or(
                List.of(
                    new ConditionExpr.Ref("a"),
                    new ConditionExpr.And(
                        List.of(
                            new ConditionExpr.Ref("b"),
                            new ConditionExpr.Not(new ConditionExpr.Ref("c")))))));
  }

  @Test
  void parsesQuantifiersAndParentheses() {
    SigmaRule r =
        detection(
            """
                selection_1: {f: 1}
                selection_2: {f: 2}
                filter_main: {g: 1}
                _internal: {h: 1}
                condition: (1 of selection_* or all of them) and not 1 of filter* and not all of them
            """);
    ConditionExpr.And and = (ConditionExpr.And) r.detection().conditions().get(0).expression();
    ConditionExpr.Or or = (ConditionExpr.Or) and.operands().get(0);
    assertThat(or.operands().get(0))
        .isEqualTo(
            new ConditionExpr.Quantified(
                false, "selection_*", List.of("selection_1", "selection_2")));
    assertThat(((ConditionExpr.Quantified) or.operands().get(1)).names())
        .containsExactly("selection_1", "selection_2", "filter_main");
  }

  @Test
  void conditionListIsOr() {
    SigmaRule r =
        detection(
            """
                a: {f: 1}
                b: {f: 2}
                condition:
                    - a
                    - b
            """);
    assertThat(r.detection().conditions()).hasSize(2);
  }

  @Test
  void obsoleteAggregationBecomesACorrelationWithAWarning() {
    SigmaCollection c =
        parse(
            """
            title: Many failures
            id: 11111111-1111-4111-8111-111111111111
            logsource:
                product: okta
            detection:
                selection:
                    outcome.result: FAILURE
                timeframe: 10m
                condition: selection | count(actor.alternateId) by client.ipAddress > 10
            level: medium
            """);
    assertThat(c.warnings())
        .singleElement()
        .satisfies(w -> assertThat(w.message()).contains("obsolete"));
    SigmaCorrelation corr = c.correlations().get(0);
    assertThat(corr.type()).isEqualTo(CorrelationType.VALUE_COUNT);
    assertThat(corr.valueField()).contains("actor.alternateId");
    assertThat(corr.groupBy()).containsExactly("client.ipAddress");
    assertThat(corr.timespan()).isEqualTo(Duration.ofMinutes(10));
    assertThat(corr.condition()).contains(CountCondition.of(CountOperator.GT, 10));
    assertThat(corr.rules()).containsExactly("11111111-1111-4111-8111-111111111111");
    assertThat(corr.fromAggregation()).isTrue();
    Condition cond = c.rules().get(0).detection().conditions().get(0);
    assertThat(cond.aggregation()).isPresent();
    assertThat(cond.expression()).isEqualTo(new ConditionExpr.Ref("selection"));
  }

  @Test
  void countWithoutFieldIsEventCount() {
    SigmaCollection c =
        parse(
            """
            title: Many
            logsource: {product: x}
            detection:
                selection: {a: 1}
                timeframe: 1h
                condition: selection | count() > 5
            """);
    assertThat(c.correlations().get(0).type()).isEqualTo(CorrelationType.EVENT_COUNT);
    assertThat(c.correlations().get(0).rules())
        .containsExactly(c.rules().get(0).metadata().reference());
  }

  @Test
  void ruleCollectionsWithGlobalRepeatAndReset() {
    SigmaCollection c =
        parse(
            """
            action: global
            title: Base
            logsource:
                product: windows
            detection:
                selection:
                    EventID: 1
                condition: selection
            ---
            logsource:
                service: sysmon
            ---
            action: repeat
            logsource:
                service: security
            ---
            action: reset
            ---
            title: Standalone
            logsource: {product: linux}
            detection:
                s: {a: 1}
                condition: s
            """);
    List<SigmaRule> rules = c.rules();
    assertThat(rules).hasSize(3);
    assertThat(rules.get(0).metadata().logSource())
        .isEqualTo(LogSource.of(null, "windows", "sysmon"));
    assertThat(rules.get(1).metadata().logSource())
        .isEqualTo(LogSource.of(null, "windows", "security"));
    assertThat(rules.get(1).metadata().title()).isEqualTo("Base");
    assertThat(rules.get(2).metadata().logSource()).isEqualTo(LogSource.of(null, "linux", null));
  }

  @Test
  void parsesFilters() {
    SigmaCollection c =
        parse(
            """
            title: Filter Administrator account
            logsource:
                category: process_creation
                product: windows
            filter:
                rules:
                    - 6f3e2987-db24-4c78-a860-b4f4095a7095
                selection:
                    User|startswith: 'adm_'
                condition: not selection
            """);
    SigmaFilter f = c.filters().get(0);
    assertThat(f.rules()).containsExactly("6f3e2987-db24-4c78-a860-b4f4095a7095");
    assertThat(f.detection().identifiers()).containsOnlyKeys("selection");
  }

  @Test
  void parsesEveryCorrelationType() {
    SigmaCollection c =
        parse(
            """
            title: Many failed logins
            correlation:
                type: event_count
                rules: [failed_login]
                group-by: [ComputerName]
                timespan: 1h
                condition:
                    gte: 100
            ---
            title: Many users
            correlation:
                type: value_count
                rules: failed_login
                group-by: [ComputerName, WorkstationName]
                timespan: 1d
                condition:
                    field: User
                    gt: 100
                    lte: 200
            ---
            title: Recon
            correlation:
                type: temporal
                rules: [recon_a, recon_b, recon_c]
                group-by: [ComputerName, User]
                timespan: 5m
            ---
            title: Failed then success
            level: high
            correlation:
                type: temporal_ordered
                rules: [internal_error, new_network_connection]
                group-by: [internal_ip]
                timespan: 10s
                generate: true
                aliases:
                    internal_ip:
                        internal_error: destination.ip
                        new_network_connection: source.ip
            """);
    List<SigmaCorrelation> all = c.correlations();
    assertThat(all)
        .extracting(SigmaCorrelation::type)
        .containsExactly(
            CorrelationType.EVENT_COUNT,
            CorrelationType.VALUE_COUNT,
            CorrelationType.TEMPORAL,
            CorrelationType.TEMPORAL_ORDERED);
    assertThat(all.get(0).condition()).contains(CountCondition.of(CountOperator.GTE, 100));
    assertThat(all.get(1).valueField()).contains("User");
    assertThat(all.get(1).condition().get().bounds()).hasSize(2);
    assertThat(all.get(1).condition().get().test(150)).isTrue();
    assertThat(all.get(1).condition().get().test(201)).isFalse();
    assertThat(all.get(2).condition()).isEmpty();
    assertThat(all.get(3).aliases().get("internal_ip"))
        .containsEntry("internal_error", "destination.ip");
    assertThat(all.get(3).generate()).isTrue();
    assertThat(all.get(3).metadata().level()).contains(Severity.HIGH);
    assertThat(all.get(3).timespan()).isEqualTo(Duration.ofSeconds(10));
  }

  @Test
  void allOnSingleValueWarns() {
    SigmaCollection c =
        parse(
            "title: t\nlogsource: {product: x}\ndetection:\n  s:\n    a|contains|all: x\n  condition: s\n");
    assertThat(c.warnings())
        .singleElement()
        .satisfies(
            w -> {
              assertThat(w.message()).contains("'all' on a single value");
              assertThat(w.location().line()).isEqualTo(5);
            });
  }

  @Test
  void unknownModifierIsAParseError() {
    assertThatThrownBy(
            () -> detection("    s:\n        CommandLine|contain: x\n    condition: s\n"))
        .isInstanceOf(MantissaException.class)
        .hasMessageContaining("unknown modifier 'contain'")
        .satisfies(
            e -> assertThat(((MantissaException) e).code()).isEqualTo(ErrorCode.PARSE_ERROR));
  }

  @Test
  void placeholderRequiresExpand() {
    SigmaRule r = detection("    s:\n        User: '%admins%'\n    condition: s\n");
    SigmaValue.Str v =
        (SigmaValue.Str)
            ((SearchExpr.FieldMatch) r.detection().identifiers().get("s").expression())
                .values()
                .get(0);
    assertThat(v.pattern().hasPlaceholders()).isFalse();
    assertThat(v.pattern().toString()).isEqualTo("%admins%");
  }

  @Test
  void timeframeIsKept() {
    SigmaRule r = detection("    s: {a: 1}\n    timeframe: 30s\n    condition: s\n");
    assertThat(r.detection().timeframe()).isEqualTo(Optional.of(Duration.ofSeconds(30)));
  }

  @Test
  void expandGivesEveryCombinationOfPlaceholderValuesInOrder() {
    SigmaString s = SigmaString.parse("%a%-%b%*", true);
    List<SigmaString> out =
        s.expand(
            name ->
                name.equals("a")
                    ? List.of(SigmaString.literal("x"), SigmaString.literal("y"))
                    : List.of(SigmaString.parse("1?")));
    assertThat(out.stream().map(SigmaString::toSigma).toList()).containsExactly("x-1?*", "y-1?*");
    assertThatThrownBy(
            () ->
                s.expand(
                    name -> {
                      throw new IllegalArgumentException("no values for " + name);
                    }))
        .hasMessage("no values for a");
  }
}
