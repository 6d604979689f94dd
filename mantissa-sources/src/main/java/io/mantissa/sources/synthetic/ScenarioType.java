package io.mantissa.sources.synthetic;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The attack scenarios the generator can inject, each with its MITRE ATT&CK techniques and its
 * parameters with their defaults. {@code auto} means the generator picks (deterministically from
 * the seed): a suitable person, a foreign address, a bucket name. Every scenario takes {@code at},
 * how long before the end of the data it starts ({@code 6h}, {@code 90m}, {@code 2d}).
 */
public enum ScenarioType {
  /** One address tries one password against many users of one identity provider. */
  PASSWORD_SPRAY(
      "password_spray",
      "Password spray: one address, many users, one password each, then a successful login",
      List.of("T1110.003"),
      "at",
      "6h",
      "ip",
      "192.0.2.66",
      "targets",
      "30",
      "victim",
      "auto",
      "source",
      "okta"),
  /** Many passwords against one user from one address. */
  BRUTE_FORCE(
      "brute_force",
      "Brute force: many failed passwords against one user from one address, then success",
      List.of("T1110.001"),
      "at",
      "14h",
      "ip",
      "auto",
      "user",
      "auto",
      "attempts",
      "40",
      "success",
      "true",
      "source",
      "entra_signin"),
  /** Leaked credential pairs replayed from rotating proxy addresses. */
  CREDENTIAL_STUFFING(
      "credential_stuffing",
      "Credential stuffing: leaked user/password pairs replayed from many proxy addresses",
      List.of("T1110.004"),
      "at",
      "20h",
      "attempts",
      "120",
      "addresses",
      "40",
      "successes",
      "1",
      "source",
      "m365"),
  /** Repeated MFA pushes until the user approves one. */
  MFA_PUSH_BOMBING(
      "mfa_push_bombing",
      "MFA push bombing: repeated push requests until the user approves one",
      List.of("T1621"),
      "at",
      "3h",
      "ip",
      "192.0.2.77",
      "user",
      "auto",
      "pushes",
      "14",
      "approved",
      "true",
      "source",
      "okta"),
  /** Two sign-ins too far apart to travel between in the time between them. */
  IMPOSSIBLE_TRAVEL(
      "impossible_travel",
      "Impossible travel: sign-ins from home and from another continent minutes apart",
      List.of("T1078"),
      "at",
      "10h",
      "user",
      "auto",
      "country",
      "auto",
      "gap",
      "40m",
      "source",
      "okta"),
  /** A sign-in from a country the user never signed in from. */
  NEW_COUNTRY_LOGIN(
      "new_country_login",
      "New-country login: a successful sign-in from a country the user has never used",
      List.of("T1078"),
      "at",
      "5h",
      "user",
      "auto",
      "country",
      "NG",
      "source",
      "entra_signin"),
  /** An administrator grants administrator rights to another account. */
  ADMIN_GRANT(
      "admin_grant",
      "Privilege escalation (admin grant): an administrator makes another account an administrator",
      List.of("T1098", "T1078"),
      "at",
      "8h",
      "actor",
      "auto",
      "user",
      "auto",
      "role",
      "Super administrator",
      "source",
      "okta"),
  /** A user grants themselves administrator rights. */
  SELF_GRANT(
      "self_grant",
      "Privilege escalation (self grant): a user attaches an administrator policy to themselves",
      List.of("T1098", "T1078.004"),
      "at",
      "7h",
      "user",
      "auto",
      "ip",
      "auto",
      "policy",
      "AdministratorAccess",
      "source",
      "aws_cloudtrail"),
  /** An account unused for months signs in and starts working. */
  DORMANT_ACCOUNT_ACTIVATION(
      "dormant_account_activation",
      "Dormant account activation: an account unused for months signs in from a new address",
      List.of("T1078"),
      "at",
      "4h",
      "user",
      "auto",
      "ip",
      "auto",
      "dormant_days",
      "120",
      "reactivated",
      "true",
      "actor",
      "auto",
      "source",
      "okta"),
  /** A stolen session cookie replayed from another address and browser. */
  SESSION_HIJACK(
      "session_hijack",
      "Session hijack: the same session used from a new address and user agent",
      List.of("T1550.004", "T1539"),
      "at",
      "2h",
      "user",
      "auto",
      "ip",
      "auto",
      "delay",
      "35m",
      "source",
      "okta"),
  /** The AWS root user signs in and creates a persistent administrator. */
  ROOT_ACCOUNT_USE(
      "root_account_use",
      "AWS root account use: console login without MFA, then an administrator user and key",
      List.of("T1078.004", "T1136.003", "T1098.001"),
      "at",
      "9h",
      "ip",
      "192.0.2.66",
      "mfa",
      "false",
      "source",
      "aws_cloudtrail"),
  /** A new S3 bucket opened to the world. */
  S3_BUCKET_POLICY_CHANGE(
      "s3_bucket_policy_change",
      "S3 bucket creation and policy change: a new bucket, its public access block removed and a"
          + " public bucket policy",
      List.of("T1530", "T1537"),
      "at",
      "12h",
      "user",
      "auto",
      "bucket",
      "auto",
      "principal",
      "*",
      "source",
      "aws_cloudtrail"),
  /** Mass download of documents or objects by one user. */
  DATA_EXFILTRATION(
      "data_exfiltration",
      "Data exfiltration: one user downloads many files (Google Drive) or objects (S3) in minutes",
      List.of("T1530", "T1567.002"),
      "at",
      "1h30m",
      "user",
      "auto",
      "ip",
      "auto",
      "files",
      "60",
      "mode",
      "drive"),
  /** A session's refresh token stolen from the victim's device and redeemed elsewhere. */
  TOKEN_THEFT(
      "token_theft",
      "Token theft: a session's refresh token redeemed away from the device and network it was"
          + " issued to",
      List.of("T1528", "T1550.001"),
      "at",
      "18h",
      "user",
      "auto",
      "ip",
      "auto",
      "place",
      "abroad",
      "delay",
      "3h",
      "lookalikes",
      "false",
      "source",
      "entra_signin"),
  /** A granted administrator role used at once, across providers. */
  PRIVILEGE_ESCALATION_CHAIN(
      "privilege_escalation_chain",
      "Privilege escalation chain: an account granted an administrator role removes another"
          + " person's MFA, creates credentials and, in AWS, an administrator user, and stops"
          + " logging",
      List.of("T1098", "T1078", "T1136.003", "T1562.008", "T1556.006"),
      "at",
      "17h",
      "user",
      "auto",
      "actor",
      "auto",
      "ip",
      "auto",
      "role",
      "Super administrator",
      "cloud",
      "aws_cloudtrail",
      "lookalikes",
      "true",
      "source",
      "okta");

  private final String id;
  private final String title;
  private final List<String> techniques;
  private final Map<String, String> defaults;

  ScenarioType(String id, String title, List<String> techniques, String... defaults) {
    this.id = id;
    this.title = title;
    this.techniques = List.copyOf(techniques);
    Map<String, String> d = new LinkedHashMap<>();
    for (int i = 0; i < defaults.length; i += 2) {
      d.put(defaults[i], defaults[i + 1]);
    }
    this.defaults = java.util.Collections.unmodifiableMap(d);
  }

  /** The scenario's name, such as {@code password_spray}. */
  public String id() {
    return id;
  }

  /** What the scenario is, for people. */
  public String title() {
    return title;
  }

  /** The MITRE ATT&CK technique ids. */
  public List<String> techniques() {
    return techniques;
  }

  /** The parameters and their defaults, in a stable order. */
  public Map<String, String> defaults() {
    return defaults;
  }

  /** The type named {@code id}. */
  public static Optional<ScenarioType> byId(String id) {
    return Arrays.stream(values()).filter(t -> t.id.equals(id)).findFirst();
  }
}
