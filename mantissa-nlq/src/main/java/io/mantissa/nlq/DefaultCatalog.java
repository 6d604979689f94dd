package io.mantissa.nlq;

import static io.mantissa.nlq.SemanticField.json;

import io.mantissa.nlq.SemanticCatalog.Country;
import io.mantissa.nlq.SemanticCatalog.Subject;
import io.mantissa.nlq.SemanticCatalog.ValueTerm;
import java.util.List;
import java.util.regex.Pattern;

/** The built-in semantic catalog. */
final class DefaultCatalog {
  private DefaultCatalog() {}

  static final Pattern ADMINS = words("admins?|administrators?");

  /** MFA events: Duo factors and the MFA event types of the other sources. */
  private static final Condition MFA =
      Condition.containsAny(
          "mfa_activity",
          "mfa",
          "factor",
          "push",
          "verify",
          "otp",
          "2sv",
          "phone",
          "passcode",
          "sms",
          "webauthn",
          "token");

  static final List<String> EVENT_COLUMNS =
      List.of("event_time", "source", "event_name", "user_name", "src_ip", "country", "status");

  static Pattern words(String alternatives) {
    return Pattern.compile("\\b(?:" + alternatives + ")\\b");
  }

  static SemanticCatalog.Builder builder() {
    SemanticCatalog.Builder b = SemanticCatalog.builder();
    fields(b);
    subjects(b);
    terms(b);
    sources(b);
    countries(b);
    return b;
  }

  private static void fields(SemanticCatalog.Builder b) {
    b.field(
            SemanticField.column(
                "event_time",
                SemanticField.Type.TIMESTAMP,
                "time",
                "when the event happened (UTC)",
                "time",
                "when"))
        .field(
            SemanticField.column(
                "source",
                SemanticField.Type.TEXT,
                "source",
                "the log source id: okta, aws_cloudtrail, github, entra_signin, google_workspace, …",
                "source",
                "sources",
                "provider",
                "providers"))
        .field(
            SemanticField.column(
                "event_id", SemanticField.Type.TEXT, "id", "the event's id at its source"))
        .field(
            SemanticField.column(
                "raw",
                SemanticField.Type.TEXT,
                "raw",
                "the whole event as the vendor wrote it (JSON)",
                "raw"))
        .field(
            SemanticField.column(
                "ocsf", SemanticField.Type.TEXT, "ocsf", "the normalized OCSF fields (JSON)"))
        .field(
            json(
                "class_name",
                "OCSF class: Authentication, Account Change, API Activity, Network Activity,"
                    + " Detection Finding",
                List.of("ocsf:class_name"),
                "class"))
        .field(
            json(
                "activity_name",
                "OCSF activity: Logon, Logoff, Create, Read, Update, Delete, Password Change,"
                    + " Password Reset, Attach Policy, Lock, MFA Factor Enable, …",
                List.of("ocsf:activity_name"),
                "activity"))
        .field(
            json(
                "status",
                "outcome: Success, Failure or Unknown",
                List.of("ocsf:status"),
                "outcome",
                "outcomes",
                "result",
                "status"))
        .field(
            json(
                "status_detail",
                "why it failed, as the source says",
                List.of("ocsf:status_detail"),
                "reason",
                "reasons"))
        .field(
            json(
                "severity",
                "Informational, Low, Medium, High, Critical",
                List.of("ocsf:severity"),
                "severity"))
        .field(
            json(
                "event_name",
                "the source's event type or API operation: ConsoleLogin, CreateBucket,"
                    + " user.session.start, repo.create, …",
                List.of(
                    "ocsf:metadata.event_code",
                    "ocsf:api.operation",
                    "raw:eventName",
                    "raw:eventType",
                    "raw:action"),
                "event",
                "events",
                "event type",
                "event types",
                "action",
                "actions",
                "operation",
                "operations",
                "api call",
                "api calls"))
        .field(
            json(
                "mfa_activity",
                "what an MFA event did: the Duo factor (duo_push, phone_call, passcode, …) or the"
                    + " event type (user.authentication.auth_via_mfa, user.mfa.okta_verify.deny_push)",
                List.of(
                    "raw:factor",
                    "raw:eventType",
                    "ocsf:metadata.event_code",
                    "ocsf:api.operation")))
        .field(
            json(
                "user_name",
                "the acting user's name",
                List.of("ocsf:actor.user.name", "ocsf:user.name"),
                "user",
                "users",
                "username",
                "usernames",
                "actor",
                "actors",
                "people",
                "who"))
        .field(
            json(
                "user_email",
                "the acting user's e-mail address",
                List.of("ocsf:actor.user.email_addr", "ocsf:user.email_addr"),
                "email",
                "emails"))
        .field(
            json(
                "identity",
                "the person across providers: lower-cased e-mail, or provider:login",
                List.of("ocsf:identity_key"),
                "identity",
                "identities",
                "person",
                "persons"))
        .field(
            json(
                "target_user",
                "the account an account change acted on",
                List.of("ocsf:user.email_addr", "ocsf:user.name"),
                "target",
                "targets",
                "target user",
                "target users"))
        .field(
            json(
                "src_ip",
                "the client IP address",
                List.of(
                    "ocsf:src_endpoint.ip",
                    "raw:sourceIPAddress",
                    "raw:client.ipAddress",
                    "raw:srcaddr"),
                "ip",
                "ips",
                "ip address",
                "ip addresses",
                "address",
                "addresses",
                "source ip",
                "source ips"))
        .field(
            json(
                "country",
                "the client's country (ISO code or English name, as the source writes it)",
                List.of(
                    "ocsf:src_endpoint.location.country",
                    "raw:client.geographicalContext.country",
                    "raw:properties.location.countryOrRegion",
                    "raw:access_device.location.country",
                    "raw:actor_location.country_code"),
                "country",
                "countries",
                "location",
                "locations"))
        .field(
            json(
                "city",
                "the client's city",
                List.of(
                    "ocsf:src_endpoint.location.city",
                    "raw:client.geographicalContext.city",
                    "raw:properties.location.city",
                    "raw:access_device.location.city"),
                "city",
                "cities"))
        .field(
            json(
                "user_agent",
                "the client's user agent",
                List.of("ocsf:http_request.user_agent"),
                "user agent",
                "user agents",
                "browser",
                "browsers"))
        .field(
            json(
                "service",
                "the cloud or SaaS service called (s3.amazonaws.com, iam.amazonaws.com, …); for"
                    + " spans and metric points (otel_traces, otel_metrics), the OpenTelemetry"
                    + " service.name (frontend, checkout, payments, …)",
                List.of("ocsf:api.service.name", "raw:eventSource", "raw:serviceName"),
                "service",
                "services"))
        .field(
            json(
                "cloud_account",
                "the cloud account, subscription or project",
                List.of("ocsf:cloud.account.uid"),
                "account",
                "accounts",
                "aws account",
                "aws accounts"))
        .field(
            json(
                "region",
                "the cloud region",
                List.of("ocsf:cloud.region", "raw:awsRegion"),
                "region",
                "regions"))
        .field(
            json(
                "auth_protocol",
                "how the user authenticated: factor, login type or protocol",
                List.of("ocsf:auth_protocol"),
                "factor",
                "factors",
                "login type",
                "method"))
        .field(
            json(
                "mfa_used",
                "true or false: whether MFA was used (AWS console sign-ins)",
                List.of("ocsf:is_mfa")))
        .field(
            json(
                "identity_type",
                "AWS CloudTrail identity type: Root, IAMUser, AssumedRole, AWSService, …",
                List.of("raw:userIdentity.type"),
                "identity type",
                "identity types"))
        .field(
            json(
                "bucket_name",
                "the S3 bucket of a CloudTrail event",
                List.of("raw:requestParameters.bucketName"),
                "bucket",
                "buckets",
                "bucket name"))
        .field(
            json(
                "error_code",
                "the API error: AccessDenied, UnauthorizedOperation, …",
                List.of("raw:errorCode", "ocsf:api.response.error"),
                "error",
                "errors",
                "error code",
                "error codes"))
        .field(
            json(
                "k8s_verb",
                "Kubernetes audit verb: get, list, create, delete, patch, …",
                List.of("raw:verb"),
                "verb",
                "verbs"))
        .field(
            json(
                "k8s_resource",
                "Kubernetes resource: pods, secrets, clusterrolebindings, …",
                List.of("raw:objectRef.resource"),
                "resource",
                "resources",
                "kubernetes resource"))
        .field(
            json(
                "k8s_subresource",
                "Kubernetes subresource: exec, attach, log, …",
                List.of("raw:objectRef.subresource"),
                "subresource"))
        .field(
            json(
                "k8s_namespace",
                "Kubernetes namespace",
                List.of("raw:objectRef.namespace"),
                "namespace",
                "namespaces"))
        .field(
            json(
                "repo",
                "GitHub repository (org/name)",
                List.of("raw:repo"),
                "repo",
                "repos",
                "repository",
                "repositories"))
        .field(
            json(
                "finding_type",
                "GuardDuty finding type",
                List.of("raw:type"),
                "finding type",
                "finding types"))
        .field(
            json(
                "dst_ip",
                "the destination IP address (network events)",
                List.of("ocsf:dst_endpoint.ip", "raw:dstaddr"),
                "destination",
                "destinations",
                "destination ip",
                "destination ips"))
        .field(
            json(
                "dst_port",
                "the destination port (network events)",
                List.of("ocsf:dst_endpoint.port", "raw:dstport"),
                "port",
                "ports",
                "destination port"))
        .field(
            json(
                "flow_action",
                "VPC flow decision: ACCEPT or REJECT",
                List.of("raw:action"),
                "decision"));
    apmFields(b);
  }

  /**
   * The fields of spans ({@code otel_traces}) and metric data points ({@code otel_metrics}), as
   * mantissa-apm writes them: one event per span or point. Numbers are JSON numbers read as text:
   * {@code CAST(duration_ms AS DECIMAL(18, 6))} to compute with them.
   */
  private static void apmFields(SemanticCatalog.Builder b) {
    b.field(
            json(
                "trace_id",
                "spans: the trace id (32 hex digits); all spans of one request share it",
                List.of("raw:traceId"),
                "trace id",
                "trace ids"))
        .field(json("span_id", "spans: the span id (16 hex digits)", List.of("raw:spanId")))
        .field(
            json(
                "parent_span_id",
                "spans: the parent span's id; NULL for the root span of a trace",
                List.of("raw:parentSpanId"),
                "parent span"))
        .field(
            json(
                "span_name",
                "spans: the operation: POST /checkout, INSERT payments.charges, …",
                List.of("raw:name"),
                "span name",
                "span names",
                "operation name"))
        .field(
            json(
                "span_kind",
                "spans: SERVER (a request served), CLIENT (a call made), INTERNAL, PRODUCER,"
                    + " CONSUMER",
                List.of("raw:kind"),
                "span kind"))
        .field(
            json(
                "span_status",
                "spans: the status code: ERROR, OK or UNSET",
                List.of("raw:statusCode"),
                "span status"))
        .field(
            json(
                "status_message",
                "spans: the error message of a failed span",
                List.of("raw:statusMessage"),
                "error message",
                "error messages"))
        .field(
            json(
                "duration_ms",
                "spans: how long the span took, in milliseconds (a number as text: CAST(duration_ms"
                    + " AS DECIMAL(18, 6)) to compute with it)",
                List.of("raw:durationMs"),
                "duration",
                "durations",
                "latency",
                "response time"))
        .field(
            json(
                "http_route",
                "spans: the HTTP route template of a server span: /checkout, /products/{id}, …",
                List.of("raw:httpRoute"),
                "endpoint",
                "endpoints",
                "route",
                "routes"))
        .field(
            json(
                "http_method",
                "spans: the HTTP request method: GET, POST, …",
                List.of("raw:httpMethod"),
                "http method"))
        .field(
            json(
                "http_status",
                "spans: the HTTP response status code: 200, 404, 502, …",
                List.of("raw:httpStatusCode"),
                "status code",
                "status codes",
                "http status"))
        .field(
            json(
                "metric_name",
                "metric points: the metric: http.server.request.duration, process.cpu.utilization,"
                    + " …",
                List.of("raw:metricName"),
                "metric",
                "metrics"))
        .field(
            json(
                "metric_value",
                "metric points: the value of a gauge or sum point (a number as text)",
                List.of("raw:value")));
  }

  private static Subject subject(
      String name,
      String phrase,
      String table,
      List<Condition> conditions,
      List<String> columns,
      String entity,
      String description) {
    return new Subject(name, words(phrase), table, conditions, columns, entity, description);
  }

  private static void subjects(SemanticCatalog.Builder b) {
    List<String> cloud =
        List.of("event_time", "user_name", "identity_type", "event_name", "src_ip", "region");
    b.subject(
            subject(
                "bucket_created",
                "(?:s3 )?buckets? (?:were |was |that were |being )?(?:created|made|added)"
                    + "|(?:new|created) (?:s3 )?buckets?|createbucket|bucket creations?",
                "aws_cloudtrail",
                List.of(Condition.in("event_name", "CreateBucket")),
                List.of("event_time", "user_name", "bucket_name", "region", "src_ip"),
                "bucket_name",
                "S3 bucket creations"))
        .subject(
            subject(
                "bucket_deleted",
                "(?:s3 )?buckets? (?:were |was )?deleted|deleted (?:s3 )?buckets?",
                "aws_cloudtrail",
                List.of(Condition.in("event_name", "DeleteBucket")),
                List.of("event_time", "user_name", "bucket_name", "region", "src_ip"),
                "bucket_name",
                "S3 bucket deletions"))
        .subject(
            subject(
                "bucket_policy",
                "bucket polic(?:y|ies)(?: changes?)?|bucket acls?",
                "aws_cloudtrail",
                List.of(
                    Condition.in(
                        "event_name",
                        "PutBucketPolicy",
                        "DeleteBucketPolicy",
                        "PutBucketAcl",
                        "PutBucketPublicAccessBlock",
                        "DeletePublicAccessBlock")),
                List.of("event_time", "user_name", "event_name", "bucket_name", "src_ip"),
                "bucket_name",
                "S3 bucket policy and access changes"))
        .subject(
            subject(
                "console_login",
                "(?:aws )?console (?:log ?ins?|sign[- ]?ins?|logons?)",
                "aws_cloudtrail",
                List.of(Condition.in("event_name", "ConsoleLogin")),
                List.of("event_time", "user_name", "identity_type", "src_ip", "mfa_used", "status"),
                "user_name",
                "AWS console sign-ins"))
        .subject(
            subject(
                "root",
                "root(?: user| account| identity)?",
                "aws_cloudtrail",
                List.of(Condition.in("identity_type", "Root")),
                cloud,
                "src_ip",
                "AWS root account activity"))
        .subject(
            subject(
                "access_denied",
                "access denied|accessdenied|unauthori[sz]ed(?: calls?| requests?| api calls?)?"
                    + "|permission denied|denied api calls?",
                "aws_cloudtrail",
                List.of(
                    Condition.containsAny(
                        "error_code", "AccessDenied", "Unauthorized", "Forbidden")),
                List.of("event_time", "user_name", "event_name", "error_code", "src_ip"),
                "user_name",
                "denied API calls"))
        .subject(
            subject(
                "mfa_push_denied",
                "(?:mfa |okta verify |duo )?push(?:es)? (?:denials?|denied|rejections?|rejected)"
                    + "|(?:denied|rejected) (?:mfa |okta verify |duo )?push(?:es)?"
                    + "|push (?:notifications? )?denials?",
                "events",
                List.of(
                    Condition.containsAny("mfa_activity", "push"),
                    Condition.in("status", "Failure")),
                EVENT_COLUMNS,
                "user_name",
                "denied MFA pushes"))
        .subject(
            subject(
                "mfa",
                "mfa|multi[- ]factor(?: authentication)?|2fa|two[- ]factor|push(?:es)?"
                    + "|push notifications?|okta verify|otp",
                "events",
                List.of(MFA),
                EVENT_COLUMNS,
                "user_name",
                "MFA events"))
        .subject(
            subject(
                "password_change",
                "password (?:changes?|resets?)|(?:changed|reset) (?:their )?passwords?",
                "identity_events",
                List.of(Condition.in("activity_name", "Password Change", "Password Reset")),
                List.of("event_time", "source", "user_name", "target_user", "activity_name"),
                "target_user",
                "password changes and resets"))
        .subject(
            subject(
                "lockout",
                "lock ?outs?|locked(?: out)?(?: accounts?| users?)?|account locks?",
                "identity_events",
                List.of(Condition.in("activity_name", "Lock")),
                List.of("event_time", "source", "user_name", "target_user", "status"),
                "target_user",
                "account lockouts"))
        .subject(
            subject(
                "privilege_grant",
                "(?:admin|administrator|privilege|role|permission)s? (?:grants?|assignments?"
                    + "|changes?|escalations?)|privilege escalations?|(?:granted|made|added|given)"
                    + " (?:as |an |to )?(?:admins?|administrators?)(?: (?:privileges?|rights|roles?"
                    + "|access|permissions?))?|polic(?:y|ies) attach(?:ed|ments?)?"
                    + "|attached polic(?:y|ies)",
                "identity_events",
                List.of(Condition.in("activity_name", "Attach Policy")),
                List.of("event_time", "source", "user_name", "target_user", "event_name"),
                "target_user",
                "privilege grants"))
        .subject(
            subject(
                "account_created",
                "(?:users?|accounts?) (?:were |was )?(?:created|added)|new (?:users?|accounts?)"
                    + "(?: (?:were |was )?(?:created|added))?|(?:user|account) creations?",
                "identity_events",
                List.of(Condition.in("activity_name", "Create")),
                List.of("event_time", "source", "user_name", "target_user", "event_name"),
                "target_user",
                "account creations"))
        .subject(
            subject(
                "account_deleted",
                "(?:users?|accounts?) (?:were |was )?(?:deleted|removed|disabled|deactivated)"
                    + "|(?:deleted|disabled|deactivated) (?:users?|accounts?)",
                "identity_events",
                List.of(Condition.in("activity_name", "Delete", "Disable")),
                List.of("event_time", "source", "user_name", "target_user", "event_name"),
                "target_user",
                "account deletions and deactivations"))
        .subject(
            subject(
                "logins",
                "log ?ins?|logging in|logged in|logons?|sign[- ]?ins?|signed in|authentications?"
                    + "|auth attempts?|login attempts?",
                "identity_events",
                List.of(Condition.in("class_name", "Authentication")),
                List.of("event_time", "source", "user_name", "src_ip", "country", "status"),
                "user_name",
                "authentication events"))
        .subject(
            subject(
                "k8s_exec",
                "exec(?:s)?(?: into)?(?: pods?| containers?)?|pod exec",
                "kubernetes",
                List.of(Condition.in("k8s_subresource", "exec")),
                List.of("event_time", "user_name", "k8s_namespace", "k8s_resource", "src_ip"),
                "user_name",
                "Kubernetes exec sessions"))
        .subject(
            subject(
                "k8s_secrets",
                "(?:(?:read|accessed|listed|got|fetched) )?(?:kubernetes |k8s )?secrets?"
                    + "(?: reads?| access(?:es)?)?",
                "kubernetes",
                List.of(Condition.in("k8s_resource", "secrets")),
                List.of("event_time", "user_name", "k8s_verb", "k8s_namespace", "src_ip"),
                "user_name",
                "Kubernetes secret access"))
        .subject(
            subject(
                "github_repo_created",
                "(?:repo(?:sitor(?:y|ies))?s?) (?:were |was )?created|(?:new|created)"
                    + " repo(?:sitor(?:y|ies))?s?",
                "github",
                List.of(Condition.in("event_name", "repo.create")),
                List.of("event_time", "user_name", "event_name", "repo", "src_ip"),
                "repo",
                "repository creations"))
        .subject(
            subject(
                "github_repo_deleted",
                "(?:repo(?:sitor(?:y|ies))?s?) (?:were |was )?(?:deleted|destroyed|removed)"
                    + "|deleted repo(?:sitor(?:y|ies))?s?",
                "github",
                List.of(Condition.in("event_name", "repo.destroy")),
                List.of("event_time", "user_name", "event_name", "repo", "src_ip"),
                "repo",
                "repository deletions"))
        .subject(
            subject(
                "github_repo",
                "repo(?:sitor(?:y|ies))?s? (?:were |was )?(?:created|deleted|made public"
                    + "|archived|transferred|renamed)|(?:created|deleted) repo(?:sitor(?:y|ies))?s?",
                "github",
                List.of(
                    Condition.in(
                        "event_name",
                        "repo.create",
                        "repo.destroy",
                        "repo.access",
                        "repo.archived",
                        "repo.transfer",
                        "repo.rename")),
                List.of("event_time", "user_name", "event_name", "repo", "src_ip"),
                "repo",
                "repository changes"))
        .subject(
            subject(
                "findings",
                "(?:guardduty )?findings?|threat detections?",
                "aws_guardduty",
                List.of(),
                List.of("event_time", "finding_type", "severity", "cloud_account", "region"),
                "finding_type",
                "GuardDuty findings"))
        .subject(
            subject(
                "rejected_traffic",
                "(?:rejected|blocked|denied) (?:connections?|traffic|flows?|packets?)",
                "aws_vpcflow",
                List.of(Condition.in("flow_action", "REJECT")),
                List.of("event_time", "src_ip", "dst_ip", "dst_port", "flow_action"),
                "src_ip",
                "rejected network flows"))
        .subject(
            subject(
                "traffic",
                "network (?:traffic|flows?|connections?)|connections?|flows?|flow logs?|traffic",
                "aws_vpcflow",
                List.of(),
                List.of("event_time", "src_ip", "dst_ip", "dst_port", "flow_action"),
                "src_ip",
                "network flows"))
        .subject(
            subject(
                "api_calls",
                "api calls?|api activity|api requests?|cloud activity",
                "events",
                List.of(Condition.in("class_name", "API Activity")),
                List.of("event_time", "source", "user_name", "event_name", "src_ip", "status"),
                "event_name",
                "API calls"))
        .subject(
            subject(
                "events",
                "events?|activity|activities|actions?|logs?|records?|requests?|api calls?|calls?",
                "events",
                List.of(),
                EVENT_COLUMNS,
                "event_name",
                "events"));
  }

  private static ValueTerm term(String name, String phrase, Condition c, String meaning) {
    return new ValueTerm(name, words(phrase), c, meaning);
  }

  private static void terms(SemanticCatalog.Builder b) {
    b.term(
            term(
                "failed",
                "fail(?:ed|ing|ures?|s)?|unsuccessful|denied|rejected|bad",
                Condition.in("status", "Failure"),
                "status is Failure"))
        .term(
            term(
                "successful",
                "success(?:ful|fully|es)?|succeeded|passed|approved|allowed",
                Condition.in("status", "Success"),
                "status is Success"))
        .term(
            term(
                "root",
                "root(?: user| account| identity)?",
                Condition.in("identity_type", "Root"),
                "the AWS root identity (identity_type Root)"))
        .term(
            term(
                "without MFA",
                "without (?:mfa|multi[- ]factor)|no mfa|mfa not used|not using mfa",
                Condition.in("mfa_used", "false"),
                "mfa_used is false"))
        .term(
            new ValueTerm(
                "admins",
                ADMINS,
                Condition.containsAny("user_name", "admin"),
                "user_name contains \"admin\" (configure the administrators to be exact)"))
        .term(
            term(
                "MFA",
                "mfa|multi[- ]factor|2fa|push(?:es)?|okta verify",
                MFA,
                "mfa_activity mentions mfa, factor, push, verify, otp, 2sv, phone, passcode, sms,"
                    + " webauthn or token"));
  }

  private static void sources(SemanticCatalog.Builder b) {
    b.source("okta", "okta")
        .source("cloudtrail", "aws_cloudtrail")
        .source("aws", "aws_cloudtrail")
        .source("github", "github")
        .source("google workspace", "google_workspace")
        .source("gsuite", "google_workspace")
        .source("g suite", "google_workspace")
        .source("workspace", "google_workspace")
        .source("entra", "entra_signin")
        .source("entra id", "entra_signin")
        .source("azure ad", "entra_signin")
        .source("aad", "entra_signin")
        .source("duo", "duo")
        .source("m365", "m365")
        .source("office 365", "m365")
        .source("o365", "m365")
        .source("microsoft 365", "m365")
        .source("kubernetes", "kubernetes")
        .source("k8s", "kubernetes")
        .source("slack", "slack")
        .source("1password", "onepassword")
        .source("onepassword", "onepassword")
        .source("salesforce", "salesforce")
        .source("snowflake", "snowflake")
        .source("crowdstrike", "crowdstrike")
        .source("falcon", "crowdstrike")
        .source("jamf", "jamf_pro")
        .source("docker", "docker")
        .source("vpc flow", "aws_vpcflow")
        .source("vpc", "aws_vpcflow")
        .source("guardduty", "aws_guardduty")
        .source("iam", "aws_cloudtrail")
        .source("gcp", "gcp_audit")
        .source("google cloud", "gcp_audit")
        .source("azure", "azure_activity")
        .source("opentelemetry", "otel_traces")
        .source("otel", "otel_traces");
  }

  private static void countries(SemanticCatalog.Builder b) {
    country(
        b,
        "US",
        "United States|United States of America|USA",
        "us|usa|u\\.s\\.|united states|america");
    country(
        b, "GB", "United Kingdom|UK", "uk|u\\.k\\.|united kingdom|britain|great britain|england");
    country(b, "DE", "Germany", "germany");
    country(b, "FR", "France", "france");
    country(b, "NL", "Netherlands|The Netherlands", "netherlands|holland");
    country(b, "IE", "Ireland", "ireland");
    country(b, "ES", "Spain", "spain");
    country(b, "IT", "Italy", "italy");
    country(b, "PL", "Poland", "poland");
    country(b, "SE", "Sweden", "sweden");
    country(b, "CH", "Switzerland", "switzerland");
    country(b, "UA", "Ukraine", "ukraine");
    country(b, "RU", "Russia|Russian Federation", "russia");
    country(b, "CN", "China", "china");
    country(b, "KP", "North Korea|Korea, Democratic People's Republic of", "north korea");
    country(b, "KR", "South Korea|Korea, Republic of", "south korea|korea");
    country(b, "JP", "Japan", "japan");
    country(b, "IN", "India", "india");
    country(b, "SG", "Singapore", "singapore");
    country(b, "AU", "Australia", "australia");
    country(b, "CA", "Canada", "canada");
    country(b, "MX", "Mexico", "mexico");
    country(b, "BR", "Brazil", "brazil");
    country(b, "AR", "Argentina", "argentina");
    country(b, "NG", "Nigeria", "nigeria");
    country(b, "ZA", "South Africa", "south africa");
    country(b, "IR", "Iran|Iran, Islamic Republic of", "iran");
    country(b, "IL", "Israel", "israel");
    country(b, "TR", "Turkey|Türkiye", "turkey");
    country(b, "VN", "Vietnam|Viet Nam", "vietnam");
    country(b, "ID", "Indonesia", "indonesia");
    country(b, "PK", "Pakistan", "pakistan");
  }

  private static void country(SemanticCatalog.Builder b, String code, String names, String words) {
    List<String> values = new java.util.ArrayList<>();
    values.add(code);
    values.addAll(List.of(names.split("\\|")));
    b.country(new Country(code, values, List.of(words.split("\\|"))));
  }
}
