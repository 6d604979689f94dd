package io.mantissa.benchmarks;

import io.mantissa.api.Event;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * A realistic Okta System Log sign-in event with its OCSF fields (about 2.5 KB per stored line, 25
 * MB per 10,000-event batch), built once; {@link #event} copies vary only the uuid and the
 * published time, {@link #variedEvent} copies vary what differs between real sign-ins too.
 */
final class OktaEvents {
  private final Map<String, Object> template;
  private final Map<String, Object> ocsf;

  OktaEvents() {
    Map<String, Object> actor = new LinkedHashMap<>();
    actor.put("id", "00u1qw3mqitPHM8AJ0g7");
    actor.put("type", "User");
    actor.put("alternateId", "alice.example@acme-corp.example.com");
    actor.put("displayName", "Alice Example");
    actor.put("detailEntry", null);

    Map<String, Object> geo = new LinkedHashMap<>();
    geo.put("city", "San Francisco");
    geo.put("state", "California");
    geo.put("country", "United States");
    geo.put("postalCode", "94107");
    geo.put("geolocation", Map.of("lat", 37.7697, "lon", -122.3933));

    Map<String, Object> userAgent = new LinkedHashMap<>();
    userAgent.put(
        "rawUserAgent",
        "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko)"
            + " Chrome/120.0.0.0 Safari/537.36");
    userAgent.put("os", "Mac OS X");
    userAgent.put("browser", "CHROME");

    Map<String, Object> client = new LinkedHashMap<>();
    client.put("userAgent", userAgent);
    client.put("zone", "null");
    client.put("device", "Computer");
    client.put("id", null);
    client.put("ipAddress", "198.51.100.23");
    client.put("geographicalContext", geo);

    Map<String, Object> authContext = new LinkedHashMap<>();
    authContext.put("authenticationProvider", null);
    authContext.put("credentialProvider", null);
    authContext.put("credentialType", null);
    authContext.put("issuer", null);
    authContext.put("interface", null);
    authContext.put("authenticationStep", 0);
    authContext.put("externalSessionId", "102bZDNFfWaQSyEZQuDgWt-uQ");

    Map<String, Object> debugData = new LinkedHashMap<>();
    debugData.put("requestId", "Xfxq0rWgTpMflVcjGjapWAtABNA");
    debugData.put("requestUri", "/api/v1/authn");
    debugData.put("threatSuspected", "false");
    debugData.put("url", "/api/v1/authn?");
    debugData.put("deviceFingerprint", "a5d64ad1ba9b4c9e1c4d7b6ea2b1d1f3");
    debugData.put("behaviors", "{New Geo-Location=NEGATIVE, New Device=NEGATIVE, New IP=NEGATIVE}");
    debugData.put("risk", "{level=LOW}");
    debugData.put("logOnlySecurityData", "{\"risk\":{\"level\":\"LOW\"},\"behaviors\":{}}");
    debugData.put("dtHash", "5b4ab1b5e8d64a0f9c1d3e2f6a7b8c9d0e1f2a3b4c5d6e7f8a9b0c1d2e3f4a5b");

    Map<String, Object> security = new LinkedHashMap<>();
    security.put("asNumber", 64496);
    security.put("asOrg", "example transit");
    security.put("isp", "example isp");
    security.put("domain", "example.net");
    security.put("isProxy", false);

    Map<String, Object> ipChainEntry = new LinkedHashMap<>();
    ipChainEntry.put("ip", "198.51.100.23");
    ipChainEntry.put("geographicalContext", geo);
    ipChainEntry.put("version", "V4");
    ipChainEntry.put("source", null);

    Map<String, Object> target = new LinkedHashMap<>();
    target.put("id", "0oa1gjh63g214q0Hq0g4");
    target.put("type", "AppInstance");
    target.put("alternateId", "Acme Salesforce");
    target.put("displayName", "Salesforce.com");
    target.put("detailEntry", Map.of("signOnModeType", "SAML_2_0"));

    Map<String, Object> raw = new LinkedHashMap<>();
    raw.put("actor", actor);
    raw.put("client", client);
    raw.put("device", null);
    raw.put("authenticationContext", authContext);
    raw.put("displayMessage", "User login to Okta");
    raw.put("eventType", "user.session.start");
    raw.put("outcome", Map.of("result", "SUCCESS", "reason", "null"));
    raw.put("published", "2026-11-25T10:00:00.000Z");
    raw.put("securityContext", security);
    raw.put("severity", "INFO");
    raw.put("debugContext", Map.of("debugData", debugData));
    raw.put("legacyEventType", "core.user_auth.login_success");
    raw.put(
        "transaction",
        Map.of("type", "WEB", "id", "Xfxq0rWgTpMflVcjGjapWAtABNA", "detail", Map.of()));
    raw.put("uuid", "dc9fd3c0-598c-11ef-8478-2b7584bf8d5a");
    raw.put("version", "0");
    raw.put("request", Map.of("ipChain", List.of(ipChainEntry)));
    raw.put("target", List.of(target));
    this.template = raw;

    Map<String, Object> ocsf = new LinkedHashMap<>();
    ocsf.put("class_uid", 3002);
    ocsf.put("category_uid", 3);
    ocsf.put("activity_id", 1);
    ocsf.put("severity_id", 1);
    ocsf.put("status", "Success");
    ocsf.put("status_id", 1);
    ocsf.put(
        "actor",
        Map.of(
            "user", Map.of("name", "alice.example@acme-corp.example.com", "uid", actor.get("id"))));
    ocsf.put("src_endpoint", Map.of("ip", "198.51.100.23", "location", Map.of("country", "US")));
    ocsf.put("dst_endpoint", Map.of("svc_name", "Salesforce.com"));
    ocsf.put("metadata", Map.of("product", Map.of("name", "Okta", "vendor_name", "Okta")));
    this.ocsf = ocsf;
  }

  /** Event number {@code n} at {@code time}, differing from the template in id and time only. */
  Event event(long n, Instant time) {
    Map<String, Object> raw = new LinkedHashMap<>(template);
    String uuid = uuid(n);
    raw.put("uuid", uuid);
    raw.put("published", time.toString());
    return new Event("okta", time, uuid, raw, ocsf);
  }

  /**
   * Event number {@code n} at {@code time} that also varies what differs between real sign-ins: the
   * user (of 5,000), the client IP, request, session and transaction ids, device hashes and the
   * outcome (5% failures), so that compression sees realistic entropy.
   */
  @SuppressWarnings("unchecked")
  Event variedEvent(long n, Instant time) {
    SplittableRandom random = new SplittableRandom(n);
    Map<String, Object> raw = new LinkedHashMap<>(template);
    String uuid = uuid(n);
    raw.put("uuid", uuid);
    raw.put("published", time.toString());
    int user = random.nextInt(5_000);
    String login = "user" + user + "@acme-corp.example.com";
    Map<String, Object> actor = new LinkedHashMap<>((Map<String, Object>) template.get("actor"));
    actor.put("id", String.format("00u%017x", user * 7919L));
    actor.put("alternateId", login);
    actor.put("displayName", "User " + user);
    raw.put("actor", actor);
    String ip = "203.0." + random.nextInt(256) + "." + random.nextInt(256);
    Map<String, Object> client = new LinkedHashMap<>((Map<String, Object>) template.get("client"));
    client.put("ipAddress", ip);
    raw.put("client", client);
    String requestId = Long.toString(random.nextLong() & Long.MAX_VALUE, 36);
    Map<String, Object> debugContext = (Map<String, Object>) template.get("debugContext");
    Map<String, Object> debugData =
        new LinkedHashMap<>((Map<String, Object>) debugContext.get("debugData"));
    debugData.put("requestId", requestId);
    debugData.put("deviceFingerprint", Long.toHexString(random.nextLong()));
    debugData.put(
        "dtHash", Long.toHexString(random.nextLong()) + Long.toHexString(random.nextLong()));
    raw.put("debugContext", Map.of("debugData", debugData));
    Map<String, Object> auth =
        new LinkedHashMap<>((Map<String, Object>) template.get("authenticationContext"));
    auth.put("externalSessionId", "102" + Long.toString(random.nextLong() & Long.MAX_VALUE, 36));
    raw.put("authenticationContext", auth);
    raw.put("transaction", Map.of("type", "WEB", "id", requestId, "detail", Map.of()));
    boolean failed = random.nextInt(100) < 5;
    raw.put(
        "outcome",
        failed
            ? Map.of("result", "FAILURE", "reason", "INVALID_CREDENTIALS")
            : Map.of("result", "SUCCESS", "reason", "null"));
    Map<String, Object> normalized = new LinkedHashMap<>(ocsf);
    normalized.put("status", failed ? "Failure" : "Success");
    normalized.put("status_id", failed ? 2 : 1);
    normalized.put("actor", Map.of("user", Map.of("name", login, "uid", actor.get("id"))));
    normalized.put("src_endpoint", Map.of("ip", ip, "location", Map.of("country", "US")));
    return new Event("okta", time, uuid, raw, normalized);
  }

  private static String uuid(long n) {
    return String.format("%08x-598c-11ef-8478-%012x", n & 0xffffffffL, n);
  }

  /**
   * {@code count} events numbered from {@code first}, {@code stepMillis} apart from {@code start},
   * varied ({@link #variedEvent}) or not ({@link #event}).
   */
  List<Event> batch(long first, int count, Instant start, long stepMillis, boolean varied) {
    List<Event> events = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      Instant time = start.plusMillis(stepMillis * i);
      events.add(varied ? variedEvent(first + i, time) : event(first + i, time));
    }
    return events;
  }
}
