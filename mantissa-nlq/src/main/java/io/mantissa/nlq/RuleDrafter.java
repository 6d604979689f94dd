package io.mantissa.nlq;

import io.mantissa.api.ErrorCode;
import io.mantissa.api.MantissaException;
import io.mantissa.sigma.SigmaCollection;
import io.mantissa.sigma.SigmaParser;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.Yaml;

/**
 * Drafts Sigma correlation rules from alerting requests in plain English: "Alert when a user fails
 * login 5+ times in 10 minutes", "alert if an IP fails to sign in 20 times within 5 minutes in
 * AWS", "alert when a user denies 3 MFA pushes in 15 minutes". The draft is a base rule on the
 * source's native fields plus an {@code event_count} correlation grouped by user or IP, written as
 * YAML and checked by parsing it with the Sigma parser before it is returned.
 *
 * <p>It knows failed logins (Okta, CloudTrail console, Entra ID, Google Workspace, Duo), denied MFA
 * pushes (Okta, Duo) and denied API calls (CloudTrail); anything else is refused with what it
 * knows.
 */
public final class RuleDrafter {
  private static final Pattern REQUEST =
      Pattern.compile(
          "^(?:alert|notify|warn|page)(?: me| us)? (?:when|if|whenever) (?:a|an|any|the same|one)"
              + " (user|account|ip|ip address|address|source ip) (.+?) (\\d{1,5})\\s*(?:\\+|or more)?"
              + "((?: [a-z]+){0,4}?) (?:in|within) (?:a |an )?(\\d{1,4})? ?(second|minute|hour|min|sec)s?"
              + "(.*)$");

  private record Kind(String name, Pattern words, String title, String tactic, String technique) {}

  private static final List<Kind> KINDS =
      List.of(
          new Kind(
              "mfa_denied",
              Pattern.compile(
                  "\\b(?:den(?:y|ies|ied)|reject(?:s|ed)?)\\b.*\\b(?:mfa|push|pushes|factor)\\b"),
              "denied MFA pushes",
              "attack.credential-access",
              "attack.t1621"),
          new Kind(
              "failed_login",
              Pattern.compile(
                  "\\b(?:fails?|failed|failing)\\b.*\\b(?:log ?ins?|sign ?ins?|logons?|authenticat\\w*)\\b"
                      + "|\\bfailed (?:log ?ins?|sign ?ins?|logons?)\\b"),
              "failed logins",
              "attack.credential-access",
              "attack.t1110"),
          new Kind(
              "access_denied",
              Pattern.compile(
                  "\\b(?:access denied|denied api calls?|unauthori[sz]ed (?:api )?calls?)\\b"),
              "denied API calls",
              "attack.discovery",
              "attack.t1580"));

  /** Per kind and source: the logsource, the selection, and the user and IP fields to group by. */
  private record Template(
      String kind,
      String source,
      Map<String, Object> logsource,
      Map<String, Object> selection,
      String userField,
      String ipField) {}

  private static final List<Template> TEMPLATES = new ArrayList<>();

  static {
    add(
        "failed_login",
        "okta",
        Map.of("product", "okta", "service", "okta"),
        Map.of(
            "eventType",
            List.of("user.session.start", "user.authentication.sso"),
            "outcome.result",
            "FAILURE"),
        "actor.alternateId",
        "client.ipAddress");
    add(
        "failed_login",
        "aws_cloudtrail",
        Map.of("product", "aws", "service", "cloudtrail"),
        Map.of("eventName", "ConsoleLogin", "responseElements.ConsoleLogin", "Failure"),
        "userIdentity.userName",
        "sourceIPAddress");
    add(
        "failed_login",
        "entra_signin",
        Map.of("product", "azure", "service", "signinlogs"),
        Map.of("properties.status.errorCode|gt", 0),
        "properties.userPrincipalName",
        "properties.ipAddress");
    add(
        "failed_login",
        "google_workspace",
        Map.of("product", "google_workspace", "service", "login"),
        Map.of("events.name", "login_failure"),
        "actor.email",
        "ipAddress");
    add(
        "failed_login",
        "duo",
        Map.of("product", "duo"),
        Map.of("event_type", "authentication", "result", List.of("denied", "fraud")),
        "user.name",
        "access_device.ip");
    add(
        "mfa_denied",
        "okta",
        Map.of("product", "okta", "service", "okta"),
        Map.of("eventType", "user.mfa.okta_verify.deny_push"),
        "actor.alternateId",
        "client.ipAddress");
    add(
        "mfa_denied",
        "duo",
        Map.of("product", "duo"),
        Map.of("factor", "duo_push", "result", "denied"),
        "user.name",
        "access_device.ip");
    add(
        "access_denied",
        "aws_cloudtrail",
        Map.of("product", "aws", "service", "cloudtrail"),
        Map.of(
            "errorCode",
            List.of("AccessDenied", "Client.UnauthorizedOperation", "UnauthorizedOperation")),
        "userIdentity.arn",
        "sourceIPAddress");
  }

  private static void add(
      String kind,
      String source,
      Map<String, Object> logsource,
      Map<String, Object> selection,
      String user,
      String ip) {
    TEMPLATES.add(new Template(kind, source, logsource, selection, user, ip));
  }

  /**
   * A drafted rule.
   *
   * @param yaml the base rule and the correlation, as one multi-document Sigma file
   * @param rules the parsed rules, as the Sigma engine accepts them
   * @param source the source id whose events it reads
   * @param explanation what it detects, in words
   */
  public record Draft(String yaml, SigmaCollection rules, String source, String explanation) {}

  private final SemanticCatalog catalog;

  /** A drafter that reads source names through {@code catalog}. */
  public RuleDrafter(SemanticCatalog catalog) {
    this.catalog = catalog;
  }

  /**
   * Drafts the rule {@code request} asks for.
   *
   * @throws MantissaException {@code INVALID_ARGUMENT} when the request is not one the drafter
   *     understands, saying what it understands
   */
  public Draft draft(String request) {
    String q = NlqEngine.normalize(request);
    Matcher m = REQUEST.matcher(q);
    if (!m.matches()) {
      throw refuse(
          request,
          "it is not of the form \"alert when a user <does something> N times in M minutes\"");
    }
    boolean byIp = !m.group(1).equals("user") && !m.group(1).equals("account");
    String action = m.group(2) + " " + m.group(4) + " " + m.group(7);
    Kind kind = null;
    for (Kind k : KINDS) {
      if (k.words().matcher(" " + m.group(2) + " " + m.group(4) + " ").find()) {
        kind = k;
        break;
      }
    }
    if (kind == null) {
      throw refuse(request, "it asks about '" + m.group(2).strip() + "'");
    }
    int count = Integer.parseInt(m.group(3));
    int amount = m.group(5) == null ? 1 : Integer.parseInt(m.group(5));
    if (count < 1 || amount < 1) {
      throw refuse(request, "counts and times must be at least 1");
    }
    String unit = m.group(6).startsWith("h") ? "h" : m.group(6).startsWith("s") ? "s" : "m";
    String source = sourceIn(action);
    Template t = template(kind.name(), source);
    if (t == null) {
      throw refuse(request, "it has no " + kind.title() + " template for source " + source);
    }
    String group = byIp ? t.ipField() : t.userField();
    String base = "mantissa_draft_" + kind.name() + "_" + t.source();
    String title =
        "A "
            + (byIp ? "source IP" : "user")
            + " with "
            + count
            + " or more "
            + kind.title()
            + " in "
            + amount
            + unit;
    Map<String, Object> rule = new LinkedHashMap<>();
    rule.put("title", cap(kind.title()) + " (" + t.source() + ")");
    rule.put("id", uuid(base + "|" + t.selection()));
    rule.put("name", base);
    rule.put("status", "experimental");
    rule.put("description", "Drafted by Mantissa from: " + request.strip());
    rule.put("logsource", new LinkedHashMap<>(t.logsource()));
    Map<String, Object> detection = new LinkedHashMap<>();
    detection.put("selection", new LinkedHashMap<>(t.selection()));
    detection.put("condition", "selection");
    rule.put("detection", detection);
    rule.put("level", "informational");
    Map<String, Object> corr = new LinkedHashMap<>();
    corr.put("title", title);
    corr.put("id", uuid(q));
    corr.put("status", "experimental");
    corr.put("description", "Drafted by Mantissa from: " + request.strip());
    corr.put("tags", List.of(kind.tactic(), kind.technique()));
    Map<String, Object> c = new LinkedHashMap<>();
    c.put("type", "event_count");
    c.put("rules", List.of(base));
    c.put("group-by", List.of(group));
    c.put("timespan", amount + unit);
    c.put("condition", Map.of("gte", count));
    corr.put("correlation", c);
    corr.put(
        "falsepositives", List.of("Review the threshold against normal activity before enabling"));
    corr.put("level", "high");
    DumperOptions options = new DumperOptions();
    options.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
    options.setIndent(2);
    options.setIndicatorIndent(0);
    Yaml yaml = new Yaml(options);
    String text = yaml.dump(rule) + "---\n" + yaml.dump(corr);
    SigmaCollection parsed = new SigmaParser().parse(text, "drafted rule");
    String explanation =
        "Fires when one "
            + (byIp ? "source IP (" + group + ")" : "user (" + group + ")")
            + " has "
            + count
            + " or more "
            + kind.title()
            + " in "
            + t.source()
            + " within "
            + amount
            + unit
            + " (sliding window).";
    return new Draft(text, parsed, t.source(), explanation);
  }

  private String sourceIn(String text) {
    for (SemanticCatalog.SourceName n : catalog.sourceNames()) {
      if (n.pattern().matcher(text).find()) {
        return n.id();
      }
    }
    return "okta";
  }

  private static Template template(String kind, String source) {
    for (Template t : TEMPLATES) {
      if (t.kind().equals(kind) && t.source().equals(source)) {
        return t;
      }
    }
    return null;
  }

  private static MantissaException refuse(String request, String why) {
    List<String> known = new ArrayList<>();
    for (Template t : TEMPLATES) {
      known.add(t.kind() + " in " + t.source());
    }
    return new MantissaException(
        ErrorCode.INVALID_ARGUMENT,
        "cannot draft a rule from \""
            + request.strip()
            + "\": "
            + why
            + ". I can draft: alert when a user or IP has N "
            + "failed logins, denied MFA pushes or denied API calls in M seconds, minutes or hours ("
            + String.join(", ", known)
            + ")");
  }

  private static String uuid(String seed) {
    return UUID.nameUUIDFromBytes(("mantissa-nlq:" + seed).getBytes(StandardCharsets.UTF_8))
        .toString();
  }

  private static String cap(String s) {
    return Character.toUpperCase(s.charAt(0)) + s.substring(1);
  }
}
