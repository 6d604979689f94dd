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
 *       actor's identity key.
 *   <li><b>Okta push events</b> (API Activity): {@code system.push.send_factor_verify_push} is
 *       {@link Activity#MFA_PUSH}, {@code user.mfa.okta_verify.deny_push} an {@link
 *       Activity#MFA_DENY} with outcome failure whatever the record's outcome says; {@code
 *       security.session.detect_client_roaming} is {@link Activity#OTHER} (it carries the session).
 *   <li>Session: Okta {@code authenticationContext.externalSessionId}, Entra ID {@code
 *       properties.sessionId} (or {@code sessionId} in Graph records), from the native fields;
 *       other sources have none. Application: {@code service.name}, else the Okta target of type
 *       {@code AppInstance}.
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
      Map.of("okta", Set.of(OKTA_PUSH, OKTA_DENY_PUSH, OKTA_ROAMING));

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
    if (classUid == AUTHENTICATION) {
      activity = activityId == 2 ? Activity.OTHER : Activity.LOGIN;
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
            application(event)));
  }

  /** The provider's session id: only sources whose records carry one (Okta, Entra ID). */
  private static String session(Event event) {
    String id =
        switch (event.source()) {
          case "okta" -> nativeText(event, OKTA_SESSION);
          case "entra_signin" ->
              firstNonEmpty(nativeText(event, ENTRA_SESSION), nativeText(event, GRAPH_SESSION));
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
