package io.mantissa.spi.response;

import io.mantissa.api.Entity;
import java.util.Map;
import java.util.Objects;

/**
 * A request to act on an entity, such as "suspend user alice@example.com".
 *
 * @param action the action name, such as {@code okta.suspend_user}
 * @param target the entity acted on
 * @param parameters action-specific parameters
 * @param idempotencyKey the same for every retry of this request
 */
public record ActionRequest(
    String action, Entity target, Map<String, String> parameters, String idempotencyKey) {

  /** Validates and copies. */
  public ActionRequest {
    Objects.requireNonNull(action, "action");
    Objects.requireNonNull(target, "target");
    parameters = Map.copyOf(parameters);
    Objects.requireNonNull(idempotencyKey, "idempotencyKey");
  }
}
