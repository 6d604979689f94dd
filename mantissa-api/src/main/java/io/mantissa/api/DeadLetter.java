package io.mantissa.api;

import java.time.Instant;
import java.util.Objects;

/**
 * An input record that could not be accepted, kept with the reason so that a person can find it,
 * fix the cause and replay it. Nothing is dropped silently.
 *
 * @param source the source id the record was sent for
 * @param location where the record was in its input (file or request, and line)
 * @param reason what is wrong with it, in words a person can act on
 * @param content the record exactly as received
 * @param receivedAt when it was received
 */
public record DeadLetter(
    String source, SourceLocation location, String reason, String content, Instant receivedAt) {

  /** Validates the record. */
  public DeadLetter {
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(location, "location");
    Objects.requireNonNull(reason, "reason");
    Objects.requireNonNull(content, "content");
    Objects.requireNonNull(receivedAt, "receivedAt");
  }
}
