package io.mantissa.itdr;

import io.mantissa.api.Event;
import io.mantissa.api.FieldPath;
import io.mantissa.spi.enrich.GeoIpLookup;
import io.mantissa.spi.enrich.GeoLocation;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads {@link IdentityEvent}s from events normalized by the log sources (OCSF fields in {@link
 * Event#normalized()}). The rules, in order:
 *
 * <ul>
 *   <li>An event without {@code identity_key} is not an identity event (empty).
 *   <li><b>Authentication (class_uid 3002)</b>: Logon is {@link Activity#LOGIN}, Logoff is {@link
 *       Activity#OTHER}. Per source: Okta {@code user.authentication.auth_via_mfa} is an MFA
 *       challenge (success approve, failure deny). Every Duo authentication-log record (it has a
 *       factor, {@code auth_protocol}) is a second factor: success approve, failure (denied, fraud,
 *       timeout) deny; Duo {@code admin_login} is a login. Entra ID error 500121 (strong
 *       authentication failed, which includes a denied or unanswered push) is an MFA deny; the
 *       interrupt codes 50072, 50074, 50076, 50079, 50097, 50125, 50140 and 50158 ("MFA required",
 *       "keep me signed in" and similar prompts) are {@link Outcome#INTERRUPTED}, not failures, so
 *       that an ordinary MFA prompt never counts as a guessed password.
 *   <li><b>Account Change (class_uid 3001)</b>: password change or reset (activity 3, 4) is {@link
 *       Activity#PASSWORD_RESET}; MFA factor disable (11, which includes Okta {@code
 *       user.mfa.factor.reset_all} and Duo bypass codes) is {@link Activity#MFA_RESET}; MFA factor
 *       enable (10: Okta {@code user.mfa.factor.activate}, Entra security info registered, Google
 *       2SV enrolment) is {@link Activity#MFA_ENROLL}; enable (2: reactivate, unsuspend, restore)
 *       is {@link Activity#ACCOUNT_ENABLE}; attach policy (7: group membership, privilege grant) is
 *       {@link Activity#PRIVILEGE_GRANT}; the rest {@link Activity#OTHER}. The account changed
 *       ({@code user.email_addr}, else {@code user.name}) is the target user; the identity is the
 *       actor. When the target has no email and its name is the actor's name ({@code
 *       actor.user.name}: an AWS IAM user attaching a policy to itself), the target user is the
 *       actor's identity key. For attach and detach policy (7, 8) the roles, groups or policies
 *       named are the privileges: OCSF {@code privileges}, then {@code policy.name}, {@code
 *       policy.uid}, {@code group.name}.
 *   <li><b>Administrative action</b> ({@link IdentityEvent#adminAction()}): an Account Change on
 *       another account than the actor's, by activity; an MFA disable without target; CloudTrail
 *       {@code CreateAccessKey} and {@code CreateLoginProfile}; and the API operations of {@link
 *       #ADMIN_EVENT_CODES} (logging stopped, security policies changed, API tokens created), which
 *       are read as {@link Activity#OTHER}.
 *   <li><b>Okta push events</b> (API Activity): {@code system.push.send_factor_verify_push} is
 *       {@link Activity#MFA_PUSH}, {@code user.mfa.okta_verify.deny_push} an {@link
 *       Activity#MFA_DENY} with outcome failure whatever the record's outcome says; {@code
 *       security.session.detect_client_roaming} is {@link Activity#OTHER} (it carries the session).
 *   <li>Session: Okta {@code authenticationContext.externalSessionId}, Entra ID {@code
 *       properties.sessionId} (or {@code sessionId} in Graph records), from the native fields;
 *       other sources have none. Application: {@code service.name}, else the Okta target of type
 *       {@code AppInstance}. Token: {@code authentication_token.type} (Entra ID {@code
 *       incomingTokenType}, {@code none} left out), the token a sign-in redeemed.
 *   <li>Provider verdict ({@link IdentityEvent#providerRisk()}): OCSF {@code risk_level_id} and
 *       {@code risk_details} classified per source by {@link #providerRisk}; Okta's and Slack's
 *       verdict events (API Activity, in {@link #OTHER_EVENT_CODES}) and Authentication events with
 *       activity Other that carry a verdict (and every Google account warning) are {@link
 *       Activity#OTHER}.
 *   <li>Every other class is not an identity event (empty).
 *   <li>Outcome: {@code status_id} 1 success, 2 failure, else unknown.
 *   <li>Location: {@code src_endpoint.location.country/city/lat/long} (or {@code coordinates},
 *       longitude first) and {@code src_endpoint.autonomous_system.number} when the record has
 *       them; what is missing is filled from the {@link GeoIpLookup} for {@code src_endpoint.ip},
 *       when one is configured. A lookup answer with no country, no city and coordinates (0, 0) has
 *       unknown coordinates.
 *   <li>Device: {@code device.name}, else {@code device.uid}, else {@code src_endpoint.hostname}.
 * </ul>
 */
public final class IdentityEventReader {
  static final int AUTHENTICATION = 3002;
  static final int ACCOUNT_CHANGE = 3001;

  /** Okta's push event: an MFA push sent. */
  static final String OKTA_PUSH = "system.push.send_factor_verify_push";

  /** Okta's push event: a push denied. */
  static final String OKTA_DENY_PUSH = "user.mfa.okta_verify.deny_push";

  /** Okta's session event: a session used from another client or network. */
  static final String OKTA_ROAMING = "security.session.detect_client_roaming";

  /**
   * The events outside the OCSF Authentication (3002) and Account Change (3001) classes that this
   * reader also reads, as source id → event codes ({@code metadata.event_code}): batch readers of a
   * lake select these besides the two classes.
   */
  public static final Map<String, Set<String>> OTHER_EVENT_CODES =
      Map.of(
          "okta",
          Set.of(
              OKTA_PUSH,
              OKTA_DENY_PUSH,
              OKTA_ROAMING,
              "user.account.report_suspicious_activity_by_enduser",
              "app.oauth2.token.detect_reuse",
              "security.threat.detected"),
          "slack",
          Set.of("anomaly"));

  /**
   * Administrative operations outside the Account Change class (3001) that this reader reads as
   * {@link Activity#OTHER} with their {@link AdminAction}, as source id → lower-cased event code
   * ({@code metadata.event_code}) → action: audit logging stopped or reconfigured, security and IAM
   * policies changed, API tokens and application secrets created. Batch readers of a lake select
   * these besides the two classes (the codes are lower-cased; CloudTrail's are {@code StopLogging}
   * and so on in the lake).
   */
  public static final Map<String, Map<String, AdminAction>> ADMIN_EVENT_CODES =
      Map.of(
          "aws_cloudtrail",
          Map.of(
              "stoplogging", AdminAction.DISABLE_LOGGING,
              "deletetrail", AdminAction.DISABLE_LOGGING,
              "updatetrail", AdminAction.DISABLE_LOGGING,
              "puteventselectors", AdminAction.DISABLE_LOGGING,
              "deletedetector", AdminAction.DISABLE_LOGGING,
              "createpolicy", AdminAction.CHANGE_POLICY,
              "createpolicyversion", AdminAction.CHANGE_POLICY,
              "setdefaultpolicyversion", AdminAction.CHANGE_POLICY),
          "okta",
          Map.of(
              "system.api_token.create", AdminAction.CREATE_CREDENTIAL,
              "policy.lifecycle.update", AdminAction.CHANGE_POLICY,
              "policy.lifecycle.deactivate", AdminAction.CHANGE_POLICY,
              "policy.rule.update", AdminAction.CHANGE_POLICY,
              "policy.rule.deactivate", AdminAction.CHANGE_POLICY),
          "entra_audit",
          Map.of(
              "update conditional access policy", AdminAction.CHANGE_POLICY,
              "delete conditional access policy", AdminAction.CHANGE_POLICY,
              "add service principal credentials", AdminAction.CREATE_CREDENTIAL,
              "update application – certificates and secrets management",
                  AdminAction.CREATE_CREDENTIAL));

  static final Set<String> ENTRA_INTERRUPTS =
      Set.of("50072", "50074", "50076", "50079", "50097", "50125", "50140", "50158");
  static final String ENTRA_MFA_FAILED = "500121";

  private static final FieldPath IDENTITY = FieldPath.of("identity_key");
  private static final FieldPath CLASS = FieldPath.of("class_uid");
  private static final FieldPath ACTIVITY = FieldPath.of("activity_id");
  private static final FieldPath STATUS = FieldPath.of("status_id");
  private static final FieldPath STATUS_CODE = FieldPath.of("status_code");
  private static final FieldPath EVENT_CODE = FieldPath.of("metadata.event_code");
  private static final FieldPath AUTH_PROTOCOL = FieldPath.of("auth_protocol");
  private static final FieldPath IP = FieldPath.of("src_endpoint.ip");
  private static final FieldPath HOSTNAME = FieldPath.of("src_endpoint.hostname");
  private static final FieldPath USER_AGENT = FieldPath.of("http_request.user_agent");
  private static final FieldPath DEVICE_NAME = FieldPath.of("device.name");
  private static final FieldPath DEVICE_UID = FieldPath.of("device.uid");
  private static final FieldPath TARGET_EMAIL = FieldPath.of("user.email_addr");
  private static final FieldPath TARGET_NAME = FieldPath.of("user.name");
  private static final FieldPath ACTOR_NAME = FieldPath.of("actor.user.name");
  private static final FieldPath COUNTRY = FieldPath.of("src_endpoint.location.country");
  private static final FieldPath CITY = FieldPath.of("src_endpoint.location.city");
  private static final FieldPath LAT = FieldPath.of("src_endpoint.location.lat");
  private static final FieldPath LON = FieldPath.of("src_endpoint.location.long");
  private static final FieldPath COORDINATES = FieldPath.of("src_endpoint.location.coordinates");
  private static final FieldPath ASN = FieldPath.of("src_endpoint.autonomous_system.number");
  private static final FieldPath SERVICE = FieldPath.of("service.name");
  private static final FieldPath OKTA_SESSION =
      FieldPath.of("authenticationContext.externalSessionId");
  private static final FieldPath ENTRA_SESSION = FieldPath.of("properties.sessionId");
  private static final FieldPath GRAPH_SESSION = FieldPath.of("sessionId");
  private static final FieldPath TARGETS = FieldPath.of("target");
  private static final FieldPath PRIVILEGES = FieldPath.of("privileges");
  private static final FieldPath POLICY_NAME = FieldPath.of("policy.name");
  private static final FieldPath POLICY_UID = FieldPath.of("policy.uid");
  private static final FieldPath GROUP_NAME = FieldPath.of("group.name");
  private static final FieldPath TOKEN_TYPE = FieldPath.of("authentication_token.type");
  private static final FieldPath SESSION_UID = FieldPath.of("session.uid");
  private static final FieldPath RISK_LEVEL = FieldPath.of("risk_level_id");
  private static final FieldPath RISK_DETAILS = FieldPath.of("risk_details");
  private static final Pattern COUNTRY_CODE = Pattern.compile("[A-Za-z]{2}");

  private final GeoIpLookup geoIp;

  private IdentityEventReader(GeoIpLookup geoIp) {
    this.geoIp = geoIp;
  }

  /** A reader that takes locations from the events only. */
  public static IdentityEventReader withoutGeoIp() {
    return new IdentityEventReader(ip -> Optional.empty());
  }

  /** A reader that fills missing locations from {@code geoIp}. */
  public static IdentityEventReader withGeoIp(GeoIpLookup geoIp) {
    return new IdentityEventReader(Objects.requireNonNull(geoIp, "geoIp"));
  }

  /** The identity view of {@code event}, or empty when it is not an identity event. */
  public Optional<IdentityEvent> read(Event event) {
    String identity = text(event, IDENTITY);
    if (identity.isBlank()) {
      return Optional.empty();
    }
    int classUid = integer(event, CLASS);
    int activityId = integer(event, ACTIVITY);
    String code = text(event, EVENT_CODE).toLowerCase(Locale.ROOT);
    Outcome outcome =
        switch (integer(event, STATUS)) {
          case 1 -> Outcome.SUCCESS;
          case 2 -> Outcome.FAILURE;
          default -> Outcome.UNKNOWN;
        };
    Activity activity;
    String source = event.source();
    ProviderRisk risk = providerRisk(event, source, code);
    if (classUid == AUTHENTICATION) {
      activity = activityId == 2 ? Activity.OTHER : Activity.LOGIN;
      if (activityId == 99 && (risk.present() || source.equals("google_workspace"))) {
        // a provider's verdict or a Google account warning: no sign-in
        activity = Activity.OTHER;
      }
      if (source.equals("okta") && code.equals("user.authentication.auth_via_mfa")) {
        activity = mfa(outcome);
      } else if (source.equals("duo") && !text(event, AUTH_PROTOCOL).isEmpty()) {
        activity = mfa(outcome);
      } else if (source.equals("entra_signin")) {
        String status = text(event, STATUS_CODE);
        if (status.equals(ENTRA_MFA_FAILED)) {
          activity = Activity.MFA_DENY;
        } else if (ENTRA_INTERRUPTS.contains(status)) {
          outcome = Outcome.INTERRUPTED;
        }
      }
    } else if (classUid == ACCOUNT_CHANGE) {
      activity =
          switch (activityId) {
            case 3, 4 -> Activity.PASSWORD_RESET;
            case 11 -> Activity.MFA_RESET;
            case 10 -> Activity.MFA_ENROLL;
            case 2 -> Activity.ACCOUNT_ENABLE;
            case 7 -> Activity.PRIVILEGE_GRANT;
            default -> Activity.OTHER;
          };
    } else if (source.equals("okta") && code.equals(OKTA_PUSH)) {
      activity = Activity.MFA_PUSH;
    } else if (source.equals("okta") && code.equals(OKTA_DENY_PUSH)) {
      activity = Activity.MFA_DENY;
      outcome = Outcome.FAILURE;
    } else if (source.equals("okta") && code.equals(OKTA_ROAMING)) {
      activity = Activity.OTHER;
    } else if (ADMIN_EVENT_CODES.getOrDefault(source, Map.of()).containsKey(code)) {
      activity = Activity.OTHER;
    } else if (risk.present() && OTHER_EVENT_CODES.getOrDefault(source, Set.of()).contains(code)) {
      activity = Activity.OTHER; // a provider's verdict outside the two classes (Okta, Slack)
    } else {
      return Optional.empty();
    }
    String ip = text(event, IP);
    String device = firstNonEmpty(text(event, DEVICE_NAME), text(event, DEVICE_UID));
    String target =
        classUid == ACCOUNT_CHANGE
            ? firstNonEmpty(text(event, TARGET_EMAIL), text(event, TARGET_NAME))
                .toLowerCase(Locale.ROOT)
            : "";
    String key = identity.trim().toLowerCase(Locale.ROOT);
    if (!target.isEmpty()
        && text(event, TARGET_EMAIL).isEmpty()
        && target.equalsIgnoreCase(text(event, ACTOR_NAME))) {
      // same account name on both sides in one source (an AWS IAM user acting on itself): the
      // target is the actor, whose identity key may carry a prefix (aws:heidi.silva)
      target = key;
    }
    List<String> privileges =
        classUid == ACCOUNT_CHANGE && (activityId == 7 || activityId == 8)
            ? privileges(event)
            : List.of();
    AdminAction admin = adminAction(source, classUid, activityId, code, target, key);
    return Optional.of(
        new IdentityEvent(
            event.id(),
            key,
            source,
            event.time(),
            activity,
            outcome,
            ip,
            text(event, USER_AGENT),
            firstNonEmpty(device, text(event, HOSTNAME)),
            target,
            geo(event, ip),
            session(event),
            application(event),
            text(event, TOKEN_TYPE),
            privileges,
            admin,
            risk));
  }

  /**
   * The provider's own verdict: OCSF {@code risk_level_id} (1 to 4) and {@code risk_details} as the
   * normalizers write them, classified per source; Entra ID risks {@code dismissed} or {@code
   * remediated} are left out. {@link ProviderRisk#NONE} when the provider flagged nothing.
   */
  static ProviderRisk providerRisk(Event event, String source, String code) {
    int level = integer(event, RISK_LEVEL);
    String details = text(event, RISK_DETAILS);
    if (level < 1 || level > 4 || details.isEmpty()) {
      return ProviderRisk.NONE;
    }
    String d = details.toLowerCase(Locale.ROOT);
    RiskSignal signal;
    String origin;
    switch (source) {
      case "duo" -> {
        boolean adaptive = d.startsWith("adaptive trust");
        signal = adaptive ? RiskSignal.RISKY_SIGN_IN : RiskSignal.MFA_FRAUD;
        origin =
            adaptive
                ? "Duo authentication log adaptive_trust_assessments / rbfs_triggered_attacks"
                : "Duo authentication log result fraud, reason";
      }
      case "google_workspace" -> {
        signal =
            d.startsWith("account_disabled_hijacked")
                ? RiskSignal.COMPROMISED
                : d.contains("password_leak")
                    ? RiskSignal.CREDENTIAL_LEAK
                    : d.startsWith("gov_attack_warning")
                        ? RiskSignal.TARGETED_ATTACK
                        : d.startsWith("risky_sensitive_action")
                            ? RiskSignal.RISKY_ACTION
                            : RiskSignal.RISKY_SIGN_IN;
        origin =
            d.endsWith("is_suspicious")
                ? "Google Workspace login event parameter is_suspicious"
                : "Google Workspace login audit event name";
      }
      case "okta" -> {
        signal =
            switch (code) {
              case "user.account.report_suspicious_activity_by_enduser" -> RiskSignal.USER_REPORTED;
              case "app.oauth2.token.detect_reuse" -> RiskSignal.TOKEN_REUSE;
              case "security.threat.detected" -> RiskSignal.THREAT_ACTOR;
              default -> null;
            };
        origin = "Okta System Log eventType " + code;
      }
      case "entra_signin" -> {
        if (d.startsWith("riskstate dismissed") || d.startsWith("riskstate remediated")) {
          return ProviderRisk.NONE;
        }
        signal =
            d.startsWith("riskstate confirmedcompromised")
                ? RiskSignal.COMPROMISED
                : RiskSignal.RISKY_SIGN_IN;
        origin =
            "Entra ID Identity Protection (riskState, riskLevelDuringSignIn, riskLevelAggregated)";
      }
      case "slack" -> {
        signal = RiskSignal.SESSION_ANOMALY;
        origin = "Slack audit log action anomaly, details.reason";
      }
      default -> {
        signal = null;
        origin = "";
      }
    }
    return signal == null ? ProviderRisk.NONE : new ProviderRisk(signal, level, details, origin);
  }

  /**
   * The roles, groups or policies an account change grants or takes: OCSF {@code privileges} (a
   * list or one text), {@code policy.name}, {@code policy.uid} and {@code group.name}, in that
   * order, without repeats.
   */
  private static List<String> privileges(Event event) {
    Set<String> out = new java.util.LinkedHashSet<>();
    Object listed = event.normalizedField(PRIVILEGES);
    if (listed instanceof List<?> l) {
      for (Object o : l) {
        if (o != null && !o.toString().isBlank()) {
          out.add(o.toString().trim());
        }
      }
    } else if (listed != null && !listed.toString().isBlank()) {
      out.add(listed.toString().trim());
    }
    for (FieldPath p : List.of(POLICY_NAME, POLICY_UID, GROUP_NAME)) {
      String v = text(event, p);
      if (!v.isEmpty()) {
        out.add(v);
      }
    }
    return List.copyOf(out);
  }

  /**
   * The administrative action of an event: for Account Change (3001) on another account than the
   * actor's, by activity (create, enable, password, disable or lock, delete, attach, detach, MFA
   * disable); an MFA disable without a target (GitHub's organisation-wide two-factor requirement
   * off) and a CloudTrail {@code CreateAccessKey} or {@code CreateLoginProfile} whatever the
   * target; else the operations of {@link #ADMIN_EVENT_CODES}.
   */
  static AdminAction adminAction(
      String source, int classUid, int activityId, String code, String target, String key) {
    if (classUid != ACCOUNT_CHANGE) {
      return ADMIN_EVENT_CODES.getOrDefault(source, Map.of()).getOrDefault(code, AdminAction.NONE);
    }
    if (source.equals("aws_cloudtrail")
        && (code.equals("createaccesskey") || code.equals("createloginprofile"))) {
      return AdminAction.CREATE_CREDENTIAL;
    }
    boolean other = !target.isEmpty() && !target.equals(key);
    if (!other) {
      return activityId == 11 && target.isEmpty() ? AdminAction.DISABLE_MFA : AdminAction.NONE;
    }
    return switch (activityId) {
      case 1 -> AdminAction.CREATE_ACCOUNT;
      case 2 -> AdminAction.ENABLE_ACCOUNT;
      case 3, 4 -> AdminAction.RESET_PASSWORD;
      case 5, 9 -> AdminAction.DISABLE_ACCOUNT;
      case 6 -> AdminAction.DELETE_ACCOUNT;
      case 7 -> AdminAction.GRANT;
      case 8 -> AdminAction.REVOKE;
      case 11 -> AdminAction.DISABLE_MFA;
      default -> AdminAction.NONE;
    };
  }

  /** The provider's session id: only sources whose records carry one (Okta, Entra ID). */
  private static String session(Event event) {
    String id =
        switch (event.source()) {
          case "okta" -> nativeText(event, OKTA_SESSION);
          case "entra_signin" ->
              firstNonEmpty(
                  text(event, SESSION_UID),
                  firstNonEmpty(
                      nativeText(event, ENTRA_SESSION), nativeText(event, GRAPH_SESSION)));
          default -> "";
        };
    // Okta writes "unknown" when the request had no session
    return id.equalsIgnoreCase("unknown") || id.equalsIgnoreCase("null") ? "" : id;
  }

  /** The application: OCSF {@code service.name}, else the Okta target of type AppInstance. */
  private static String application(Event event) {
    String app = text(event, SERVICE);
    if (!app.isEmpty() || !event.source().equals("okta")) {
      return app;
    }
    if (event.field(TARGETS) instanceof List<?> targets) {
      for (Object o : targets) {
        if (o instanceof Map<?, ?> m
            && "AppInstance".equals(m.get("type"))
            && m.get("displayName") instanceof String name) {
          return name.trim();
        }
      }
    }
    return "";
  }

  private static String nativeText(Event event, FieldPath path) {
    Object v = event.field(path);
    return v == null ? "" : v.toString().trim();
  }

  private static Activity mfa(Outcome outcome) {
    return switch (outcome) {
      case SUCCESS -> Activity.MFA_APPROVE;
      case FAILURE -> Activity.MFA_DENY;
      default -> Activity.MFA_PUSH;
    };
  }

  private Geo geo(Event event, String ip) {
    Geo own = eventGeo(event);
    boolean complete = own.hasCountry() && own.hasCoordinates() && own.asn() != 0;
    if (complete || ip.isEmpty()) {
      return own;
    }
    Optional<GeoLocation> found = geoIp.lookup(ip);
    if (found.isEmpty()) {
      return own;
    }
    GeoLocation g = found.get();
    boolean coordinates =
        !g.countryIsoCode().isEmpty()
            || !g.city().isEmpty()
            || g.latitude() != 0
            || g.longitude() != 0;
    Geo looked;
    try {
      looked =
          new Geo(
              g.countryIsoCode(),
              g.city(),
              coordinates ? g.latitude() : Double.NaN,
              coordinates ? g.longitude() : Double.NaN,
              Math.max(0, g.asn()));
    } catch (IllegalArgumentException e) {
      return own;
    }
    return own.orElse(looked);
  }

  private static Geo eventGeo(Event event) {
    String country = text(event, COUNTRY);
    if (!COUNTRY_CODE.matcher(country).matches()) {
      country = "";
    }
    double lat = decimal(event.normalizedField(LAT));
    double lon = decimal(event.normalizedField(LON));
    if ((Double.isNaN(lat) || Double.isNaN(lon))
        && event.normalizedField(COORDINATES) instanceof List<?> c
        && c.size() == 2) {
      lon = decimal(c.get(0));
      lat = decimal(c.get(1));
    }
    if (Double.isNaN(lat) || Double.isNaN(lon) || Math.abs(lat) > 90 || Math.abs(lon) > 180) {
      lat = Double.NaN;
      lon = Double.NaN;
    }
    long asn = (long) Math.max(0, zeroIfNaN(decimal(event.normalizedField(ASN))));
    return new Geo(country, text(event, CITY), lat, lon, asn);
  }

  private static double zeroIfNaN(double d) {
    return Double.isNaN(d) ? 0 : d;
  }

  private static String text(Event event, FieldPath path) {
    Object v = event.normalizedField(path);
    return v == null ? "" : v.toString().trim();
  }

  private static int integer(Event event, FieldPath path) {
    double d = decimal(event.normalizedField(path));
    return Double.isNaN(d) ? 0 : (int) d;
  }

  private static double decimal(Object v) {
    if (v instanceof Number n) {
      return n.doubleValue();
    }
    if (v instanceof String s) {
      try {
        return Double.parseDouble(s.trim());
      } catch (NumberFormatException e) {
        return Double.NaN;
      }
    }
    return Double.NaN;
  }

  private static String firstNonEmpty(String a, String b) {
    return a.isEmpty() ? b : a;
  }
}
