package io.mantissa.soar;

import io.mantissa.api.EntityType;
import io.mantissa.spi.response.ActionRequest;
import io.mantissa.spi.response.ActionResult;
import io.mantissa.spi.response.ResponseAction;
import java.util.Objects;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link ResponseAction} on a user: checks that the request is for this action and about a user,
 * and turns an unexpected exception into a permanent failure, so that it never throws.
 */
final class NamedAction implements ResponseAction {
  private static final Logger LOG = LoggerFactory.getLogger(NamedAction.class);

  private final String name;
  private final Function<ActionRequest, ActionResult> body;

  NamedAction(String name, Function<ActionRequest, ActionResult> body) {
    this.name = Objects.requireNonNull(name, "name");
    this.body = Objects.requireNonNull(body, "body");
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public ActionResult execute(ActionRequest request) {
    if (!request.action().equals(name)) {
      return new ActionResult.PermanentFailure(
          "request for '" + request.action() + "' sent to action '" + name + "'");
    }
    if (request.target().type() != EntityType.USER) {
      return new ActionResult.PermanentFailure(name + " acts on users, not on " + request.target());
    }
    try {
      return Objects.requireNonNull(body.apply(request), "result");
    } catch (RuntimeException e) {
      LOG.error("{} failed unexpectedly for {}", name, request.target(), e);
      return new ActionResult.PermanentFailure(
          name + " failed unexpectedly (" + e.getClass().getSimpleName() + ")");
    }
  }

  @Override
  public String toString() {
    return "ResponseAction[" + name + "]";
  }
}
