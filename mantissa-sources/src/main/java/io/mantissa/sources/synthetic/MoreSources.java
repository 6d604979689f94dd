package io.mantissa.sources.synthetic;

import static io.mantissa.sources.synthetic.Emitter.map;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Ordinary activity of the SaaS and cloud sources beyond the identity core: Slack, 1Password,
 * Salesforce, Snowflake, Google Cloud and Azure, each in its vendor's shape.
 */
final class MoreSources {
  private static final DateTimeFormatter SNOWFLAKE =
      DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss.SSS", Locale.ROOT).withZone(ZoneOffset.UTC);
  private static final String UPN = "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/upn";
  private static final String NAME = "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/name";
  private static final String OID = "http://schemas.microsoft.com/identity/claims/objectidentifier";

  private final Emitter g;

  MoreSources(Emitter g) {
    this.g = g;
  }

  void one(String source, Person u) {
    Instant t = g.workTime(u);
    switch (source) {
      case "slack" -> slack(t, u);
      case "onepassword" -> onePassword(t, u);
      case "salesforce" -> salesforce(t, u);
      case "snowflake" -> snowflake(t, u);
      case "gcp_audit" -> gcpAudit(t, u);
      case "azure_activity" -> azureActivity(t, u);
      case "crowdstrike" -> crowdStrike(t, u);
      case "jamf_pro" -> jamf(t, u);
      case "docker" -> docker(g.anyTime());
      default -> throw new IllegalStateException("no background for " + source);
    }
  }

  // ------------------------------------------------------------------ Slack

  void slack(Instant t, Person u) {
    int pick = g.random.nextInt(100);
    String action;
    Map<String, Object> entity;
    if (pick < 35) {
      action = "user_login";
      entity = map("type", "user", "user", slackUser(u));
    } else if (pick < 45) {
      action = "user_logout";
      entity = map("type", "user", "user", slackUser(u));
    } else if (pick < 75) {
      action = g.pick("file_downloaded", "file_uploaded", "file_shared");
      String name = g.pick("notes.pdf", "diagram.png", "export.csv", "slides.key", "log.txt");
      entity =
          map(
              "type",
              "file",
              "file",
              map(
                  "id",
                  "F0" + g.upper(9),
                  "name",
                  name,
                  "filetype",
                  name.substring(name.indexOf('.') + 1),
                  "title",
                  name));
    } else if (pick < 95) {
      action = "user_channel_join";
      entity = map("type", "channel", "channel", channel());
    } else {
      action = "public_channel_created";
      entity = map("type", "channel", "channel", channel());
    }
    Map<String, Object> e = new LinkedHashMap<>();
    e.put("id", g.uuid());
    e.put("date_create", t.getEpochSecond());
    e.put("action", action);
    e.put("actor", map("type", "user", "user", slackUser(u)));
    e.put("entity", entity);
    e.put(
        "context",
        map(
            "location",
            map(
                "type",
                "enterprise",
                "id",
                "E0"
                    + Emitter.stable(
                        "slack:" + g.org.domain(), "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789", 8),
                "name",
                g.org.name(),
                "domain",
                g.org.domain().replace('.', '-')),
            "ua",
            Emitter.agent(u),
            "ip_address",
            u.ip(),
            "session_id",
            Long.parseLong(Emitter.stable("slacksession:" + u.email(), "0123456789", 12))));
    g.add("slack", Instant.ofEpochSecond(t.getEpochSecond()), e);
  }

  private Map<String, Object> slackUser(Person u) {
    return map(
        "id",
        "W0" + Emitter.stable("slackuser:" + u.email(), "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789", 8),
        "name",
        u.displayName(),
        "email",
        u.email(),
        "team",
        "T0"
            + Emitter.stable(
                "slackteam:" + g.org.domain(), "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789", 8));
  }

  private Map<String, Object> channel() {
    String name =
        g.pick("general", "eng-oncall", "sales-wins", "security", "random", "incident-2291");
    return map(
        "id",
        "C0" + Emitter.stable("channel:" + name, "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789", 8),
        "privacy",
        name.startsWith("incident") ? "private" : "public",
        "name",
        name,
        "is_shared",
        false,
        "is_org_shared",
        false);
  }

  // ------------------------------------------------------------------ 1Password

  void onePassword(Instant t, Person u) {
    int pick = g.random.nextInt(100);
    Map<String, Object> client =
        map(
            "app_name",
            "1Password Browser Extension",
            "app_version",
            "20190",
            "platform_name",
            Shapes.browser(Emitter.agent(u)).charAt(0)
                + Shapes.browser(Emitter.agent(u)).substring(1).toLowerCase(Locale.ROOT),
            "platform_version",
            "124.0.0.0",
            "os_name",
            u.device().os(),
            "os_version",
            u.device().osVersion(),
            "ip_address",
            u.ip());
    Map<String, Object> user =
        map(
            "uuid",
            Emitter.stable("1p:" + u.email(), "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567", 26),
            "name",
            u.displayName(),
            "email",
            u.email());
    Map<String, Object> e = new LinkedHashMap<>();
    e.put("uuid", g.upper(26));
    if (pick < 40) {
      boolean ok = pick < 36;
      e.put("session_uuid", g.upper(26));
      e.put("timestamp", Emitter.SECONDS.format(t));
      e.put("country", u.home().country());
      e.put("category", ok ? "success" : "credentials_failed");
      e.put("type", ok ? "credentials_ok" : "password_secret_bad");
      e.put("details", null);
      e.put("target_user", user);
      e.put("client", client);
    } else {
      e.put("timestamp", Emitter.SECONDS.format(t));
      e.put("used_version", 1 + g.random.nextInt(9));
      e.put(
          "vault_uuid",
          Emitter.stable("vault:" + u.groups().get(0), "abcdefghijklmnopqrstuvwxyz234567", 26));
      e.put(
          "item_uuid",
          Emitter.stable("item:" + g.random.nextInt(200), "abcdefghijklmnopqrstuvwxyz234567", 26));
      e.put("user", user);
      e.put("client", client);
      e.put(
          "location",
          map(
              "country",
              u.home().country(),
              "region",
              u.home().region(),
              "city",
              u.home().city(),
              "latitude",
              u.home().latitude(),
              "longitude",
              u.home().longitude()));
      e.put("action", g.pick("fill", "fill", "reveal", "secure-copy", "enter-item-edit-mode"));
    }
    g.add("onepassword", Instant.ofEpochSecond(t.getEpochSecond()), e);
  }

  // ------------------------------------------------------------------ Salesforce

  void salesforce(Instant t, Person u) {
    int pick = g.random.nextInt(100);
    String userId =
        "005"
            + Emitter.stable(
                "sf:" + u.email(),
                "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789",
                15);
    if (pick < 35) {
      boolean ok = pick < 32;
      Map<String, Object> e = new LinkedHashMap<>();
      e.put("EventDate", Emitter.MILLIS.format(t));
      e.put("EventIdentifier", g.uuid());
      e.put("LoginHistoryId", "0Ya" + g.token(15));
      e.put("LoginKey", g.token(16));
      e.put("LoginType", "SAML Sfdc Initiated SSO");
      e.put("LoginUrl", "acme.my.salesforce.com");
      e.put("Status", ok ? "Success" : "Invalid Password");
      e.put("Username", u.email());
      e.put("UserId", userId);
      e.put("UserType", "Standard");
      e.put("SourceIp", u.ip());
      e.put(
          "Browser",
          Shapes.browser(Emitter.agent(u)).charAt(0)
              + Shapes.browser(Emitter.agent(u)).substring(1).toLowerCase(Locale.ROOT));
      e.put("Platform", u.device().os().equals("macOS") ? "Mac OSX" : u.device().os());
      e.put("Application", "Browser");
      e.put("Country", u.home().countryName());
      e.put("CountryIso", u.home().country());
      e.put("City", u.home().city());
      e.put("LoginLatitude", u.home().latitude());
      e.put("LoginLongitude", u.home().longitude());
      e.put("TlsProtocol", "TLS 1.3");
      e.put("CipherSuite", "TLS_AES_256_GCM_SHA384");
      e.put("HttpMethod", "POST");
      e.put("SessionLevel", "STANDARD");
      e.put("CreatedDate", Emitter.SECONDS.format(t.plusSeconds(3)));
      g.add("salesforce", t, e);
      return;
    }
    String type = g.random.nextInt(25) == 0 ? "ReportExport" : g.pick("URI", "URI", "API");
    Map<String, Object> e = new LinkedHashMap<>();
    e.put("EVENT_TYPE", type);
    e.put(
        "TIMESTAMP",
        DateTimeFormatter.ofPattern("uuuuMMddHHmmss.SSS", Locale.ROOT)
            .withZone(ZoneOffset.UTC)
            .format(t));
    e.put("TIMESTAMP_DERIVED", Emitter.MILLIS.format(t));
    e.put("REQUEST_ID", "4" + g.token(20));
    e.put(
        "ORGANIZATION_ID",
        "00D"
            + Emitter.stable(
                "sforg:" + g.org.domain(), "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789", 12));
    e.put("USER_ID", userId.substring(0, 15));
    e.put("USER_ID_DERIVED", userId);
    e.put("USER_NAME", u.email());
    e.put("CLIENT_IP", u.ip());
    e.put("METHOD", type.equals("API") ? g.pick("GET", "POST") : "GET");
    e.put(
        "URI",
        type.equals("URI")
            ? "/lightning/r/Opportunity/006" + g.token(12) + "/view"
            : type.equals("API") ? "/services/data/v60.0/query" : "/00O" + g.token(12));
    e.put("REQUEST_STATUS", "S");
    e.put("RUN_TIME", 20 + g.random.nextInt(900));
    e.put("CPU_TIME", 5 + g.random.nextInt(200));
    e.put("BROWSER_TYPE", Emitter.agent(u));
    if (type.equals("ReportExport")) {
      e.put("REPORT_ID", "00O" + g.token(12));
    }
    g.add("salesforce", t, e);
  }

  // ------------------------------------------------------------------ Snowflake

  void snowflake(Instant t, Person u) {
    String user = u.email().toUpperCase(Locale.ROOT);
    Map<String, Object> e = new LinkedHashMap<>();
    if (g.random.nextInt(100) < 35) {
      boolean ok = g.random.nextInt(100) < 93;
      e.put("EVENT_ID", String.valueOf(1_000_000_000L + g.random.nextInt(900_000_000)));
      e.put("EVENT_TIMESTAMP", SNOWFLAKE.format(t));
      e.put("EVENT_TYPE", "LOGIN");
      e.put("USER_NAME", user);
      e.put("CLIENT_IP", u.ip());
      e.put("REPORTED_CLIENT_TYPE", g.pick("SNOWFLAKE_UI", "JDBC_DRIVER", "PYTHON_DRIVER"));
      e.put("REPORTED_CLIENT_VERSION", "8.14.1");
      e.put("FIRST_AUTHENTICATION_FACTOR", ok ? "SAML2_ASSERTION" : "PASSWORD");
      e.put("SECOND_AUTHENTICATION_FACTOR", null);
      e.put("IS_SUCCESS", ok ? "YES" : "NO");
      e.put("ERROR_CODE", ok ? null : 390100);
      e.put("ERROR_MESSAGE", ok ? null : "INCORRECT_USERNAME_PASSWORD");
      e.put("RELATED_EVENT_ID", 0);
      e.put("CONNECTION", null);
    } else {
      String[] q =
          g.pick(
              List.of(
                  new String[] {
                    "SELECT", "SELECT region, sum(amount) FROM sales.orders GROUP BY 1"
                  },
                  new String[] {
                    "SELECT", "SELECT * FROM analytics.events WHERE day = current_date()"
                  },
                  new String[] {"SHOW", "SHOW TABLES IN SCHEMA analytics.public"},
                  new String[] {
                    "INSERT", "INSERT INTO analytics.daily SELECT * FROM staging.daily"
                  },
                  new String[] {
                    "CREATE_TABLE_AS_SELECT",
                    "CREATE TABLE tmp_cohort AS SELECT * FROM analytics.users"
                  }));
      e.put("QUERY_ID", g.uuid());
      e.put("QUERY_TEXT", q[1]);
      e.put("DATABASE_NAME", "ANALYTICS");
      e.put("SCHEMA_NAME", "PUBLIC");
      e.put("QUERY_TYPE", q[0]);
      e.put("USER_NAME", user);
      e.put("ROLE_NAME", g.pick("ANALYST", "ENGINEER", "SYSADMIN"));
      e.put("WAREHOUSE_NAME", "COMPUTE_WH");
      e.put("EXECUTION_STATUS", "SUCCESS");
      e.put("START_TIME", SNOWFLAKE.format(t));
      e.put("END_TIME", SNOWFLAKE.format(t.plusMillis(200 + g.random.nextInt(20_000))));
      e.put("BYTES_SCANNED", g.random.nextInt(50_000_000));
      e.put("ROWS_PRODUCED", g.random.nextInt(10_000));
    }
    g.add("snowflake", t, e);
  }

  // ------------------------------------------------------------------ Google Cloud

  void gcpAudit(Instant t, Person u) {
    String project = g.org.domain().replace('.', '-') + "-prod";
    String[] call =
        g.pick(
            List.of(
                new String[] {
                  "storage.googleapis.com", "storage.objects.get", "gcs_bucket", "data_access"
                },
                new String[] {
                  "storage.googleapis.com", "storage.objects.list", "gcs_bucket", "data_access"
                },
                new String[] {
                  "compute.googleapis.com",
                  "v1.compute.instances.list",
                  "gce_instance",
                  "data_access"
                },
                new String[] {
                  "compute.googleapis.com", "v1.compute.instances.start", "gce_instance", "activity"
                },
                new String[] {
                  "bigquery.googleapis.com",
                  "google.cloud.bigquery.v2.JobService.InsertJob",
                  "bigquery_dataset",
                  "data_access"
                },
                new String[] {
                  "iam.googleapis.com",
                  g.random.nextInt(20) == 0
                      ? "google.iam.admin.v1.CreateServiceAccountKey"
                      : "google.iam.admin.v1.GetServiceAccount",
                  "service_account",
                  "activity"
                },
                new String[] {
                  "cloudresourcemanager.googleapis.com", "SetIamPolicy", "project", "activity"
                }));
    boolean denied = g.random.nextInt(100) < 4;
    String resourceName =
        switch (call[2]) {
          case "gcs_bucket" ->
              "projects/_/buckets/"
                  + project
                  + "-"
                  + g.pick("assets", "exports", "logs")
                  + "/objects/"
                  + g.hex(8)
                  + ".json";
          case "gce_instance" ->
              "projects/" + project + "/zones/us-central1-a/instances/web-" + g.hex(4);
          case "bigquery_dataset" -> "projects/" + project + "/datasets/analytics";
          case "service_account" ->
              "projects/" + project + "/serviceAccounts/ci@" + project + ".iam.gserviceaccount.com";
          default -> "projects/" + project;
        };
    Map<String, Object> payload = new LinkedHashMap<>();
    payload.put("@type", "type.googleapis.com/google.cloud.audit.AuditLog");
    payload.put("status", denied ? map("code", 7, "message", "PERMISSION_DENIED") : Map.of());
    payload.put("authenticationInfo", map("principalEmail", u.email()));
    payload.put(
        "requestMetadata",
        map(
            "callerIp",
            u.ip(),
            "callerSuppliedUserAgent",
            "google-cloud-sdk gcloud/471.0.0 command/gcloud."
                + call[0].split("\\.")[0]
                + " invocation-id/"
                + g.hex(32),
            "requestAttributes",
            map("time", Emitter.MICROS.format(t), "auth", Map.of()),
            "destinationAttributes",
            Map.of()));
    payload.put("serviceName", call[0]);
    payload.put("methodName", call[1]);
    payload.put(
        "authorizationInfo",
        List.of(
            map(
                "resource",
                resourceName,
                "permission",
                call[1].replace("v1.", ""),
                "granted",
                !denied,
                "resourceAttributes",
                Map.of())));
    payload.put("resourceName", resourceName);
    Map<String, Object> e = new LinkedHashMap<>();
    e.put("protoPayload", payload);
    e.put("insertId", g.token(12).toLowerCase(Locale.ROOT));
    e.put("resource", map("type", call[2], "labels", map("project_id", project)));
    e.put("timestamp", Emitter.MICROS.format(t));
    e.put("severity", denied ? "ERROR" : call[3].equals("activity") ? "NOTICE" : "INFO");
    e.put("logName", "projects/" + project + "/logs/cloudaudit.googleapis.com%2F" + call[3]);
    e.put("receiveTimestamp", Emitter.MICROS.format(t.plusMillis(800)));
    g.add("gcp_audit", t, e);
  }

  // ------------------------------------------------------------------ Azure

  void azureActivity(Instant t, Person u) {
    String sub = Emitter.stableUuid("sub:" + g.org.domain());
    String[] op =
        g.pick(
            List.of(
                new String[] {
                  "MICROSOFT.COMPUTE/VIRTUALMACHINES/WRITE", "virtualMachines", "vm-web-01"
                },
                new String[] {
                  "MICROSOFT.COMPUTE/VIRTUALMACHINES/START/ACTION", "virtualMachines", "vm-batch-02"
                },
                new String[] {
                  "MICROSOFT.STORAGE/STORAGEACCOUNTS/LISTKEYS/ACTION", "storageAccounts", "acmedata"
                },
                new String[] {
                  "MICROSOFT.NETWORK/NETWORKSECURITYGROUPS/WRITE",
                  "networkSecurityGroups",
                  "nsg-web"
                },
                new String[] {"MICROSOFT.KEYVAULT/VAULTS/READ", "vaults", "kv-prod"},
                new String[] {
                  "MICROSOFT.RESOURCES/DEPLOYMENTS/WRITE", "deployments", "release-" + g.hex(4)
                }));
    String provider = op[0].substring(0, op[0].indexOf('/'));
    String resourceId =
        "/SUBSCRIPTIONS/"
            + sub.toUpperCase(Locale.ROOT)
            + "/RESOURCEGROUPS/RG-PROD/PROVIDERS/"
            + provider
            + "/"
            + op[1].toUpperCase(Locale.ROOT)
            + "/"
            + op[2].toUpperCase(Locale.ROOT);
    boolean failed = g.random.nextInt(100) < 4;
    Map<String, Object> claims = new LinkedHashMap<>();
    claims.put("aud", "https://management.core.windows.net/");
    claims.put("iss", "https://sts.windows.net/" + g.org.tenantId() + "/");
    claims.put(UPN, u.email());
    claims.put(NAME, u.email());
    claims.put(OID, Emitter.entraId(u));
    claims.put("ipaddr", u.ip());
    claims.put("appid", "c44b4083-3bb0-49c1-b47d-974e53cbdf3c");
    Map<String, Object> e = new LinkedHashMap<>();
    e.put("time", Emitter.TICKS.format(t));
    e.put("resourceId", resourceId);
    e.put("operationName", op[0]);
    e.put("category", "Administrative");
    e.put("resultType", failed ? "Failure" : "Success");
    e.put("resultSignature", failed ? "Forbidden" : "Succeeded.");
    e.put("durationMs", String.valueOf(100 + g.random.nextInt(5000)));
    e.put("callerIpAddress", u.ip());
    e.put("correlationId", g.uuid());
    e.put(
        "identity",
        map(
            "authorization",
            map(
                "scope",
                resourceId.toLowerCase(Locale.ROOT),
                "action",
                op[0].toLowerCase(Locale.ROOT),
                "evidence",
                map("role", g.pick("Contributor", "Owner", "Reader"), "principalType", "User")),
            "claims",
            claims));
    e.put("level", failed ? "Error" : "Information");
    e.put("location", "global");
    e.put(
        "properties",
        map(
            "statusCode",
            failed ? "Forbidden" : "OK",
            "serviceRequestId",
            g.uuid(),
            "eventCategory",
            "Administrative",
            "entity",
            resourceId,
            "message",
            op[0],
            "hierarchy",
            g.org.tenantId() + "/" + sub));
    g.add("azure_activity", t, e);
  }

  // ------------------------------------------------------------------ CrowdStrike Falcon

  void crowdStrike(Instant t, Person u) {
    String aid = Emitter.stable("aid:" + u.device().hostname(), "0123456789abcdef", 32);
    String cid = Emitter.stable("cid:" + g.org.domain(), "0123456789abcdef", 32);
    boolean windows = u.device().os().equals("Windows");
    if (g.random.nextInt(100) < 8) {
      // low-severity detections an administrator closes: IT scripts, remote tools, adware
      String[] d =
          g.pick(
              List.of(
                  new String[] {
                    "Suspicious PowerShell command line",
                    "T1059.001",
                    "Execution",
                    "powershell.exe -ExecutionPolicy Bypass -File C:\\IT\\inventory.ps1"
                  },
                  new String[] {
                    "Remote access tool", "T1219", "Command and Control", "AnyDesk.exe --silent"
                  },
                  new String[] {
                    "Potentially unwanted program",
                    "T1204.002",
                    "Execution",
                    "setup_free_pdf.exe /S"
                  }));
      Map<String, Object> event = new LinkedHashMap<>();
      event.put("ProcessStartTime", t.getEpochSecond() - 5);
      event.put("ProcessEndTime", 0);
      event.put("ProcessId", String.valueOf(100_000 + g.random.nextInt(900_000)));
      event.put("ParentProcessId", String.valueOf(100_000 + g.random.nextInt(900_000)));
      event.put("ComputerName", u.device().hostname());
      event.put("UserName", u.login());
      event.put("DetectName", d[0]);
      event.put(
          "DetectDescription",
          "A process showed behaviour matching " + d[0].toLowerCase(Locale.ROOT) + ".");
      event.put("Severity", 2);
      event.put("SeverityName", "Low");
      event.put("FileName", d[3].substring(0, d[3].indexOf(' ')));
      event.put("FilePath", "\\Device\\HarddiskVolume3\\Windows\\System32");
      event.put("CommandLine", d[3]);
      event.put("SHA256String", g.hex(64));
      event.put("MD5String", g.hex(32));
      event.put("MachineDomain", g.org.domain());
      event.put("SensorId", aid);
      event.put("DetectId", "ldt:" + aid + ":" + (1_000_000_000L + g.random.nextInt(900_000_000)));
      event.put("LocalIP", "10.20." + g.random.nextInt(8) + "." + (10 + g.random.nextInt(200)));
      event.put("MACAddress", "00-1b-63-" + g.hex(2) + "-" + g.hex(2) + "-" + g.hex(2));
      event.put("Tactic", d[2]);
      event.put("Technique", d[1]);
      event.put("Objective", "Follow Through");
      event.put("PatternDispositionDescription", "Detection, standard detection.");
      event.put(
          "FalconHostLink", "https://falcon.crowdstrike.com/activity/detections/detail/" + aid);
      Map<String, Object> e = new LinkedHashMap<>();
      e.put(
          "metadata",
          map(
              "customerIDString",
              cid,
              "offset",
              g.random.nextInt(9_000_000),
              "eventType",
              "DetectionSummaryEvent",
              "eventCreationTime",
              t.toEpochMilli(),
              "version",
              "1.0"));
      e.put("event", event);
      g.add("crowdstrike", t, e);
      return;
    }
    String kind = g.pick("ProcessRollup2", "ProcessRollup2", "NetworkConnectIP4", "DnsRequest");
    Map<String, Object> e = new LinkedHashMap<>();
    e.put("event_simpleName", kind);
    e.put("aid", aid);
    e.put("aip", u.ip());
    e.put("cid", cid);
    e.put("timestamp", String.valueOf(t.toEpochMilli()));
    e.put("event_platform", windows ? "Win" : u.device().os().equals("macOS") ? "Mac" : "Lin");
    e.put("ComputerName", u.device().hostname());
    e.put("UserName", u.login());
    e.put("TargetProcessId", String.valueOf(g.random.nextLong() & 0xFFFFFFFFFFL));
    switch (kind) {
      case "ProcessRollup2" -> {
        String image =
            windows
                ? g.pick(
                    "C:\\Windows\\System32\\svchost.exe",
                    "C:\\Program Files\\Google\\Chrome\\Application\\chrome.exe")
                : g.pick(
                    "/usr/bin/git", "/Applications/Slack.app/Contents/MacOS/Slack", "/bin/zsh");
        e.put("ImageFileName", image);
        e.put("CommandLine", image);
        e.put("SHA256HashData", Emitter.stable("sha:" + image, "0123456789abcdef", 64));
      }
      case "NetworkConnectIP4" -> {
        e.put("LocalAddressIP4", "10.20.0." + (10 + g.random.nextInt(200)));
        e.put(
            "RemoteAddressIP4",
            "198.18." + g.random.nextInt(4) + "." + (1 + g.random.nextInt(250)));
        e.put("RemotePort", "443");
        e.put("Protocol", "6");
      }
      default -> {
        e.put("DomainName", g.pick("github.com", "slack.com", "okta.com", g.org.domain()));
        e.put("RequestType", "1");
      }
    }
    g.add("crowdstrike", t, e);
  }

  // ------------------------------------------------------------------ Jamf Pro

  void jamf(Instant t, Person u) {
    boolean inventory = g.random.nextInt(100) < 30;
    Map<String, Object> computer = new LinkedHashMap<>();
    computer.put("alternateMacAddress", "");
    computer.put("building", u.home().city());
    computer.put("department", u.groups().get(0));
    computer.put("deviceName", u.device().hostname());
    computer.put("emailAddress", u.email());
    computer.put("ipAddress", u.ip());
    computer.put(
        "jssID", 1000 + Integer.parseInt(Emitter.stable("jss:" + u.email(), "0123456789", 4)));
    computer.put(
        "macAddress",
        "A4:83:E7:"
            + g.hex(2).toUpperCase(Locale.ROOT)
            + ":"
            + g.hex(2).toUpperCase(Locale.ROOT)
            + ":"
            + g.hex(2).toUpperCase(Locale.ROOT));
    computer.put("model", "MacBook Pro (14-inch, 2023)");
    computer.put("osBuild", "23E224");
    computer.put("osVersion", u.device().osVersion());
    computer.put("realName", u.displayName());
    computer.put("reportedIpAddress", "10.20.0." + (10 + g.random.nextInt(200)));
    computer.put("serialNumber", u.device().serial());
    computer.put("udid", Emitter.stableUuid("udid:" + u.email()).toUpperCase(Locale.ROOT));
    computer.put("username", u.login());
    Map<String, Object> e = new LinkedHashMap<>();
    e.put(
        "event",
        inventory
            ? computer
            : map("computer", computer, "trigger", "CLIENT_CHECKIN", "username", u.login()));
    e.put(
        "webhook",
        map(
            "eventTimestamp",
            t.toEpochMilli(),
            "id",
            inventory ? 7 : 3,
            "name",
            inventory ? "Inventory" : "Check-in",
            "webhookEvent",
            inventory ? "ComputerInventoryCompleted" : "ComputerCheckIn"));
    g.add("jamf_pro", t, e);
  }

  // ------------------------------------------------------------------ Docker

  void docker(Instant t) {
    String[] c =
        g.pick(
            List.of(
                new String[] {"payments-api", "registry.acme.example/payments-api:2.14.1"},
                new String[] {"web", "nginx:1.25"},
                new String[] {"worker", "registry.acme.example/worker:0.9.3"},
                new String[] {"redis", "redis:7.2"}));
    String id = Emitter.stable("container:" + c[0], "0123456789abcdef", 64);
    String action =
        g.random.nextInt(20) == 0
            ? g.pick("exec_create: /bin/sh", "exec_start: /bin/sh")
            : g.pick("start", "die", "stop", "health_status: healthy", "pull");
    boolean image = action.equals("pull");
    Map<String, Object> attrs = new LinkedHashMap<>();
    attrs.put("image", c[1]);
    attrs.put("name", image ? c[1] : c[0]);
    if (action.equals("die")) {
      attrs.put("exitCode", g.pick("0", "137", "1"));
    }
    Map<String, Object> e = new LinkedHashMap<>();
    e.put("status", image ? "pull" : action);
    e.put("id", image ? c[1] : id);
    e.put("from", image ? "" : c[1]);
    e.put("Type", image ? "image" : "container");
    e.put("Action", action);
    e.put("Actor", map("ID", image ? c[1] : id, "Attributes", attrs));
    e.put("scope", "local");
    e.put("time", t.getEpochSecond());
    e.put("timeNano", t.getEpochSecond() * 1_000_000_000L + t.getNano());
    g.add("docker", t, e);
  }
}
