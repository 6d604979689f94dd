package io.mantissa.sources;

import static io.mantissa.sources.Fields.text;

import java.time.Instant;
import java.util.Locale;
import java.util.Map;

/**
 * Snowflake ACCOUNT_USAGE rows: LOGIN_HISTORY is Authentication, QUERY_HISTORY API Activity (user
 * and grant statements Account Change), GRANTS_TO_USERS Account Change.
 */
final class SnowflakeNormalizer implements Normalizer {
  @Override
  public Map<String, Object> normalize(Map<String, Object> f, Instant time) {
    String user = text(f, "USER_NAME", "GRANTEE_NAME");
    String eventType = text(f, "EVENT_TYPE");
    Ocsf.Builder b;
    if (eventType != null && eventType.equals("LOGIN")) {
      String ok = text(f, "IS_SUCCESS");
      b =
          Ocsf.event(Ocsf.AUTHENTICATION, time, "Snowflake", "Snowflake")
              .activity(Ocsf.AUTH_LOGON)
              .outcome(
                  ok == null ? null : ok.equalsIgnoreCase("YES") || ok.equalsIgnoreCase("true"))
              .user(user, null, null)
              .put("status_code", text(f, "ERROR_CODE"))
              .put("status_detail", text(f, "ERROR_MESSAGE"))
              .put("auth_protocol", text(f, "FIRST_AUTHENTICATION_FACTOR"))
              .put("http_request.user_agent", text(f, "REPORTED_CLIENT_TYPE"))
              .put("metadata.uid", text(f, "EVENT_ID"));
    } else if (text(f, "QUERY_TEXT", "QUERY_TYPE", "QUERY_ID") != null) {
      String type = text(f, "QUERY_TYPE");
      String t = type == null ? "" : type.toUpperCase(Locale.ROOT);
      String status = text(f, "EXECUTION_STATUS");
      Boolean success = status == null ? null : status.equalsIgnoreCase("SUCCESS");
      int account =
          switch (t) {
            case "CREATE_USER" -> Ocsf.ACCOUNT_CREATE;
            case "DROP_USER" -> Ocsf.ACCOUNT_DELETE;
            case "ALTER_USER" -> Ocsf.OTHER;
            case "GRANT" -> Ocsf.ACCOUNT_ATTACH_POLICY;
            case "REVOKE" -> Ocsf.ACCOUNT_DETACH_POLICY;
            default -> 0;
          };
      if (account != 0) {
        b = Ocsf.event(Ocsf.ACCOUNT_CHANGE, time, "Snowflake", "Snowflake").activity(account);
      } else {
        int api =
            t.equals("SELECT") || t.startsWith("SHOW") || t.startsWith("DESCRIBE")
                ? Ocsf.API_READ
                : t.startsWith("INSERT") || t.startsWith("CREATE") || t.startsWith("COPY")
                    ? Ocsf.API_CREATE
                    : t.startsWith("UPDATE") || t.startsWith("MERGE") || t.startsWith("ALTER")
                        ? Ocsf.API_UPDATE
                        : t.startsWith("DELETE") || t.startsWith("DROP") || t.startsWith("TRUNCATE")
                            ? Ocsf.API_DELETE
                            : Ocsf.OTHER;
        b = Ocsf.event(Ocsf.API_ACTIVITY, time, "Snowflake", "Snowflake").activity(api);
      }
      b.outcome(success)
          .put("api.operation", type)
          .put("api.request.uid", text(f, "QUERY_ID"))
          .put("status_code", text(f, "ERROR_CODE"))
          .put("status_detail", text(f, "ERROR_MESSAGE"));
    } else if (text(f, "GRANTEE_NAME") != null) {
      boolean revoked = text(f, "DELETED_ON") != null;
      int id = revoked ? Ocsf.ACCOUNT_DETACH_POLICY : Ocsf.ACCOUNT_ATTACH_POLICY;
      b =
          Ocsf.event(Ocsf.ACCOUNT_CHANGE, time, "Snowflake", "Snowflake")
              .activity(id)
              .outcome(true)
              .user(user, null, null)
              .put("policy.name", text(f, "ROLE", "NAME"));
      user = text(f, "GRANTED_BY");
    } else {
      b = Ocsf.event(Ocsf.API_ACTIVITY, time, "Snowflake", "Snowflake");
    }
    return b.put("metadata.event_code", eventType)
        .actorUser(user, null, null)
        .put("actor.user.groups", text(f, "ROLE_NAME"))
        .put("src_endpoint.ip", text(f, "CLIENT_IP"))
        .identity("snowflake", user)
        .build();
  }
}
