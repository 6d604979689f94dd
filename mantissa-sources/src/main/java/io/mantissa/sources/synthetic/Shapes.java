package io.mantissa.sources.synthetic;

import static io.mantissa.sources.synthetic.Emitter.map;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The records of each source in the vendor's own shape (field names, nesting, time formats), as the
 * vendor's API or export delivers them. Each method builds one record; randomness comes from the
 * emitter so that the same seed gives the same bytes.
 */
final class Shapes {
  private Shapes() {}

  // ================================================================== Okta System Log

  /** An Okta System Log event. {@code place} may be null for an address with no known place. */
  static Map<String, Object> okta(
      Emitter g,
      Instant t,
      Person actor,
      String ip,
      Location place,
      String agent,
      String eventType,
      String message,
      String result,
      String reason,
      String sessionId,
      List<Map<String, Object>> targets) {
    boolean own = ip.equals(actor.ip());
    Map<String, Object> e = new LinkedHashMap<>();
    e.put("actor", oktaUser(actor));
    e.put(
        "client",
        map(
            "userAgent",
            map("rawUserAgent", agent, "os", os(agent), "browser", browser(agent)),
            "zone",
            "null",
            "device",
            "Computer",
            "id",
            null,
            "ipAddress",
            ip,
            "geographicalContext",
            place == null ? null : oktaGeo(place)));
    e.put("device", null);
    e.put(
        "authenticationContext",
        map(
            "authenticationProvider",
            eventType.contains("mfa") || eventType.contains("push") ? "FACTOR_PROVIDER" : null,
            "credentialProvider",
            eventType.contains("push") || eventType.contains("okta_verify")
                ? "OKTA_CREDENTIAL_PROVIDER"
                : null,
            "credentialType",
            eventType.contains("push") || eventType.contains("okta_verify") ? "OTP" : null,
            "issuer",
            null,
            "interface",
            null,
            "authenticationStep",
            0,
            "externalSessionId",
            sessionId));
    e.put("displayMessage", message);
    e.put("eventType", eventType);
    e.put("outcome", map("result", result, "reason", reason));
    e.put("published", Emitter.MILLIS.format(t));
    e.put(
        "securityContext",
        map(
            "asNumber",
            own ? 64496 : 64511,
            "asOrg",
            own ? "example telecom" : "example hosting bv",
            "isp",
            own ? "Example Telecom" : "Example Hosting",
            "domain",
            own ? "example.net" : "example.org",
            "isProxy",
            !own));
    e.put("severity", result.equals("SUCCESS") ? "INFO" : "WARN");
    Map<String, Object> debug = new LinkedHashMap<>();
    debug.put("requestId", g.token(27));
    debug.put(
        "requestUri",
        eventType.startsWith("user.session")
            ? "/idp/idx/identify"
            : eventType.contains("push") || eventType.contains("mfa")
                ? "/idp/idx/authenticators/poll"
                : "/api/v1/users");
    debug.put("threatSuspected", String.valueOf(!own && !place(actor, place)));
    e.put("debugContext", map("debugData", debug));
    e.put("legacyEventType", legacyOkta(eventType, result));
    e.put("transaction", map("type", "WEB", "id", g.token(27), "detail", Map.of()));
    e.put("uuid", g.uuid());
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
                    place == null ? null : oktaGeo(place),
                    "version",
                    ip.contains(":") ? "V6" : "V4",
                    "source",
                    null))));
    e.put("target", targets.isEmpty() ? List.of(oktaUser(actor)) : targets);
    return e;
  }

  private static boolean place(Person p, Location place) {
    return place != null && place.country().equals(p.home().country());
  }

  static Map<String, Object> oktaUser(Person u) {
    return oktaTarget(Emitter.oktaId(u), "User", u.email(), u.displayName());
  }

  static Map<String, Object> oktaTarget(
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
      case "user.authentication.auth_via_mfa" ->
          result.equals("SUCCESS")
              ? "core.user.factor.attempt_success"
              : "core.user.factor.attempt_fail";
      default -> null;
    };
  }

  private static Map<String, Object> oktaGeo(Location p) {
    return map(
        "city",
        p.city(),
        "state",
        p.region(),
        "country",
        p.countryName(),
        "postalCode",
        null,
        "geolocation",
        map("lat", p.latitude(), "lon", p.longitude()));
  }

  static String os(String agent) {
    return agent.contains("Windows")
        ? "Windows 10"
        : agent.contains("Linux") ? "Linux" : agent.contains("Mac") ? "Mac OS X" : "Unknown";
  }

  static String browser(String agent) {
    return agent.contains("Firefox")
        ? "FIREFOX"
        : agent.contains("OPR/")
            ? "OPERA"
            : agent.contains("Edg/")
                ? "EDGE"
                : agent.contains("Chrome")
                    ? "CHROME"
                    : agent.contains("Safari") ? "SAFARI" : "UNKNOWN";
  }

  // ================================================================== AWS CloudTrail

  static Map<String, Object> iamUser(Emitter g, Organization org, String userName) {
    return map(
        "type",
        "IAMUser",
        "principalId",
        "AIDA" + Emitter.stable("aida:" + userName, "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567", 17),
        "arn",
        "arn:aws:iam::" + org.awsAccountId() + ":user/" + userName,
        "accountId",
        org.awsAccountId(),
        "accessKeyId",
        "AKIA" + Emitter.stable("akia:" + userName, "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567", 16),
        "userName",
        userName);
  }

  static Map<String, Object> assumedRole(Emitter g, Person u, String role, Instant t) {
    Organization org = g.org;
    String roleId = "AROA" + Emitter.stable("aroa:" + role, "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567", 17);
    return map(
        "type",
        "AssumedRole",
        "principalId",
        roleId + ":" + u.email(),
        "arn",
        "arn:aws:sts::" + org.awsAccountId() + ":assumed-role/" + role + "/" + u.email(),
        "accountId",
        org.awsAccountId(),
        "accessKeyId",
        "ASIA" + g.upper(16),
        "sessionContext",
        map(
            "sessionIssuer",
            map(
                "type",
                "Role",
                "principalId",
                roleId,
                "arn",
                "arn:aws:iam::" + org.awsAccountId() + ":role/" + role,
                "accountId",
                org.awsAccountId(),
                "userName",
                role),
            "attributes",
            map(
                "creationDate",
                Emitter.SECONDS.format(t.minus(Duration.ofMinutes(20))),
                "mfaAuthenticated",
                "true")));
  }

  static Map<String, Object> root(Organization org) {
    Map<String, Object> root = new LinkedHashMap<>();
    root.put("type", "Root");
    root.put("principalId", org.awsAccountId());
    root.put("arn", "arn:aws:iam::" + org.awsAccountId() + ":root");
    root.put("accountId", org.awsAccountId());
    return root;
  }

  static Map<String, Object> rootSession(Emitter g, Organization org, Instant since, boolean mfa) {
    Map<String, Object> r = root(org);
    r.put("accessKeyId", "ASIA" + g.upper(16));
    r.put(
        "sessionContext",
        map(
            "attributes",
            map(
                "creationDate",
                Emitter.SECONDS.format(since),
                "mfaAuthenticated",
                String.valueOf(mfa))));
    return r;
  }

  static Map<String, Object> consoleLogin(
      Emitter g,
      Instant t,
      Map<String, Object> identity,
      String ip,
      String agent,
      boolean mfa,
      boolean success) {
    Map<String, Object> e =
        cloudTrail(
            g,
            t,
            identity,
            "signin.amazonaws.com",
            "ConsoleLogin",
            ip,
            agent,
            null,
            Map.of("ConsoleLogin", success ? "Success" : "Failure"),
            "AwsConsoleSignIn");
    e.remove("readOnly");
    if (!success) {
      e.put("errorMessage", "Failed authentication");
    }
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

  static Map<String, Object> cloudTrail(
      Emitter g,
      Instant t,
      Map<String, Object> identity,
      String service,
      String name,
      String ip,
      String agent,
      Map<String, Object> request,
      Map<String, Object> response,
      String type) {
    Map<String, Object> e = new LinkedHashMap<>();
    e.put("eventVersion", "1.09");
    e.put("userIdentity", identity);
    e.put("eventTime", Emitter.SECONDS.format(t));
    e.put("eventSource", service);
    e.put("eventName", name);
    e.put(
        "awsRegion",
        service.startsWith("iam") || service.startsWith("signin") || service.startsWith("ce.")
            ? "us-east-1"
            : g.pick("us-east-1", "us-east-1", "us-west-2", "eu-west-1"));
    e.put("sourceIPAddress", ip);
    e.put("userAgent", agent);
    e.put("requestParameters", request);
    e.put("responseElements", response);
    e.put("requestID", g.uuid());
    e.put("eventID", g.uuid());
    String lower = name.toLowerCase(Locale.ROOT);
    e.put(
        "readOnly",
        lower.startsWith("get")
            || lower.startsWith("list")
            || lower.startsWith("describe")
            || lower.startsWith("head")
            || lower.equals("decrypt"));
    e.put("eventType", type);
    e.put("managementEvent", true);
    e.put("recipientAccountId", g.org.awsAccountId());
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

  /** An S3 bucket-level call ({@code CreateBucket}, {@code PutBucketPolicy}, …). */
  static Map<String, Object> s3Bucket(
      Emitter g,
      Instant t,
      Map<String, Object> identity,
      String name,
      String bucket,
      String ip,
      String agent,
      Map<String, Object> extra) {
    Map<String, Object> request = new LinkedHashMap<>();
    request.put("bucketName", bucket);
    request.put("Host", bucket + ".s3.amazonaws.com");
    request.putAll(extra);
    Map<String, Object> e =
        cloudTrail(
            g, t, identity, "s3.amazonaws.com", name, ip, agent, request, null, "AwsApiCall");
    e.put(
        "resources",
        List.of(
            map(
                "accountId",
                g.org.awsAccountId(),
                "type",
                "AWS::S3::Bucket",
                "ARN",
                "arn:aws:s3:::" + bucket)));
    return e;
  }

  /** An S3 data event ({@code GetObject}). */
  static Map<String, Object> s3Object(
      Emitter g,
      Instant t,
      Map<String, Object> identity,
      String name,
      String bucket,
      String key,
      String ip,
      String agent,
      long bytes) {
    Map<String, Object> e =
        cloudTrail(
            g,
            t,
            identity,
            "s3.amazonaws.com",
            name,
            ip,
            agent,
            map("bucketName", bucket, "Host", bucket + ".s3.us-east-1.amazonaws.com", "key", key),
            null,
            "AwsApiCall");
    e.put("awsRegion", "us-east-1");
    e.put("managementEvent", false);
    e.put("eventCategory", "Data");
    e.put(
        "additionalEventData",
        map(
            "SignatureVersion",
            "SigV4",
            "CipherSuite",
            "TLS_AES_128_GCM_SHA256",
            "bytesTransferredIn",
            0,
            "bytesTransferredOut",
            bytes,
            "AuthenticationMethod",
            "AuthHeader",
            "x-amz-id-2",
            g.token(56)));
    e.put(
        "resources",
        List.of(
            map("type", "AWS::S3::Object", "ARN", "arn:aws:s3:::" + bucket + "/" + key),
            map(
                "accountId",
                g.org.awsAccountId(),
                "type",
                "AWS::S3::Bucket",
                "ARN",
                "arn:aws:s3:::" + bucket)));
    return e;
  }

  // ================================================================== AWS VPC Flow Logs

  /** A version 5 VPC Flow Logs text line (all 29 default fields). */
  static String vpcFlow(
      Emitter g,
      Instant t,
      String eni,
      String src,
      String dst,
      int srcPort,
      int dstPort,
      int protocol,
      boolean accept,
      boolean ingress,
      String instance) {
    long start = t.getEpochSecond();
    long end = start + 10 + g.random.nextInt(50);
    int packets = accept ? 1 + g.random.nextInt(400) : 1 + g.random.nextInt(3);
    long bytes = (long) packets * (40 + g.random.nextInt(1400));
    String[] f = {
      "5",
      g.org.awsAccountId(),
      eni,
      src,
      dst,
      String.valueOf(srcPort),
      String.valueOf(dstPort),
      String.valueOf(protocol),
      String.valueOf(packets),
      String.valueOf(bytes),
      String.valueOf(start),
      String.valueOf(end),
      accept ? "ACCEPT" : "REJECT",
      "OK",
      "vpc-0a1b2c3d4e5f60718",
      "subnet-0123456789abcdef0",
      instance,
      protocol == 6 ? String.valueOf(accept ? 19 : 2) : "0",
      "IPv4",
      src,
      dst,
      "us-east-1",
      "use1-az1",
      "-",
      "-",
      "-",
      "-",
      ingress ? "ingress" : "egress",
      ingress ? "-" : "8"
    };
    return String.join(" ", f);
  }

  // ================================================================== Amazon GuardDuty

  static Map<String, Object> guardDuty(
      Emitter g,
      Instant t,
      String type,
      double severity,
      String title,
      String description,
      Map<String, Object> resource,
      Map<String, Object> action,
      int count) {
    String id = g.hex(32);
    String detector = Emitter.stable("detector:" + g.org.awsAccountId(), "0123456789abcdef", 32);
    Map<String, Object> e = new LinkedHashMap<>();
    e.put("schemaVersion", "2.0");
    e.put("accountId", g.org.awsAccountId());
    e.put("region", "us-east-1");
    e.put("partition", "aws");
    e.put("id", id);
    e.put(
        "arn",
        "arn:aws:guardduty:us-east-1:"
            + g.org.awsAccountId()
            + ":detector/"
            + detector
            + "/finding/"
            + id);
    e.put("type", type);
    e.put("resource", resource);
    Instant first = t.minus(Duration.ofMinutes(count > 1 ? 30 : 0));
    e.put(
        "service",
        map(
            "serviceName",
            "guardduty",
            "detectorId",
            detector,
            "action",
            action,
            "resourceRole",
            "TARGET",
            "additionalInfo",
            map("value", "{}", "type", "default"),
            "eventFirstSeen",
            Emitter.MILLIS.format(first),
            "eventLastSeen",
            Emitter.MILLIS.format(t),
            "archived",
            false,
            "count",
            count));
    e.put("severity", severity);
    e.put("createdAt", Emitter.MILLIS.format(first));
    e.put("updatedAt", Emitter.MILLIS.format(t));
    e.put("title", title);
    e.put("description", description);
    return e;
  }

  static Map<String, Object> guardDutyInstance(String instanceId, String privateIp) {
    return map(
        "resourceType",
        "Instance",
        "instanceDetails",
        map(
            "instanceId",
            instanceId,
            "instanceType",
            "m5.large",
            "launchTime",
            "2026-01-04T09:12:44.000Z",
            "platform",
            null,
            "networkInterfaces",
            List.of(
                map(
                    "networkInterfaceId",
                    "eni-0" + instanceId.substring(3),
                    "privateIpAddress",
                    privateIp,
                    "subnetId",
                    "subnet-0123456789abcdef0",
                    "vpcId",
                    "vpc-0a1b2c3d4e5f60718")),
            "tags",
            List.of(
                map(
                    "key",
                    "Name",
                    "value",
                    "web-" + instanceId.substring(instanceId.length() - 4))),
            "instanceState",
            "running",
            "availabilityZone",
            "us-east-1a",
            "imageId",
            "ami-0abcdef1234567890"));
  }

  static Map<String, Object> guardDutyAccessKey(Map<String, Object> identity) {
    Object type = identity.get("type");
    Object user = identity.get("userName");
    return map(
        "resourceType",
        "AccessKey",
        "accessKeyDetails",
        map(
            "accessKeyId",
            identity.get("accessKeyId"),
            "principalId",
            identity.get("principalId"),
            "userName",
            user == null ? type : user,
            "userType",
            type));
  }

  static Map<String, Object> remoteIp(String ip, Location place) {
    return map(
        "ipAddressV4",
        ip,
        "organization",
        map(
            "asn",
            "64511",
            "asnOrg",
            "EXAMPLE-HOSTING",
            "isp",
            "Example Hosting",
            "org",
            "Example Hosting"),
        "country",
        map("countryName", place == null ? "Unknown" : place.countryName()),
        "city",
        map("cityName", place == null ? "" : place.city()),
        "geoLocation",
        map(
            "lat",
            place == null ? 0.0 : place.latitude(),
            "lon",
            place == null ? 0.0 : place.longitude()));
  }

  static Map<String, Object> apiCallAction(
      String api, String service, String ip, Location place, String agent) {
    return map(
        "actionType",
        "AWS_API_CALL",
        "awsApiCallAction",
        map(
            "api",
            api,
            "serviceName",
            service,
            "callerType",
            "Remote IP",
            "remoteIpDetails",
            remoteIp(ip, place),
            "userAgent",
            agent,
            "affectedResources",
            Map.of()));
  }

  // ================================================================== Entra ID

  static Map<String, Object> entraSignIn(
      Emitter g,
      Instant t,
      Person u,
      String ip,
      Location place,
      String agent,
      String app,
      int errorCode,
      String failure,
      String requirement) {
    String id = g.uuid();
    String correlation = g.uuid();
    Map<String, Object> props = new LinkedHashMap<>();
    props.put("id", id);
    props.put("createdDateTime", Emitter.TICKS.format(t));
    props.put("userDisplayName", u.displayName());
    props.put("userPrincipalName", u.email());
    props.put("userId", Emitter.entraId(u));
    props.put("appId", Emitter.stableUuid("app:" + app));
    props.put("appDisplayName", app);
    props.put("ipAddress", ip);
    props.put("clientAppUsed", "Browser");
    props.put("userAgent", agent);
    props.put("correlationId", correlation);
    props.put("conditionalAccessStatus", errorCode == 0 ? "success" : "notApplied");
    props.put("isInteractive", true);
    props.put("authenticationRequirement", requirement);
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
        map(
            "deviceId",
            "",
            "displayName",
            ip.equals(u.ip()) ? u.device().hostname() : "",
            "operatingSystem",
            Shapes.os(agent),
            "browser",
            Shapes.browser(agent).charAt(0)
                + Shapes.browser(agent).substring(1).toLowerCase(Locale.ROOT)));
    props.put(
        "location",
        map(
            "city",
            place.city(),
            "state",
            place.region(),
            "countryOrRegion",
            place.country(),
            "geoCoordinates",
            map("latitude", place.latitude(), "longitude", place.longitude())));
    props.put("tokenIssuerType", "AzureAD");
    Map<String, Object> e = new LinkedHashMap<>();
    e.put("time", Emitter.TICKS.format(t));
    e.put("resourceId", "/tenants/" + g.org.tenantId() + "/providers/Microsoft.aadiam");
    e.put("operationName", "Sign-in activity");
    e.put("operationVersion", "1.0");
    e.put("category", "SignInLogs");
    e.put("tenantId", g.org.tenantId());
    e.put("resultType", String.valueOf(errorCode));
    e.put("resultSignature", "None");
    e.put("resultDescription", failure);
    e.put("durationMs", 0);
    e.put("callerIpAddress", ip);
    e.put("correlationId", correlation);
    e.put("identity", u.displayName());
    e.put("Level", 4);
    e.put("location", place.country());
    e.put("properties", props);
    return e;
  }

  static Map<String, Object> entraAudit(
      Emitter g,
      Instant t,
      Person actor,
      String ip,
      String activity,
      String category,
      String operationType,
      Person target,
      List<Map<String, Object>> modified) {
    String id = "Directory_" + g.uuid();
    String correlation = g.uuid();
    Map<String, Object> props = new LinkedHashMap<>();
    props.put("id", id);
    props.put("category", category);
    props.put("correlationId", correlation);
    props.put("result", "success");
    props.put("resultReason", "");
    props.put("activityDisplayName", activity);
    props.put("activityDateTime", Emitter.TICKS.format(t));
    props.put("loggedByService", "Core Directory");
    props.put("operationType", operationType);
    props.put(
        "initiatedBy",
        map(
            "user",
            map(
                "id",
                Emitter.entraId(actor),
                "displayName",
                null,
                "userPrincipalName",
                actor.email(),
                "ipAddress",
                ip,
                "roles",
                List.of())));
    props.put(
        "targetResources",
        List.of(
            map(
                "id",
                Emitter.entraId(target),
                "displayName",
                null,
                "type",
                "User",
                "userPrincipalName",
                target.email(),
                "modifiedProperties",
                modified,
                "administrativeUnits",
                List.of())));
    props.put("additionalDetails", List.of(map("key", "UserType", "value", "Member")));
    Map<String, Object> e = new LinkedHashMap<>();
    e.put("time", Emitter.TICKS.format(t));
    e.put("resourceId", "/tenants/" + g.org.tenantId() + "/providers/Microsoft.aadiam");
    e.put("operationName", activity);
    e.put("operationVersion", "1.0");
    e.put("category", "AuditLogs");
    e.put("tenantId", g.org.tenantId());
    e.put("resultSignature", "None");
    e.put("durationMs", 0);
    e.put("callerIpAddress", ip);
    e.put("correlationId", correlation);
    e.put("Level", 4);
    e.put("properties", props);
    return e;
  }

  // ================================================================== Microsoft 365

  static Map<String, Object> m365(
      Emitter g,
      Instant t,
      String userId,
      String userKey,
      String ip,
      String operation,
      String workload,
      int recordType,
      String status) {
    Map<String, Object> e = new LinkedHashMap<>();
    e.put("CreationTime", Emitter.LOCAL_SECONDS.format(t));
    e.put("Id", g.uuid());
    e.put("Operation", operation);
    e.put("OrganizationId", g.org.tenantId());
    e.put("RecordType", recordType);
    e.put("ResultStatus", status);
    e.put("UserKey", userKey);
    e.put("UserType", 0);
    e.put("Version", 1);
    e.put("Workload", workload);
    e.put("ClientIP", ip);
    e.put("UserId", userId);
    return e;
  }

  static Map<String, Object> m365Login(
      Emitter g,
      Instant t,
      String userId,
      String userKey,
      String ip,
      String agent,
      boolean ok,
      String logonError) {
    Map<String, Object> e =
        m365(
            g,
            t,
            userId,
            userKey,
            ip,
            ok ? "UserLoggedIn" : "UserLoginFailed",
            "AzureActiveDirectory",
            15,
            ok ? "Success" : "Failed");
    e.put("ObjectId", "00000003-0000-0ff1-ce00-000000000000");
    e.put("AzureActiveDirectoryEventType", 1);
    e.put(
        "ExtendedProperties",
        List.of(
            map("Name", "ResultStatusDetail", "Value", ok ? "Redirect" : "Success"),
            map("Name", "UserAgent", "Value", agent),
            map("Name", "RequestType", "Value", "Login:login")));
    e.put("ModifiedProperties", List.of());
    e.put("Actor", List.of(map("ID", userKey, "Type", 0), map("ID", userId, "Type", 5)));
    e.put("ActorContextId", g.org.tenantId());
    e.put("ActorIpAddress", ip);
    e.put("InterSystemsId", g.uuid());
    e.put("IntraSystemId", g.uuid());
    e.put("SupportTicketId", "");
    e.put("Target", List.of(map("ID", "00000003-0000-0ff1-ce00-000000000000", "Type", 0)));
    e.put("TargetContextId", g.org.tenantId());
    e.put("ApplicationId", "89bee1f7-5e6e-4d8a-9f3d-ecd601259da7");
    if (!ok) {
      e.put("LogonError", logonError);
    }
    return e;
  }

  static Map<String, Object> m365File(
      Emitter g, Instant t, Person u, String ip, String agent, String operation, String file) {
    boolean oneDrive = g.random.nextBoolean();
    String site =
        oneDrive
            ? "https://acme-my.sharepoint.example/personal/" + u.login().replace('.', '_') + "/"
            : "https://acme.sharepoint.example/sites/"
                + g.pick("Finance", "Engineering", "Sales", "HR")
                + "/";
    Map<String, Object> e =
        m365(
            g,
            t,
            u.email(),
            "i:0h.f|membership|" + Emitter.entraId(u) + "@live.com",
            ip,
            operation,
            oneDrive ? "OneDrive" : "SharePoint",
            6,
            null);
    e.remove("ResultStatus");
    e.put("ObjectId", site + "Shared Documents/" + file);
    e.put("UserAgent", agent);
    e.put("CorrelationId", g.uuid());
    e.put("EventSource", "SharePoint");
    e.put("ItemType", "File");
    e.put("ListId", Emitter.stableUuid("list:" + site));
    e.put("Site", Emitter.stableUuid("site:" + site));
    e.put("WebId", Emitter.stableUuid("web:" + site));
    e.put("SiteUrl", site);
    e.put("SourceFileExtension", file.substring(file.lastIndexOf('.') + 1));
    e.put("SourceFileName", file);
    e.put("SourceRelativeUrl", "Shared Documents");
    return e;
  }

  static Map<String, Object> m365Mail(Emitter g, Instant t, Person u, String ip, String operation) {
    Map<String, Object> e =
        m365(
            g,
            t,
            u.email(),
            "10032001" + Emitter.stable("puid:" + u.email(), "0123456789ABCDEF", 8),
            ip,
            operation,
            "Exchange",
            operation.equals("Send") ? 2 : 50,
            "Succeeded");
    e.put("ClientIPAddress", ip);
    e.put("ClientInfoString", "Client=OWA;Action=ViaProxy");
    e.put("ExternalAccess", false);
    e.put("InternalLogonType", 0);
    e.put("LogonType", 0);
    e.put("LogonUserSid", "S-1-5-21-" + Emitter.stable("sid:" + u.email(), "0123456789", 10));
    e.put("MailboxGuid", Emitter.stableUuid("mbx:" + u.email()));
    e.put("MailboxOwnerUPN", u.email());
    e.put("OrganizationName", g.org.domain());
    if (operation.equals("Send")) {
      e.put(
          "Item",
          map(
              "Id",
              g.token(40),
              "InternetMessageId",
              "<" + g.hex(24) + "@" + g.org.domain() + ">",
              "Subject",
              g.pick("Weekly update", "Re: Q3 plan", "Invoice", "Lunch?", "Design review notes"),
              "SizeInBytes",
              2_000 + g.random.nextInt(90_000)));
    } else {
      e.put("OperationProperties", List.of(map("Name", "MailAccessType", "Value", "Bind")));
    }
    return e;
  }

  // ================================================================== Google Workspace

  static Map<String, Object> workspace(
      Emitter g,
      Instant t,
      String email,
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
            Emitter.MILLIS.format(t),
            "uniqueQualifier",
            String.valueOf(g.random.nextLong()),
            "applicationName",
            application,
            "customerId",
            "C03az79cb"));
    e.put("etag", "\"" + g.token(43) + "\"");
    e.put(
        "actor",
        map(
            "callerType",
            "USER",
            "email",
            email,
            "profileId",
            "1" + Emitter.stable("gprofile:" + email, "0123456789", 20)));
    e.put("ipAddress", ip);
    e.put("events", List.of(map("type", type, "name", name, "parameters", parameters)));
    return e;
  }

  static Map<String, Object> param(String name, String value) {
    return map("name", name, "value", value);
  }

  static Map<String, Object> boolParam(String name, boolean value) {
    return map("name", name, "boolValue", value);
  }

  static Map<String, Object> multiParam(String name, List<String> values) {
    return map("name", name, "multiValue", values);
  }

  static List<Map<String, Object>> driveParams(
      Emitter g, Person owner, String docId, String title, String visibility) {
    List<Map<String, Object>> p = new ArrayList<>();
    p.add(boolParam("primary_event", true));
    p.add(boolParam("billable", true));
    p.add(param("owner", owner.email()));
    p.add(param("doc_id", docId));
    p.add(
        param(
            "doc_type",
            title.endsWith(".pdf") ? "pdf" : title.endsWith(".xlsx") ? "spreadsheet" : "document"));
    p.add(param("doc_title", title));
    p.add(param("visibility", visibility));
    p.add(boolParam("owner_is_shared_drive", false));
    p.add(boolParam("owner_is_team_drive", false));
    return p;
  }

  // ================================================================== GitHub

  static Map<String, Object> github(
      Emitter g,
      Instant t,
      Person u,
      String action,
      String operation,
      String ip,
      String agent,
      Location place,
      String repo) {
    Map<String, Object> e = new LinkedHashMap<>();
    e.put("@timestamp", t.toEpochMilli());
    e.put("_document_id", g.token(22));
    e.put("action", action);
    e.put("actor", u.githubLogin());
    e.put("actor_id", Emitter.githubId(u));
    e.put("actor_ip", ip);
    e.put("actor_location", map("country_code", place.country()));
    e.put("business", g.org.githubOrg().replace("-corp", ""));
    e.put("business_id", 4242);
    e.put("created_at", t.toEpochMilli());
    e.put("operation_type", operation);
    e.put("org", g.org.githubOrg());
    e.put("org_id", 7_654_321);
    if (repo != null) {
      e.put("repo", g.org.githubOrg() + "/" + repo);
      e.put(
          "repo_id", 500_000_000 + Long.parseLong(Emitter.stable("repo:" + repo, "0123456789", 6)));
      e.put("repository", g.org.githubOrg() + "/" + repo);
      e.put("repository_public", false);
    }
    e.put("user_agent", agent);
    return e;
  }

  // ================================================================== Duo

  static Map<String, Object> duoAuth(
      Emitter g,
      Instant t,
      Person u,
      String ip,
      Location place,
      String agent,
      String app,
      String factor,
      String result,
      String reason) {
    Map<String, Object> e = new LinkedHashMap<>();
    e.put(
        "access_device",
        map(
            "browser",
            browserName(agent),
            "browser_version",
            agent.contains("Chrome/") ? "124.0.0.0" : "17.4",
            "flash_version",
            "uninstalled",
            "hostname",
            null,
            "ip",
            ip,
            "is_encryption_enabled",
            true,
            "is_firewall_enabled",
            true,
            "is_password_set",
            true,
            "java_version",
            "uninstalled",
            "location",
            map("city", place.city(), "country", place.countryName(), "state", place.region()),
            "os",
            Shapes.os(agent).equals("Mac OS X") ? "Mac OS X" : Shapes.os(agent),
            "os_version",
            agent.contains("Windows") ? "10" : "14.4",
            "security_agents",
            List.of()));
    e.put("alias", "");
    e.put(
        "application",
        map(
            "key",
            "DI" + Emitter.stable("duoapp:" + app, "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789", 18),
            "name",
            app));
    e.put(
        "auth_device",
        map(
            "ip",
            u.home().address(200),
            "location",
            map(
                "city",
                u.home().city(),
                "country",
                u.home().countryName(),
                "state",
                u.home().region()),
            "name",
            u.displayName() + "'s iPhone"));
    e.put("email", u.email());
    e.put("event_type", "authentication");
    e.put("factor", factor);
    e.put("isotimestamp", Emitter.DUO.format(t));
    e.put("ood_software", null);
    e.put("reason", reason);
    e.put("result", result);
    e.put("timestamp", t.getEpochSecond());
    e.put("trusted_endpoint_status", ip.equals(u.ip()) ? "trusted" : "not trusted");
    e.put("txid", g.uuid());
    e.put(
        "user",
        map(
            "groups",
            u.groups(),
            "key",
            "DU"
                + Emitter.stable(
                    "duouser:" + u.email(), "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789", 18),
            "name",
            u.email()));
    return e;
  }

  private static String browserName(String agent) {
    String b = browser(agent);
    return b.charAt(0) + b.substring(1).toLowerCase(Locale.ROOT);
  }

  static Map<String, Object> duoAdmin(
      Instant t, Person admin, String action, String object, String description) {
    return map(
        "action",
        action,
        "description",
        description,
        "isotimestamp",
        Emitter.DUO.format(t),
        "object",
        object,
        "timestamp",
        t.getEpochSecond(),
        "username",
        admin.displayName());
  }

  // ================================================================== Kubernetes

  static Map<String, Object> kubernetes(
      Emitter g,
      Instant t,
      String username,
      List<String> groups,
      String ip,
      String agent,
      String verb,
      String resource,
      String subresource,
      String namespace,
      String name,
      String uri,
      int code) {
    Map<String, Object> e = new LinkedHashMap<>();
    e.put("kind", "Event");
    e.put("apiVersion", "audit.k8s.io/v1");
    e.put("level", "Metadata");
    e.put("auditID", g.uuid());
    e.put("stage", "ResponseComplete");
    e.put("requestURI", uri);
    e.put("verb", verb);
    e.put(
        "user",
        map(
            "username",
            username,
            "uid",
            Emitter.stableUuid("k8s:" + username),
            "groups",
            groups,
            "extra",
            Map.of()));
    e.put("sourceIPs", List.of(ip));
    e.put("userAgent", agent);
    Map<String, Object> ref = new LinkedHashMap<>();
    ref.put("resource", resource);
    if (namespace != null) {
      ref.put("namespace", namespace);
    }
    if (name != null) {
      ref.put("name", name);
    }
    ref.put("apiGroup", resource.equals("deployments") ? "apps" : "");
    ref.put("apiVersion", "v1");
    if (subresource != null) {
      ref.put("subresource", subresource);
    }
    e.put("objectRef", ref);
    e.put("responseStatus", map("metadata", Map.of(), "code", code));
    e.put("requestReceivedTimestamp", Emitter.MICROS.format(t));
    e.put("stageTimestamp", Emitter.MICROS.format(t.plusMillis(2 + g.random.nextInt(40))));
    e.put(
        "annotations",
        map(
            "authorization.k8s.io/decision",
            code == 403 ? "forbid" : "allow",
            "authorization.k8s.io/reason",
            code == 403 ? "" : "RBAC: allowed by ClusterRoleBinding"));
    return e;
  }
}
