package io.mantissa.testkit;

import io.mantissa.api.Alert;
import io.mantissa.spi.alert.AlertSink;
import io.mantissa.spi.alert.DeliveryResult;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * An {@link AlertSink} that is its own destination: it records every delivery attempt and answers
 * following a script of {@link DestinationBehaviour}s, for tests of code that routes and retries
 * alerts. The n-th attempt gets the n-th behaviour of the script; the last one repeats. It passes
 * {@link AlertSinkConformance}.
 *
 * <pre>{@code
 * RecordingAlertSink sink = new RecordingAlertSink("pager", DestinationBehaviour.SERVER_ERROR,
 *     DestinationBehaviour.ACCEPT);
 * pipeline.route(alert);            // first attempt fails, the retry succeeds
 * assertThat(sink.delivered()).containsExactly(alert);
 * }</pre>
 *
 * <p>Thread-safe.
 */
public final class RecordingAlertSink implements AlertSink {
  private final String name;
  private List<DestinationBehaviour> script;
  private int scriptPosition;
  private final List<Attempt> attempts = new ArrayList<>();

  /**
   * One call of {@link #deliver}.
   *
   * @param alert the alert
   * @param idempotencyKey the key the caller passed
   * @param behaviour how the destination answered
   * @param result what the sink returned
   */
  public record Attempt(
      Alert alert, String idempotencyKey, DestinationBehaviour behaviour, DeliveryResult result) {
    /** Validates. */
    public Attempt {
      Objects.requireNonNull(alert, "alert");
      Objects.requireNonNull(idempotencyKey, "idempotencyKey");
      Objects.requireNonNull(behaviour, "behaviour");
      Objects.requireNonNull(result, "result");
    }

    /** Whether the destination got the request (every behaviour but unreachable). */
    public boolean reachedDestination() {
      return behaviour != DestinationBehaviour.UNREACHABLE;
    }
  }

  /** A sink that accepts everything. */
  public RecordingAlertSink(String name) {
    this(name, DestinationBehaviour.ACCEPT);
  }

  /** A sink answering with {@code script}, the last behaviour repeating. */
  public RecordingAlertSink(String name, DestinationBehaviour... script) {
    this(name, List.of(script));
  }

  /** A sink answering with {@code script}, the last behaviour repeating. */
  public RecordingAlertSink(String name, List<DestinationBehaviour> script) {
    this.name = Objects.requireNonNull(name, "name");
    this.script = requireScript(script);
  }

  /** Replaces the script; the next attempt gets its first behaviour. */
  public synchronized void respondWith(DestinationBehaviour... script) {
    this.script = requireScript(List.of(script));
    this.scriptPosition = 0;
  }

  @Override
  public String name() {
    return name;
  }

  /** Never throws: the scripted behaviour decides the result. */
  @Override
  public synchronized DeliveryResult deliver(Alert alert, String idempotencyKey) {
    if (alert == null || idempotencyKey == null) {
      return new DeliveryResult.PermanentFailure("an alert and an idempotency key are required");
    }
    DestinationBehaviour behaviour = script.get(Math.min(scriptPosition, script.size() - 1));
    scriptPosition++;
    DeliveryResult result =
        switch (behaviour) {
          case ACCEPT -> new DeliveryResult.Delivered(name + "-" + (attempts.size() + 1));
          case RATE_LIMITED ->
              new DeliveryResult.RetryableFailure(
                  name + " answered 429 Too Many Requests",
                  Optional.of(DestinationBehaviour.RETRY_AFTER));
          case SERVER_ERROR ->
              new DeliveryResult.RetryableFailure(
                  name + " answered 503 Service Unavailable", Optional.empty());
          case REJECTED -> new DeliveryResult.PermanentFailure(name + " answered 400 Bad Request");
          case UNREACHABLE ->
              new DeliveryResult.RetryableFailure(name + " could not be reached", Optional.empty());
        };
    attempts.add(new Attempt(alert, idempotencyKey, behaviour, result));
    return result;
  }

  /** Every attempt so far, in order. */
  public synchronized List<Attempt> attempts() {
    return List.copyOf(attempts);
  }

  /** The alerts the destination accepted, in order. */
  public synchronized List<Alert> delivered() {
    return attempts.stream()
        .filter(a -> a.result() instanceof DeliveryResult.Delivered)
        .map(Attempt::alert)
        .toList();
  }

  /** Forgets the attempts (the script position too). */
  public synchronized void reset() {
    attempts.clear();
    scriptPosition = 0;
  }

  private static List<DestinationBehaviour> requireScript(List<DestinationBehaviour> script) {
    List<DestinationBehaviour> copy = List.copyOf(script);
    if (copy.isEmpty()) {
      throw new IllegalArgumentException("the script needs at least one behaviour");
    }
    return copy;
  }
}
