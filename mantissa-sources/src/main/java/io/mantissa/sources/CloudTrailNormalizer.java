package io.mantissa.sources;

import static io.mantissa.sources.Fields.text;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * AWS CloudTrail: {@code ConsoleLogin} is Authentication, IAM user, group and role changes are
 * Account Change, every other call API Activity. The outcome is a failure when {@code errorCode} is
 * set (or {@code responseElements.ConsoleLogin} is {@code Failure}).
 */
final class CloudTrailNormalizer implements Normalizer {
  @Override
  public Map<String, Object> normalize(Map<String, Object> f, Instant time) {
    String name = text(f, "eventName");
    String service = text(f, "eventSource");
    String errorCode = text(f, "errorCode");
    String principalId = text(f, "userIdentity.principalId");
    String sessionName = sessionName(f, principalId);
    String actorName = actorName(f, sessionName);
    Boolean success = errorCode == null;
    Ocsf.Builder b;
    if ("ConsoleLogin".equals(name)) {
      String login = text(f, "responseElements.ConsoleLogin");
      if (login != null) {
        success = login.equals("Success");
      }
      b =
          Ocsf.event(Ocsf.AUTHENTICATION, time, "AWS", "CloudTrail")
              .activity(Ocsf.AUTH_LOGON)
              .user(actorName, null, principalId)
              .put("is_mfa", "Yes".equals(text(f, "additionalEventData.MFAUsed")));
    } else {
      int account = "iam.amazonaws.com".equals(service) ? accountActivity(name) : 0;
      if (account != 0) {
        b =
            Ocsf.event(Ocsf.ACCOUNT_CHANGE, time, "AWS", "CloudTrail")
                .activity(account)
                .user(
                    text(
                        f,
                        "requestParameters.userName",
                        "requestParameters.roleName",
                        "requestParameters.groupName"),
                    null,
                    null)
                .put("policy.uid", text(f, "requestParameters.policyArn"))
                .put("policy.name", policyName(f))
                .put("group.name", text(f, "requestParameters.groupName"))
                .put("privileges", actions(text(f, "requestParameters.policyDocument")));
      } else {
        int api = Ocsf.apiActivity(name);
        b = Ocsf.event(Ocsf.API_ACTIVITY, time, "AWS", "CloudTrail").activity(api);
      }
    }
    return b.outcome(success)
        .put("status_code", errorCode)
        .put("status_detail", text(f, "errorMessage"))
        .put("api.operation", name)
        .put("api.service.name", service)
        .put("api.request.uid", text(f, "requestID"))
        .put("api.response.error", errorCode)
        .put("metadata.event_code", name)
        .put("metadata.uid", text(f, "eventID"))
        .actorUser(actorName, null, principalId)
        .put("actor.user.type", text(f, "userIdentity.type"))
        .put("actor.user.account.uid", text(f, "userIdentity.accountId"))
        .put("actor.user.credential_uid", text(f, "userIdentity.accessKeyId"))
        .put("actor.session.issuer", text(f, "userIdentity.sessionContext.sessionIssuer.arn"))
        .put("src_endpoint.ip", text(f, "sourceIPAddress"))
        .put("http_request.user_agent", text(f, "userAgent"))
        .put("cloud.provider", "AWS")
        .put("cloud.region", text(f, "awsRegion"))
        .put("cloud.account.uid", text(f, "recipientAccountId", "userIdentity.accountId"))
        .identity(
            "aws",
            sessionName,
            text(f, "userIdentity.userName"),
            text(f, "userIdentity.arn"),
            principalId)
        .build();
  }

  /**
   * The policy's name: {@code requestParameters.policyName} (inline policies), else the last
   * segment of {@code requestParameters.policyArn} ({@code AdministratorAccess} of {@code
   * arn:aws:iam::aws:policy/AdministratorAccess}).
   */
  private static String policyName(Map<String, Object> f) {
    String name = text(f, "requestParameters.policyName");
    if (name != null) {
      return name;
    }
    String arn = text(f, "requestParameters.policyArn");
    if (arn == null) {
      return null;
    }
    String last = arn.substring(arn.lastIndexOf('/') + 1);
    return last.isBlank() ? null : last;
  }

  private static final ObjectMapper JSON = new ObjectMapper();

  /**
   * The actions an inline policy document ({@code PutUserPolicy} and the like; JSON text, URL
   * encoded in some trails) allows, such as {@code iam:*} or {@code *}, from its statements with
   * {@code "Effect": "Allow"} (a deny-all policy grants nothing), at most 32; null when there is no
   * readable document or it allows nothing.
   */
  static List<String> actions(String document) {
    if (document == null) {
      return null;
    }
    String json = document;
    if (json.startsWith("%7B") || json.startsWith("%7b")) {
      try {
        json = URLDecoder.decode(json, StandardCharsets.UTF_8);
      } catch (IllegalArgumentException e) {
        return null;
      }
    }
    JsonNode root;
    try {
      root = JSON.readTree(json);
    } catch (JsonProcessingException e) {
      return null;
    }
    if (root == null) {
      return null;
    }
    JsonNode statements = root.path("Statement");
    List<JsonNode> list = new ArrayList<>();
    if (statements.isArray()) {
      statements.forEach(list::add);
    } else if (statements.isObject()) {
      list.add(statements);
    }
    Set<String> out = new LinkedHashSet<>();
    for (JsonNode st : list) {
      if (!"allow".equalsIgnoreCase(st.path("Effect").asText(""))) {
        continue;
      }
      JsonNode action = st.path("Action");
      if (action.isTextual()) {
        out.add(action.asText().trim());
      } else if (action.isArray()) {
        for (JsonNode a : action) {
          if (a.isTextual() && out.size() < 32) {
            out.add(a.asText().trim());
          }
        }
      }
    }
    out.remove("");
    return out.isEmpty() ? null : List.copyOf(out);
  }

  /** The user name, else the role session's issuer and name, else the ARN. */
  private static String actorName(Map<String, Object> f, String session) {
    String user = text(f, "userIdentity.userName");
    if (user != null) {
      return user;
    }
    if (session != null) {
      return session;
    }
    return text(
        f,
        "userIdentity.sessionContext.sessionIssuer.userName",
        "userIdentity.arn",
        "userIdentity.invokedBy");
  }

  /** The role session name of an assumed role ({@code principalId} is {@code ROLEID:session}). */
  private static String sessionName(Map<String, Object> f, String principal) {
    if (!"AssumedRole".equals(text(f, "userIdentity.type")) || principal == null) {
      return null;
    }
    int colon = principal.indexOf(':');
    return colon >= 0 && colon < principal.length() - 1 ? principal.substring(colon + 1) : null;
  }

  private static int accountActivity(String name) {
    if (name == null) {
      return 0;
    }
    return switch (name) {
      case "CreateUser", "CreateGroup", "CreateRole" -> Ocsf.ACCOUNT_CREATE;
      case "DeleteUser", "DeleteGroup", "DeleteRole" -> Ocsf.ACCOUNT_DELETE;
      case "CreateLoginProfile", "ChangePassword" -> Ocsf.ACCOUNT_PASSWORD_CHANGE;
      case "UpdateLoginProfile" -> Ocsf.ACCOUNT_PASSWORD_RESET;
      case "DeleteLoginProfile" -> Ocsf.ACCOUNT_DISABLE;
      case "AttachUserPolicy",
          "AttachGroupPolicy",
          "AttachRolePolicy",
          "PutUserPolicy",
          "PutGroupPolicy",
          "PutRolePolicy",
          "AddUserToGroup",
          "UpdateAssumeRolePolicy" ->
          Ocsf.ACCOUNT_ATTACH_POLICY;
      case "DetachUserPolicy",
          "DetachGroupPolicy",
          "DetachRolePolicy",
          "DeleteUserPolicy",
          "DeleteGroupPolicy",
          "DeleteRolePolicy",
          "RemoveUserFromGroup" ->
          Ocsf.ACCOUNT_DETACH_POLICY;
      case "EnableMFADevice", "CreateVirtualMFADevice" -> Ocsf.ACCOUNT_MFA_ENABLE;
      case "DeactivateMFADevice", "DeleteVirtualMFADevice" -> Ocsf.ACCOUNT_MFA_DISABLE;
      case "CreateAccessKey",
          "UpdateAccessKey",
          "DeleteAccessKey",
          "UpdateUser",
          "UpdateGroup",
          "UpdateRole" ->
          Ocsf.OTHER;
      default -> 0;
    };
  }
}
