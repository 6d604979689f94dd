package io.mantissa.itdr;

import static org.assertj.core.api.Assertions.assertThat;

import io.mantissa.api.Event;
import io.mantissa.api.SourceLocation;
import io.mantissa.sources.JsonEventParser;
import io.mantissa.sources.SourceCatalog;
import io.mantissa.spi.source.ParseResult;
import java.time.Instant;
import java.util.List;
import java.util.Locale;

/**
 * Real-shaped vendor records (Okta System Log, Microsoft Graph signIn, Duo Admin API v2
 * authentication log), parsed and normalized by mantissa-sources exactly as at ingest.
 */
final class Lines {
  private static final SourceCatalog CATALOG = SourceCatalog.builtIn();
  private static final JsonEventParser OKTA = parser("okta");
  private static final JsonEventParser ENTRA = parser("entra_signin");
  private static final JsonEventParser DUO = parser("duo");
  private static final SourceLocation AT = SourceLocation.line("itdr-test.ndjson", 1);
  static final String CHROME =
      "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko)"
          + " Chrome/124.0.0.0 Safari/537.36";

  static final String OPERA =
      "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko)"
          + " Chrome/120.0.0.0 Safari/537.36 OPR/106.0.0.0";

  private Lines() {}

  private static JsonEventParser parser(String source) {
    return new JsonEventParser(CATALOG.spec(source).orElseThrow());
  }

  static Event parse(String source, String line) {
    JsonEventParser p =
        switch (source) {
          case "okta" -> OKTA;
          case "entra_signin" -> ENTRA;
          case "duo" -> DUO;
          default -> throw new IllegalArgumentException(source);
        };
    ParseResult r = p.parse(line, AT);
    assertThat(r).as(line).isInstanceOf(ParseResult.Parsed.class);
    List<Event> events = ((ParseResult.Parsed) r).events();
    assertThat(events).hasSize(1);
    return events.get(0);
  }

  /** An Okta System Log event of {@code eventType} by {@code email}. */
  static String okta(
      String uuid, Instant at, String eventType, String email, String ip, String result) {
    return okta(uuid, at, eventType, email, ip, result, CHROME, "102" + uuid);
  }

  /** An Okta System Log event with a given user agent and {@code externalSessionId}. */
  static String okta(
      String uuid,
      Instant at,
      String eventType,
      String email,
      String ip,
      String result,
      String agent,
      String session) {
    String name = email.substring(0, email.indexOf('@'));
    return """
        {"uuid":"%s","published":"%s","eventType":"%s","version":"0","severity":"%s",\
        "displayMessage":"%s","actor":{"id":"00u%s","type":"User","alternateId":"%s",\
        "displayName":"%s"},"client":{"userAgent":{"rawUserAgent":"%s","os":"Windows",\
        "browser":"CHROME"},"zone":"null","device":"Computer","ipAddress":"%s"},\
        "outcome":{"result":"%s","reason":%s},"transaction":{"type":"WEB","id":"tx%s"},\
        "authenticationContext":{"authenticationStep":0,"externalSessionId":"%s"},\
        "target":[]}"""
        .formatted(
            uuid,
            at,
            eventType,
            result.equals("SUCCESS") ? "INFO" : "WARN",
            eventType.equals("user.session.start") ? "User login to Okta" : "Authentication",
            Integer.toHexString(name.hashCode()),
            email,
            name,
            agent,
            ip,
            result,
            result.equals("FAILURE") ? "\"INVALID_CREDENTIALS\"" : "null",
            uuid,
            session);
  }

  /** An Okta account change by {@code actor} on {@code target}. */
  static String oktaAccountChange(
      String uuid, Instant at, String eventType, String actor, String target, String ip) {
    return """
        {"uuid":"%s","published":"%s","eventType":"%s","severity":"INFO",\
        "actor":{"id":"00uadmin","type":"User","alternateId":"%s","displayName":"Admin"},\
        "client":{"ipAddress":"%s"},"outcome":{"result":"SUCCESS"},\
        "target":[{"id":"00utarget","type":"User","alternateId":"%s","displayName":"Target"}]}"""
        .formatted(uuid, at, eventType, actor, ip, target);
  }

  /** A Microsoft Graph signIn resource with {@code errorCode} (0 is success). */
  static String entra(String id, Instant at, String upn, String ip, int errorCode) {
    return """
        {"id":"%s","createdDateTime":"%s","userDisplayName":"%s","userPrincipalName":"%s",\
        "userId":"d1e2-%s","appId":"00000003-0000-0000-c000-000000000000",\
        "appDisplayName":"Office 365 Exchange Online","ipAddress":"%s","clientAppUsed":"Browser",\
        "userAgent":"%s","conditionalAccessStatus":"notApplied","isInteractive":true,\
        "status":{"errorCode":%d,"failureReason":"%s","additionalDetails":null},\
        "deviceDetail":{"deviceId":"","displayName":"","operatingSystem":"Windows10",\
        "browser":"Chrome 124.0.0"}}"""
        .formatted(
            id,
            at,
            upn,
            upn,
            Integer.toHexString(upn.hashCode()),
            ip,
            CHROME,
            errorCode,
            errorCode == 0
                ? "Other."
                : "Invalid username or password or Invalid on-premise" + " username or password.");
  }

  /** A Duo Admin API v2 authentication log record. */
  static String duo(
      String txid, Instant at, String email, String ip, String factor, String result, String why) {
    String name = email.substring(0, email.indexOf('@'));
    return """
        {"txid":"%s","isotimestamp":"%s","timestamp":%d,"event_type":"authentication",\
        "factor":"%s","result":"%s","reason":"%s","email":"%s",\
        "user":{"name":"%s","key":"DU%s","groups":["Staff"]},\
        "access_device":{"ip":"%s","hostname":null,"browser":"Chrome","os":"Windows",\
        "location":{"city":"Berlin","country":"Germany","state":"Berlin"}},\
        "auth_device":{"name":"iPhone","ip":null},"application":{"name":"Okta","key":"DI1"}}"""
        .formatted(
            txid,
            at,
            at.getEpochSecond(),
            factor,
            result,
            why,
            email,
            name,
            name.toUpperCase(Locale.ROOT),
            ip);
  }
}
