package io.mantissa.itdr;

import static org.assertj.core.api.Assertions.assertThat;

import io.mantissa.api.Event;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class IdentityEventReaderTest {
  private static final Instant T = Instant.parse("2026-03-02T09:15:00Z");
  private final IdentityEventReader reader = IdentityEventReader.withGeoIp(TableGeoIp.standard());

  private IdentityEvent read(String source, String line) {
    return reader.read(Lines.parse(source, line)).orElseThrow();
  }

  @Test
  void oktaSessionStartIsALoginWithLocationFromGeoIp() {
    IdentityEvent e =
        read(
            "okta",
            Lines.okta("u1", T, "user.session.start", "Alice@Example.com", "81.10.1.2", "SUCCESS"));

    assertThat(e.identityKey()).isEqualTo("alice@example.com");
    assertThat(e.source()).isEqualTo("okta");
    assertThat(e.eventId()).isEqualTo("u1");
    assertThat(e.time()).isEqualTo(T);
    assertThat(e.activity()).isEqualTo(Activity.LOGIN);
    assertThat(e.outcome()).isEqualTo(Outcome.SUCCESS);
    assertThat(e.srcIp()).isEqualTo("81.10.1.2");
    assertThat(e.userAgent()).contains("Chrome/124");
    assertThat(e.geo()).isEqualTo(new Geo("DE", "Berlin", 52.52, 13.40, 3320));
    assertThat(e.isSuccessfulSignIn()).isTrue();
  }

  @Test
  void oktaFailedLoginAndMfaEvents() {
    assertThat(
            read(
                    "okta",
                    Lines.okta(
                        "u2", T, "user.session.start", "a@example.com", "81.10.1.2", "FAILURE"))
                .outcome())
        .isEqualTo(Outcome.FAILURE);
    IdentityEvent mfa =
        read(
            "okta",
            Lines.okta(
                "u3",
                T,
                "user.authentication.auth_via_mfa",
                "a@example.com",
                "1.1.1.1",
                "FAILURE"));
    assertThat(mfa.activity()).isEqualTo(Activity.MFA_DENY);
    IdentityEvent push =
        read(
            "okta",
            Lines.okta(
                "u4",
                T,
                "system.push.send_factor_verify_push",
                "a@example.com",
                "1.1.1.1",
                "SUCCESS"));
    assertThat(push.activity()).isEqualTo(Activity.MFA_PUSH);
    IdentityEvent deny =
        read(
            "okta",
            Lines.okta(
                "u5", T, "user.mfa.okta_verify.deny_push", "a@example.com", "1.1.1.1", "SUCCESS"));
    assertThat(deny.activity()).isEqualTo(Activity.MFA_DENY);
    assertThat(deny.outcome()).isEqualTo(Outcome.FAILURE);
  }

  @Test
  void oktaAccountChangesNameTheTarget() {
    IdentityEvent reset =
        read(
            "okta",
            Lines.oktaAccountChange(
                "u6",
                T,
                "user.mfa.factor.reset_all",
                "admin@example.com",
                "Bob@Example.com",
                "81.10.1.2"));
    assertThat(reset.activity()).isEqualTo(Activity.MFA_RESET);
    assertThat(reset.identityKey()).isEqualTo("admin@example.com");
    assertThat(reset.targetUser()).isEqualTo("bob@example.com");
    assertThat(
            read(
                    "okta",
                    Lines.oktaAccountChange(
                        "u7",
                        T,
                        "user.account.privilege.grant",
                        "admin@example.com",
                        "bob@example.com",
                        "81.10.1.2"))
                .activity())
        .isEqualTo(Activity.PRIVILEGE_GRANT);
    assertThat(
            read(
                    "okta",
                    Lines.oktaAccountChange(
                        "u8",
                        T,
                        "user.account.reset_password",
                        "admin@example.com",
                        "bob@example.com",
                        "81.10.1.2"))
                .activity())
        .isEqualTo(Activity.PASSWORD_RESET);
  }

  @Test
  void entraInterruptsAreNotFailuresAndStrongAuthFailureIsAnMfaDeny() {
    IdentityEvent ok =
        read("entra_signin", Lines.entra("e1", T, "bob@example.com", "82.20.0.1", 0));
    assertThat(ok.activity()).isEqualTo(Activity.LOGIN);
    assertThat(ok.outcome()).isEqualTo(Outcome.SUCCESS);
    assertThat(ok.geo().country()).isEqualTo("FR");

    IdentityEvent wrong =
        read("entra_signin", Lines.entra("e2", T, "bob@example.com", "82.20.0.1", 50126));
    assertThat(wrong.outcome()).isEqualTo(Outcome.FAILURE);

    IdentityEvent mfaRequired =
        read("entra_signin", Lines.entra("e3", T, "bob@example.com", "82.20.0.1", 50074));
    assertThat(mfaRequired.activity()).isEqualTo(Activity.LOGIN);
    assertThat(mfaRequired.outcome()).isEqualTo(Outcome.INTERRUPTED);

    IdentityEvent denied =
        read("entra_signin", Lines.entra("e4", T, "bob@example.com", "82.20.0.1", 500121));
    assertThat(denied.activity()).isEqualTo(Activity.MFA_DENY);
  }

  @Test
  void duoAuthenticationsAreSecondFactorEvents() {
    IdentityEvent approved =
        read(
            "duo",
            Lines.duo(
                "d1", T, "carol@example.com", "81.10.3.4", "duo_push", "success", "user_approved"));
    assertThat(approved.activity()).isEqualTo(Activity.MFA_APPROVE);
    assertThat(approved.identityKey()).isEqualTo("carol@example.com");
    IdentityEvent timeout =
        read(
            "duo",
            Lines.duo(
                "d2",
                T,
                "carol@example.com",
                "81.10.3.4:443",
                "duo_push",
                "denied",
                "no_response"));
    assertThat(timeout.activity()).isEqualTo(Activity.MFA_DENY);
    assertThat(timeout.srcIp()).isEqualTo("81.10.3.4");
  }

  @Test
  void locationInTheEventWinsOverGeoIpAndGapsAreFilled() {
    Map<String, Object> normalized = new HashMap<>();
    normalized.put("class_uid", 3002);
    normalized.put("activity_id", 1);
    normalized.put("status_id", 1);
    normalized.put("identity_key", "dan@example.com");
    normalized.put("src_endpoint", Map.of("ip", "81.10.9.9", "location", Map.of("country", "at")));
    Event event = new Event("okta", T, "x1", Map.of(), normalized);

    IdentityEvent e = reader.read(event).orElseThrow();

    assertThat(e.geo().country()).isEqualTo("AT");
    assertThat(e.geo().asn()).isEqualTo(3320);
    assertThat(e.geo().latitude()).isEqualTo(52.52);
    assertThat(IdentityEventReader.withoutGeoIp().read(event).orElseThrow().geo())
        .isEqualTo(new Geo("AT", "", Double.NaN, Double.NaN, 0));
  }

  @Test
  void eventsWithoutIdentityOrOfOtherClassesAreNotIdentityEvents() {
    Map<String, Object> n = Map.of("class_uid", 6003, "identity_key", "a@example.com");
    assertThat(reader.read(new Event("okta", T, "x2", Map.of(), n))).isEmpty();
    assertThat(reader.read(new Event("okta", T, "x3", Map.of(), Map.of("class_uid", 3002))))
        .isEmpty();
  }

  @Test
  void sessionsApplicationsEnrolmentsAndReactivationsAreRead() {
    IdentityEvent okta =
        read(
            "okta",
            Lines.okta(
                "s1",
                T,
                "user.session.start",
                "alice@example.com",
                "81.10.1.2",
                "SUCCESS",
                Lines.OPERA,
                "idxAbC"));
    assertThat(okta.sessionId()).isEqualTo("idxAbC");
    assertThat(okta.userAgent()).isEqualTo(Lines.OPERA);
    IdentityEvent noSession =
        read(
            "okta",
            Lines.okta(
                "s2",
                T,
                "user.session.start",
                "alice@example.com",
                "81.10.1.2",
                "SUCCESS",
                Lines.CHROME,
                "unknown"));
    assertThat(noSession.sessionId()).isEmpty();
    IdentityEvent roaming =
        read(
            "okta",
            Lines.okta(
                "s3",
                T,
                IdentityEventReader.OKTA_ROAMING,
                "alice@example.com",
                "45.40.1.1",
                "ALLOW",
                Lines.OPERA,
                "idxAbC"));
    assertThat(roaming.activity()).isEqualTo(Activity.OTHER);
    assertThat(roaming.sessionId()).isEqualTo("idxAbC");
    assertThat(IdentityEventReader.OTHER_EVENT_CODES.get("okta"))
        .contains(IdentityEventReader.OKTA_ROAMING);
    IdentityEvent entra =
        read("entra_signin", Lines.entra("s4", T, "alice@example.com", "81.10.1.2", 0));
    assertThat(entra.application()).isEqualTo("Office 365 Exchange Online");
    assertThat(entra.sessionId()).isEmpty();
    IdentityEvent enrol =
        read(
            "okta",
            Lines.oktaAccountChange(
                "s5",
                T,
                "user.mfa.factor.activate",
                "alice@example.com",
                "alice@example.com",
                "81.10.1.2"));
    assertThat(enrol.activity()).isEqualTo(Activity.MFA_ENROLL);
    IdentityEvent reactivate =
        read(
            "okta",
            Lines.oktaAccountChange(
                "s6",
                T,
                "user.lifecycle.reactivate",
                "admin@example.com",
                "Old@Example.com",
                "81.10.1.2"));
    assertThat(reactivate.activity()).isEqualTo(Activity.ACCOUNT_ENABLE);
    assertThat(reactivate.targetUser()).isEqualTo("old@example.com");
  }
}
