package io.mantissa.soar;

import io.mantissa.spi.response.ActionRequest;
import io.mantissa.spi.response.ActionResult;
import io.mantissa.spi.response.ResponseAction;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * A response action that answers with scripted results (then {@code Done}) and records every
 * request it gets. Thread-safe.
 */
final class ScriptedAction implements ResponseAction {
  private final String name;
  private final Deque<ActionResult> script = new ArrayDeque<>();
  private final List<ActionRequest> received = new ArrayList<>();
  private Runnable during = () -> {};

  ScriptedAction(String name) {
    this.name = name;
  }

  synchronized ScriptedAction then(ActionResult result) {
    script.add(result);
    return this;
  }

  /** Runs {@code hook} inside each execution (to stop a "process" mid-attempt). */
  synchronized ScriptedAction during(Runnable hook) {
    this.during = hook;
    return this;
  }

  synchronized List<ActionRequest> received() {
    return List.copyOf(received);
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public ActionResult execute(ActionRequest request) {
    Runnable hook;
    ActionResult next;
    synchronized (this) {
      received.add(request);
      hook = during;
      next =
          script.isEmpty()
              ? new ActionResult.Done(name + " done for " + request.target().value())
              : script.poll();
    }
    hook.run();
    return next;
  }
}
