package io.mantissa.sources;

import static org.assertj.core.api.Assertions.assertThat;

import io.mantissa.api.Event;
import io.mantissa.api.FieldPath;
import io.mantissa.api.SourceLocation;
import io.mantissa.api.config.MantissaConfig;
import io.mantissa.spi.ProviderContext;
import io.mantissa.spi.source.ParseResult;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The providers' own verdicts as OCSF {@code risk_level_id}, {@code risk_level} and {@code
 * risk_details}, on the real samples of ../shared (read in place) where they exist, and the
 * Microsoft 365 MFA removal read as an MFA disable; the native fields are kept.
 */
class ProviderRiskFieldsTest {
  private static Event parse(String source, String json) {
    ParseResult r =
        SourceCatalog.builtIn()
            .parser(source, ProviderContext.of(MantissaConfig.defaults(), source))
            .parse(json, SourceLocation.line("risk", 1));
    assertThat(r).as(json).isInstanceOf(ParseResult.Parsed.class);
    return ((ParseResult.Parsed) r).events().get(0);
  }

  private static Object n(Event e, String path) {
    return e.normalizedField(FieldPath.of(path));
  }

  private static List<Event> sample(String source, String file) throws Exception {
    return Files.readAllLines(SampleFiles.sample(file), StandardCharsets.UTF_8).stream()
        .filter(l -> !l.isBlank())
        .map(l -> parse(source, l))
        .toList();
  }

  @Test
  void duoFraudMarkAndAdaptiveTrust() throws Exception {
    List<Event> duo = sample("duo", "duo/test-auth.log");
    Event fraud =
        duo.stream()
            .filter(e -> "fraud".equals(e.fields().get("result")))
            .findFirst()
            .orElseThrow();
    assertThat(n(fraud, "risk_level_id")).isEqualTo(3);
    assertThat(n(fraud, "risk_level")).isEqualTo("High");
    assertThat(n(fraud, "risk_details")).isEqualTo("user_marked_fraud");
    assertThat(fraud.fields().get("reason")).isEqualTo("user_marked_fraud"); // native kept
    assertThat(duo)
        .extracting(e -> n(e, "risk_details"))
        .contains(
            "adaptive trust NOVEL_ASN, trust level LOW",
            "adaptive trust USER_MARKED_FRAUD, trust level LOW");
    assertThat(duo.stream().filter(e -> "denied".equals(e.fields().get("result"))))
        .allSatisfy(e -> assertThat(n(e, "risk_level_id")).isNull());
  }

  @Test
  void googleWarningsSlackAnomalyAndEntraNone() throws Exception {
    List<Event> google = sample("google_workspace", "google_workspace/test-login.log");
    assertThat(google)
        .filteredOn(e -> n(e, "risk_level_id") != null)
        .extracting(e -> n(e, "risk_details") + "/" + n(e, "risk_level"))
        .containsExactlyInAnyOrder(
            "account_disabled_password_leak/Medium",
            "suspicious_login/Medium",
            "suspicious_login_less_secure_app/Medium",
            "suspicious_programmatic_login/Medium",
            "account_disabled_hijacked/High",
            "gov_attack_warning/Medium",
            "login_success is_suspicious/Medium",
            "risky_sensitive_action_allowed/Medium");
    Event anomaly =
        sample("slack", "slack/test-audit.log").stream()
            .filter(e -> "anomaly".equals(e.fields().get("action")))
            .findFirst()
            .orElseThrow();
    assertThat(n(anomaly, "risk_details")).isEqualTo("anomaly: asn, ip_address");
    assertThat(n(anomaly, "risk_level_id")).isEqualTo(2);
    assertThat(sample("entra_signin", "entra_signin/test-signinlogs-raw.log"))
        .allSatisfy(e -> assertThat(n(e, "risk_level_id")).isNull());
  }

  @Test
  void entraIdentityProtectionLevels() {
    Event e =
        parse(
            "entra_signin",
            """
            {"id":"r1","createdDateTime":"2026-03-02T08:00:00Z","userPrincipalName":"a@x.example",\
            "ipAddress":"185.220.101.4","status":{"errorCode":0},"riskState":"atRisk",\
            "riskLevelDuringSignIn":"medium","riskLevelAggregated":"high","riskDetail":"none",\
            "riskEventTypes_v2":["anonymizedIPAddress"]}""");
    assertThat(n(e, "risk_level_id")).isEqualTo(3);
    assertThat(n(e, "risk_details"))
        .isEqualTo(
            "riskState atRisk, riskLevelDuringSignIn medium, riskLevelAggregated high,"
                + " riskEventTypes anonymizedIPAddress");
    assertThat(e.fields().get("riskState")).isEqualTo("atRisk");
  }

  @Test
  void m365StrongAuthenticationClearedIsAnMfaDisable() {
    String update =
        """
        {"Id":"m1","CreationTime":"2026-03-02T09:00:00","Operation":"Update user.",\
        "RecordType":8,"ResultStatus":"Success","UserId":"admin@x.example",\
        "ObjectId":"bob@x.example","Workload":"AzureActiveDirectory",\
        "ModifiedProperties":[{"Name":"StrongAuthenticationMethod","NewValue":"%s",\
        "OldValue":"%s"}]}""";
    String some = "[{\\\"MethodType\\\":6,\\\"Default\\\":true}]";
    assertThat(n(parse("m365", update.formatted("[]", some)), "activity_id")).isEqualTo(11);
    assertThat(n(parse("m365", update.formatted(some, "[]")), "activity_id")).isEqualTo(10);
    assertThat(n(parse("m365", update.formatted(some, some)), "activity_id")).isEqualTo(99);
    Event disable =
        parse(
            "m365",
            """
            {"Id":"m2","CreationTime":"2026-03-02T09:00:00",\
            "Operation":"Disable Strong Authentication.","RecordType":8,\
            "ResultStatus":"Success","UserId":"admin@x.example","ObjectId":"bob@x.example"}""");
    assertThat(n(disable, "activity_id")).isEqualTo(11);
    assertThat(n(disable, "user.email_addr")).isEqualTo("bob@x.example");
  }
}
