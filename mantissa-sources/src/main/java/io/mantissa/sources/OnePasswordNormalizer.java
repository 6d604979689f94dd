package io.mantissa.sources;

import static io.mantissa.sources.Fields.text;

import java.time.Instant;
import java.util.Map;

/**
 * 1Password Events API: sign-in attempts are Authentication ({@code category} {@code success} is a
 * success, every other category a failure), item usages and audit events API Activity.
 */
final class OnePasswordNormalizer implements Normalizer {
  @Override
  public Map<String, Object> normalize(Map<String, Object> f, Instant time) {
    Ocsf.Builder b;
    String email;
    String name;
    String uid;
    String category = text(f, "category");
    if (category != null && text(f, "target_user.uuid", "target_user.email") != null) {
      email = text(f, "target_user.email");
      name = text(f, "target_user.name");
      uid = text(f, "target_user.uuid");
      b =
          Ocsf.event(Ocsf.AUTHENTICATION, time, "1Password", "1Password")
              .activity(Ocsf.AUTH_LOGON)
              .outcome(category.equals("success"))
              .put("status_detail", text(f, "type"))
              .user(name, email, uid)
              .put("metadata.event_code", text(f, "type"))
              .put("service.name", text(f, "client.app_name"));
    } else {
      email = text(f, "user.email");
      name = text(f, "user.name");
      uid = text(f, "user.uuid", "actor_uuid");
      String action = text(f, "action");
      int api = text(f, "item_uuid") != null ? Ocsf.API_READ : Ocsf.apiActivity(action);
      b =
          Ocsf.event(Ocsf.API_ACTIVITY, time, "1Password", "1Password")
              .activity(api)
              .outcome(true)
              .put("api.operation", action)
              .put("metadata.event_code", action);
    }
    return b.put("metadata.uid", text(f, "uuid"))
        .actorUser(name, email, uid)
        .put("src_endpoint.ip", text(f, "client.ip_address", "session.ip"))
        .put("src_endpoint.location.country", text(f, "country", "location.country"))
        .put("http_request.user_agent", text(f, "client.platform_name"))
        .identity("1password", email, uid)
        .build();
  }
}
