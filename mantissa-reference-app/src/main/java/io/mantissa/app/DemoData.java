package io.mantissa.app;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.mantissa.alerting.Detection;
import io.mantissa.api.Entity;
import io.mantissa.api.EntityType;
import io.mantissa.api.Severity;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.UUID;

/**
 * Synthetic, reproducible multi-source data in the vendors' own shapes (Okta System Log, AWS
 * CloudTrail, GitHub audit log, Google Workspace Reports, Entra ID sign-in diagnostic records),
 * spread over the 24 hours before {@code now}, with attacks in it:
 *
 * <ol>
 *   <li>an Okta password spray from one address against 30 users, then a successful sign-in;
 *   <li>an AWS root console login without MFA, followed by persistence (new admin user, key);
 *   <li>an Okta Verify push-bombing burst that ends with the user approving.
 * </ol>
 *
 * All addresses are from the documentation ranges (RFC 5737). The same seed and {@code now} give
 * the same bytes.
 */
final class DemoData {
  static final String ORG_DOMAIN = "acme.example";
  static final String ATTACKER_IP = "192.0.2.66";
  static final String PUSH_ATTACKER_IP = "192.0.2.77";
  static final String AWS_ACCOUNT = "123456789012";

  private static final DateTimeFormatter MILLIS =
      DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'", Locale.ROOT)
          .withZone(ZoneOffset.UTC);
  private static final DateTimeFormatter SECONDS =
      DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss'Z'", Locale.ROOT).withZone(ZoneOffset.UTC);
  private static final DateTimeFormatter TICKS =
      DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSSS'Z'", Locale.ROOT)
          .withZone(ZoneOffset.UTC);
  private static final String[] FIRST = {
    "alice", "bob", "carol", "dave", "erin", "frank", "grace", "heidi", "ivan", "judy", "mallory",
    "niaj", "olivia", "peggy", "rupert", "sybil", "trent", "victor", "walter", "yara", "zoe",
    "arjun", "mei", "sofia", "liam", "noah", "emma", "ava", "lucas", "mia", "hana", "omar", "priya",
    "diego", "fatima", "kenji", "lena", "marco", "nadia", "tomas"
  };
  private static final String[] LAST = {
    "smith", "jones", "garcia", "chen", "kumar", "muller", "rossi", "tanaka", "silva", "novak"
  };
  private static final Place[] PLACES = {
    new Place("San Francisco", "California", "US", "94105", 37.7898, -122.3942, "198.51.100."),
    new Place("New York", "New York", "US", "10001", 40.7506, -73.9972, "198.51.100."),
    new Place("London", "England", "GB", "EC2A", 51.5226, -0.0825, "203.0.113."),
    new Place("Berlin", "Berlin", "DE", "10115", 52.5323, 13.3846, "203.0.113."),
    new Place("Bengaluru", "Karnataka", "IN", "560001", 12.9716, 77.5946, "203.0.113.")
  };
  private static final Place ATTACKER_PLACE =
      new Place("Amsterdam", "North Holland", "NL", "1012", 52.3740, 4.8897, "192.0.2.");
  private static final String[] BROWSERS = {
    "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko)"
        + " Chrome/124.0.0.0 Safari/537.36",
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko)"
        + " Chrome/124.0.0.0 Safari/537.36 Edg/124.0.2478.80",
    "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_4) AppleWebKit/605.1.15 (KHTML, like Gecko)"
        + " Version/17.4 Safari/605.1.15",
    "Mozilla/5.0 (X11; Linux x86_64; rv:125.0) Gecko/20100101 Firefox/125.0"
  };

  /** Marks the titles of the demo's hand-made detections. */
  static final String DEMO_LABEL = "[demo detection] ";

  /**
   * A generated dataset: NDJSON lines per source, the attacks planted in it, and one hand-made
   * detection per attack (labelled {@link #DEMO_LABEL}; the Sigma and ITDR engines do not feed the
   * alert pipeline yet).
   */
  record Dataset(
      Map<String, List<String>> lines, List<String> attacks, List<Detection> detections) {
    Dataset {
      lines = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(lines));
      attacks = List.copyOf(attacks);
      detections = List.copyOf(detections);
    }

    Dataset(Map<String, List<String>> lines, List<String> attacks) {
      this(lines, attacks, List.of());
    }

    long events() {
      return lines.values().stream().mapToLong(List::size).sum();
    }
  }

  private record Place(
      String city,
      String state,
      String country,
      String postal,
      double lat,
      double lon,
      String prefix) {}

  private record User(String login, String email, String name, String id, Place home, String ip) {}

  private record Timed(Instant time, Map<String, Object> record) {}

  private final Random random;
  private final Instant now;
  private final ObjectMapper mapper = JsonMapper.builder().build();
  private final List<User> users = new ArrayList<>();
  private final Map<String, List<Timed>> out = new LinkedHashMap<>();
  private final List<Detection> detections = new ArrayList<>();

  private DemoData(long seed, Instant now) {
    this.random = new Random(seed);
    this.now = now;
    for (int i = 0; i < FIRST.length; i++) {
      String first = FIRST[i];
      String last = LAST[i % LAST.length];
      Place home = PLACES[i % PLACES.length];
      users.add(
          new User(
              first + "." + last,
              first + "." + last + "@" + ORG_DOMAIN,
              cap(first) + " " + cap(last),
              "00u" + token(17),
              home,
              home.prefix() + (10 + i * 3)));
    }
    for (String source :
        List.of("okta", "aws_cloudtrail", "github", "google_workspace", "entra_signin")) {
      out.put(source, new ArrayList<>());
    }
  }

  /**
   * Generates about {@code backgroundEvents} ordinary events plus the attacks.
   *
   * @param seed the random seed
   * @param now the end of the 24-hour window
   */
  static Dataset generate(long seed, Instant now, int backgroundEvents) {
    if (backgroundEvents < 0) {
      throw new IllegalArgumentException("events must be >= 0, was " + backgroundEvents);
    }
    DemoData d = new DemoData(seed, now);
    d.background(backgroundEvents);
    List<String> attacks = new ArrayList<>();
    attacks.add(d.passwordSpray());
    attacks.add(d.rootLoginWithoutMfa());
    attacks.add(d.pushBombing());
    return new Dataset(d.render(), attacks, d.detections);
  }

  private Map<String, List<String>> render() {
    Map<String, List<String>> lines = new LinkedHashMap<>();
    out.forEach(
        (source, records) -> {
          List<String> rendered = new ArrayList<>(records.size());
          records.stream()
              .sorted(Comparator.comparing(Timed::time))
              .forEach(t -> rendered.add(json(t.record())));
          lines.put(source, rendered);
        });
    return lines;
  }

  private String json(Map<String, Object> record) {
    try {
      return mapper.writeValueAsString(record);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot render a demo record", e);
    }
  }

  // ---------------------------------------------------------------- background

  private void background(int n) {
    for (int i = 0; i < n; i++) {
      Instant t = randomTime();
      User u = users.get(random.nextInt(users.size()));
      int pick = random.nextInt(100);
      if (pick < 30) {
        oktaBackground(t, u);
      } else if (pick < 60) {
        cloudTrailBackground(t, u);
      } else if (pick < 75) {
        githubBackground(t, u);
      } else if (pick < 87) {
        workspaceBackground(t, u);
      } else {
        entraBackground(t, u);
      }
    }
  }

  private Instant randomTime() {
    long window = Duration.ofHours(23).plusMinutes(40).toMillis();
    return now.minus(Duration.ofMinutes(5)).minusMillis((long) (random.nextDouble() * window));
  }

  private void oktaBackground(Instant t, User u) {
    int pick = random.nextInt(100);
    if (pick < 35) {
      addOkta(
          t,
          u,
          u.ip(),
          u.home(),
          "user.session.start",
          "User login to Okta",
          "SUCCESS",
          null,
          null);
    } else if (pick < 60) {
      String app =
          pickOf(
              "Salesforce",
              "Slack",
              "GitHub Enterprise",
              "AWS IAM Identity Center",
              "Google Workspace",
              "Zoom");
      addOkta(
          t,
          u,
          u.ip(),
          u.home(),
          "user.authentication.sso",
          "User single sign on to app",
          "SUCCESS",
          null,
          app);
    } else if (pick < 80) {
      addOkta(
          t,
          u,
          u.ip(),
          u.home(),
          "user.authentication.auth_via_mfa",
          "Authentication of user via MFA",
          "SUCCESS",
          null,
          null);
    } else if (pick < 92) {
      addOkta(
          t,
          u,
          u.ip(),
          u.home(),
          "user.session.end",
          "User logout from Okta",
          "SUCCESS",
          null,
          null);
    } else {
      addOkta(
          t,
          u,
          u.ip(),
          u.home(),
          "user.session.start",
          "User login to Okta",
          "FAILURE",
          "INVALID_CREDENTIALS",
          null);
    }
  }

  private void cloudTrailBackground(Instant t, User u) {
    String[][] calls = {
      {"ec2.amazonaws.com", "DescribeInstances", "true"},
      {"s3.amazonaws.com", "ListBuckets", "true"},
      {"sts.amazonaws.com", "GetCallerIdentity", "true"},
      {"iam.amazonaws.com", "ListRoles", "true"},
      {"rds.amazonaws.com", "DescribeDBInstances", "true"},
      {"lambda.amazonaws.com", "ListFunctions20150331", "true"},
      {"ec2.amazonaws.com", "StartInstances", "false"},
      {"s3.amazonaws.com", "PutBucketTagging", "false"},
      {"kms.amazonaws.com", "Decrypt", "true"}
    };
    if (random.nextInt(100) < 8) {
      add("aws_cloudtrail", t, consoleLogin(t, iamUser(u), u.ip(), true));
      return;
    }
    String[] call = calls[random.nextInt(calls.length)];
    Map<String, Object> identity =
        random.nextBoolean() ? iamUser(u) : assumedRole(u, pickOf("Developer", "ReadOnly", "Ops"));
    Map<String, Object> request = new LinkedHashMap<>();
    if (call[1].equals("StartInstances")) {
      request.put("instancesSet", Map.of("items", List.of(Map.of("instanceId", "i-0" + hex(16)))));
    } else if (call[1].equals("PutBucketTagging")) {
      request.put("bucketName", "acme-" + pickOf("logs", "assets", "backups"));
      request.put("Host", "s3.amazonaws.com");
      request.put("tagging", "");
    }
    add(
        "aws_cloudtrail",
        t,
        cloudTrail(
            t,
            identity,
            call[0],
            call[1],
            u.ip(),
            pickOf(
                "aws-cli/2.15.30 Python/3.11.8 Darwin/23.4.0 exe/x86_64 prompt/off",
                "Boto3/1.34.84 md/Botocore#1.34.84 ua/2.0 os/linux#5.10 lang/python#3.12.2",
                "console.amazonaws.com"),
            request.isEmpty() ? null : request,
            null,
            Boolean.parseBoolean(call[2]),
            "AwsApiCall"));
  }

  private void githubBackground(Instant t, User u) {
    String[][] actions = {
      {"git.clone", "access"},
      {"git.push", "modify"},
      {"pull_request.create", "create"},
      {"pull_request.merge", "modify"},
      {"repo.access", "access"},
      {"workflows.completed_workflow_run", "modify"},
      {"team.add_member", "modify"}
    };
    String[] a = actions[random.nextInt(actions.length)];
    add(
        "github",
        t,
        github(
            t,
            u,
            a[0],
            a[1],
            u.ip(),
            pickOf(
                "payments-api", "web-frontend", "infra-terraform", "mobile-app", "data-pipeline")));
  }

  private void workspaceBackground(Instant t, User u) {
    int pick = random.nextInt(100);
    if (pick < 70) {
      add(
          "google_workspace",
          t,
          workspace(
              t,
              u,
              u.ip(),
              "login",
              "login",
              "login_success",
              List.of(param("login_type", "google_password"), boolParam("is_suspicious", false))));
    } else if (pick < 85) {
      add(
          "google_workspace",
          t,
          workspace(
              t,
              u,
              u.ip(),
              "login",
              "login",
              "logout",
              List.of(param("login_type", "google_password"))));
    } else {
      add(
          "google_workspace",
          t,
          workspace(
              t,
              u,
              u.ip(),
              "token",
              "auth",
              "authorize",
              List.of(
                  param("client_id", "1234567890-" + token(8) + ".apps.googleusercontent.com"),
                  param("app_name", pickOf("Slack", "Zoom", "Calendly")),
                  multiParam(
                      "scope", List.of("https://www.googleapis.com/auth/calendar.readonly")))));
    }
  }

  private void entraBackground(Instant t, User u) {
    boolean ok = random.nextInt(100) < 90;
    add(
        "entra_signin",
        t,
        entra(
            t,
            u,
            u.ip(),
            u.home(),
            pickOf("Microsoft Teams", "Office 365 Exchange Online", "Microsoft Azure Portal"),
            ok ? 0 : 50126,
            ok ? null : "Error validating credentials due to invalid username or password."));
  }

  // ---------------------------------------------------------------- attacks

  private String passwordSpray() {
    Instant start = now.minus(Duration.ofHours(6)).minusSeconds(random.nextInt(600));
    List<User> targets = new ArrayList<>(users.subList(0, 30));
    java.util.Collections.shuffle(targets, random);
    Instant t = start;
    for (User target : targets) {
      t = t.plusMillis(15_000 + random.nextInt(15_000));
      addOkta(
          t,
          target,
          ATTACKER_IP,
          ATTACKER_PLACE,
          "user.session.start",
          "User login to Okta",
          "FAILURE",
          "INVALID_CREDENTIALS",
          null);
    }
    User victim = users.get(7);
    t = t.plusSeconds(95);
    addOkta(
        t,
        victim,
        ATTACKER_IP,
        ATTACKER_PLACE,
        "user.session.start",
        "User login to Okta",
        "SUCCESS",
        null,
        null);
    t = t.plusSeconds(40);
    addOkta(
        t,
        victim,
        ATTACKER_IP,
        ATTACKER_PLACE,
        "user.authentication.sso",
        "User single sign on to app",
        "SUCCESS",
        null,
        "GitHub Enterprise");
    for (int i = 0; i < 6; i++) {
      t = t.plusSeconds(20 + random.nextInt(40));
      add(
          "github",
          t,
          github(
              t,
              victim,
              "repo.download_zip",
              "access",
              ATTACKER_IP,
              pickOf("payments-api", "infra-terraform", "data-pipeline", "web-frontend")));
    }
    detections.add(
        Detection.builder()
            .ruleId("demo.password_spray")
            .title(
                DEMO_LABEL
                    + "Okta password spray from "
                    + ATTACKER_IP
                    + " against 30 users, then a successful login as "
                    + victim.email())
            .severity(Severity.HIGH)
            .time(start)
            .source("okta")
            .entity(Entity.ip(ATTACKER_IP))
            .entity(Entity.user(victim.email()))
            .dedupBy(EntityType.IP)
            .tag("attack.credential_access")
            .tag("attack.t1110.003")
            .context("demo", true)
            .build());
    return "Okta password spray: 30 users from "
        + ATTACKER_IP
        + " starting "
        + SECONDS.format(start)
        + ", then a successful login as "
        + victim.email()
        + " and repository downloads on GitHub";
  }

  private String rootLoginWithoutMfa() {
    Instant t = now.minus(Duration.ofHours(9)).minusSeconds(random.nextInt(600));
    Instant start = t;
    Map<String, Object> root = new LinkedHashMap<>();
    root.put("type", "Root");
    root.put("principalId", AWS_ACCOUNT);
    root.put("arn", "arn:aws:iam::" + AWS_ACCOUNT + ":root");
    root.put("accountId", AWS_ACCOUNT);
    add("aws_cloudtrail", t, consoleLogin(t, root, ATTACKER_IP, false));
    t = t.plusSeconds(70);
    add(
        "aws_cloudtrail",
        t,
        cloudTrail(
            t,
            rootWithKey(root),
            "iam.amazonaws.com",
            "CreateUser",
            ATTACKER_IP,
            "console.amazonaws.com",
            Map.of("userName", "backup-admin"),
            Map.of(
                "user",
                Map.of(
                    "userName",
                    "backup-admin",
                    "userId",
                    "AIDA" + upper(17),
                    "arn",
                    "arn:aws:iam::" + AWS_ACCOUNT + ":user/backup-admin",
                    "path",
                    "/",
                    "createDate",
                    "May 1, 2025, 10:00:00 AM")),
            false,
            "AwsApiCall"));
    t = t.plusSeconds(25);
    add(
        "aws_cloudtrail",
        t,
        cloudTrail(
            t,
            rootWithKey(root),
            "iam.amazonaws.com",
            "AttachUserPolicy",
            ATTACKER_IP,
            "console.amazonaws.com",
            Map.of(
                "userName",
                "backup-admin",
                "policyArn",
                "arn:aws:iam::aws:policy/AdministratorAccess"),
            null,
            false,
            "AwsApiCall"));
    t = t.plusSeconds(30);
    add(
        "aws_cloudtrail",
        t,
        cloudTrail(
            t,
            rootWithKey(root),
            "iam.amazonaws.com",
            "CreateAccessKey",
            ATTACKER_IP,
            "console.amazonaws.com",
            Map.of("userName", "backup-admin"),
            Map.of(
                "accessKey",
                Map.of(
                    "userName",
                    "backup-admin",
                    "accessKeyId",
                    "AKIA" + upper(16),
                    "status",
                    "Active")),
            false,
            "AwsApiCall"));
    detections.add(
        Detection.builder()
            .ruleId("demo.root_login_without_mfa")
            .title(
                DEMO_LABEL
                    + "AWS root console login without MFA from "
                    + ATTACKER_IP
                    + ", then an administrator user and access key created")
            .severity(Severity.CRITICAL)
            .time(start)
            .source("aws_cloudtrail")
            .entity(Entity.user("arn:aws:iam::" + AWS_ACCOUNT + ":root"))
            .entity(Entity.ip(ATTACKER_IP))
            .tag("attack.initial_access")
            .tag("attack.t1078.004")
            .context("demo", true)
            .context("aws_account", AWS_ACCOUNT)
            .build());
    return "AWS root console login without MFA from "
        + ATTACKER_IP
        + " at "
        + SECONDS.format(start)
        + ", then CreateUser backup-admin, AttachUserPolicy AdministratorAccess, CreateAccessKey";
  }

  private String pushBombing() {
    User victim = users.get(12);
    Instant t = now.minus(Duration.ofHours(3)).minusSeconds(random.nextInt(600));
    Instant start = t;
    addOkta(
        t,
        victim,
        PUSH_ATTACKER_IP,
        ATTACKER_PLACE,
        "user.session.start",
        "User login to Okta",
        "SUCCESS",
        null,
        null);
    int pushes = 14;
    for (int i = 0; i < pushes; i++) {
      t = t.plusSeconds(12 + random.nextInt(12));
      addOkta(
          t,
          victim,
          PUSH_ATTACKER_IP,
          ATTACKER_PLACE,
          "system.push.send_factor_verify_push",
          "Push notification sent for verification",
          "SUCCESS",
          null,
          null);
      if (i < pushes - 1) {
        Instant deny = t.plusSeconds(3 + random.nextInt(5));
        addOkta(
            deny,
            victim,
            PUSH_ATTACKER_IP,
            ATTACKER_PLACE,
            "user.mfa.okta_verify.deny_push",
            "User rejected Okta push verify",
            "FAILURE",
            "INVALID_CREDENTIALS",
            null);
      }
    }
    t = t.plusSeconds(6);
    addOkta(
        t,
        victim,
        PUSH_ATTACKER_IP,
        ATTACKER_PLACE,
        "user.authentication.auth_via_mfa",
        "Authentication of user via MFA",
        "SUCCESS",
        null,
        null);
    detections.add(
        Detection.builder()
            .ruleId("demo.mfa_push_bombing")
            .title(
                DEMO_LABEL
                    + "Okta Verify push bombing: "
                    + pushes
                    + " pushes to "
                    + victim.email()
                    + " from "
                    + PUSH_ATTACKER_IP
                    + ", denied 13 times, then approved")
            .severity(Severity.HIGH)
            .time(start)
            .source("okta")
            .entity(Entity.user(victim.email()))
            .entity(Entity.ip(PUSH_ATTACKER_IP))
            .tag("attack.credential_access")
            .tag("attack.t1621")
            .context("demo", true)
            .build());
    return "Okta Verify push bombing: "
        + pushes
        + " pushes to "
        + victim.email()
        + " from "
        + PUSH_ATTACKER_IP
        + " starting "
        + SECONDS.format(start)
        + ", denied 13 times, then approved";
  }

  // ---------------------------------------------------------------- vendor shapes

  private Map<String, Object> okta(
      Instant t,
      User u,
      String ip,
      Place place,
      String eventType,
      String message,
      String result,
      String reason,
      String app) {
    Map<String, Object> e = new LinkedHashMap<>();
    e.put("actor", oktaUser(u));
    String agent = BROWSERS[Math.floorMod(u.login().hashCode(), BROWSERS.length)];
    e.put(
        "client",
        map(
            "userAgent",
            map(
                "rawUserAgent",
                agent,
                "os",
                agent.contains("Windows")
                    ? "Windows 10"
                    : agent.contains("Linux") ? "Linux" : "Mac OS X",
                "browser",
                agent.contains("Firefox")
                    ? "FIREFOX"
                    : agent.contains("Edg/")
                        ? "EDGE"
                        : agent.contains("Chrome") ? "CHROME" : "SAFARI"),
            "zone",
            "null",
            "device",
            "Computer",
            "id",
            null,
            "ipAddress",
            ip,
            "geographicalContext",
            geo(place)));
    e.put("device", null);
    e.put(
        "authenticationContext",
        map(
            "authenticationProvider",
            null,
            "credentialProvider",
            null,
            "credentialType",
            null,
            "issuer",
            null,
            "interface",
            null,
            "authenticationStep",
            0,
            "externalSessionId",
            "idx" + token(22)));
    e.put("displayMessage", message);
    e.put("eventType", eventType);
    e.put("outcome", map("result", result, "reason", reason));
    e.put("published", MILLIS.format(t));
    e.put(
        "securityContext",
        map(
            "asNumber",
            ip.equals(u.ip()) ? 64496 : 64511,
            "asOrg",
            ip.equals(u.ip()) ? "acme corp isp" : "example hosting bv",
            "isp",
            ip.equals(u.ip()) ? "Example Telecom" : "Example Hosting",
            "domain",
            ip.equals(u.ip()) ? "example.net" : "example.org",
            "isProxy",
            !ip.equals(u.ip())));
    e.put("severity", result.equals("SUCCESS") ? "INFO" : "WARN");
    Map<String, Object> debug = new LinkedHashMap<>();
    debug.put("requestId", token(27));
    debug.put(
        "requestUri",
        eventType.startsWith("user.session")
            ? "/idp/idx/identify"
            : "/idp/idx/authenticators/poll");
    debug.put("threatSuspected", String.valueOf(!ip.equals(u.ip())));
    debug.put("url", "/idp/idx/identify?");
    e.put("debugContext", map("debugData", debug));
    e.put("legacyEventType", legacyOkta(eventType, result));
    e.put("transaction", map("type", "WEB", "id", token(27), "detail", Map.of()));
    e.put("uuid", uuid());
    e.put("version", "0");
    e.put(
        "request",
        map(
            "ipChain",
            List.of(
                map(
                    "ip",
                    ip,
                    "geographicalContext",
                    geo(place),
                    "version",
                    "V4",
                    "source",
                    null))));
    List<Object> target = new ArrayList<>();
    target.add(app != null ? oktaTarget("0oa" + token(17), "AppInstance", app, app) : oktaUser(u));
    e.put("target", target);
    return e;
  }

  private static Map<String, Object> oktaUser(User u) {
    return oktaTarget(u.id(), "User", u.email(), u.name());
  }

  private static Map<String, Object> oktaTarget(
      String id, String type, String alternateId, String displayName) {
    return map(
        "id",
        id,
        "type",
        type,
        "alternateId",
        alternateId,
        "displayName",
        displayName,
        "detailEntry",
        null);
  }

  private static String legacyOkta(String eventType, String result) {
    return switch (eventType) {
      case "user.session.start" ->
          result.equals("SUCCESS") ? "core.user_auth.login_success" : "core.user_auth.login_failed";
      case "user.authentication.sso" -> "app.auth.sso";
      case "user.mfa.okta_verify.deny_push" -> "core.user.factor.attempt_fail";
      case "system.push.send_factor_verify_push" -> "core.user.factor.push_sent";
      default -> null;
    };
  }

  private static Map<String, Object> geo(Place p) {
    return map(
        "city",
        p.city(),
        "state",
        p.state(),
        "country",
        p.country(),
        "postalCode",
        p.postal(),
        "geolocation",
        map("lat", p.lat(), "lon", p.lon()));
  }

  private Map<String, Object> iamUser(User u) {
    return map(
        "type",
        "IAMUser",
        "principalId",
        "AIDA" + upper(17),
        "arn",
        "arn:aws:iam::" + AWS_ACCOUNT + ":user/" + u.login(),
        "accountId",
        AWS_ACCOUNT,
        "accessKeyId",
        "AKIA" + upper(16),
        "userName",
        u.login());
  }

  private Map<String, Object> assumedRole(User u, String role) {
    String roleId = "AROA" + upper(17);
    return map(
        "type",
        "AssumedRole",
        "principalId",
        roleId + ":" + u.email(),
        "arn",
        "arn:aws:sts::" + AWS_ACCOUNT + ":assumed-role/" + role + "/" + u.email(),
        "accountId",
        AWS_ACCOUNT,
        "accessKeyId",
        "ASIA" + upper(16),
        "sessionContext",
        map(
            "sessionIssuer",
                map(
                    "type",
                    "Role",
                    "principalId",
                    roleId,
                    "arn",
                    "arn:aws:iam::" + AWS_ACCOUNT + ":role/" + role,
                    "accountId",
                    AWS_ACCOUNT,
                    "userName",
                    role),
            "attributes",
                map(
                    "creationDate",
                    SECONDS.format(now.minus(Duration.ofHours(1))),
                    "mfaAuthenticated",
                    "true")));
  }

  private Map<String, Object> rootWithKey(Map<String, Object> root) {
    Map<String, Object> r = new LinkedHashMap<>(root);
    r.put("accessKeyId", "ASIA" + upper(16));
    r.put(
        "sessionContext",
        map(
            "attributes",
            map(
                "creationDate",
                SECONDS.format(now.minus(Duration.ofHours(9))),
                "mfaAuthenticated",
                "false")));
    return r;
  }

  private Map<String, Object> consoleLogin(
      Instant t, Map<String, Object> identity, String ip, boolean mfa) {
    Map<String, Object> e =
        cloudTrail(
            t,
            identity,
            "signin.amazonaws.com",
            "ConsoleLogin",
            ip,
            BROWSERS[0],
            null,
            Map.of("ConsoleLogin", "Success"),
            false,
            "AwsConsoleSignIn");
    e.remove("readOnly");
    e.put(
        "additionalEventData",
        map(
            "LoginTo",
            "https://console.aws.amazon.com/console/home?hashArgs=%23&isauthcode=true&state=hashArgsFromTB",
            "MobileVersion",
            "No",
            "MFAUsed",
            mfa ? "Yes" : "No"));
    return e;
  }

  private Map<String, Object> cloudTrail(
      Instant t,
      Map<String, Object> identity,
      String service,
      String name,
      String ip,
      String agent,
      Map<String, Object> request,
      Map<String, Object> response,
      boolean readOnly,
      String type) {
    Map<String, Object> e = new LinkedHashMap<>();
    e.put("eventVersion", "1.09");
    e.put("userIdentity", identity);
    e.put("eventTime", SECONDS.format(t));
    e.put("eventSource", service);
    e.put("eventName", name);
    e.put(
        "awsRegion",
        service.startsWith("iam") || service.startsWith("signin")
            ? "us-east-1"
            : pickOf("us-east-1", "us-west-2", "eu-west-1"));
    e.put("sourceIPAddress", ip);
    e.put("userAgent", agent);
    e.put("requestParameters", request);
    e.put("responseElements", response);
    e.put("requestID", uuid());
    e.put("eventID", uuid());
    e.put("readOnly", readOnly);
    e.put("eventType", type);
    e.put("managementEvent", true);
    e.put("recipientAccountId", AWS_ACCOUNT);
    e.put("eventCategory", "Management");
    if (type.equals("AwsApiCall")) {
      e.put(
          "tlsDetails",
          map(
              "tlsVersion",
              "TLSv1.3",
              "cipherSuite",
              "TLS_AES_128_GCM_SHA256",
              "clientProvidedHostHeader",
              service.replace(".amazonaws.com", "") + ".amazonaws.com"));
    }
    return e;
  }

  private Map<String, Object> github(
      Instant t, User u, String action, String operation, String ip, String repo) {
    Map<String, Object> e = new LinkedHashMap<>();
    e.put("@timestamp", t.toEpochMilli());
    e.put("_document_id", token(22));
    e.put("action", action);
    e.put("actor", u.login().replace('.', '-'));
    e.put("actor_id", 1_000_000 + Math.floorMod(u.login().hashCode(), 9_000_000));
    e.put("actor_ip", ip);
    e.put(
        "actor_location",
        map("country_code", ip.equals(u.ip()) ? u.home().country() : ATTACKER_PLACE.country()));
    e.put("business", "acme");
    e.put("business_id", 4242);
    e.put("created_at", t.toEpochMilli());
    e.put("operation_type", operation);
    e.put("org", "acme-corp");
    e.put("org_id", 7_654_321);
    e.put("repo", "acme-corp/" + repo);
    e.put("repo_id", 500_000_000 + Math.floorMod(repo.hashCode(), 1_000_000));
    e.put("repository", "acme-corp/" + repo);
    e.put("repository_public", false);
    e.put("user_agent", action.startsWith("git.") ? "git/2.44.0" : BROWSERS[1]);
    if (action.equals("team.add_member")) {
      e.put("team", "acme-corp/" + pickOf("platform", "payments", "security"));
      e.put("user", users.get(random.nextInt(users.size())).login().replace('.', '-'));
    }
    return e;
  }

  private Map<String, Object> workspace(
      Instant t,
      User u,
      String ip,
      String application,
      String type,
      String name,
      List<Map<String, Object>> parameters) {
    Map<String, Object> e = new LinkedHashMap<>();
    e.put("kind", "admin#reports#activity");
    e.put(
        "id",
        map(
            "time",
            MILLIS.format(t),
            "uniqueQualifier",
            String.valueOf(random.nextLong()),
            "applicationName",
            application,
            "customerId",
            "C03az79cb"));
    e.put("etag", "\"" + token(43) + "\"");
    e.put(
        "actor",
        map(
            "callerType",
            "USER",
            "email",
            u.email(),
            "profileId",
            String.valueOf(
                100_000_000_000_000_000L + Math.floorMod(u.email().hashCode(), 1_000_000_000))));
    e.put("ipAddress", ip);
    e.put("events", List.of(map("type", type, "name", name, "parameters", parameters)));
    return e;
  }

  private Map<String, Object> entra(
      Instant t, User u, String ip, Place place, String app, int errorCode, String failure) {
    String id = uuid();
    String correlation = uuid();
    Map<String, Object> props = new LinkedHashMap<>();
    props.put("id", id);
    props.put("createdDateTime", TICKS.format(t));
    props.put("userDisplayName", u.name());
    props.put("userPrincipalName", u.email());
    props.put("userId", uuid());
    props.put("appId", uuid());
    props.put("appDisplayName", app);
    props.put("ipAddress", ip);
    props.put("clientAppUsed", "Browser");
    props.put("correlationId", correlation);
    props.put("conditionalAccessStatus", errorCode == 0 ? "success" : "notApplied");
    props.put("isInteractive", true);
    props.put("authenticationRequirement", "multiFactorAuthentication");
    props.put("riskDetail", "none");
    props.put("riskLevelAggregated", "none");
    props.put("riskLevelDuringSignIn", "none");
    props.put("riskState", "none");
    props.put(
        "status",
        errorCode == 0
            ? map("errorCode", 0)
            : map("errorCode", errorCode, "failureReason", failure));
    props.put(
        "deviceDetail",
        map("deviceId", "", "operatingSystem", "MacOs", "browser", "Chrome 124.0.0"));
    props.put(
        "location",
        map(
            "city",
            place.city(),
            "state",
            place.state(),
            "countryOrRegion",
            place.country(),
            "geoCoordinates",
            map("latitude", place.lat(), "longitude", place.lon())));
    props.put("tokenIssuerType", "AzureAD");
    Map<String, Object> e = new LinkedHashMap<>();
    e.put("time", TICKS.format(t));
    e.put("resourceId", "/tenants/" + TENANT + "/providers/Microsoft.aadiam");
    e.put("operationName", "Sign-in activity");
    e.put("operationVersion", "1.0");
    e.put("category", "SignInLogs");
    e.put("tenantId", TENANT);
    e.put("resultType", String.valueOf(errorCode));
    e.put("resultSignature", "None");
    e.put("resultDescription", failure);
    e.put("durationMs", 0);
    e.put("callerIpAddress", ip);
    e.put("correlationId", correlation);
    e.put("identity", u.name());
    e.put("Level", 4);
    e.put("location", place.country());
    e.put("properties", props);
    return e;
  }

  private static final String TENANT = "5b1f6d2c-8c3e-4f0a-9d7e-2a4b6c8d0e1f";

  // ---------------------------------------------------------------- helpers

  private void addOkta(
      Instant t,
      User u,
      String ip,
      Place place,
      String eventType,
      String message,
      String result,
      String reason,
      String app) {
    add("okta", t, okta(t, u, ip, place, eventType, message, result, reason, app));
  }

  private void add(String source, Instant t, Map<String, Object> record) {
    out.get(source).add(new Timed(t, record));
  }

  private static Map<String, Object> param(String name, String value) {
    return map("name", name, "value", value);
  }

  private static Map<String, Object> boolParam(String name, boolean value) {
    return map("name", name, "boolValue", value);
  }

  private static Map<String, Object> multiParam(String name, List<String> values) {
    return map("name", name, "multiValue", values);
  }

  /** A map of alternating keys and values that keeps order and allows null values. */
  private static Map<String, Object> map(Object... kv) {
    Map<String, Object> m = new LinkedHashMap<>();
    for (int i = 0; i < kv.length; i += 2) {
      m.put((String) kv[i], kv[i + 1]);
    }
    return m;
  }

  private String pickOf(String... options) {
    return options[random.nextInt(options.length)];
  }

  private String uuid() {
    long hi = (random.nextLong() & ~0xF000L) | 0x4000L;
    long lo = (random.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
    return new UUID(hi, lo).toString();
  }

  private String token(int length) {
    String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-";
    StringBuilder b = new StringBuilder(length);
    for (int i = 0; i < length; i++) {
      b.append(alphabet.charAt(random.nextInt(alphabet.length())));
    }
    return b.toString();
  }

  private String upper(int length) {
    String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
    StringBuilder b = new StringBuilder(length);
    for (int i = 0; i < length; i++) {
      b.append(alphabet.charAt(random.nextInt(alphabet.length())));
    }
    return b.toString();
  }

  private String hex(int length) {
    StringBuilder b = new StringBuilder(length);
    for (int i = 0; i < length; i++) {
      b.append(Character.forDigit(random.nextInt(16), 16));
    }
    return b.toString();
  }

  private static String cap(String s) {
    return Character.toUpperCase(s.charAt(0)) + s.substring(1);
  }
}
