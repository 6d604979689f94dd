package io.mantissa.sources.collect;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;

/**
 * SOQL literals: every value that goes into a query the Salesforce collector builds passes through
 * here, never by plain string concatenation.
 */
final class Soql {
  private static final DateTimeFormatter DATE_TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss'Z'").withZone(ZoneOffset.UTC);

  private Soql() {}

  /**
   * A SOQL string literal: {@code value} in single quotes with the escape sequences SOQL defines
   * ({@code \\ \' \" \n \r \t \b \f}); other control characters are refused.
   *
   * @throws IllegalArgumentException for a control character SOQL cannot escape
   */
  static String string(String value) {
    StringBuilder out = new StringBuilder(value.length() + 2).append('\'');
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      switch (c) {
        case '\\' -> out.append("\\\\");
        case '\'' -> out.append("\\'");
        case '"' -> out.append("\\\"");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        case '\b' -> out.append("\\b");
        case '\f' -> out.append("\\f");
        default -> {
          if (Character.isISOControl(c)) {
            throw new IllegalArgumentException(
                "a SOQL string cannot hold the control character U+"
                    + String.format("%04X", (int) c));
          }
          out.append(c);
        }
      }
    }
    return out.append('\'').toString();
  }

  /**
   * A SOQL dateTime literal in UTC, {@code YYYY-MM-DDThh:mm:ssZ} (unquoted, as SOQL wants);
   * fractions of a second are cut, so use it with {@code >=}.
   */
  static String dateTime(Instant instant) {
    return DATE_TIME.format(instant.truncatedTo(ChronoUnit.SECONDS));
  }
}
