package io.mantissa.itdr;

import static org.assertj.core.api.Assertions.assertThat;

import io.mantissa.api.Event;
import io.mantissa.api.Severity;
import io.mantissa.testkit.InMemoryStateStore;
import io.mantissa.testkit.MutableClock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * {@code token_theft} on real-shaped Entra ID sign-ins (Microsoft Graph {@code signIn} resources,
 * parsed by mantissa-sources): a session issued to a registered laptop in Berlin whose refresh
 * token is redeemed elsewhere, and the benign look-alikes (the same device on another network or
 * abroad, a phone's carrier address, a corporate VPN).
 */
class TokenTheftDetectorTest {
  private static final Instant T0 = Instant.parse("2026-03-02T08:00:00Z");
  private static final String ALICE = "alice@example.com";
  private static final String SESSION = "5f2c6a2e-0a4b-4c59-9f1c-3c1f8e0f1a77";
  private static final String LAPTOP = "2b9e6f1c-7d3a-4e1b-9a55-1f0c2d3e4f50";
  private static final String EDGE =
      "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko)"
          + " Chrome/124.0.0.0 Safari/537.36 Edg/124.0.2478.80";
  private static final String PYTHON = "python-requests/2.31.0";

  private final List<Event> events = new ArrayList<>();
  private int n;

  /** One Entra ID sign-in of {@link #ALICE}'s session {@code session}. */
  static String signIn(
      String id,
      Instant at,
      String ip,
      String agent,
      String app,
      String session,
      String incoming,
      String deviceId,
      int errorCode) {
    boolean interactive = incoming.equals("none");
    return """
        {"id":"%s","createdDateTime":"%s","userDisplayName":"Alice","userPrincipalName":"%s",\
        "userId":"d1e2-a11ce","appDisplayName":"%s","ipAddress":"%s",\
        "clientAppUsed":"%s","userAgent":"%s","isInteractive":%s,"sessionId":"%s",\
        "uniqueTokenIdentifier":"tok-%s","incomingTokenType":"%s",\
        "originalTransferMethod":"none","status":{"errorCode":%d},\
        "deviceDetail":{"deviceId":"%s","displayName":"","operatingSystem":"Windows10",\
        "browser":"Edge 124.0.0","isCompliant":%s,"isManaged":%s}}"""
        .formatted(
            id,
            at,
            ALICE,
            app,
            ip,
            interactive ? "Browser" : "Mobile Apps and Desktop clients",
            agent,
            interactive,
            session,
            id,
            incoming,
            errorCode,
            deviceId,
            !deviceId.isEmpty(),
            !deviceId.isEmpty());
  }

  private void add(
      int minutes, String ip, String agent, String incoming, String deviceId, int errorCode) {
    n++;
    events.add(
        Lines.parse(
            "entra_signin",
            signIn(
                "t" + n,
                T0.plusSeconds(60L * minutes),
                ip,
                agent,
                incoming.equals("none") ? "OfficeHome" : "Microsoft Graph",
                SESSION,
                incoming,
                deviceId,
                errorCode)));
  }

  /** Alice signs in on her registered laptop at home in Berlin; its PRT renews from home. */
  private void issued(String deviceId) {
    add(0, "81.10.0.5", EDGE, "none", deviceId, 0);
    add(20, "81.10.0.5", EDGE, "primaryRefreshToken", deviceId, 0);
  }

  private List<Finding> run(Set<Long> allowListed) {
    IdentityDetection d =
        IdentityDetection.builder()
            .settings(ItdrSettings.builder().allowListedAsns(allowListed).build())
            .stateStore(new InMemoryStateStore(MutableClock.at(T0)))
            .reader(IdentityEventReader.withGeoIp(TableGeoIp.standard()))
            .build();
    return d.runAll(events).stream()
        .filter(f -> f.detectorId().equals(TokenTheftDetector.ID))
        .toList();
  }

  private List<Finding> run() {
    return run(Set.of(TableGeoIp.VPN_ASN));
  }

  @Test
  void readerTakesTheSessionTokenAndDeviceFromTheNormalizedSignIn() {
    add(0, "81.10.0.5", EDGE, "none", LAPTOP, 0);
    add(180, "45.40.0.9", EDGE, "refreshToken", "", 0);
    IdentityEventReader reader = IdentityEventReader.withGeoIp(TableGeoIp.standard());
    IdentityEvent issued = reader.read(events.get(0)).orElseThrow();
    IdentityEvent redeemed = reader.read(events.get(1)).orElseThrow();
    assertThat(issued.sessionId()).isEqualTo(SESSION);
    assertThat(issued.tokenType()).isEmpty();
    assertThat(issued.device()).isEqualTo(LAPTOP);
    assertThat(redeemed.tokenType()).isEqualTo("refreshToken");
    assertThat(redeemed.device()).isEmpty();
    assertThat(redeemed.application()).isEqualTo("Microsoft Graph");
  }

  @Test
  void refreshTokenRedeemedAbroadWithoutTheDeviceIsTokenTheft() {
    issued(LAPTOP);
    add(180, "45.40.0.9", EDGE, "refreshToken", "", 0);
    add(182, "45.40.0.9", EDGE, "refreshToken", "", 0);
    assertThat(run())
        .singleElement()
        .satisfies(
            f -> {
              assertThat(f.identityKey()).isEqualTo(ALICE);
              assertThat(f.severity()).isEqualTo(Severity.HIGH);
              assertThat(f.stage()).isEqualTo(KillChainStage.INITIAL_ACCESS);
              assertThat(f.mitre()).containsExactly("T1550.001", "T1528");
              assertThat(f.evidenceEventIds()).hasSize(2);
              assertThat(f.explanation())
                  .startsWith("refreshToken of session " + SESSION + " of " + ALICE)
                  .contains("issued at 2026-03-02T08:00:00Z to device " + LAPTOP)
                  .contains("IP 81.10.0.5, Berlin, DE (AS3320)")
                  .contains("redeemed at 2026-03-02T11:00:00Z for Microsoft Graph")
                  .contains("IP 45.40.0.9, Lagos, NG (AS14061)")
                  .endsWith("another country, without the device id it was issued to.");
            });
  }

  @Test
  void offTheDeviceFromAnotherNetworkInTheSameCountryIsTokenTheft() {
    issued(LAPTOP);
    add(180, "100.10.3.4", EDGE, "refreshToken", "", 0);
    assertThat(run())
        .singleElement()
        .satisfies(
            f ->
                assertThat(f.explanation())
                    .endsWith("another network, without the device id it was issued to."));
  }

  @Test
  void anotherClientOnAnotherNetworkIsTokenTheftEvenWithoutDevices() {
    issued("");
    add(180, "100.10.3.4", PYTHON, "refreshToken", "", 0);
    assertThat(run())
        .singleElement()
        .satisfies(f -> assertThat(f.explanation()).contains("another client (python-requests)"));
  }

  @Test
  void theLaptopItselfOnAnotherNetworkOrAbroadIsNotReported() {
    issued(LAPTOP);
    add(240, "100.10.3.4", EDGE, "primaryRefreshToken", LAPTOP, 0); // hotel Wi-Fi, phone hotspot
    add(600, "82.20.1.1", EDGE, "primaryRefreshToken", LAPTOP, 0); // Paris, the next morning
    assertThat(run()).isEmpty();
  }

  @Test
  void aCarrierAddressChangeWithTheSameBrowserAndNoDeviceIsNotReported() {
    issued("");
    add(180, "100.10.3.4", EDGE, "refreshToken", "", 0);
    assertThat(run()).isEmpty();
  }

  @Test
  void corporateVpnEgressIsNotReportedWhenAllowListed() {
    issued(LAPTOP);
    add(180, "185.50.0.7", EDGE, "refreshToken", "", 0);
    assertThat(run()).isEmpty();
    assertThat(run(Set.of())).hasSize(1);
  }

  @Test
  void failuresInteractiveSignInsAndOtherSessionsAreNotTokenRedemptions() {
    issued(LAPTOP);
    add(180, "45.40.0.9", EDGE, "refreshToken", "", 70000); // failed redemption
    add(190, "45.40.0.9", EDGE, "none", "", 0); // interactive: session_hijack's case
    assertThat(run()).isEmpty();
  }

  @Test
  void reportedOncePerSession() {
    issued(LAPTOP);
    add(180, "45.40.0.9", EDGE, "refreshToken", "", 0);
    add(200, "82.20.1.1", PYTHON, "refreshToken", "", 0);
    assertThat(run()).hasSize(1);
  }
}
