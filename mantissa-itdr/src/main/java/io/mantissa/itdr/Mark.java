package io.mantissa.itdr;

import java.time.Instant;
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
}
