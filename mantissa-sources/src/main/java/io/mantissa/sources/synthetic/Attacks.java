package io.mantissa.sources.synthetic;

import static io.mantissa.sources.synthetic.Emitter.map;

import io.mantissa.api.Entity;
import io.mantissa.api.EntityType;
import io.mantissa.api.ErrorCode;
import io.mantissa.api.MantissaException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/** Writes the records of each attack scenario and what it did. */
final class Attacks {
  /** A scenario's records and its ground truth before the event ids are known. */
  static final class Draft {
    final Scenario scenario;
    final List<Emitter.Timed> records = new ArrayList<>();
    final List<Entity> actors = new ArrayList<>();
    final List<Entity> targets = new ArrayList<>();
    final Map<String, String> resolved;
    String description = "";

    Draft(Scenario scenario) {
      this.scenario = scenario;
      this.resolved = new LinkedHashMap<>(scenario.parameters());
    }

    void add(Emitter.Timed t) {
      if (t != null) {
        records.add(t);
      }
    }

    void actor(EntityType type, String value) {
      Entity e = new Entity(type, value);
      if (!actors.contains(e)) {
        actors.add(e);
      }
    }

    void target(EntityType type, String value) {
      Entity e = new Entity(type, value);
      if (!targets.contains(e)) {
        targets.add(e);
      }
    }
  }

  private static final String CLI =
      "aws-cli/2.15.30 Python/3.11.8 Darwin/23.4.0 exe/x86_64 prompt/off";

  private final Emitter g;
  private final Set<String> used = new LinkedHashSet<>();

  Attacks(Emitter g) {
    this.g = g;
  }

  /** The sources {@code s} writes to whatever else is enabled. */
  static List<String> requiredSources(Scenario s) {
    return switch (s.type()) {
      case ROOT_ACCOUNT_USE, S3_BUCKET_POLICY_CHANGE -> List.of("aws_cloudtrail");
      case DATA_EXFILTRATION ->
          List.of(mode(s).equals("s3") ? "aws_cloudtrail" : "google_workspace");
      case TOKEN_THEFT -> List.of(source(s, "entra_signin"));
      case IMPOSSIBLE_TRAVEL, DORMANT_ACCOUNT_ACTIVATION, SESSION_HIJACK ->
          List.of(source(s, "okta"));
      case PASSWORD_SPRAY, BRUTE_FORCE -> List.of(source(s, "okta", "entra_signin"));
      case CREDENTIAL_STUFFING -> List.of(source(s, "m365"));
      case MFA_PUSH_BOMBING -> List.of(source(s, "okta", "duo"));
      case NEW_COUNTRY_LOGIN -> List.of(source(s, "entra_signin", "okta"));
      case ADMIN_GRANT -> List.of(source(s, "okta", "entra_audit"));
      case SELF_GRANT -> List.of(source(s, "aws_cloudtrail", "okta"));
      case PRIVILEGE_ESCALATION_CHAIN ->
          s.get("cloud").equals("aws_cloudtrail")
              ? List.of(source(s, "okta", "entra_audit"), "aws_cloudtrail")
              : s.get("cloud").equals("none")
                  ? List.of(source(s, "okta", "entra_audit"))
                  : List.of(cloud(s));
    };
  }

  private static String source(Scenario s, String... allowed) {
    String v = s.get("source");
    for (String a : allowed) {
      if (a.equals(v)) {
        return v;
      }
    }
    throw s.invalid("source", "one of " + String.join(", ", allowed));
  }

  private static String cloud(Scenario s) {
    throw s.invalid("cloud", "aws_cloudtrail or none");
  }

  private static String mode(Scenario s) {
    String m = s.get("mode");
    if (!m.equals("drive") && !m.equals("s3")) {
      throw s.invalid("mode", "drive or s3");
    }
    return m;
  }

  /** Writes scenario {@code s}, starting {@code at} before the end. */
  Draft run(Scenario s) {
    Draft d = new Draft(s);
    // a few minutes of jitter so that scenarios do not start on round times
    Instant t = g.end.minus(s.duration("at")).minusMillis(g.random.nextInt(300_000));
    if (!t.isAfter(g.start)) {
      throw s.invalid("at", "less than the " + g.days + " day(s) of data");
    }
    switch (s.type()) {
      case PASSWORD_SPRAY -> passwordSpray(d, t);
      case BRUTE_FORCE -> bruteForce(d, t);
      case CREDENTIAL_STUFFING -> credentialStuffing(d, t);
      case MFA_PUSH_BOMBING -> pushBombing(d, t);
      case IMPOSSIBLE_TRAVEL -> impossibleTravel(d, t);
      case NEW_COUNTRY_LOGIN -> newCountry(d, t);
      case ADMIN_GRANT -> adminGrant(d, t);
      case SELF_GRANT -> selfGrant(d, t);
      case PRIVILEGE_ESCALATION_CHAIN -> escalationChain(d, t);
      case DORMANT_ACCOUNT_ACTIVATION -> dormant(d, t);
      case SESSION_HIJACK -> sessionHijack(d, t);
      case ROOT_ACCOUNT_USE -> rootUse(d, t);
      case S3_BUCKET_POLICY_CHANGE -> bucketPolicy(d, t);
      case DATA_EXFILTRATION -> exfiltration(d, t);
      case TOKEN_THEFT -> tokenTheft(d, t);
    }
    Instant last = d.records.stream().map(r -> r.time).max(Instant::compareTo).orElse(t);
    if (!last.isBefore(g.end)) {
      throw new MantissaException(
          ErrorCode.INVALID_ARGUMENT,
          "scenario "
              + s.type().id()
              + " starting "
              + s.get("at")
              + " before the end would run past the end of the data; start it earlier");
    }
    return d;
  }

  // ------------------------------------------------------------------ choices

  private Person person(Draft d, String param, Predicate<Person> suits) {
    Scenario s = d.scenario;
    if (!s.auto(param)) {
      Person p =
          g.org
              .person(s.get(param))
              .orElseThrow(() -> s.invalid(param, "a person of the organisation (email or login)"));
      used.add(p.email());
      return p;
    }
    List<Person> candidates =
        g.org.people().stream().filter(suits).filter(p -> !used.contains(p.email())).toList();
    if (candidates.isEmpty()) {
      candidates = g.org.people().stream().filter(suits).toList();
    }
    if (candidates.isEmpty()) {
      throw new MantissaException(
          ErrorCode.INVALID_ARGUMENT,
          "scenario " + s.type().id() + " found no suitable person for '" + param + "'");
    }
    Person p = g.pick(candidates);
    used.add(p.email());
    d.resolved.put(param, p.email());
    return p;
  }

  private static boolean ordinary(Person p, Organization org) {
    return !p.dormant() && !p.groups().contains(org.adminGroup());
  }

  /** The foreign location of an explicit address (null when none has it), or a random one. */
  private String ip(Draft d, String param, Location[] where) {
    if (!d.scenario.auto(param)) {
      String ip = d.scenario.get(param);
      if (!ip.matches("[0-9a-fA-F:.]+")) {
        throw d.scenario.invalid(param, "an IP address");
      }
      where[0] = g.org.foreign().stream().filter(l -> l.contains(ip)).findFirst().orElse(null);
      return ip;
    }
    Location l = g.pick(g.org.foreign());
    where[0] = l;
    String ip = l.address(2 + g.random.nextInt(Math.min(l.size() - 3, 25)));
    d.resolved.put(param, ip);
    return ip;
  }

  private Location country(Draft d, String param) {
    if (d.scenario.auto(param)) {
      Location l = g.pick(g.org.foreign());
      d.resolved.put(param, l.country());
      return l;
    }
    String c = d.scenario.get(param).toUpperCase(Locale.ROOT);
    return g.org.foreign().stream()
        .filter(l -> l.country().equals(c))
        .findFirst()
        .orElseThrow(
            () -> d.scenario.invalid(param, "the code of a foreign location of the organisation"));
  }

  private Instant jitter(Instant t, int minSeconds, int maxSeconds) {
    return t.plusMillis(
        minSeconds * 1000L + g.random.nextInt((maxSeconds - minSeconds) * 1000 + 1));
  }

  private Emitter.Timed okta(
      Instant t,
      Person u,
      String ip,
      Location place,
      String agent,
      String type,
      String message,
      String result,
      String reason,
      String session,
      List<Map<String, Object>> targets) {
    return g.add(
        "okta",
        t,
        Shapes.okta(g, t, u, ip, place, agent, type, message, result, reason, session, targets));
  }

  private static Map<String, Object> app(String name) {
    return Shapes.oktaTarget(
        "0oa" + Emitter.stable("app:" + name, "abcdefghijklmnopqrstuvwxyz0123456789", 17),
        "AppInstance",
        name,
        name);
  }

  // ------------------------------------------------------------------ credential attacks

  private void passwordSpray(Draft d, Instant t) {
    Scenario s = d.scenario;
    Location[] where = new Location[1];
    String ip = ip(d, "ip", where);
    int n = s.integer("targets");
    if (n < 2 || n > g.org.people().size()) {
      throw s.invalid("targets", "2.." + g.org.people().size() + " (the organisation's size)");
    }
    List<Person> pool = new ArrayList<>(g.org.people());
    Collections.shuffle(pool, g.random);
    List<Person> targets = new ArrayList<>(pool.subList(0, n));
    Person victim;
    if (s.auto("victim")) {
      List<Person> ordinary = targets.stream().filter(p -> ordinary(p, g.org)).toList();
      victim = ordinary.isEmpty() ? targets.get(0) : g.pick(ordinary);
      d.resolved.put("victim", victim.email());
    } else if (s.get("victim").equals("none")) {
      victim = null;
    } else {
      victim =
          g.org
              .person(s.get("victim"))
              .orElseThrow(() -> s.invalid("victim", "a person, auto or none"));
      if (!targets.contains(victim)) {
        targets.set(0, victim);
      }
    }
    if (victim != null) {
      used.add(victim.email());
    }
    boolean entra = s.get("source").equals("entra_signin");
    d.actor(EntityType.IP, ip);
    Instant at = t;
    for (Person target : targets) {
      at = jitter(at, 15, 30);
      d.target(EntityType.USER, target.email());
      d.add(
          entra
              ? g.add(
                  "entra_signin",
                  at,
                  Shapes.entraSignIn(
                      g,
                      at,
                      target,
                      ip,
                      where(where, target),
                      Emitter.ODD_AGENT,
                      "OfficeHome",
                      50126,
                      "Error validating credentials due to invalid username or password.",
                      "singleFactorAuthentication"))
              : okta(
                  at,
                  target,
                  ip,
                  where[0],
                  Emitter.ODD_AGENT,
                  "user.session.start",
                  "User login to Okta",
                  "FAILURE",
                  "INVALID_CREDENTIALS",
                  null,
                  List.of()));
    }
    if (victim != null) {
      d.actor(EntityType.USER, victim.email());
      at = at.plusSeconds(95);
      String session = "idx" + g.token(22);
      if (entra) {
        d.add(
            g.add(
                "entra_signin",
                at,
                Shapes.entraSignIn(
                    g,
                    at,
                    victim,
                    ip,
                    where(where, victim),
                    Emitter.ODD_AGENT,
                    "OfficeHome",
                    0,
                    null,
                    "singleFactorAuthentication")));
      } else {
        d.add(
            okta(
                at,
                victim,
                ip,
                where[0],
                Emitter.ODD_AGENT,
                "user.session.start",
                "User login to Okta",
                "SUCCESS",
                null,
                session,
                List.of()));
        at = at.plusSeconds(40);
        d.add(
            okta(
                at,
                victim,
                ip,
                where[0],
                Emitter.ODD_AGENT,
                "user.authentication.sso",
                "User single sign on to app",
                "SUCCESS",
                null,
                session,
                List.of(app("GitHub Enterprise"))));
      }
      if (g.enabled("github")) {
        for (int i = 0; i < 6; i++) {
          at = jitter(at, 20, 60);
          String repo = g.pick("payments-api", "infra-terraform", "data-pipeline", "web-frontend");
          d.add(
              g.add(
                  "github",
                  at,
                  Shapes.github(
                      g,
                      at,
                      victim,
                      "repo.download_zip",
                      "access",
                      ip,
                      Emitter.ODD_AGENT,
                      where(where, victim),
                      repo)));
          d.target(EntityType.RESOURCE, g.org.githubOrg() + "/" + repo);
        }
      }
    }
    d.description =
        (entra ? "Entra ID" : "Okta")
            + " password spray: "
            + n
            + " users from "
            + ip
            + " starting "
            + Emitter.SECONDS.format(t)
            + (victim == null
                ? ", no success"
                : ", then a successful login as "
                    + victim.email()
                    + (g.enabled("github") ? " and repository downloads on GitHub" : ""));
  }

  /** Where an address is, for sources that always write a location: the foreign place or home. */
  private static Location where(Location[] where, Person fallback) {
    return where[0] != null ? where[0] : fallback.home();
  }

  private void bruteForce(Draft d, Instant t) {
    Scenario s = d.scenario;
    Location[] where = new Location[1];
    String ip = ip(d, "ip", where);
    Person u = person(d, "user", p -> ordinary(p, g.org));
    int attempts = s.integer("attempts");
    if (attempts < 1) {
      throw s.invalid("attempts", "at least 1");
    }
    boolean success = s.bool("success");
    boolean entra = s.get("source").equals("entra_signin");
    d.actor(EntityType.IP, ip);
    d.target(EntityType.USER, u.email());
    Instant at = t;
    String agent = "python-requests/2.31.0";
    for (int i = 0; i < attempts; i++) {
      at = jitter(at, 3, 12);
      d.add(
          entra
              ? g.add(
                  "entra_signin",
                  at,
                  Shapes.entraSignIn(
                      g,
                      at,
                      u,
                      ip,
                      where(where, u),
                      agent,
                      "Office 365 Exchange Online",
                      50126,
                      "Error validating credentials due to invalid username or password.",
                      "singleFactorAuthentication"))
              : okta(
                  at,
                  u,
                  ip,
                  where[0],
                  agent,
                  "user.session.start",
                  "User login to Okta",
                  "FAILURE",
                  "INVALID_CREDENTIALS",
                  null,
                  List.of()));
    }
    if (success) {
      at = jitter(at, 5, 20);
      d.actor(EntityType.USER, u.email());
      d.add(
          entra
              ? g.add(
                  "entra_signin",
                  at,
                  Shapes.entraSignIn(
                      g,
                      at,
                      u,
                      ip,
                      where(where, u),
                      agent,
                      "Office 365 Exchange Online",
                      0,
                      null,
                      "singleFactorAuthentication"))
              : okta(
                  at,
                  u,
                  ip,
                  where[0],
                  agent,
                  "user.session.start",
                  "User login to Okta",
                  "SUCCESS",
                  null,
                  "idx" + g.token(22),
                  List.of()));
    }
    d.description =
        (entra ? "Entra ID" : "Okta")
            + " brute force: "
            + attempts
            + " failed passwords for "
            + u.email()
            + " from "
            + ip
            + (success ? ", then a successful sign-in" : "");
  }

  private void credentialStuffing(Draft d, Instant t) {
    Scenario s = d.scenario;
    int attempts = s.integer("attempts");
    int addresses = s.integer("addresses");
    int successes = s.integer("successes");
    if (attempts < 1 || addresses < 1 || successes > attempts) {
      throw s.invalid("attempts", "at least 1, with addresses >= 1 and successes <= attempts");
    }
    List<String> ips = new ArrayList<>();
    for (int i = 0; i < addresses; i++) {
      ips.add("198.18." + (100 + g.random.nextInt(100)) + "." + (1 + g.random.nextInt(254)));
    }
    String[] leaked = {
      "j.doe", "admin", "info", "m.rossi", "s.kumar", "test", "sales", "hr", "k.lee"
    };
    Instant at = t;
    List<Person> hits = new ArrayList<>();
    for (int i = 0; i < attempts; i++) {
      at = jitter(at, 1, 8);
      String ip = ips.get(i % ips.size());
      d.actor(EntityType.IP, ip);
      boolean ok = i >= attempts - successes;
      boolean known = ok || g.random.nextInt(100) < 60;
      if (known) {
        Person p = g.pick(g.active.isEmpty() ? g.org.people() : g.active);
        d.target(EntityType.USER, p.email());
        if (ok) {
          hits.add(p);
        }
        d.add(
            g.add(
                "m365",
                at,
                Shapes.m365Login(
                    g,
                    at,
                    p.email(),
                    Emitter.entraId(p),
                    ip,
                    "python-requests/2.31.0",
                    ok,
                    "InvalidUserNameOrPassword")));
        if (ok) {
          Instant next = at.plusSeconds(30);
          d.add(g.add("m365", next, Shapes.m365Mail(g, next, p, ip, "MailItemsAccessed")));
          d.actor(EntityType.USER, p.email());
        }
      } else {
        String email =
            leaked[g.random.nextInt(leaked.length)]
                + (g.random.nextInt(90) + 10)
                + "@"
                + g.org.domain();
        d.target(EntityType.USER, email);
        d.add(
            g.add(
                "m365",
                at,
                Shapes.m365Login(
                    g,
                    at,
                    email,
                    "00000000-0000-0000-0000-000000000000",
                    ip,
                    "python-requests/2.31.0",
                    false,
                    "UserAccountNotFound")));
      }
    }
    d.description =
        "Microsoft 365 credential stuffing: "
            + attempts
            + " sign-ins from "
            + addresses
            + " proxy addresses in 198.18.0.0/15 starting "
            + Emitter.SECONDS.format(t)
            + ", "
            + hits.size()
            + " successful ("
            + String.join(", ", hits.stream().map(Person::email).toList())
            + ")";
  }

  private void pushBombing(Draft d, Instant t) {
    Scenario s = d.scenario;
    Location[] where = new Location[1];
    String ip = ip(d, "ip", where);
    Person u = person(d, "user", p -> ordinary(p, g.org));
    int pushes = s.integer("pushes");
    if (pushes < 2) {
      throw s.invalid("pushes", "at least 2");
    }
    boolean approved = s.bool("approved");
    boolean duo = s.get("source").equals("duo");
    d.actor(EntityType.IP, ip);
    d.target(EntityType.USER, u.email());
    Instant at = t;
    String session = "idx" + g.token(22);
    if (!duo) {
      d.add(
          okta(
              at,
              u,
              ip,
              where[0],
              Emitter.ODD_AGENT,
              "user.session.start",
              "User login to Okta",
              "SUCCESS",
              null,
              session,
              List.of()));
    }
    for (int i = 0; i < pushes; i++) {
      at = jitter(at, 12, 24);
      boolean last = i == pushes - 1;
      if (duo) {
        d.add(
            g.add(
                "duo",
                at,
                Shapes.duoAuth(
                    g,
                    at,
                    u,
                    ip,
                    where(where, u),
                    Emitter.ODD_AGENT,
                    "Microsoft Azure Active Directory",
                    "duo_push",
                    last && approved ? "success" : "denied",
                    last && approved
                        ? "user_approved"
                        : i % 3 == 0 ? "user_cancelled" : "no_response")));
      } else {
        d.add(
            okta(
                at,
                u,
                ip,
                where[0],
                Emitter.ODD_AGENT,
                "system.push.send_factor_verify_push",
                "Push notification sent for verification",
                "SUCCESS",
                null,
                session,
                List.of()));
        if (!last || !approved) {
          Instant deny = jitter(at, 3, 7);
          d.add(
              okta(
                  deny,
                  u,
                  ip,
                  where[0],
                  Emitter.ODD_AGENT,
                  "user.mfa.okta_verify.deny_push",
                  "User rejected Okta push verify",
                  "FAILURE",
                  "INVALID_CREDENTIALS",
                  session,
                  List.of()));
        }
      }
    }
    if (approved && !duo) {
      at = at.plusSeconds(6);
      d.add(
          okta(
              at,
              u,
              ip,
              where[0],
              Emitter.ODD_AGENT,
              "user.authentication.auth_via_mfa",
              "Authentication of user via MFA",
              "SUCCESS",
              null,
              session,
              List.of()));
    }
    if (approved) {
      d.actor(EntityType.USER, u.email());
    }
    d.description =
        (duo ? "Duo" : "Okta Verify")
            + " push bombing: "
            + pushes
            + " pushes to "
            + u.email()
            + " from "
            + ip
            + " starting "
            + Emitter.SECONDS.format(t)
            + (approved ? ", denied " + (pushes - 1) + " times, then approved" : ", all denied");
  }

  // ------------------------------------------------------------------ anomalous sign-ins

  private void impossibleTravel(Draft d, Instant t) {
    Scenario s = d.scenario;
    Person u = person(d, "user", p -> ordinary(p, g.org));
    Location far = country(d, "country");
    Duration gap = s.duration("gap");
    String farIp = far.address(3 + g.random.nextInt(20));
    String session = "idx" + g.token(22);
    d.add(
        okta(
            t,
            u,
            u.ip(),
            u.home(),
            Emitter.agent(u),
            "user.session.start",
            "User login to Okta",
            "SUCCESS",
            null,
            session,
            List.of()));
    Instant at = t.plus(gap);
    String other = "idx" + g.token(22);
    d.add(
        okta(
            at,
            u,
            farIp,
            far,
            Emitter.agent(u),
            "user.session.start",
            "User login to Okta",
            "SUCCESS",
            null,
            other,
            List.of()));
    at = at.plusSeconds(50);
    d.add(
        okta(
            at,
            u,
            farIp,
            far,
            Emitter.agent(u),
            "user.authentication.sso",
            "User single sign on to app",
            "SUCCESS",
            null,
            other,
            List.of(app("Salesforce"))));
    d.actor(EntityType.USER, u.email());
    d.actor(EntityType.IP, farIp);
    d.target(EntityType.USER, u.email());
    double km = distanceKm(u.home(), far);
    d.description =
        String.format(
            Locale.ROOT,
            "Okta impossible travel: %s signed in from %s (%s) and %d minutes later from %s (%s), %.0f km away",
            u.email(),
            u.home().city(),
            u.ip(),
            gap.toMinutes(),
            far.city(),
            farIp,
            km);
  }

  static double distanceKm(Location a, Location b) {
    double r = 6371.0;
    double dLat = Math.toRadians(b.latitude() - a.latitude());
    double dLon = Math.toRadians(b.longitude() - a.longitude());
    double h =
        Math.pow(Math.sin(dLat / 2), 2)
            + Math.cos(Math.toRadians(a.latitude()))
                * Math.cos(Math.toRadians(b.latitude()))
                * Math.pow(Math.sin(dLon / 2), 2);
    return 2 * r * Math.asin(Math.sqrt(h));
  }

  private void newCountry(Draft d, Instant t) {
    Person u = person(d, "user", p -> ordinary(p, g.org));
    Location far = country(d, "country");
    String ip = far.address(4 + g.random.nextInt(20));
    boolean entra = d.scenario.get("source").equals("entra_signin");
    if (entra) {
      d.add(
          g.add(
              "entra_signin",
              t,
              Shapes.entraSignIn(
                  g,
                  t,
                  u,
                  ip,
                  far,
                  Emitter.agent(u),
                  "OfficeHome",
                  0,
                  null,
                  "singleFactorAuthentication")));
      Instant next = t.plusSeconds(70);
      d.add(
          g.add(
              "entra_signin",
              next,
              Shapes.entraSignIn(
                  g,
                  next,
                  u,
                  ip,
                  far,
                  Emitter.agent(u),
                  "Office 365 Exchange Online",
                  0,
                  null,
                  "singleFactorAuthentication")));
    } else {
      d.add(
          okta(
              t,
              u,
              ip,
              far,
              Emitter.agent(u),
              "user.session.start",
              "User login to Okta",
              "SUCCESS",
              null,
              "idx" + g.token(22),
              List.of()));
    }
    d.actor(EntityType.USER, u.email());
    d.actor(EntityType.IP, ip);
    d.description =
        (entra ? "Entra ID" : "Okta")
            + " new-country login: "
            + u.email()
            + " (home "
            + u.home().country()
            + ") signed in from "
            + far.countryName()
            + " ("
            + ip
            + ")";
  }

  private void sessionHijack(Draft d, Instant t) {
    Scenario s = d.scenario;
    Person u = person(d, "user", p -> ordinary(p, g.org));
    Location[] where = new Location[1];
    String ip = ip(d, "ip", where);
    String session = "idx" + g.token(22);
    d.add(
        okta(
            t,
            u,
            u.ip(),
            u.home(),
            Emitter.agent(u),
            "user.session.start",
            "User login to Okta",
            "SUCCESS",
            null,
            session,
            List.of()));
    Instant at = t.plus(s.duration("delay"));
    d.add(
        okta(
            at,
            u,
            ip,
            where[0],
            Emitter.ODD_AGENT,
            "security.session.detect_client_roaming",
            "Roaming session detected",
            "ALLOW",
            null,
            session,
            List.of()));
    at = at.plusMillis(400 + g.random.nextInt(600));
    for (String app : List.of("Salesforce", "Google Workspace", "AWS IAM Identity Center")) {
      d.add(
          okta(
              at,
              u,
              ip,
              where[0],
              Emitter.ODD_AGENT,
              "user.authentication.sso",
              "User single sign on to app",
              "SUCCESS",
              null,
              session,
              List.of(app(app))));
      at = jitter(at, 30, 90);
    }
    d.actor(EntityType.IP, ip);
    d.actor(EntityType.USER, u.email());
    d.target(EntityType.USER, u.email());
    d.resolved.put("session", session);
    d.description =
        "Okta session hijack: the session "
            + session
            + " of "
            + u.email()
            + ", started from "
            + u.ip()
            + ", used from "
            + ip
            + " with another browser";
  }

  private void dormant(Draft d, Instant t) {
    Scenario s = d.scenario;
    Person u = person(d, "user", Person::dormant);
    if (!u.dormant()) {
      throw s.invalid("user", "a dormant person (see Organization.Builder.dormant)");
    }
    Location[] where = new Location[1];
    String ip = ip(d, "ip", where);
    String session = "idx" + g.token(22);
    String agent = Emitter.ODD_AGENT;
    Person admin = null;
    if (s.bool("reactivated")) {
      admin = person(d, "actor", p -> p.groups().contains(g.org.adminGroup()) && !p.dormant());
      d.add(
          g.add(
              "okta",
              t,
              Shapes.okta(
                  g,
                  t,
                  admin,
                  admin.ip(),
                  admin.home(),
                  Emitter.agent(admin),
                  "user.lifecycle.reactivate",
                  "Reactivate Okta user",
                  "SUCCESS",
                  null,
                  "idx" + g.token(22),
                  List.of(Shapes.oktaUser(u)))));
      t = t.plusSeconds(600 + g.random.nextInt(600));
    }
    d.add(
        okta(
            t,
            u,
            ip,
            where[0],
            agent,
            "user.session.start",
            "User login to Okta",
            "SUCCESS",
            null,
            session,
            List.of()));
    Instant at = t.plusSeconds(25);
    d.add(
        okta(
            at,
            u,
            ip,
            where[0],
            agent,
            "user.authentication.auth_via_mfa",
            "Authentication of user via MFA",
            "SUCCESS",
            null,
            session,
            List.of()));
    at = at.plusSeconds(60);
    d.add(
        okta(
            at,
            u,
            ip,
            where[0],
            agent,
            "user.authentication.sso",
            "User single sign on to app",
            "SUCCESS",
            null,
            session,
            List.of(app("AWS IAM Identity Center"))));
    if (g.enabled("aws_cloudtrail")) {
      Map<String, Object> role = Shapes.assumedRole(g, u, "Developer", at);
      for (String name : List.of("ListBuckets", "GetCallerIdentity", "DescribeInstances")) {
        at = jitter(at, 20, 60);
        String service =
            name.equals("ListBuckets")
                ? "s3.amazonaws.com"
                : name.startsWith("Get") ? "sts.amazonaws.com" : "ec2.amazonaws.com";
        d.add(
            g.add(
                "aws_cloudtrail",
                at,
                Shapes.cloudTrail(g, at, role, service, name, ip, CLI, null, null, "AwsApiCall")));
      }
    }
    if (g.enabled("github")) {
      for (int i = 0; i < 3; i++) {
        at = jitter(at, 30, 120);
        d.add(
            g.add(
                "github",
                at,
                Shapes.github(
                    g,
                    at,
                    u,
                    "git.clone",
                    "access",
                    ip,
                    "git/2.44.0",
                    where(where, u),
                    g.pick("payments-api", "infra-terraform", "data-pipeline"))));
      }
    }
    d.actor(EntityType.USER, u.email());
    d.actor(EntityType.IP, ip);
    if (admin != null) {
      d.actor(EntityType.USER, admin.email());
    }
    d.description =
        "Dormant account activation: "
            + u.email()
            + ", unused for "
            + s.integer("dormant_days")
            + " days, "
            + (admin == null ? "" : "reactivated by " + admin.email() + ", ")
            + "signed in from "
            + ip
            + " and started using AWS"
            + (g.enabled("github") ? " and GitHub" : "");
  }

  // ------------------------------------------------------------------ privilege escalation

  private void adminGrant(Draft d, Instant t) {
    Scenario s = d.scenario;
    Person admin = person(d, "actor", p -> p.groups().contains(g.org.adminGroup()) && !p.dormant());
    Person target = person(d, "user", p -> ordinary(p, g.org));
    String role = s.get("role");
    boolean entra = s.get("source").equals("entra_audit");
    if (entra) {
      String entraRole = role.equals("Super administrator") ? "Global Administrator" : role;
      d.resolved.put("role", entraRole);
      d.add(
          g.add(
              "entra_audit",
              t,
              Shapes.entraAudit(
                  g,
                  t,
                  admin,
                  admin.ip(),
                  "Add member to role",
                  "RoleManagement",
                  "Assign",
                  target,
                  // the order Entra writes them: object id, display name, template id, name
                  List.of(
                      map(
                          "displayName",
                          "Role.ObjectID",
                          "oldValue",
                          null,
                          "newValue",
                          "\"" + Emitter.stableUuid("role:" + entraRole) + "\""),
                      map(
                          "displayName",
                          "Role.DisplayName",
                          "oldValue",
                          null,
                          "newValue",
                          "\"" + entraRole + "\""),
                      map(
                          "displayName",
                          "Role.TemplateId",
                          "oldValue",
                          null,
                          "newValue",
                          "\"" + Emitter.stableUuid("template:" + entraRole) + "\""),
                      map(
                          "displayName",
                          "Role.WellKnownObjectName",
                          "oldValue",
                          null,
                          "newValue",
                          "\"" + entraRole.replace(" ", "") + "\"")))));
      role = entraRole;
    } else {
      Map<String, Object> e =
          Shapes.okta(
              g,
              t,
              admin,
              admin.ip(),
              admin.home(),
              Emitter.agent(admin),
              "user.account.privilege.grant",
              "Grant user privilege",
              "SUCCESS",
              null,
              "idx" + g.token(22),
              List.of(Shapes.oktaUser(target)));
      debug(e).put("privilegeGranted", role);
      d.add(g.add("okta", t, e));
      Instant next = t.plusSeconds(20);
      d.add(
          g.add(
              "okta",
              next,
              Shapes.okta(
                  g,
                  next,
                  admin,
                  admin.ip(),
                  admin.home(),
                  Emitter.agent(admin),
                  "group.user_membership.add",
                  "Add user to group membership",
                  "SUCCESS",
                  null,
                  "idx" + g.token(22),
                  List.of(
                      Shapes.oktaUser(target),
                      Shapes.oktaTarget(
                          "00g"
                              + Emitter.stable(
                                  "group:" + g.org.adminGroup(),
                                  "abcdefghijklmnopqrstuvwxyz0123456789",
                                  17),
                          "UserGroup",
                          g.org.adminGroup(),
                          g.org.adminGroup())))));
    }
    d.actor(EntityType.USER, admin.email());
    d.target(EntityType.USER, target.email());
    d.description =
        "Privilege escalation (admin grant): "
            + admin.email()
            + " made "
            + target.email()
            + " a "
            + role
            + " in "
            + (entra ? "Entra ID" : "Okta");
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> debug(Map<String, Object> okta) {
    return (Map<String, Object>) ((Map<String, Object>) okta.get("debugContext")).get("debugData");
  }

  private void selfGrant(Draft d, Instant t) {
    Scenario s = d.scenario;
    Person u = person(d, "user", p -> ordinary(p, g.org));
    String ip = u.ip();
    Location[] where = {u.home()};
    if (!s.auto("ip")) {
      ip = ip(d, "ip", where);
    } else {
      d.resolved.put("ip", ip);
    }
    String policy = s.get("policy");
    boolean aws = s.get("source").equals("aws_cloudtrail");
    if (aws) {
      Map<String, Object> me = Shapes.iamUser(g, g.org, u.login());
      String policyArn = "arn:aws:iam::aws:policy/" + policy;
      d.add(
          g.add(
              "aws_cloudtrail",
              t,
              Shapes.cloudTrail(
                  g,
                  t,
                  me,
                  "iam.amazonaws.com",
                  "ListAttachedUserPolicies",
                  ip,
                  CLI,
                  map("userName", u.login()),
                  null,
                  "AwsApiCall")));
      Instant at = t.plusSeconds(35);
      d.add(
          g.add(
              "aws_cloudtrail",
              at,
              Shapes.cloudTrail(
                  g,
                  at,
                  me,
                  "iam.amazonaws.com",
                  "AttachUserPolicy",
                  ip,
                  CLI,
                  map("userName", u.login(), "policyArn", policyArn),
                  null,
                  "AwsApiCall")));
      at = at.plusSeconds(50);
      d.add(
          g.add(
              "aws_cloudtrail",
              at,
              Shapes.cloudTrail(
                  g, at, me, "iam.amazonaws.com", "ListUsers", ip, CLI, null, null, "AwsApiCall")));
      d.target(EntityType.RESOURCE, policyArn);
    } else {
      Map<String, Object> e =
          Shapes.okta(
              g,
              t,
              u,
              ip,
              where[0],
              Emitter.agent(u),
              "user.account.privilege.grant",
              "Grant user privilege",
              "SUCCESS",
              null,
              "idx" + g.token(22),
              List.of(Shapes.oktaUser(u)));
      debug(e).put("privilegeGranted", policy);
      d.add(g.add("okta", t, e));
    }
    d.actor(EntityType.USER, u.email());
    d.actor(EntityType.IP, ip);
    d.target(EntityType.USER, u.email());
    d.description =
        "Privilege escalation (self grant): "
            + u.email()
            + (aws
                ? " attached " + policy + " to their own IAM user " + u.login()
                : " granted themselves " + policy + " in Okta")
            + " from "
            + ip;
  }

  // ------------------------------------------------------------------ AWS

  private void rootUse(Draft d, Instant t) {
    Scenario s = d.scenario;
    Location[] where = new Location[1];
    String ip = ip(d, "ip", where);
    boolean mfa = s.bool("mfa");
    Organization org = g.org;
    String agent = Emitter.ODD_AGENT;
    d.add(
        g.add(
            "aws_cloudtrail",
            t,
            Shapes.consoleLogin(g, t, Shapes.root(org), ip, agent, mfa, true)));
    Map<String, Object> session = Shapes.rootSession(g, org, t, mfa);
    Instant at = t.plusSeconds(70);
    d.add(
        g.add(
            "aws_cloudtrail",
            at,
            Shapes.cloudTrail(
                g,
                at,
                session,
                "iam.amazonaws.com",
                "CreateUser",
                ip,
                "console.amazonaws.com",
                map("userName", "backup-admin"),
                map(
                    "user",
                    map(
                        "userName",
                        "backup-admin",
                        "userId",
                        "AIDA" + g.upper(17),
                        "arn",
                        "arn:aws:iam::" + org.awsAccountId() + ":user/backup-admin",
                        "path",
                        "/",
                        "createDate",
                        Emitter.SECONDS.format(at))),
                "AwsApiCall")));
    at = at.plusSeconds(25);
    d.add(
        g.add(
            "aws_cloudtrail",
            at,
            Shapes.cloudTrail(
                g,
                at,
                session,
                "iam.amazonaws.com",
                "AttachUserPolicy",
                ip,
                "console.amazonaws.com",
                map(
                    "userName",
                    "backup-admin",
                    "policyArn",
                    "arn:aws:iam::aws:policy/AdministratorAccess"),
                null,
                "AwsApiCall")));
    at = at.plusSeconds(30);
    d.add(
        g.add(
            "aws_cloudtrail",
            at,
            Shapes.cloudTrail(
                g,
                at,
                session,
                "iam.amazonaws.com",
                "CreateAccessKey",
                ip,
                "console.amazonaws.com",
                map("userName", "backup-admin"),
                map(
                    "accessKey",
                    map(
                        "userName",
                        "backup-admin",
                        "accessKeyId",
                        "AKIA" + g.upper(16),
                        "status",
                        "Active",
                        "createDate",
                        Emitter.SECONDS.format(at))),
                "AwsApiCall")));
    if (g.enabled("aws_guardduty")) {
      Instant found = at.plusSeconds(240);
      d.add(
          g.add(
              "aws_guardduty",
              found,
              Shapes.guardDuty(
                  g,
                  found,
                  "Policy:IAMUser/RootCredentialUsage",
                  2.0,
                  "API CreateAccessKey was invoked using root credentials.",
                  "API CreateAccessKey was invoked using root credentials from IP address "
                      + ip
                      + ".",
                  Shapes.guardDutyAccessKey(session),
                  Shapes.apiCallAction("CreateAccessKey", "iam.amazonaws.com", ip, where[0], agent),
                  4)));
    }
    d.actor(EntityType.USER, "arn:aws:iam::" + org.awsAccountId() + ":root");
    d.actor(EntityType.IP, ip);
    d.target(EntityType.USER, "backup-admin");
    d.description =
        "AWS root console login "
            + (mfa ? "with MFA" : "without MFA")
            + " from "
            + ip
            + " at "
            + Emitter.SECONDS.format(t)
            + ", then CreateUser backup-admin, AttachUserPolicy AdministratorAccess, CreateAccessKey";
  }

  private void bucketPolicy(Draft d, Instant t) {
    Scenario s = d.scenario;
    Person u = person(d, "user", p -> ordinary(p, g.org));
    String bucket =
        s.auto("bucket")
            ? g.org.domain().replace('.', '-') + "-customer-exports-" + g.hex(4)
            : s.get("bucket");
    if (!bucket.matches("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]")) {
      throw s.invalid("bucket", "a valid S3 bucket name");
    }
    d.resolved.put("bucket", bucket);
    String principal = s.get("principal");
    Map<String, Object> id = Shapes.assumedRole(g, u, "Developer", t);
    String agent = "aws-cli/2.15.30 Python/3.11.8 Darwin/23.4.0 exe/x86_64 prompt/off";
    d.add(
        g.add(
            "aws_cloudtrail",
            t,
            Shapes.s3Bucket(
                g,
                t,
                id,
                "CreateBucket",
                bucket,
                u.ip(),
                agent,
                map(
                    "CreateBucketConfiguration",
                    map(
                        "LocationConstraint",
                        "us-west-2",
                        "xmlns",
                        "http://s3.amazonaws.com/doc/2006-03-01/")))));
    Instant at = t.plusSeconds(90);
    d.add(
        g.add(
            "aws_cloudtrail",
            at,
            Shapes.s3Bucket(
                g,
                at,
                id,
                "DeleteBucketPublicAccessBlock",
                bucket,
                u.ip(),
                agent,
                map("publicAccessBlock", ""))));
    at = at.plusSeconds(45);
    Object principalValue =
        principal.equals("*") ? "*" : map("AWS", "arn:aws:iam::" + principal + ":root");
    Map<String, Object> statement =
        map(
            "Sid",
            "AllowRead",
            "Effect",
            "Allow",
            "Principal",
            principalValue,
            "Action",
            List.of("s3:GetObject", "s3:ListBucket"),
            "Resource",
            List.of("arn:aws:s3:::" + bucket, "arn:aws:s3:::" + bucket + "/*"));
    Map<String, Object> policy = map("Version", "2012-10-17", "Statement", List.of(statement));
    d.add(
        g.add(
            "aws_cloudtrail",
            at,
            Shapes.s3Bucket(
                g,
                at,
                id,
                "PutBucketPolicy",
                bucket,
                u.ip(),
                agent,
                map("bucketPolicy", policy, "policy", ""))));
    if (g.enabled("aws_guardduty") && principal.equals("*")) {
      Instant found = at.plusSeconds(300);
      d.add(
          g.add(
              "aws_guardduty",
              found,
              Shapes.guardDuty(
                  g,
                  found,
                  "Policy:S3/BucketAnonymousAccessGranted",
                  8.0,
                  "Amazon S3 Block Public Access was disabled and anonymous access was granted for bucket "
                      + bucket
                      + ".",
                  "The S3 bucket "
                      + bucket
                      + " grants anonymous users read access through its bucket policy.",
                  map(
                      "resourceType",
                      "S3Bucket",
                      "s3BucketDetails",
                      List.of(
                          map(
                              "name",
                              bucket,
                              "arn",
                              "arn:aws:s3:::" + bucket,
                              "type",
                              "Destination")),
                      "accessKeyDetails",
                      map(
                          "accessKeyId",
                          id.get("accessKeyId"),
                          "principalId",
                          id.get("principalId"),
                          "userName",
                          u.email(),
                          "userType",
                          "AssumedRole")),
                  Shapes.apiCallAction(
                      "PutBucketPolicy", "s3.amazonaws.com", u.ip(), u.home(), agent),
                  1)));
    }
    d.actor(EntityType.USER, u.email());
    d.target(EntityType.RESOURCE, "arn:aws:s3:::" + bucket);
    d.description =
        "S3 bucket "
            + bucket
            + " created by "
            + u.email()
            + ", its public access block removed and a bucket policy granting "
            + (principal.equals("*") ? "everyone" : "account " + principal)
            + " read access";
  }

  private void exfiltration(Draft d, Instant t) {
    Scenario s = d.scenario;
    Person u = person(d, "user", p -> ordinary(p, g.org));
    Location[] where = new Location[1];
    String ip = ip(d, "ip", where);
    int files = s.integer("files");
    if (files < 1) {
      throw s.invalid("files", "at least 1");
    }
    Instant at = t;
    if (mode(s).equals("drive")) {
      String[] titles = {
        "Customer list",
        "Pricing",
        "Roadmap",
        "Payroll",
        "Contracts",
        "Board minutes",
        "Source escrow",
        "M&A notes"
      };
      for (int i = 0; i < files; i++) {
        at = jitter(at, 4, 20);
        String title =
            titles[i % titles.length]
                + " "
                + (2020 + i / titles.length)
                + (i % 3 == 0 ? ".xlsx" : i % 3 == 1 ? ".pdf" : "");
        Person owner = g.anyActive();
        d.add(
            g.add(
                "google_workspace",
                at,
                Shapes.workspace(
                    g,
                    at,
                    u.email(),
                    ip,
                    "drive",
                    "access",
                    "download",
                    Shapes.driveParams(
                        g,
                        owner,
                        Emitter.stable(
                            "doc:" + title,
                            "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789",
                            44),
                        title,
                        "shared_internally"))));
      }
      for (int i = 0; i < Math.min(3, files); i++) {
        at = jitter(at, 10, 30);
        String title = titles[i] + " 2020";
        List<Map<String, Object>> params =
            new ArrayList<>(
                Shapes.driveParams(
                    g,
                    u,
                    Emitter.stable(
                        "doc:" + title,
                        "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789",
                        44),
                    title,
                    "people_with_link"));
        params.add(Shapes.param("old_visibility", "shared_internally"));
        params.add(Shapes.param("visibility_change", "external"));
        d.add(
            g.add(
                "google_workspace",
                at,
                Shapes.workspace(
                    g,
                    at,
                    u.email(),
                    ip,
                    "drive",
                    "acl_change",
                    "change_document_visibility",
                    params)));
      }
      d.target(EntityType.SERVICE, "Google Drive");
    } else {
      String bucket = g.org.domain().replace('.', '-') + "-customer-data";
      Map<String, Object> me = Shapes.iamUser(g, g.org, u.login());
      String agent =
          "aws-cli/2.15.30 Python/3.11.8 Linux/5.15.0 exe/x86_64 prompt/off command/s3.cp";
      d.add(
          g.add(
              "aws_cloudtrail",
              at,
              Shapes.cloudTrail(
                  g,
                  at,
                  me,
                  "s3.amazonaws.com",
                  "ListBuckets",
                  ip,
                  agent,
                  map("Host", "s3.amazonaws.com"),
                  null,
                  "AwsApiCall")));
      for (int i = 0; i < files; i++) {
        at = jitter(at, 1, 6);
        d.add(
            g.add(
                "aws_cloudtrail",
                at,
                Shapes.s3Object(
                    g,
                    at,
                    me,
                    "GetObject",
                    bucket,
                    "exports/customers-" + String.format(Locale.ROOT, "%04d", i) + ".csv.gz",
                    ip,
                    agent,
                    5_000_000L + g.random.nextInt(40_000_000))));
      }
      if (g.enabled("aws_guardduty")) {
        Instant found = at.plusSeconds(600);
        d.add(
            g.add(
                "aws_guardduty",
                found,
                Shapes.guardDuty(
                    g,
                    found,
                    "Exfiltration:S3/AnomalousBehavior",
                    8.0,
                    "Anomalous S3 data access by " + u.login() + ".",
                    "An IAM entity invoked an S3 API in a suspicious way: GetObject was called "
                        + files
                        + " times on "
                        + bucket
                        + " from "
                        + ip
                        + ".",
                    Shapes.guardDutyAccessKey(me),
                    Shapes.apiCallAction("GetObject", "s3.amazonaws.com", ip, where[0], agent),
                    files)));
      }
      d.target(EntityType.RESOURCE, "arn:aws:s3:::" + bucket);
    }
    d.actor(EntityType.USER, u.email());
    d.actor(EntityType.IP, ip);
    d.description =
        "Data exfiltration: "
            + u.email()
            + " downloaded "
            + files
            + (mode(s).equals("drive") ? " Google Drive files" : " S3 objects")
            + " from "
            + ip
            + " in "
            + Duration.between(t, at).toMinutes()
            + " minutes";
  }

  // ------------------------------------------------------------------ token theft

  /**
   * Token theft on Entra ID: the victim signs in interactively on a registered, compliant laptop
   * (session {@code sessionId}, device id), the laptop's primary refresh token renews the session
   * twice from home, then {@code delay} later the session's refresh token is redeemed without the
   * device from {@code ip} (abroad: a foreign place; home: another of the organisation's networks
   * in the victim's country) for Graph, Exchange and SharePoint, with the victim's own browser
   * string. With {@code lookalikes}, two other people produce what must not be reported: a laptop
   * carried to another office whose tokens are redeemed from the device they were issued to, and a
   * laptop without a registered device whose refresh token is redeemed from another network in the
   * same country with the same browser. Those records are background: not in the ground truth.
   */
  private void tokenTheft(Draft d, Instant t) {
    Scenario s = d.scenario;
    String mode = s.get("place");
    if (!mode.equals("abroad") && !mode.equals("home")) {
      throw s.invalid("place", "abroad or home");
    }
    boolean home = mode.equals("home");
    Duration delay = s.duration("delay");
    if (delay.compareTo(Duration.ofMinutes(90)) < 0) {
      throw s.invalid("delay", "at least 90m (after the session's own renewals)");
    }
    Person u = person(d, "user", p -> ordinary(p, g.org) && (!home || otherHome(p) != null));
    String ip;
    Location where;
    if (home) {
      where = otherHome(u);
      if (where == null) {
        throw s.invalid("user", "a person whose country has another network of the organisation");
      }
      if (s.auto("ip")) {
        ip = freeAddress(where);
        d.resolved.put("ip", ip);
      } else {
        ip = s.get("ip");
        if (!where.contains(ip)) {
          throw s.invalid("ip", "an address of " + where.network() + " with place=home");
        }
      }
    } else {
      Location[] w = new Location[1];
      ip = ip(d, "ip", w);
      where = w[0];
      if (where == null) {
        throw s.invalid("ip", "an address of a foreign place of the organisation");
      }
    }
    String session = g.uuid();
    String agent = Emitter.agent(u);
    d.add(entraToken(t, u, u.ip(), u.home(), agent, "OfficeHome", session, "none", true, true));
    Instant renew = jitter(t, 15 * 60, 25 * 60);
    d.add(
        entraToken(
            renew,
            u,
            u.ip(),
            u.home(),
            agent,
            "Microsoft Teams",
            session,
            "primaryRefreshToken",
            true,
            false));
    renew = jitter(t, 60 * 60, 80 * 60);
    d.add(
        entraToken(
            renew,
            u,
            u.ip(),
            u.home(),
            agent,
            "Office 365 Exchange Online",
            session,
            "primaryRefreshToken",
            true,
            false));
    Instant at = t.plus(delay);
    for (String app :
        List.of("Microsoft Graph", "Office 365 Exchange Online", "Office 365 SharePoint Online")) {
      d.add(entraToken(at, u, ip, where, agent, app, session, "refreshToken", false, false));
      at = jitter(at, 40, 150);
    }
    d.actor(EntityType.IP, ip);
    d.actor(EntityType.USER, u.email());
    d.target(EntityType.USER, u.email());
    d.resolved.put("session", session);
    d.description =
        "Entra ID token theft: the session "
            + session
            + " of "
            + u.email()
            + ", issued to the registered device "
            + deviceId(u)
            + " at "
            + u.ip()
            + " ("
            + u.home().city()
            + "), had its refresh token redeemed "
            + delay.toMinutes()
            + " minutes later without the device from "
            + ip
            + " ("
            + where.city()
            + ", "
            + where.country()
            + ")";
    if (s.bool("lookalikes")) {
      d.resolved.put("lookalike_users", String.join(",", tokenLookalikes(t)));
    }
  }

  /**
   * Benign look-alikes of token theft, written as background: their events are not in the ground
   * truth, only the people (parameter {@code lookalike_users}), because the generator's background
   * keeps them signing in from home while their laptops travel, which place detectors see.
   *
   * @return the emails of the people, empty when the organisation has no two suitable ones
   */
  private List<String> tokenLookalikes(Instant t) {
    List<Person> movers =
        g.org.people().stream()
            .filter(p -> ordinary(p, g.org) && !used.contains(p.email()) && otherHome(p) != null)
            .toList();
    if (movers.size() < 2) {
      return List.of();
    }
    Person laptop = g.pick(movers);
    used.add(laptop.email());
    Person hotspot =
        g.pick(movers.stream().filter(p -> !p.email().equals(laptop.email())).toList());
    used.add(hotspot.email());
    // a registered laptop carried to the other office (a six-hour trip): its primary refresh
    // token is redeemed from another network, by the device it was issued to
    String session = g.uuid();
    String agent = Emitter.agent(laptop);
    Instant at = jitter(t, 0, 600);
    g.add(
        "entra_signin",
        at,
        entraRecord(
            at,
            laptop,
            laptop.ip(),
            laptop.home(),
            agent,
            "OfficeHome",
            session,
            "none",
            true,
            true));
    Location office = otherHome(laptop);
    String officeIp = freeAddress(office);
    at = jitter(at.plus(Duration.ofHours(6)), 0, 1800);
    for (String app : List.of("Microsoft Teams", "Office 365 Exchange Online")) {
      g.add(
          "entra_signin",
          at,
          entraRecord(
              at,
              laptop,
              officeIp,
              office,
              agent,
              app,
              session,
              "primaryRefreshToken",
              true,
              false));
      at = jitter(at, 60, 300);
    }
    // an unregistered laptop on a phone's hotspot after a trip: the browser's refresh token
    // redeemed from another network in the same country, same browser, no device on either side
    session = g.uuid();
    agent = Emitter.agent(hotspot);
    at = jitter(t, 600, 1800);
    g.add(
        "entra_signin",
        at,
        entraRecord(
            at,
            hotspot,
            hotspot.ip(),
            hotspot.home(),
            agent,
            "OfficeHome",
            session,
            "none",
            false,
            true));
    Location carrier = otherHome(hotspot);
    String carrierIp = freeAddress(carrier);
    at = jitter(at.plus(Duration.ofHours(7)), 0, 1800);
    g.add(
        "entra_signin",
        at,
        entraRecord(
            at,
            hotspot,
            carrierIp,
            carrier,
            agent,
            "Office 365 Exchange Online",
            session,
            "refreshToken",
            false,
            false));
    return List.of(laptop.email(), hotspot.email());
  }

  /** Another of the organisation's home networks in {@code p}'s country, or null. */
  private Location otherHome(Person p) {
    for (Location l : g.org.homes()) {
      if (l.country().equals(p.home().country()) && !l.network().equals(p.home().network())) {
        return l;
      }
    }
    return null;
  }

  /** An address of {@code l} that is no person's own address. */
  private String freeAddress(Location l) {
    Set<String> taken = new java.util.HashSet<>();
    g.org.people().forEach(p -> taken.add(p.ip()));
    for (int i = 0; i < 64; i++) {
      String ip = l.address(2 + g.random.nextInt(Math.max(1, Math.min(l.size() - 3, 60))));
      if (!taken.contains(ip)) {
        return ip;
      }
    }
    return l.address(l.size() - 2);
  }

  private static String deviceId(Person u) {
    return Emitter.stableUuid("entra-device:" + u.email());
  }

  private Emitter.Timed entraToken(
      Instant t,
      Person u,
      String ip,
      Location place,
      String agent,
      String app,
      String session,
      String incoming,
      boolean onDevice,
      boolean interactive) {
    return g.add(
        "entra_signin",
        t,
        entraRecord(t, u, ip, place, agent, app, session, incoming, onDevice, interactive));
  }

  /**
   * An Entra ID sign-in of session {@code session} as Entra writes it: interactive ({@code
   * SignInLogs}) or not ({@code NonInteractiveUserSignInLogs}), the token it redeemed ({@code
   * incomingTokenType}), and the registered device ({@code deviceDetail.deviceId}, managed and
   * compliant) when {@code onDevice}.
   */
  @SuppressWarnings("unchecked")
  private Map<String, Object> entraRecord(
      Instant t,
      Person u,
      String ip,
      Location place,
      String agent,
      String app,
      String session,
      String incoming,
      boolean onDevice,
      boolean interactive) {
    Map<String, Object> e =
        Shapes.entraSignIn(
            g,
            t,
            u,
            ip,
            place,
            agent,
            app,
            0,
            null,
            interactive ? "multiFactorAuthentication" : "singleFactorAuthentication");
    e.put("category", interactive ? "SignInLogs" : "NonInteractiveUserSignInLogs");
    Map<String, Object> props = (Map<String, Object>) e.get("properties");
    props.put("isInteractive", interactive);
    props.put("clientAppUsed", interactive ? "Browser" : "Mobile Apps and Desktop clients");
    props.put("sessionId", session);
    props.put("uniqueTokenIdentifier", g.token(22));
    props.put("incomingTokenType", incoming);
    props.put("originalTransferMethod", "none");
    props.put(
        "tokenProtectionStatusDetails",
        map(
            "signInSessionStatus",
            onDevice && incoming.equals("primaryRefreshToken") ? "bound" : "unbound"));
    Map<String, Object> device = (Map<String, Object>) props.get("deviceDetail");
    Map<String, Object> copy = new LinkedHashMap<>(device);
    copy.put("deviceId", onDevice ? deviceId(u) : "");
    copy.put("displayName", onDevice ? u.device().hostname() : "");
    copy.put("isCompliant", onDevice);
    copy.put("isManaged", onDevice);
    copy.put("trustType", onDevice ? "Azure AD joined" : "");
    props.put("deviceDetail", copy);
    return e;
  }

  // ------------------------------------------------------------------ privilege escalation chain

  /**
   * An administrator grants an ordinary account an administrator role (in Okta or Entra ID, from
   * the administrator's own address: a fake request approved), and the account, driven from a
   * foreign address, uses it at once: it removes another person's MFA (Okta) or resets their
   * password and loosens a conditional access policy (Entra ID), creates an API token, then signs
   * in to AWS through single sign-on (an assumed role whose session is the person's email, so the
   * same identity key) and creates an IAM user with an access key, attaches AdministratorAccess to
   * it and stops CloudTrail logging. With {@code lookalikes=true} it also writes, a day earlier and
   * outside the ground truth, what must not look the same: a new help-desk administrator granted a
   * role from a ticket who resets a password and adds someone to an ordinary group (at most MEDIUM
   * for the chain detector), an administrator's routine group additions and a person joining an
   * ordinary group themselves.
   */
  private void escalationChain(Draft d, Instant t) {
    Scenario s = d.scenario;
    Person admin = person(d, "actor", p -> p.groups().contains(g.org.adminGroup()) && !p.dormant());
    Person u = person(d, "user", p -> ordinary(p, g.org));
    Location[] where = new Location[1];
    String ip = ip(d, "ip", where);
    boolean entra = s.get("source").equals("entra_audit");
    boolean aws = s.get("cloud").equals("aws_cloudtrail");
    String role = s.get("role");
    if (entra && role.equals("Super administrator")) {
      role = "Global Administrator";
      d.resolved.put("role", role);
    }
    Person victim = bystander(p -> ordinary(p, g.org));
    String agent = Emitter.ODD_AGENT;
    d.add(g.add(s.get("source"), t, roleGrant(t, admin, admin.ip(), u, role, entra)));
    Instant at = t.plusSeconds(300);
    if (entra) {
      d.add(
          g.add(
              "entra_audit",
              at,
              Shapes.entraAudit(
                  g,
                  at,
                  u,
                  ip,
                  "Reset user password",
                  "UserManagement",
                  "Update",
                  victim,
                  List.of())));
      at = at.plusSeconds(140);
      Map<String, Object> policy =
          Shapes.entraAudit(
              g,
              at,
              u,
              ip,
              "Update conditional access policy",
              "Policy",
              "Update",
              victim,
              List.of());
      @SuppressWarnings("unchecked")
      Map<String, Object> props = (Map<String, Object>) policy.get("properties");
      props.put(
          "targetResources",
          List.of(
              map(
                  "id",
                  Emitter.stableUuid("ca:require-mfa"),
                  "displayName",
                  "Require MFA for all users",
                  "type",
                  "Policy",
                  "modifiedProperties",
                  List.of(
                      map(
                          "displayName",
                          "ConditionalAccessPolicy",
                          "oldValue",
                          "{\"state\":\"enabled\"}",
                          "newValue",
                          "{\"state\":\"disabled\"}")))));
      d.add(g.add("entra_audit", at, policy));
    } else {
      d.add(
          g.add(
              "okta",
              at,
              Shapes.okta(
                  g,
                  at,
                  u,
                  ip,
                  where[0],
                  agent,
                  "user.session.start",
                  "User login to Okta",
                  "SUCCESS",
                  null,
                  "idx" + g.token(22),
                  List.of())));
      at = at.plusSeconds(120);
      d.add(
          g.add(
              "okta",
              at,
              Shapes.okta(
                  g,
                  at,
                  u,
                  ip,
                  where[0],
                  agent,
                  "user.mfa.factor.reset_all",
                  "Reset all factors for user",
                  "SUCCESS",
                  null,
                  "idx" + g.token(22),
                  List.of(Shapes.oktaUser(victim)))));
      at = at.plusSeconds(130);
      d.add(
          g.add(
              "okta",
              at,
              Shapes.okta(
                  g,
                  at,
                  u,
                  ip,
                  where[0],
                  agent,
                  "system.api_token.create",
                  "Create API token",
                  "SUCCESS",
                  null,
                  "idx" + g.token(22),
                  List.of(
                      Shapes.oktaTarget(
                          "00T" + g.token(17), "Token", "backup-sync", "backup-sync")))));
    }
    String created = "svc-backup-" + g.token(5).toLowerCase(Locale.ROOT);
    if (aws) {
      at = at.plusSeconds(1_320);
      Map<String, Object> me =
          Shapes.assumedRole(g, u, "AWSReservedSSO_AdministratorAccess_" + g.hex(16), at);
      String console = "console.amazonaws.com";
      Map<String, Object> newUser =
          map(
              "user",
              map(
                  "userName",
                  created,
                  "userId",
                  "AIDA" + g.upper(17),
                  "arn",
                  "arn:aws:iam::" + g.org.awsAccountId() + ":user/" + created,
                  "path",
                  "/"));
      d.add(
          g.add(
              "aws_cloudtrail",
              at,
              Shapes.cloudTrail(
                  g,
                  at,
                  me,
                  "iam.amazonaws.com",
                  "CreateUser",
                  ip,
                  console,
                  map("userName", created),
                  newUser,
                  "AwsApiCall")));
      at = at.plusSeconds(40);
      d.add(
          g.add(
              "aws_cloudtrail",
              at,
              Shapes.cloudTrail(
                  g,
                  at,
                  me,
                  "iam.amazonaws.com",
                  "CreateAccessKey",
                  ip,
                  console,
                  map("userName", created),
                  map(
                      "accessKey",
                      map(
                          "userName",
                          created,
                          "accessKeyId",
                          "AKIA" + g.upper(16),
                          "status",
                          "Active")),
                  "AwsApiCall")));
      at = at.plusSeconds(25);
      d.add(
          g.add(
              "aws_cloudtrail",
              at,
              Shapes.cloudTrail(
                  g,
                  at,
                  me,
                  "iam.amazonaws.com",
                  "AttachUserPolicy",
                  ip,
                  console,
                  map(
                      "userName",
                      created,
                      "policyArn",
                      "arn:aws:iam::aws:policy/AdministratorAccess"),
                  null,
                  "AwsApiCall")));
      at = at.plusSeconds(75);
      d.add(
          g.add(
              "aws_cloudtrail",
              at,
              Shapes.cloudTrail(
                  g,
                  at,
                  me,
                  "cloudtrail.amazonaws.com",
                  "StopLogging",
                  ip,
                  console,
                  map(
                      "name",
                      "arn:aws:cloudtrail:us-east-1:"
                          + g.org.awsAccountId()
                          + ":trail/management-events"),
                  null,
                  "AwsApiCall")));
      d.target(EntityType.USER, "aws:" + created);
    }
    if (s.bool("lookalikes")) {
      escalationLookalikes(t.minus(Duration.ofDays(1)), admin, entra);
    }
    d.actor(EntityType.USER, u.email());
    d.actor(EntityType.USER, admin.email());
    d.actor(EntityType.IP, ip);
    d.target(EntityType.USER, victim.email());
    d.target(EntityType.USER, u.email());
    d.description =
        "Privilege escalation chain: "
            + admin.email()
            + " granted "
            + u.email()
            + " "
            + role
            + " in "
            + (entra ? "Entra ID" : "Okta")
            + "; from "
            + ip
            + " the account then "
            + (entra
                ? "reset " + victim.email() + "'s password and disabled a conditional access policy"
                : "reset all MFA factors of " + victim.email() + " and created an API token")
            + (aws
                ? ", and in AWS (single sign-on) created IAM user "
                    + created
                    + " with an access key and AdministratorAccess and stopped CloudTrail logging"
                : "");
  }

  /** The grant of an administrator role to {@code to}: Okta privilege grant or Entra role. */
  private Map<String, Object> roleGrant(
      Instant t, Person by, String ip, Person to, String role, boolean entra) {
    if (entra) {
      return Shapes.entraAudit(
          g,
          t,
          by,
          ip,
          "Add member to role",
          "RoleManagement",
          "Assign",
          to,
          List.of(
              map(
                  "displayName",
                  "Role.ObjectID",
                  "oldValue",
                  null,
                  "newValue",
                  "\"" + Emitter.stableUuid("role:" + role) + "\""),
              map(
                  "displayName",
                  "Role.DisplayName",
                  "oldValue",
                  null,
                  "newValue",
                  "\"" + role + "\""),
              map(
                  "displayName",
                  "Role.TemplateId",
                  "oldValue",
                  null,
                  "newValue",
                  "\"" + Emitter.stableUuid("template:" + role) + "\""),
              map(
                  "displayName",
                  "Role.WellKnownObjectName",
                  "oldValue",
                  null,
                  "newValue",
                  "\"" + role.replace(" ", "") + "\"")));
    }
    Map<String, Object> e =
        Shapes.okta(
            g,
            t,
            by,
            ip,
            by.home(),
            Emitter.agent(by),
            "user.account.privilege.grant",
            "Grant user privilege",
            "SUCCESS",
            null,
            "idx" + g.token(22),
            List.of(Shapes.oktaUser(to)));
    debug(e).put("privilegeGranted", role);
    return e;
  }

  /** A group addition of {@code to} by {@code by} (Okta or Entra ID). */
  private Map<String, Object> groupAdd(
      Instant t, Person by, Person to, String group, boolean entra) {
    if (entra) {
      return Shapes.entraAudit(
          g,
          t,
          by,
          by.ip(),
          "Add member to group",
          "GroupManagement",
          "Assign",
          to,
          List.of(
              map(
                  "displayName",
                  "Group.DisplayName",
                  "oldValue",
                  null,
                  "newValue",
                  "\"" + group + "\"")));
    }
    return Shapes.okta(
        g,
        t,
        by,
        by.ip(),
        by.home(),
        Emitter.agent(by),
        "group.user_membership.add",
        "Add user to group membership",
        "SUCCESS",
        null,
        "idx" + g.token(22),
        List.of(
            Shapes.oktaUser(to),
            Shapes.oktaTarget(
                "00g"
                    + Emitter.stable("group:" + group, "abcdefghijklmnopqrstuvwxyz0123456789", 17),
                "UserGroup",
                group,
                group)));
  }

  /**
   * Benign look-alikes of an escalation chain, not in the ground truth: another administrator
   * grants a new help-desk administrator a role (a ticketed request), who within the hour resets a
   * person's password and adds them to an ordinary group; the administrator adds two people to
   * ordinary groups; a person adds themselves to an ordinary group.
   */
  private void escalationLookalikes(Instant t, Person attackAdmin, boolean entra) {
    if (!t.isAfter(g.start.plusSeconds(3_600))) {
      return;
    }
    String source = entra ? "entra_audit" : "okta";
    List<Person> admins =
        g.admins.stream().filter(p -> !p.email().equals(attackAdmin.email())).toList();
    Person admin = admins.isEmpty() ? attackAdmin : g.pick(admins);
    Person helpdesk = bystander(p -> ordinary(p, g.org));
    Person served = bystander(p -> ordinary(p, g.org));
    String role = entra ? "Helpdesk Administrator" : "Help Desk administrator";
    g.add(source, t, roleGrant(t, admin, admin.ip(), helpdesk, role, entra));
    Instant at = t.plus(Duration.ofMinutes(40));
    if (entra) {
      g.add(
          source,
          at,
          Shapes.entraAudit(
              g,
              at,
              helpdesk,
              helpdesk.ip(),
              "Reset user password",
              "UserManagement",
              "Update",
              served,
              List.of()));
    } else {
      g.add(
          source,
          at,
          Shapes.okta(
              g,
              at,
              helpdesk,
              helpdesk.ip(),
              helpdesk.home(),
              Emitter.agent(helpdesk),
              "user.account.reset_password",
              "Reset password for Okta (by admin)",
              "SUCCESS",
              null,
              "idx" + g.token(22),
              List.of(Shapes.oktaUser(served))));
    }
    at = at.plus(Duration.ofMinutes(15));
    g.add(source, at, groupAdd(at, helpdesk, served, newTeam(served), entra));
    for (int i = 0; i < 2; i++) {
      at = at.plus(Duration.ofMinutes(20));
      Person p = bystander(q -> ordinary(q, g.org));
      g.add(source, at, groupAdd(at, admin, p, newTeam(p), entra));
    }
    at = at.plus(Duration.ofMinutes(30));
    Person joiner = bystander(p -> ordinary(p, g.org));
    g.add(source, at, groupAdd(at, joiner, joiner, newTeam(joiner), entra));
  }

  /** An ordinary team group {@code p} is not in. */
  private String newTeam(Person p) {
    return g.org.groups().stream()
        .filter(x -> !x.equals(g.org.adminGroup()) && !p.groups().contains(x))
        .findFirst()
        .orElse("all-hands");
  }

  /** A person not used by any scenario yet, suiting {@code suits} (not in the ground truth). */
  private Person bystander(Predicate<Person> suits) {
    List<Person> candidates =
        g.org.people().stream().filter(suits).filter(p -> !used.contains(p.email())).toList();
    Person p = g.pick(candidates.isEmpty() ? g.org.people() : candidates);
    used.add(p.email());
    return p;
  }
}
