package io.mantissa.sources.synthetic;

import static io.mantissa.sources.synthetic.Emitter.map;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Ordinary activity: each active person signs in, uses apps, cloud and code during their working
 * hours, machines talk, and a few notable but benign things happen every day (failed and MFA-failed
 * logins, also from outside the US, S3 buckets created, root used with MFA, Kubernetes exec and
 * secret reads, repositories created) so that an analyst's questions have answers.
 */
final class Background {
  private static final String[] APPS = {
    "Salesforce",
    "Slack",
    "GitHub Enterprise",
    "AWS IAM Identity Center",
    "Google Workspace",
    "Zoom"
  };
  private static final String[] REPOS = {
    "payments-api", "web-frontend", "infra-terraform", "mobile-app", "data-pipeline", "docs"
  };
  private static final String[] CLI_AGENTS = {
    "aws-cli/2.15.30 Python/3.11.8 Darwin/23.4.0 exe/x86_64 prompt/off",
    "Boto3/1.34.84 md/Botocore#1.34.84 ua/2.0 os/linux#5.10 lang/python#3.12.2",
    "console.amazonaws.com"
  };
  static final String KUBECTL = "kubectl/v1.29.3 (darwin/arm64) kubernetes/6813625";

  /** Relative volume per source. */
  private static final Map<String, Integer> WEIGHTS = weights();

  private final Emitter g;
  private final MoreSources more;

  Background(Emitter g) {
    this.g = g;
    this.more = new MoreSources(g);
  }

  private static Map<String, Integer> weights() {
    Map<String, Integer> w = new LinkedHashMap<>();
    w.put("okta", 180);
    w.put("aws_cloudtrail", 160);
    w.put("entra_signin", 70);
    w.put("entra_audit", 12);
    w.put("google_workspace", 90);
    w.put("github", 80);
    w.put("duo", 60);
    w.put("m365", 100);
    w.put("kubernetes", 100);
    w.put("aws_vpcflow", 120);
    w.put("aws_guardduty", 2);
    w.put("slack", 60);
    w.put("onepassword", 30);
    w.put("salesforce", 40);
    w.put("snowflake", 30);
    w.put("gcp_audit", 40);
    w.put("azure_activity", 30);
    w.put("crowdstrike", 50);
    w.put("jamf_pro", 15);
    w.put("docker", 30);
    return w;
  }

  /** Generates {@code total} ordinary events spread over the enabled sources, plus the notables. */
  void run(int total) {
    List<String> enabled = new ArrayList<>();
    List<Integer> cumulative = new ArrayList<>();
    int sum = 0;
    for (Map.Entry<String, Integer> e : WEIGHTS.entrySet()) {
      if (g.enabled(e.getKey())) {
        sum += e.getValue();
        enabled.add(e.getKey());
        cumulative.add(sum);
      }
    }
    if (sum == 0) {
      return;
    }
    List<Person> active = g.active;
    if (!active.isEmpty()) {
      for (int i = 0; i < total; i++) {
        int r = g.random.nextInt(sum);
        int k = 0;
        while (cumulative.get(k) <= r) {
          k++;
        }
        Person u = g.pick(active);
        one(enabled.get(k), u);
      }
      for (int day = 0; day < g.days; day++) {
        notables(day, active);
      }
    }
  }

  private void one(String source, Person u) {
    switch (source) {
      case "okta" -> okta(g.workTime(u), u);
      case "aws_cloudtrail" -> cloudTrail(g.workTime(u), u);
      case "entra_signin" -> entraSignIn(g.workTime(u), u);
      case "entra_audit" -> entraAudit(g.workTime(u), u);
      case "google_workspace" -> workspace(g.workTime(u), u);
      case "github" -> github(g.workTime(u), u);
      case "duo" -> duo(g.workTime(u), u);
      case "m365" -> m365(g.workTime(u), u);
      case "kubernetes" -> kubernetes(g.anyTime(), u);
      case "aws_vpcflow" -> vpcFlow(g.anyTime(), u);
      case "aws_guardduty" -> guardDuty(g.anyTime());
      default -> more.one(source, u);
    }
  }

  // ------------------------------------------------------------------ okta

  void okta(Instant t, Person u) {
    int pick = g.random.nextInt(100);
    String agent = Emitter.agent(u);
    String session = "idx" + g.token(22);
    if (pick < 30) {
      okta(t, u, agent, session, "user.session.start", "User login to Okta", "SUCCESS", null);
    } else if (pick < 50) {
      String app = g.pick(APPS);
      g.add(
          "okta",
          t,
          Shapes.okta(
              g,
              t,
              u,
              u.ip(),
              u.home(),
              agent,
              "user.authentication.sso",
              "User single sign on to app",
              "SUCCESS",
              null,
              session,
              List.of(
                  Shapes.oktaTarget(
                      "0oa"
                          + Emitter.stable(
                              "app:" + app, "abcdefghijklmnopqrstuvwxyz0123456789", 17),
                      "AppInstance",
                      app,
                      app))));
    } else if (pick < 66) {
      okta(
          t,
          u,
          agent,
          session,
          "user.authentication.auth_via_mfa",
          "Authentication of user via MFA",
          "SUCCESS",
          null);
    } else if (pick < 69) {
      okta(
          t,
          u,
          agent,
          session,
          "user.authentication.auth_via_mfa",
          "Authentication of user via MFA",
          "FAILURE",
          "INVALID_CREDENTIALS");
    } else if (pick < 81) {
      okta(t, u, agent, session, "user.session.end", "User logout from Okta", "SUCCESS", null);
    } else if (pick < 88) {
      okta(
          t,
          u,
          agent,
          session,
          "user.session.start",
          "User login to Okta",
          "FAILURE",
          "INVALID_CREDENTIALS");
    } else if (pick < 93) {
      okta(
          t,
          u,
          agent,
          session,
          "system.push.send_factor_verify_push",
          "Push notification sent for verification",
          "SUCCESS",
          null);
    } else if (pick < 95) {
      okta(
          t,
          u,
          agent,
          session,
          "user.mfa.okta_verify.deny_push",
          "User rejected Okta push verify",
          "FAILURE",
          "INVALID_CREDENTIALS");
    } else if (pick < 98) {
      okta(
          t,
          u,
          agent,
          session,
          "user.account.update_password",
          "User update password for Okta",
          "SUCCESS",
          null);
    } else {
      List<Person> admins = g.admins;
      Person admin = admins.isEmpty() ? u : g.pick(admins);
      String group = newGroup(u, g.pick(g.org.groups()));
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
              "group.user_membership.add",
              "Add user to group membership",
              "SUCCESS",
              null,
              "idx" + g.token(22),
              List.of(
                  Shapes.oktaUser(u),
                  Shapes.oktaTarget(
                      "00g"
                          + Emitter.stable(
                              "group:" + group, "abcdefghijklmnopqrstuvwxyz0123456789", 17),
                      "UserGroup",
                      group,
                      group))));
    }
  }

  private void okta(
      Instant t,
      Person u,
      String agent,
      String session,
      String type,
      String message,
      String result,
      String reason) {
    g.add(
        "okta",
        t,
        Shapes.okta(
            g, t, u, u.ip(), u.home(), agent, type, message, result, reason, session, List.of()));
  }

  // ------------------------------------------------------------------ CloudTrail

  void cloudTrail(Instant t, Person u) {
    String[][] calls = {
      {"ec2.amazonaws.com", "DescribeInstances"},
      {"s3.amazonaws.com", "ListBuckets"},
      {"sts.amazonaws.com", "GetCallerIdentity"},
      {"iam.amazonaws.com", "ListRoles"},
      {"rds.amazonaws.com", "DescribeDBInstances"},
      {"lambda.amazonaws.com", "ListFunctions20150331"},
      {"ec2.amazonaws.com", "StartInstances"},
      {"ec2.amazonaws.com", "DescribeSecurityGroups"},
      {"s3.amazonaws.com", "PutBucketTagging"},
      {"kms.amazonaws.com", "Decrypt"},
      {"logs.amazonaws.com", "FilterLogEvents"},
      {"cloudformation.amazonaws.com", "DescribeStacks"}
    };
    int pick = g.random.nextInt(100);
    if (pick < 6) {
      g.add(
          "aws_cloudtrail",
          t,
          Shapes.consoleLogin(
              g, t, Shapes.iamUser(g, g.org, u.login()), u.ip(), Emitter.agent(u), true, true));
      return;
    }
    if (pick < 8) {
      g.add(
          "aws_cloudtrail",
          t,
          Shapes.consoleLogin(
              g, t, Shapes.iamUser(g, g.org, u.login()), u.ip(), Emitter.agent(u), true, false));
      return;
    }
    String[] call = calls[g.random.nextInt(calls.length)];
    Map<String, Object> identity =
        g.random.nextInt(4) == 0
            ? Shapes.iamUser(g, g.org, u.login())
            : Shapes.assumedRole(g, u, g.pick("Developer", "ReadOnly", "Ops"), t);
    Map<String, Object> request = null;
    if (call[1].equals("StartInstances")) {
      request = map("instancesSet", map("items", List.of(map("instanceId", "i-0" + g.hex(16)))));
    } else if (call[1].equals("PutBucketTagging")) {
      request =
          map(
              "bucketName",
              bucketPrefix() + g.pick("logs", "assets", "backups"),
              "Host",
              "s3.amazonaws.com",
              "tagging",
              "");
    } else if (call[1].equals("Decrypt")) {
      request = map("encryptionAlgorithm", "SYMMETRIC_DEFAULT");
    }
    Map<String, Object> e =
        Shapes.cloudTrail(
            g,
            t,
            identity,
            call[0],
            call[1],
            u.ip(),
            g.pick(CLI_AGENTS),
            request,
            null,
            "AwsApiCall");
    if (pick >= 95) {
      e.put("errorCode", "AccessDenied");
      e.put(
          "errorMessage",
          "User: "
              + ((Map<?, ?>) e.get("userIdentity")).get("arn")
              + " is not authorized to perform: "
              + call[0].replace(".amazonaws.com", "")
              + ":"
              + call[1]);
    }
    g.add("aws_cloudtrail", t, e);
  }

  String bucketPrefix() {
    return g.org.domain().replace('.', '-') + "-";
  }

  // ------------------------------------------------------------------ Entra ID

  void entraSignIn(Instant t, Person u) {
    int pick = g.random.nextInt(100);
    String app =
        g.pick(
            "Microsoft Teams",
            "Office 365 Exchange Online",
            "Microsoft Azure Portal",
            "OfficeHome");
    int code = pick < 88 ? 0 : pick < 95 ? 50126 : pick < 98 ? 500121 : 50074;
    String failure =
        switch (code) {
          case 50126 -> "Error validating credentials due to invalid username or password.";
          case 500121 -> "Authentication failed during strong authentication request.";
          case 50074 -> "Strong Authentication is required.";
          default -> null;
        };
    g.add(
        "entra_signin",
        t,
        Shapes.entraSignIn(
            g,
            t,
            u,
            u.ip(),
            u.home(),
            Emitter.agent(u),
            app,
            code,
            failure,
            code == 0 && g.random.nextBoolean()
                ? "singleFactorAuthentication"
                : "multiFactorAuthentication"));
  }

  /**
   * {@code picked}, or when {@code u} is already in it (providers log no addition then) the next
   * group of the organisation {@code u} is not in, without drawing from the random source.
   */
  private String newGroup(Person u, String picked) {
    List<String> groups = g.org.groups();
    int from = groups.indexOf(picked);
    for (int i = 0; i < groups.size(); i++) {
      String candidate = groups.get((from + i) % groups.size());
      if (!u.groups().contains(candidate)) {
        return candidate;
      }
    }
    return picked;
  }

  void entraAudit(Instant t, Person u) {
    List<Person> admins = g.admins;
    Person admin = admins.isEmpty() ? u : g.pick(admins);
    int pick = g.random.nextInt(100);
    if (pick < 40) {
      g.add(
          "entra_audit",
          t,
          Shapes.entraAudit(
              g,
              t,
              admin,
              admin.ip(),
              "Update user",
              "UserManagement",
              "Update",
              u,
              List.of(
                  map("displayName", "JobTitle", "oldValue", "[]", "newValue", "[\"Engineer\"]"))));
    } else if (pick < 60) {
      g.add(
          "entra_audit",
          t,
          Shapes.entraAudit(
              g,
              t,
              admin,
              admin.ip(),
              "Reset user password",
              "UserManagement",
              "Update",
              u,
              List.of()));
    } else if (pick < 85) {
      String group = newGroup(u, g.pick(g.org.groups()));
      g.add(
          "entra_audit",
          t,
          Shapes.entraAudit(
              g,
              t,
              admin,
              admin.ip(),
              "Add member to group",
              "GroupManagement",
              "Assign",
              u,
              List.of(
                  map(
                      "displayName",
                      "Group.DisplayName",
                      "oldValue",
                      null,
                      "newValue",
                      "\"" + group + "\""))));
    } else {
      g.add(
          "entra_audit",
          t,
          Shapes.entraAudit(
              g,
              t,
              u,
              u.ip(),
              "User registered security info",
              "UserManagement",
              "Add",
              u,
              List.of()));
    }
  }

  // ------------------------------------------------------------------ Google Workspace

  void workspace(Instant t, Person u) {
    int pick = g.random.nextInt(100);
    if (pick < 38) {
      g.add(
          "google_workspace",
          t,
          Shapes.workspace(
              g,
              t,
              u.email(),
              u.ip(),
              "login",
              "login",
              "login_success",
              List.of(
                  Shapes.param("login_type", "google_password"),
                  Shapes.boolParam("is_suspicious", false))));
    } else if (pick < 50) {
      g.add(
          "google_workspace",
          t,
          Shapes.workspace(
              g,
              t,
              u.email(),
              u.ip(),
              "login",
              "login",
              "logout",
              List.of(Shapes.param("login_type", "google_password"))));
    } else if (pick < 55) {
      workspaceFailure(t, u);
    } else if (pick < 92) {
      String name = g.pick("view", "view", "view", "edit", "edit", "download", "create");
      String title =
          g.pick(
              "Q3 roadmap",
              "Team offsite",
              "Budget 2026.xlsx",
              "Design doc: payments",
              "Onboarding",
              "Customer list.xlsx",
              "Board deck.pdf");
      Person owner = g.random.nextBoolean() ? u : g.anyActive();
      g.add(
          "google_workspace",
          t,
          Shapes.workspace(
              g,
              t,
              u.email(),
              u.ip(),
              "drive",
              "access",
              name,
              Shapes.driveParams(
                  g,
                  owner,
                  Emitter.stable(
                      "doc:" + title,
                      "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789",
                      44),
                  title,
                  "shared_internally")));
    } else if (pick < 97) {
      g.add(
          "google_workspace",
          t,
          Shapes.workspace(
              g,
              t,
              u.email(),
              u.ip(),
              "token",
              "auth",
              "authorize",
              List.of(
                  Shapes.param(
                      "client_id",
                      "1234567890-"
                          + g.token(8).toLowerCase(java.util.Locale.ROOT)
                          + ".apps.googleusercontent.com"),
                  Shapes.param("app_name", g.pick("Slack", "Zoom", "Calendly")),
                  Shapes.multiParam(
                      "scope", List.of("https://www.googleapis.com/auth/calendar.readonly")))));
    } else {
      List<Person> admins = g.admins;
      Person admin = admins.isEmpty() ? u : g.pick(admins);
      g.add(
          "google_workspace",
          t,
          Shapes.workspace(
              g,
              t,
              admin.email(),
              admin.ip(),
              "admin",
              "USER_SETTINGS",
              "CHANGE_PASSWORD_ON_NEXT_LOGIN",
              List.of(Shapes.param("USER_EMAIL", u.email()), Shapes.param("NEW_VALUE", "true"))));
    }
  }

  void workspaceFailure(Instant t, Person u) {
    g.add(
        "google_workspace",
        t,
        Shapes.workspace(
            g,
            t,
            u.email(),
            u.ip(),
            "login",
            "login",
            "login_failure",
            List.of(
                Shapes.param("login_type", "google_password"),
                Shapes.param("login_failure_type", "login_failure_invalid_password"),
                Shapes.boolParam("is_suspicious", false))));
  }

  // ------------------------------------------------------------------ GitHub

  void github(Instant t, Person u) {
    String[][] actions = {
      {"git.clone", "access"},
      {"git.clone", "access"},
      {"git.push", "modify"},
      {"git.push", "modify"},
      {"git.fetch", "access"},
      {"pull_request.create", "create"},
      {"pull_request.merge", "modify"},
      {"pull_request_review.submit", "create"},
      {"workflows.completed_workflow_run", "modify"},
      {"repo.download_zip", "access"},
      {"team.add_member", "modify"},
      {"repo.create", "create"},
      {"repo.access", "modify"}
    };
    String[] a = actions[g.random.nextInt(actions.length)];
    githubAction(t, u, a[0], a[1], g.pick(REPOS));
  }

  void githubAction(Instant t, Person u, String action, String operation, String repo) {
    String agent = action.startsWith("git.") ? "git/2.44.0" : Emitter.agent(u);
    Map<String, Object> e =
        Shapes.github(
            g,
            t,
            u,
            action,
            operation,
            u.ip(),
            agent,
            u.home(),
            action.startsWith("team.") ? null : repo);
    if (action.equals("team.add_member")) {
      e.put("team", g.org.githubOrg() + "/" + g.pick("platform", "payments", "security"));
      Person member = g.anyActive();
      e.put("user", member.githubLogin());
      e.put("user_id", Emitter.githubId(member));
    } else if (action.equals("repo.create") || action.equals("repo.access")) {
      e.put("visibility", action.equals("repo.access") ? "internal" : "private");
    }
    g.add("github", t, e);
  }

  // ------------------------------------------------------------------ Duo

  void duo(Instant t, Person u) {
    int pick = g.random.nextInt(100);
    String app =
        g.pick(
            "Microsoft Azure Active Directory", "Okta", "Cisco AnyConnect VPN", "Duo Admin Panel");
    if (pick < 2) {
      List<Person> admins = g.admins;
      Person admin = admins.isEmpty() ? u : g.pick(admins);
      g.add(
          "duo",
          t,
          Shapes.duoAdmin(
              t, admin, "user_update", u.email(), "{\"notes\": \"\", \"status\": \"active\"}"));
      return;
    }
    String[] outcome =
        pick < 88
            ? new String[] {"duo_push", "success", "user_approved"}
            : pick < 92
                ? new String[] {"passcode", "success", "valid_passcode"}
                : pick < 96
                    ? new String[] {"duo_push", "denied", "user_cancelled"}
                    : pick < 99
                        ? new String[] {"duo_push", "denied", "no_response"}
                        : new String[] {"passcode", "denied", "invalid_passcode"};
    g.add(
        "duo",
        t,
        Shapes.duoAuth(
            g, t, u, u.ip(), u.home(), Emitter.agent(u), app, outcome[0], outcome[1], outcome[2]));
  }

  // ------------------------------------------------------------------ Microsoft 365

  void m365(Instant t, Person u) {
    int pick = g.random.nextInt(100);
    String agent = Emitter.agent(u);
    if (pick < 20) {
      g.add(
          "m365",
          t,
          Shapes.m365Login(g, t, u.email(), Emitter.entraId(u), u.ip(), agent, true, null));
    } else if (pick < 24) {
      g.add(
          "m365",
          t,
          Shapes.m365Login(
              g,
              t,
              u.email(),
              Emitter.entraId(u),
              u.ip(),
              agent,
              false,
              "InvalidUserNameOrPassword"));
    } else if (pick < 70) {
      String op =
          g.pick(
              "FileAccessed",
              "FileAccessed",
              "FileAccessed",
              "FileModified",
              "FileDownloaded",
              "FileUploaded");
      String file =
          g.pick(
              "Forecast.xlsx",
              "Minutes.docx",
              "Architecture.pptx",
              "Contract.pdf",
              "Payroll.xlsx",
              "Notes.docx");
      g.add("m365", t, Shapes.m365File(g, t, u, u.ip(), agent, op, file));
    } else {
      g.add(
          "m365",
          t,
          Shapes.m365Mail(
              g, t, u, u.ip(), g.pick("MailItemsAccessed", "MailItemsAccessed", "Send")));
    }
  }

  // ------------------------------------------------------------------ Kubernetes

  void kubernetes(Instant t, Person u) {
    int pick = g.random.nextInt(100);
    if (pick < 70) {
      String[] sa =
          g.pick(
              List.of(
                  new String[] {
                    "system:serviceaccount:kube-system:replicaset-controller", "pods", "list"
                  },
                  new String[] {
                    "system:serviceaccount:kube-system:endpointslice-controller",
                    "endpointslices",
                    "list"
                  },
                  new String[] {"system:serviceaccount:kube-system:coredns", "services", "watch"},
                  new String[] {"system:serviceaccount:monitoring:prometheus", "pods", "list"},
                  new String[] {
                    "system:serviceaccount:kube-system:leader-election", "leases", "get"
                  },
                  new String[] {
                    "system:serviceaccount:payments:payments-api", "configmaps", "get"
                  }));
      String ns = sa[0].split(":")[2];
      String uri =
          "/api/v1/namespaces/"
              + ns
              + "/"
              + sa[1]
              + (sa[2].equals("get") ? "/" + ns + "-config" : "");
      g.add(
          "kubernetes",
          t,
          Shapes.kubernetes(
              g,
              t,
              sa[0],
              List.of(
                  "system:serviceaccounts", "system:serviceaccounts:" + ns, "system:authenticated"),
              "10.42.0." + (10 + g.random.nextInt(40)),
              "kube-controller-manager/v1.29.3 (linux/amd64) kubernetes/6813625",
              sa[2],
              sa[1],
              null,
              ns,
              sa[2].equals("get") ? ns + "-config" : null,
              uri,
              200));
      return;
    }
    Person who = u;
    String ns = g.pick("payments", "web", "data", "default");
    int code = pick < 97 ? 200 : 403;
    if (pick < 88) {
      String resource = g.pick("pods", "deployments", "services", "events");
      kubectl(t, who, "list", resource, null, ns, null, code);
    } else if (pick < 93) {
      kubectl(t, who, "patch", "deployments", null, ns, ns + "-api", code);
    } else {
      kubectl(t, who, "get", "pods", "log", ns, ns + "-api-" + g.hex(5), code);
    }
  }

  void kubectl(
      Instant t,
      Person who,
      String verb,
      String resource,
      String sub,
      String ns,
      String name,
      int code) {
    String base =
        (resource.equals("deployments") ? "/apis/apps/v1" : "/api/v1")
            + "/namespaces/"
            + ns
            + "/"
            + resource;
    String uri = base + (name == null ? "" : "/" + name) + (sub == null ? "" : "/" + sub);
    if ("exec".equals(sub)) {
      uri += "?command=%2Fbin%2Fsh&container=app&stdin=true&stdout=true&tty=true";
    }
    g.add(
        "kubernetes",
        t,
        Shapes.kubernetes(
            g,
            t,
            who.email(),
            List.of(who.groups().get(0), "system:authenticated"),
            who.ip(),
            KUBECTL,
            verb,
            resource,
            sub,
            ns,
            name,
            uri,
            code));
  }

  // ------------------------------------------------------------------ VPC Flow Logs

  void vpcFlow(Instant t, Person u) {
    int pick = g.random.nextInt(100);
    String instance = "i-0" + Emitter.stable("inst:" + (pick % 4), "0123456789abcdef", 16);
    String eni = "eni-0" + Emitter.stable("eni:" + (pick % 4), "0123456789abcdef", 16);
    String internal = "10.0.1." + (10 + pick % 4);
    if (pick < 55) {
      String dst = "198.18." + g.random.nextInt(4) + "." + (1 + g.random.nextInt(250));
      g.add(
          "aws_vpcflow",
          t,
          Shapes.vpcFlow(
              g,
              t,
              eni,
              internal,
              dst,
              32768 + g.random.nextInt(28000),
              g.random.nextBoolean() ? 443 : 53,
              g.random.nextInt(5) == 0 ? 17 : 6,
              true,
              false,
              instance));
    } else if (pick < 80) {
      g.add(
          "aws_vpcflow",
          t,
          Shapes.vpcFlow(
              g,
              t,
              eni,
              u.ip(),
              internal,
              32768 + g.random.nextInt(28000),
              443,
              6,
              true,
              true,
              instance));
    } else {
      Location from = g.pick(g.org.foreign());
      String src =
          from.network().contains(":")
              ? "192.0.2." + (1 + g.random.nextInt(60))
              : from.address(g.random.nextInt(30));
      int port = g.random.nextInt(3) == 0 ? 3389 : g.random.nextBoolean() ? 22 : 23;
      g.add(
          "aws_vpcflow",
          t,
          Shapes.vpcFlow(
              g,
              t,
              eni,
              src,
              internal,
              1024 + g.random.nextInt(60000),
              port,
              6,
              false,
              true,
              instance));
    }
  }

  // ------------------------------------------------------------------ GuardDuty

  void guardDuty(Instant t) {
    Location from = g.pick(g.org.foreign());
    String ip =
        from.network().contains(":")
            ? "192.0.2." + (1 + g.random.nextInt(60))
            : from.address(g.random.nextInt(30));
    String instance = "i-0" + Emitter.stable("inst:" + g.random.nextInt(4), "0123456789abcdef", 16);
    boolean probe = g.random.nextBoolean();
    Map<String, Object> action =
        map(
            "actionType",
            "NETWORK_CONNECTION",
            "networkConnectionAction",
            map(
                "connectionDirection",
                "INBOUND",
                "remoteIpDetails",
                Shapes.remoteIp(ip, from),
                "remotePortDetails",
                map("port", 40000 + g.random.nextInt(20000), "portName", "Unknown"),
                "localPortDetails",
                map("port", probe ? 3389 : 22, "portName", probe ? "RDP" : "SSH"),
                "protocol",
                "TCP",
                "blocked",
                false));
    int count = 1 + g.random.nextInt(20);
    g.add(
        "aws_guardduty",
        t,
        Shapes.guardDuty(
            g,
            t,
            probe ? "Recon:EC2/PortProbeUnprotectedPort" : "UnauthorizedAccess:EC2/SSHBruteForce",
            2.0,
            probe
                ? "Unprotected port on EC2 instance " + instance + " is being probed."
                : ip + " is performing SSH brute force attacks against " + instance + ".",
            probe
                ? "EC2 instance has an unprotected port which is being probed by a known malicious host."
                : "EC2 instance may be the target of an SSH brute force attack.",
            Shapes.guardDutyInstance(instance, "10.0.1.10"),
            action,
            count));
  }

  // ------------------------------------------------------------------ notables

  private void notables(int day, List<Person> active) {
    Instant dayEnd = g.end.minus(Duration.ofDays(day));
    List<Person> abroad = active.stream().filter(p -> !p.home().country().equals("US")).toList();
    List<Person> admins = g.admins;
    if (g.enabled("aws_cloudtrail")) {
      for (int i = 0; i < 2; i++) {
        Person u = g.pick(active);
        Instant t = inDay(dayEnd);
        Map<String, Object> id = Shapes.assumedRole(g, u, "Developer", t);
        String bucket =
            bucketPrefix()
                + g.pick("analytics", "ml-datasets", "build-cache", "static-site", "reports")
                + "-"
                + g.hex(6);
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
                CLI_AGENTS[0],
                map(
                    "CreateBucketConfiguration",
                    map(
                        "LocationConstraint",
                        "us-west-2",
                        "xmlns",
                        "http://s3.amazonaws.com/doc/2006-03-01/"))));
        Instant t2 = t.plusSeconds(2);
        g.add(
            "aws_cloudtrail",
            t2,
            Shapes.s3Bucket(
                g,
                t2,
                id,
                "PutBucketPublicAccessBlock",
                bucket,
                u.ip(),
                CLI_AGENTS[0],
                map(
                    "publicAccessBlock",
                    "",
                    "PublicAccessBlockConfiguration",
                    map(
                        "BlockPublicAcls",
                        true,
                        "IgnorePublicAcls",
                        true,
                        "BlockPublicPolicy",
                        true,
                        "RestrictPublicBuckets",
                        true))));
        Instant t3 = t.plusSeconds(3);
        g.add(
            "aws_cloudtrail",
            t3,
            Shapes.s3Bucket(
                g,
                t3,
                id,
                "PutBucketEncryption",
                bucket,
                u.ip(),
                CLI_AGENTS[0],
                map(
                    "encryption",
                    "",
                    "ServerSideEncryptionConfiguration",
                    map(
                        "Rule",
                        map(
                            "ApplyServerSideEncryptionByDefault",
                            map("SSEAlgorithm", "aws:kms"))))));
      }
      Person owner = admins.isEmpty() ? g.pick(active) : admins.get(0);
      Instant t = inDay(dayEnd);
      Map<String, Object> session = Shapes.rootSession(g, g.org, t, true);
      g.add(
          "aws_cloudtrail",
          t,
          Shapes.consoleLogin(
              g, t, Shapes.root(g.org), owner.ip(), Emitter.agent(owner), true, true));
      Instant t2 = t.plusSeconds(40);
      g.add(
          "aws_cloudtrail",
          t2,
          Shapes.cloudTrail(
              g,
              t2,
              session,
              "ce.amazonaws.com",
              "GetCostAndUsage",
              owner.ip(),
              "console.amazonaws.com",
              map("granularity", "MONTHLY", "metrics", List.of("UnblendedCost")),
              null,
              "AwsApiCall"));
      Instant t3 = t.plusSeconds(95);
      g.add(
          "aws_cloudtrail",
          t3,
          Shapes.cloudTrail(
              g,
              t3,
              session,
              "account.amazonaws.com",
              "GetContactInformation",
              owner.ip(),
              "console.amazonaws.com",
              null,
              null,
              "AwsApiCall"));
    }
    if (g.enabled("kubernetes")) {
      for (int i = 0; i < 2; i++) {
        Person u = g.pick(active);
        String ns = g.pick("payments", "web", "data");
        kubectl(inDay(dayEnd), u, "create", "pods", "exec", ns, ns + "-api-" + g.hex(5), 101);
      }
      for (int i = 0; i < 3; i++) {
        Person u = g.pick(active);
        String ns = g.pick("payments", "web", "data");
        kubectl(
            inDay(dayEnd),
            u,
            "get",
            "secrets",
            null,
            ns,
            ns + "-" + g.pick("db-credentials", "api-keys", "tls"),
            200);
      }
    }
    if (g.enabled("okta")) {
      for (int i = 0; i < 3; i++) {
        Person u = g.pick(abroad.isEmpty() ? active : abroad);
        okta(
            inDay(dayEnd),
            u,
            Emitter.agent(u),
            "idx" + g.token(22),
            "user.session.start",
            "User login to Okta",
            "FAILURE",
            "INVALID_CREDENTIALS");
      }
      for (int i = 0; i < 2; i++) {
        Person u = g.pick(active);
        okta(
            inDay(dayEnd),
            u,
            Emitter.agent(u),
            "idx" + g.token(22),
            "user.authentication.auth_via_mfa",
            "Authentication of user via MFA",
            "FAILURE",
            "INVALID_CREDENTIALS");
      }
    }
    if (g.enabled("entra_signin")) {
      Person u = g.pick(abroad.isEmpty() ? active : abroad);
      Instant t = inDay(dayEnd);
      g.add(
          "entra_signin",
          t,
          Shapes.entraSignIn(
              g,
              t,
              u,
              u.ip(),
              u.home(),
              Emitter.agent(u),
              "OfficeHome",
              50126,
              "Error validating credentials due to invalid username or password.",
              "singleFactorAuthentication"));
    }
    if (g.enabled("google_workspace")) {
      workspaceFailure(inDay(dayEnd), g.pick(abroad.isEmpty() ? active : abroad));
    }
    if (g.enabled("duo")) {
      Person u = g.pick(active);
      Instant t = inDay(dayEnd);
      Person admin = admins.isEmpty() ? u : g.pick(admins);
      Instant t0 = inDay(dayEnd);
      g.add(
          "duo",
          t0,
          Shapes.duoAdmin(
              t0,
              admin,
              "user_update",
              u.email(),
              "{\"notes\": \"new phone\", \"status\": \"active\"}"));
      g.add(
          "duo",
          t,
          Shapes.duoAuth(
              g,
              t,
              u,
              u.ip(),
              u.home(),
              Emitter.agent(u),
              "Okta",
              "duo_push",
              "denied",
              "user_cancelled"));
    }
    if (g.enabled("github")) {
      githubAction(
          inDay(dayEnd),
          g.pick(active),
          "repo.create",
          "create",
          g.pick("ml-experiments", "status-page", "sdk-python", "terraform-modules")
              + "-"
              + g.hex(4));
      githubAction(inDay(dayEnd), g.pick(active), "repo.access", "modify", g.pick(REPOS));
    }
  }

  /** A time in the 24 hours before {@code dayEnd}, away from the window's edges. */
  private Instant inDay(Instant dayEnd) {
    long ms = Duration.ofHours(22).toMillis();
    return dayEnd.minus(Duration.ofMinutes(30)).minusMillis((long) (g.random.nextDouble() * ms));
  }
}
