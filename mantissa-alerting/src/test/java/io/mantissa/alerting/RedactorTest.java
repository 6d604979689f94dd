package io.mantissa.alerting;

import static org.assertj.core.api.Assertions.assertThat;

import io.mantissa.api.Alert;
import io.mantissa.api.Entity;
import io.mantissa.api.Severity;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class RedactorTest {
  private final Redactor standard = Redactor.of(RedactionPolicy.standard());
  private final Redactor all = Redactor.of(RedactionPolicy.all());

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "login by alice@example.com failed|login by [REDACTED:EMAIL] failed",
        "call +1 415-555-2671 now|call [REDACTED:PHONE] now",
        "call (415) 555-2671 now|call [REDACTED:PHONE] now",
        "call +4930123456789|call [REDACTED:PHONE]",
        "ssn 078-05-1120 seen|ssn [REDACTED:NATIONAL_ID] seen",
        "SSN: 078051120|SSN: [REDACTED:NATIONAL_ID]",
        "card 4111 1111 1111 1111 used|card [REDACTED:PAYMENT_CARD] used",
        "card 4111-1111-1111-1111 used|card [REDACTED:PAYMENT_CARD] used",
        "card 5500005555555559|card [REDACTED:PAYMENT_CARD]",
        "key AKIAIOSFODNN7EXAMPLE used|key [REDACTED:SECRET] used",
        "Authorization: Bearer abc.DEF-123_xyz|Authorization: [REDACTED:SECRET]",
        "Authorization: Basic dXNlcjpwYXNz|Authorization: [REDACTED:SECRET]",
        "{\"Authorization\": \"token ghs_abc\"}|{\"Authorization\": \"[REDACTED:SECRET]\"}",
        "a basic configuration|a basic configuration",
        "header bearer abc.DEF-123_xyz~|header bearer [REDACTED:SECRET]",
        "url https://x.test/cb?token=s3cr3t&next=1|url https://x.test/cb?token=[REDACTED:SECRET]&next=1",
        "db_password=hunter2, user=bob|db_password=[REDACTED:SECRET], user=bob",
        "{\"client_secret\": \"abc def\"}|{\"client_secret\": [REDACTED:SECRET]}",
        "aws_secret_access_key = wJalrXUtnFEMI/K7MDENG|aws_secret_access_key = [REDACTED:SECRET]",
        "gh token ghp_abcdefghijklmnopqrstuvwxyz0123456789|gh token [REDACTED:SECRET]",
      })
  void redactsEachCategory(String input, String expected) {
    assertThat(standard.redact(input)).isEqualTo(expected);
  }

  @Test
  void redactsJwtsAndPrivateKeyBlocks() {
    String jwt =
        "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0"
            + ".dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U";
    assertThat(standard.redact("session " + jwt + " expired"))
        .isEqualTo("session [REDACTED:SECRET] expired");
    String pem =
        "-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAABG5vbmU=\n"
            + "-----END OPENSSH PRIVATE KEY-----";
    assertThat(standard.redact("leaked: " + pem + " in repo"))
        .isEqualTo("leaked: [REDACTED:SECRET] in repo");
    assertThat(standard.redact("cut -----BEGIN PRIVATE KEY-----\nMIIEv"))
        .isEqualTo("cut [REDACTED:SECRET]");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "order 4111111111111112 shipped", // fails Luhn
        "at 2026-01-01T12:30:45Z on web-01.prod.internal",
        "rule okta-brute-force fired 42 times for host db-7",
        "version 1.2.3 build 20260101123456",
        "mac 00:1a:2b:3c:4d:5e",
        "the monkey ate a banana",
        "ip 203.0.113.7 and 2001:db8::1 kept by default",
      })
  void leavesOrdinaryTextAlone(String text) {
    assertThat(standard.redact(text)).isEqualTo(text);
  }

  @Test
  void ipAddressesAreOptional() {
    String text = "from 203.0.113.7, [2001:db8::1]:443 and fe80::1. also ::ffff:192.0.2.1 ok";
    assertThat(all.redact(text))
        .isEqualTo(
            "from [REDACTED:IPV4], [[REDACTED:IPV6]]:443 and [REDACTED:IPV6]. also"
                + " [REDACTED:IPV6] ok");
    assertThat(
            Redactor.of(RedactionPolicy.standard().with(PiiCategory.IPV4))
                .redact("addr 10.1.2.3 / 2001:db8:0:0:0:0:0:1"))
        .isEqualTo("addr [REDACTED:IPV4] / 2001:db8:0:0:0:0:0:1");
  }

  @Test
  void validatesIpv6Forms() {
    assertThat(Redactor.isIpv6("2001:db8:0:0:0:0:0:1")).isTrue();
    assertThat(Redactor.isIpv6("::1")).isTrue();
    assertThat(Redactor.isIpv6("fe80::")).isTrue();
    assertThat(Redactor.isIpv6("::ffff:192.0.2.1")).isTrue();
    assertThat(Redactor.isIpv6("12:30:45")).isFalse();
    assertThat(Redactor.isIpv6("1::2::3")).isFalse();
    assertThat(Redactor.isIpv6("1:2:3:4:5:6:7:8:9")).isFalse();
    assertThat(Redactor.isIpv6("12345::")).isFalse();
  }

  @Test
  void luhn() {
    assertThat(Redactor.luhn("4111111111111111")).isTrue();
    assertThat(Redactor.luhn("4111111111111112")).isFalse();
    assertThat(Redactor.luhn("378282246310005")).isTrue();
    assertThat(Redactor.luhn("0000")).isFalse();
  }

  @Test
  void redactsEveryTextualPartOfAnAlertButKeepsIdentifiers() {
    Alert alert =
        Alert.builder()
            .id("a1")
            .ruleId("okta-login")
            .title("login by alice@example.com")
            .severity(Severity.HIGH)
            .time(Instant.EPOCH)
            .entity(Entity.user("alice@example.com"))
            .eventId("evt password=x")
            .attackTag("attack.t1078")
            .enrichment(
                "directory",
                Map.of("manager", "bob@example.com", "ids", List.of(4111111111111111L)))
            .enrichment("risk", 87)
            .build();

    Alert r = standard.redact(alert);

    assertThat(r.id()).isEqualTo("a1");
    assertThat(r.ruleId()).isEqualTo("okta-login");
    assertThat(r.attackTags()).containsExactly("attack.t1078");
    assertThat(r.title()).isEqualTo("login by [REDACTED:EMAIL]");
    assertThat(r.entities()).containsExactly(Entity.user("[REDACTED:EMAIL]"));
    assertThat(r.dedupKey()).doesNotContain("alice@example.com");
    assertThat(r.eventIds()).containsExactly("evt password=[REDACTED:SECRET]");
    assertThat(r.enrichment())
        .containsEntry("risk", 87)
        .containsEntry(
            "directory",
            Map.of("manager", "[REDACTED:EMAIL]", "ids", List.of("[REDACTED:PAYMENT_CARD]")));
    assertThat(Redactor.of(RedactionPolicy.none()).redact(alert)).isSameAs(alert);
  }

  @Test
  void wrappedSinksOnlySeeRedactedAlerts() {
    RecordingSink sink = new RecordingSink("slack");
    var wrapped = Redactor.wrap(sink, RedactionPolicy.secretsOnly());
    wrapped.deliver(
        Alert.builder()
            .id("a")
            .ruleId("r")
            .title("token=abc for carol@example.com")
            .severity(Severity.LOW)
            .time(Instant.EPOCH)
            .build(),
        "k");
    assertThat(wrapped.name()).isEqualTo("slack");
    assertThat(sink.calls().get(0).alert().title())
        .isEqualTo("token=[REDACTED:SECRET] for carol@example.com");
    assertThat(sink.calls().get(0).idempotencyKey()).isEqualTo("k");
  }
}
