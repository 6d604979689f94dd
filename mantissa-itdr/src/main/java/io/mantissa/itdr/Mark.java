package io.mantissa.itdr;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Objects;

/** One remembered event: when, which, and from where. */
record Mark(Instant time, String eventId, String detail) {
  Mark {
    Objects.requireNonNull(time, "time");
    Objects.requireNonNull(eventId, "eventId");
    Objects.requireNonNull(detail, "detail");
  }

  static Mark of(IdentityEvent e) {
    return new Mark(e.time(), e.eventId(), e.srcIp());
  }

  /** Drops the marks older than {@code from} off the head of {@code marks} (oldest first). */
  static void dropBefore(ArrayDeque<Mark> marks, Instant from) {
    while (!marks.isEmpty() && marks.peekFirst().time().isBefore(from)) {
      marks.removeFirst();
    }
  }
}
