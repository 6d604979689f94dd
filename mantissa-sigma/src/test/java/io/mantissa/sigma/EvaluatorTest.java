package io.mantissa.sigma;

import static io.mantissa.sigma.Sigma.compiled;
import static io.mantissa.sigma.Sigma.event;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mantissa.api.ErrorCode;
import io.mantissa.api.MantissaException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EvaluatorTest {

  private static CompiledRule field(String key, String value) {
    return compiled("    s:\n        " + key + ": " + value + "\n    condition: s\n");
  }

  @Test
  void plainValuesAreCaseInsensitiveWholeValueMatches() {
    CompiledRule r = field("Image", "'C:\\Windows\\System32\\cmd.exe'");
    assertThat(r.matches(event("Image", "c:\\windows\\system32\\CMD.EXE"))).isTrue();
    assertThat(r.matches(event("Image", "C:\\Windows\\System32\\cmd.exe.bak"))).isFalse();
    assertThat(r.matches(event("Other", "C:\\Windows\\System32\\cmd.exe"))).isFalse();
  }

  @Test
  void casedMakesMatchingCaseSensitive() {
    CompiledRule r = field("User|cased", "Admin");
    assertThat(r.matches(event("User", "Admin"))).isTrue();
    assertThat(r.matches(event("User", "admin"))).isFalse();
    CompiledRule c = field("User|contains|cased", "Adm");
    assertThat(c.matches(event("User", "xAdmx"))).isTrue();
    assertThat(c.matches(event("User", "xadmx"))).isFalse();
  }

  @Test
  void containsStartsWithEndsWith() {
    assertThat(field("a|contains", "mimi").matches(event("a", "xxMIMIkatz"))).isTrue();
    assertThat(field("a|contains", "mimi").matches(event("a", "mim"))).isFalse();
    assertThat(field("a|startswith", "adm_").matches(event("a", "ADM_bob"))).isTrue();
    assertThat(field("a|startswith", "adm_").matches(event("a", "xadm_"))).isFalse();
    assertThat(field("a|endswith", "'\\cmd.exe'").matches(event("a", "C:\\x\\CMD.exe"))).isTrue();
    assertThat(field("a|endswith", "'\\cmd.exe'").matches(event("a", "cmd.exe"))).isFalse();
  }

  @Test
  void wildcardsAndEscapes() {
    assertThat(field("a", "'prog?.exe'").matches(event("a", "progA.exe"))).isTrue();
    assertThat(field("a", "'prog?.exe'").matches(event("a", "prog.exe"))).isFalse();
    assertThat(field("a", "'antivirus_V*.exe'").matches(event("a", "antivirus_V21.2.1.exe")))
        .isTrue();
    assertThat(field("a", "'a*b*c'").matches(event("a", "aXXbYYbc"))).isTrue();
    assertThat(field("a", "'a*b*c'").matches(event("a", "aXXbYYbcd"))).isFalse();
    assertThat(field("a", "'*'").matches(event("a", ""))).isTrue();
    assertThat(field("a", "'what\\?'").matches(event("a", "what?"))).isTrue();
    assertThat(field("a", "'what\\?'").matches(event("a", "whatx"))).isFalse();
    assertThat(field("a", "'5\\*3'").matches(event("a", "5*3"))).isTrue();
    assertThat(field("a", "'5\\*3'").matches(event("a", "5x3"))).isFalse();
    // backslash followed by a wildcard
    assertThat(field("a", "'C:\\\\*'").matches(event("a", "C:\\temp"))).isTrue();
  }

  @Test
  void listsAreOrAndAllMakesThemAnd() {
    CompiledRule or =
        compiled(
            "    s:\n        a|contains:\n            - x\n            - y\n    condition: s\n");
    assertThat(or.matches(event("a", "..y.."))).isTrue();
    CompiledRule and =
        compiled(
            "    s:\n        a|contains|all:\n            - x\n            - y\n    condition: s\n");
    assertThat(and.matches(event("a", "..y.."))).isFalse();
    assertThat(and.matches(event("a", "y..x"))).isTrue();
  }

  @Test
  void bigOrListsUseALiteralSet() {
    StringBuilder body = new StringBuilder("    s:\n        a:\n");
    for (int i = 0; i < 100; i++) {
      body.append("            - value").append(i).append('\n');
    }
    body.append("            - 'pre*'\n    condition: s\n");
    CompiledRule r = compiled(body.toString());
    assertThat(r.matches(event("a", "VALUE42"))).isTrue();
    assertThat(r.matches(event("a", "prefix"))).isTrue();
    assertThat(r.matches(event("a", "value100"))).isFalse();
  }

  @Test
  void numbersMatchNumericAndStringFields() {
    CompiledRule r = field("EventID", "4624");
    assertThat(r.matches(event("EventID", 4624))).isTrue();
    assertThat(r.matches(event("EventID", 4624L))).isTrue();
    assertThat(r.matches(event("EventID", 4624.0))).isTrue();
    assertThat(r.matches(event("EventID", "4624"))).isTrue();
    assertThat(r.matches(event("EventID", 4625))).isFalse();
    CompiledRule hex = field("Status", "0x17");
    assertThat(hex.matches(event("Status", 23))).isTrue();
    assertThat(hex.matches(event("Status", "0x17"))).isTrue();
    CompiledRule quoted = field("EventID", "'4624'");
    assertThat(quoted.matches(event("EventID", 4624))).isTrue();
  }

  @Test
  void booleans() {
    CompiledRule r = field("mfa", "false");
    assertThat(r.matches(event("mfa", false))).isTrue();
    assertThat(r.matches(event("mfa", "False"))).isTrue();
    assertThat(r.matches(event("mfa", true))).isFalse();
  }

  @Test
  void numericComparisons() {
    assertThat(field("n|gt", "10").matches(event("n", 11))).isTrue();
    assertThat(field("n|gt", "10").matches(event("n", 10))).isFalse();
    assertThat(field("n|gte", "10").matches(event("n", "10"))).isTrue();
    assertThat(field("n|lt", "10").matches(event("n", 9.5))).isTrue();
    assertThat(field("n|lte", "10").matches(event("n", 10))).isTrue();
    assertThat(field("n|lte", "10").matches(event("n", "ten"))).isFalse();
    assertThat(field("n|lt", "10").matches(event())).isFalse();
  }

  @Test
  void nullMeansMissingOrNull() {
    CompiledRule r = field("PasswordLastSet", "null");
    Map<String, Object> withNull = new HashMap<>();
    withNull.put("PasswordLastSet", null);
    assertThat(r.matches(event())).isTrue();
    assertThat(r.matches(io.mantissa.api.Event.of("test", Sigma.T0, "x", withNull))).isTrue();
    assertThat(r.matches(event("PasswordLastSet", "2024"))).isFalse();
    CompiledRule empty = field("a", "''");
    assertThat(empty.matches(event("a", ""))).isTrue();
    assertThat(empty.matches(event())).isFalse();
  }

  @Test
  void specNullExample() {
    CompiledRule r =
        compiled(
            "    selection:\n        EventID: 4738\n    filter:\n        PasswordLastSet: null\n"
                + "    condition: selection and not filter\n");
    assertThat(r.matches(event("EventID", 4738, "PasswordLastSet", "x"))).isTrue();
    assertThat(r.matches(event("EventID", 4738))).isFalse();
  }

  @Test
  void existsChecksPresenceEvenWithNullValue() {
    CompiledRule yes = field("a|exists", "true");
    CompiledRule no = field("a|exists", "false");
    Map<String, Object> withNull = new HashMap<>();
    withNull.put("a", null);
    io.mantissa.api.Event nullValued = io.mantissa.api.Event.of("test", Sigma.T0, "x", withNull);
    assertThat(yes.matches(nullValued)).isTrue();
    assertThat(yes.matches(event("a", ""))).isTrue();
    assertThat(yes.matches(event("b", 1))).isFalse();
    assertThat(no.matches(event("b", 1))).isTrue();
    CompiledRule nested = field("actor.id|exists", "true");
    assertThat(nested.matches(event("actor", Map.of("id", "u1")))).isTrue();
    assertThat(nested.matches(event("actor", Map.of("name", "u1")))).isFalse();
  }

  @Test
  void nestedAndDottedFieldPaths() {
    CompiledRule r = field("actor.alternateId", "bob@example.com");
    assertThat(r.matches(event("actor", Map.of("alternateId", "BOB@example.com")))).isTrue();
    assertThat(r.matches(event("actor.alternateId", "bob@example.com"))).isTrue();
  }

  @Test
  void listValuedFieldsMatchWhenAnyElementMatches() {
    CompiledRule r = field("groups|contains", "admin");
    assertThat(r.matches(event("groups", List.of("users", "Domain Admins")))).isTrue();
    assertThat(r.matches(event("groups", List.of("users")))).isFalse();
    CompiledRule all =
        compiled(
            "    s:\n        groups|all:\n            - a\n            - b\n    condition: s\n");
    assertThat(all.matches(event("groups", List.of("b", "a")))).isTrue();
    assertThat(all.matches(event("groups", List.of("b")))).isFalse();
  }

  @Test
  void regexWithFlags() {
    assertThat(field("a|re", "'^ab+c$'").matches(event("a", "abbc"))).isTrue();
    assertThat(field("a|re", "'^ab+c$'").matches(event("a", "ABBC"))).isFalse();
    assertThat(field("a|re|i", "'^ab+c$'").matches(event("a", "ABBC"))).isTrue();
    assertThat(field("a|re", "'b+'").matches(event("a", "xxbxx"))).as("unanchored").isTrue();
    assertThat(field("a|re|m", "'^x$'").matches(event("a", "a\nx\nb"))).isTrue();
    assertThat(field("a|re", "'^x$'").matches(event("a", "a\nx\nb"))).isFalse();
    assertThat(field("a|re|s", "'a.b'").matches(event("a", "a\nb"))).isTrue();
    assertThat(field("a|re", "'a.b'").matches(event("a", "a\nb"))).isFalse();
  }

  @Test
  void cidrForIpv4AndIpv6() {
    CompiledRule v4 = field("ip|cidr", "10.0.0.0/8");
    assertThat(v4.matches(event("ip", "10.1.2.3"))).isTrue();
    assertThat(v4.matches(event("ip", "11.1.2.3"))).isFalse();
    assertThat(v4.matches(event("ip", "not-an-ip"))).isFalse();
    CompiledRule odd = field("ip|cidr", "192.168.1.64/26");
    assertThat(odd.matches(event("ip", "192.168.1.127"))).isTrue();
    assertThat(odd.matches(event("ip", "192.168.1.128"))).isFalse();
    CompiledRule v6 = field("ip|cidr", "'2001:db8::/32'");
    assertThat(v6.matches(event("ip", "2001:0db8:85a3::8a2e:0370:7334"))).isTrue();
    assertThat(v6.matches(event("ip", "2001:db9::1"))).isFalse();
    assertThat(v6.matches(event("ip", "10.0.0.1"))).isFalse();
  }

  @Test
  void base64AndBase64Offset() {
    String encoded = Base64.getEncoder().encodeToString("cmd".getBytes(StandardCharsets.UTF_8));
    CompiledRule b = field("a|base64", "cmd");
    assertThat(b.matches(event("a", encoded))).isTrue();
    CompiledRule off = field("a|base64offset|contains", "/bin/bash");
    for (String prefix : List.of("", "x", "xy", "echo hi; ")) {
      String whole =
          Base64.getEncoder()
              .encodeToString((prefix + "/bin/bash -i").getBytes(StandardCharsets.UTF_8));
      assertThat(off.matches(event("a", "powershell -enc " + whole))).as(prefix).isTrue();
    }
    assertThat(off.matches(event("a", "plain /bin/bash"))).isFalse();
  }

  @Test
  void utf16EncodingsThenBase64() {
    String le = Base64.getEncoder().encodeToString("ping".getBytes(StandardCharsets.UTF_16LE));
    String be = Base64.getEncoder().encodeToString("ping".getBytes(StandardCharsets.UTF_16BE));
    assertThat(field("a|utf16le|base64", "ping").matches(event("a", le))).isTrue();
    assertThat(field("a|wide|base64", "ping").matches(event("a", le))).isTrue();
    assertThat(field("a|utf16be|base64", "ping").matches(event("a", be))).isTrue();
    byte[] bom = {(byte) 0xFF, (byte) 0xFE, 'p', 0, 'i', 0, 'n', 0, 'g', 0};
    assertThat(
            field("a|utf16|base64", "ping")
                .matches(event("a", Base64.getEncoder().encodeToString(bom))))
        .isTrue();
    String script =
        Base64.getEncoder()
            .encodeToString("IEX (New-Object Net.WebClient)".getBytes(StandardCharsets.UTF_16LE));
    assertThat(field("a|wide|base64offset|contains", "New-Object").matches(event("a", script)))
        .isTrue();
  }

  @Test
  void windashAcceptsEveryDash() {
    CompiledRule r = field("CommandLine|windash|contains", "' -exec '");
    for (String dash : List.of("-", "/", "\u2013", "\u2014", "\u2015")) {
      assertThat(r.matches(event("CommandLine", "psexec " + dash + "exec bypass")))
          .as(dash)
          .isTrue();
    }
    assertThat(r.matches(event("CommandLine", "psexec +exec bypass"))).isFalse();
  }

  @Test
  void fieldrefComparesTwoFields() {
    CompiledRule eq = field("TargetUser|fieldref", "SubjectUser");
    assertThat(eq.matches(event("TargetUser", "Bob", "SubjectUser", "bob"))).isTrue();
    assertThat(eq.matches(event("TargetUser", "Bob", "SubjectUser", "alice"))).isFalse();
    assertThat(eq.matches(event("TargetUser", "Bob"))).isFalse();
    CompiledRule neq = field("TargetUser|fieldref|neq", "SubjectUser");
    assertThat(neq.matches(event("TargetUser", "Bob", "SubjectUser", "alice"))).isTrue();
    CompiledRule starts = field("Path|fieldref|startswith", "Home");
    assertThat(starts.matches(event("Path", "/home/bob/x", "Home", "/home/bob"))).isTrue();
  }

  @Test
  void neqNegates() {
    CompiledRule r =
        compiled("    s:\n        a|neq:\n            - x\n            - y\n    condition: s\n");
    assertThat(r.matches(event("a", "z"))).isTrue();
    assertThat(r.matches(event("a", "X"))).isFalse();
    assertThat(r.matches(event())).isTrue();
  }

  @Test
  void expandUsesPlaceholderValues() {
    SigmaRule rule = Sigma.detection("    s:\n        User|expand: '%Admins%'\n    condition: s\n");
    assertThatThrownBy(() -> CompiledRule.compile(rule))
        .isInstanceOf(MantissaException.class)
        .hasMessageContaining("%Admins%")
        .satisfies(
            e -> assertThat(((MantissaException) e).code()).isEqualTo(ErrorCode.INVALID_ARGUMENT));
    CompileOptions options =
        CompileOptions.defaults().withPlaceholders(Map.of("Admins", List.of("root", "adm_*")));
    CompiledRule r = CompiledRule.compile(rule, List.of(), options);
    assertThat(r.matches(event("User", "ROOT"))).isTrue();
    assertThat(r.matches(event("User", "adm_bob"))).isTrue();
    assertThat(r.matches(event("User", "bob"))).isFalse();
    CompiledRule any =
        CompiledRule.compile(
            rule,
            List.of(),
            CompileOptions.defaults()
                .withUnknownPlaceholders(CompileOptions.UnknownPlaceholders.MATCH_ANY));
    assertThat(any.matches(event("User", "anyone"))).isTrue();
  }

  @Test
  void timePartModifiers() {
    CompiledRule hour = field("ts|hour", "3");
    assertThat(hour.matches(event("ts", "2024-05-01T03:15:00Z"))).isTrue();
    assertThat(hour.matches(event("ts", "2024-05-01T04:15:00Z"))).isFalse();
    CompiledRule night = field("ts|hour|lt", "6");
    assertThat(night.matches(event("ts", "2024-05-01 02:00:00"))).isTrue();
    assertThat(field("ts|year", "2024").matches(event("ts", "2024-05-01"))).isTrue();
    assertThat(field("ts|month", "5").matches(event("ts", "2024-05-01T00:00:00+02:00"))).isFalse();
  }

  @Test
  void keywordsSearchEveryStringValue() {
    CompiledRule r =
        compiled(
            "    keywords:\n        - 'event::clear'\n        - 'event::drop'\n    condition: keywords\n");
    assertThat(r.matches(event("msg", "mimikatz # EVENT::Clear done"))).isTrue();
    assertThat(r.matches(event("nested", Map.of("deep", List.of("x", "event::drop"))))).isTrue();
    assertThat(r.matches(event("msg", "nothing"))).isFalse();
    CompiledRule number = compiled("    keywords:\n        - 4624\n    condition: keywords\n");
    assertThat(number.matches(event("msg", "logon 4624 ok"))).isTrue();
    assertThat(number.matches(event("id", 4624))).isTrue();
    CompiledRule all =
        compiled(
            "    k:\n        '|all':\n            - 'OabVirtualDirectory'\n            - ' -ExternalUrl '\n"
                + "    condition: k\n");
    assertThat(all.matches(event("a", "Set-OabVirtualDirectory", "b", "x -ExternalUrl y")))
        .isTrue();
    assertThat(all.matches(event("a", "Set-OabVirtualDirectory"))).isFalse();
  }

  @Test
  void conditionsCombineIdentifiers() {
    String ids =
        "    selection_a: {a: 1}\n    selection_b: {b: 1}\n    filter_x: {x: 1}\n    _hidden: {h: 1}\n";
    CompiledRule oneOf = compiled(ids + "    condition: 1 of selection_* and not 1 of filter*\n");
    assertThat(oneOf.matches(event("b", 1))).isTrue();
    assertThat(oneOf.matches(event("b", 1, "x", 1))).isFalse();
    CompiledRule allOf = compiled(ids + "    condition: all of selection_*\n");
    assertThat(allOf.matches(event("a", 1))).isFalse();
    assertThat(allOf.matches(event("a", 1, "b", 1))).isTrue();
    CompiledRule them = compiled(ids + "    condition: all of them\n");
    assertThat(them.matches(event("a", 1, "b", 1, "x", 1))).as("_hidden excluded").isTrue();
    CompiledRule oneOfThem = compiled(ids + "    condition: 1 of them\n");
    assertThat(oneOfThem.matches(event("h", 1))).isFalse();
    CompiledRule parens =
        compiled(ids + "    condition: (selection_a or selection_b) and not filter_x\n");
    assertThat(parens.matches(event("a", 1))).isTrue();
    assertThat(parens.matches(event("a", 1, "x", 1))).isFalse();
    CompiledRule list =
        compiled(ids + "    condition:\n        - selection_a\n        - filter_x\n");
    assertThat(list.matches(event("x", 1))).isTrue();
  }

  @Test
  void ruleSetSharesWorkAndGroupsByLogSource() {
    SigmaCollection okta =
        Sigma.parse(
            """
            title: a
            id: a
            logsource: {product: okta}
            detection:
                s: {eventType: user.session.start, outcome.result: FAILURE}
                condition: s
            ---
            title: b
            id: b
            logsource: {product: okta}
            detection:
                s: {eventType: user.session.start}
                t: {outcome.result: FAILURE}
                condition: s and not t
            ---
            title: c
            id: c
            logsource: {product: github}
            detection:
                s: {eventType: user.session.start}
                condition: s
            """);
    RuleSet set = RuleSet.compile(okta.documents());
    assertThat(set.fieldCount()).isEqualTo(2);
    assertThat(set.sharedTestCount()).as("eventType and outcome.result tests").isEqualTo(2);
    io.mantissa.api.Event failure =
        event("eventType", "user.session.start", "outcome", Map.of("result", "FAILURE"));
    assertThat(set.match(failure)).extracting(r -> r.metadata().title()).containsExactly("a", "c");
    assertThat(set.match(failure, LogSource.of(null, "okta", null)))
        .extracting(r -> r.metadata().title())
        .containsExactly("a");
    io.mantissa.api.Event success = event("eventType", "user.session.start");
    assertThat(set.match(success, LogSource.of(null, "okta", null)))
        .extracting(r -> r.metadata().title())
        .containsExactly("b");
  }

  @Test
  void filtersApplyToTheRulesTheyName() {
    SigmaCollection docs =
        Sigma.parse(
            """
            title: Admin login
            id: 6f3e2987-db24-4c78-a860-b4f4095a7095
            logsource: {category: process_creation, product: windows}
            detection:
                s: {Image|endswith: '\\\\rar.exe'}
                condition: s
            ---
            title: Other
            id: 7f3e2987-db24-4c78-a860-b4f4095a7095
            logsource: {category: process_creation, product: windows}
            detection:
                s: {Image|endswith: '\\\\rar.exe'}
                condition: s
            ---
            title: Filter Administrator account
            logsource: {category: process_creation, product: windows}
            filter:
                rules: [6f3e2987-db24-4c78-a860-b4f4095a7095]
                selection:
                    User|startswith: 'adm_'
                condition: not selection
            """);
    RuleSet set = RuleSet.compile(docs.documents());
    io.mantissa.api.Event admin = event("Image", "C:\\rar.exe", "User", "ADM_bob");
    assertThat(set.match(admin)).extracting(r -> r.metadata().title()).containsExactly("Other");
    io.mantissa.api.Event user = event("Image", "C:\\rar.exe", "User", "bob");
    assertThat(set.match(user)).hasSize(2);
  }

  @Test
  void filterWithAnyAppliesToEveryRuleOfItsLogSource() {
    SigmaCollection docs =
        Sigma.parse(
            """
            title: Windows rule
            id: w1
            logsource: {product: windows}
            detection:
                s: {Image|endswith: '.exe'}
                condition: s
            ---
            title: Linux rule
            id: l1
            logsource: {product: linux}
            detection:
                s: {Image|endswith: '.exe'}
                condition: s
            ---
            title: Ignore the lab host
            logsource: {product: windows}
            filter:
                rules: any
                lab:
                    Computer: LAB01
                condition: not lab
            """);
    RuleSet set = RuleSet.compile(docs.documents());
    assertThat(set.match(event("Image", "a.exe", "Computer", "lab01")))
        .extracting(r -> r.metadata().title())
        .containsExactly("Linux rule");
  }

  @Test
  void rulesUsedOnlyByCorrelationsDoNotAlertOnTheirOwn() {
    SigmaCollection docs =
        Sigma.parse(
            """
            title: Failed login
            name: failed
            logsource: {product: okta}
            detection:
                s: {outcome: FAILURE}
                condition: s
            ---
            title: Other
            logsource: {product: okta}
            detection:
                s: {outcome: SUCCESS}
                condition: s
            ---
            title: Brute force
            correlation:
                type: event_count
                rules: [failed]
                group-by: [user]
                timespan: 5m
                condition: {gte: 5}
            """);
    RuleSet set = RuleSet.compile(docs.documents());
    assertThat(set.correlations()).hasSize(1);
    assertThat(set.generatesAlerts(docs.rules().get(0))).isFalse();
    assertThat(set.generatesAlerts(docs.rules().get(1))).isTrue();
  }
}
