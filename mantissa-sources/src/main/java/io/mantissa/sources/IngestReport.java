package io.mantissa.sources;

import java.util.List;
import java.util.Objects;

/**
 * What one ingest run did.
 *
 * @param source the source id
 * @param origin the input's name (file path or {@code "request body"})
 * @param lines lines read, blank ones included
 * @param accepted events written to the event store
 * @param rejected lines rejected and kept as dead letters
 * @param bytes bytes read
 * @param errors the first rejected lines, with their line numbers and reasons
 */
public record IngestReport(
    String source,
    String origin,
    long lines,
    long accepted,
    long rejected,
    long bytes,
    List<LineError> errors) {

  /** Validates and copies. */
  public IngestReport {
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(origin, "origin");
    if (lines < 0 || accepted < 0 || rejected < 0 || bytes < 0) {
      throw new IllegalArgumentException("counts must not be negative");
    }
    errors = List.copyOf(errors);
  }

  /** Whether some rejected lines are not listed in {@link #errors()}. */
  public boolean errorsTruncated() {
    return rejected > errors.size();
  }

  /**
   * One rejected line.
   *
   * @param line the 1-based line number
   * @param reason why it was rejected
   */
  public record LineError(long line, String reason) {
    /** Validates. */
    public LineError {
      if (line < 1) {
        throw new IllegalArgumentException("line must be >= 1, was " + line);
      }
      Objects.requireNonNull(reason, "reason");
    }
  }
}
