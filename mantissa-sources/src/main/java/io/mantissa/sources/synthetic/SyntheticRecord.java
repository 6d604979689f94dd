package io.mantissa.sources.synthetic;

import java.time.Instant;
import java.util.Objects;

/**
 * One generated record: its source, its event time and the line as the vendor delivers it (a JSON
 * object, or a text line for VPC Flow Logs).
 *
 * @param source the source id, such as {@code okta}
 * @param time the event time
 * @param line the record, without a line break
 */
public record SyntheticRecord(String source, Instant time, String line) {
  /** Validates. */
  public SyntheticRecord {
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(time, "time");
    if (line == null || line.indexOf('\n') >= 0) {
      throw new IllegalArgumentException("a record is one line");
    }
  }
}
