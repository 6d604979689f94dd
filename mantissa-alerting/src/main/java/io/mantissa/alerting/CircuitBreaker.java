package io.mantissa.alerting;

import java.time.Instant;

/** The circuit of one destination; in memory, per outbox instance. Not thread-safe on its own. */
final class CircuitBreaker {
  enum State {
    CLOSED,
    OPEN,
    HALF_OPEN
  }

  private final CircuitBreakerPolicy policy;
  private State state = State.CLOSED;
  private int failures;
  private Instant openUntil = Instant.MIN;
  private boolean trialInFlight;

  CircuitBreaker(CircuitBreakerPolicy policy) {
    this.policy = policy;
  }

  synchronized boolean allow(Instant now) {
    State current = state(now);
    if (current != state) {
      state = current; // the open period has ended: half-open, no trial yet
      trialInFlight = false;
    }
    return switch (state) {
      case CLOSED -> true;
      case OPEN -> false;
      case HALF_OPEN -> {
        if (trialInFlight) {
          yield false;
        }
        trialInFlight = true;
        yield true;
      }
    };
  }

  synchronized void success() {
    state = State.CLOSED;
    failures = 0;
    trialInFlight = false;
  }

  /** Gives back a half-open trial that was allowed but not used. */
  synchronized void release() {
    trialInFlight = false;
  }

  synchronized void failure(Instant now) {
    failures++;
    trialInFlight = false;
    if (state == State.HALF_OPEN || failures >= policy.failureThreshold()) {
      open(now.plus(policy.openFor()));
    }
  }

  /** Opens the circuit at least until {@code until} (a destination's Retry-After). */
  synchronized void pauseUntil(Instant until) {
    if (state != State.OPEN || until.isAfter(openUntil)) {
      open(until);
    }
  }

  private void open(Instant until) {
    state = State.OPEN;
    openUntil = until;
  }

  /** The state at {@code now}: an open circuit whose period has ended is half-open. */
  synchronized State state(Instant now) {
    return state == State.OPEN && !now.isBefore(openUntil) ? State.HALF_OPEN : state;
  }
}
