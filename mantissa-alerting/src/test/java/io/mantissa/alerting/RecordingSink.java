package io.mantissa.alerting;

import io.mantissa.api.Alert;
import io.mantissa.spi.alert.AlertSink;
import io.mantissa.spi.alert.DeliveryResult;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;

/** Records what it is given; answers from a script, then Delivered. */
final class RecordingSink implements AlertSink {
  record Call(Alert alert, String idempotencyKey, String payload) {}

  private final String name;
  private final List<Call> calls = new ArrayList<>();
  private final Deque<DeliveryResult> script = new ArrayDeque<>();

  RecordingSink(String name) {
    this.name = name;
  }

  RecordingSink thenAnswer(DeliveryResult... results) {
    script.addAll(List.of(results));
    return this;
  }

  static DeliveryResult retryable() {
    return new DeliveryResult.RetryableFailure("503", Optional.empty());
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public synchronized DeliveryResult deliver(Alert alert, String idempotencyKey) {
    calls.add(new Call(alert, idempotencyKey, Json.write(Json.alert(alert))));
    DeliveryResult r = script.poll();
    return r == null ? new DeliveryResult.Delivered("ok-" + calls.size()) : r;
  }

  synchronized List<Call> calls() {
    return List.copyOf(calls);
  }
}
