package io.mantissa.spi.enrich;

import java.util.Objects;

/**
 * The 5W1H summary of an alert: who, what, when, where, why, how, and one readable paragraph.
 *
 * @param who the people and accounts involved
 * @param what what happened
 * @param when when it happened
 * @param where the hosts, services, addresses and places involved
 * @param why why it matters (the rule, the techniques, the context)
 * @param how how it was detected or carried out
 * @param text the summary as prose
 */
public record AlertSummary(
    String who, String what, String when, String where, String why, String how, String text) {

  /** Validates: every part is present, the text is not blank. */
  public AlertSummary {
    Objects.requireNonNull(who, "who");
    Objects.requireNonNull(what, "what");
    Objects.requireNonNull(when, "when");
    Objects.requireNonNull(where, "where");
    Objects.requireNonNull(why, "why");
    Objects.requireNonNull(how, "how");
    Objects.requireNonNull(text, "text");
    if (text.isBlank()) {
      throw new IllegalArgumentException("text must not be blank");
    }
  }
}
