package io.mantissa.testkit;

import java.time.Duration;

/**
 * How an alert destination (a chat, paging or ticketing service, a webhook) answers a delivery, in
 * the terms {@link AlertSinkConformance} tests sinks with. Over HTTP, each maps to the response
 * named in its description.
 */
public enum DestinationBehaviour {
  /** Accepts the alert: HTTP 200/201/202 with the destination's usual success body. */
  ACCEPT,
  /**
   * Asks the sender to slow down: HTTP 429 with {@code Retry-After:} {@link #RETRY_AFTER} (in
   * seconds, {@code 7}).
   */
  RATE_LIMITED,
  /** Fails on its side: HTTP 503 (or 500) without {@code Retry-After}. */
  SERVER_ERROR,
  /**
   * Refuses the request for good: HTTP 400 (or 401, 403, 404), as for a bad payload or bad
   * credentials.
   */
  REJECTED,
  /** Cannot be reached: connection refused or reset, unknown host, or no answer in time. */
  UNREACHABLE;

  /** The wait a {@link #RATE_LIMITED} destination asks for. */
  public static final Duration RETRY_AFTER = Duration.ofSeconds(7);
}
