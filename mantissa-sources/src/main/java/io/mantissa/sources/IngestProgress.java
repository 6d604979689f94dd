package io.mantissa.sources;

import java.time.Duration;
import java.util.Objects;

/**
 * A snapshot of a running ingest, given to a {@link ProgressListener}.
 *
 * @param lines lines read so far
 * @param bytes bytes read so far
 * @param accepted events accepted so far
 * @param rejected lines rejected so far
 * @param elapsed time since the ingest started, by the ingestor's clock
 * @param done whether this is the final snapshot
 */
public record IngestProgress(
    long lines, long bytes, long accepted, long rejected, Duration elapsed, boolean done) {

  /** Validates. */
  public IngestProgress {
    Objects.requireNonNull(elapsed, "elapsed");
  }

  /** Accepted events per second so far, 0 when no time has passed. */
  public double eventsPerSecond() {
    double seconds = elapsed.toNanos() / 1e9;
    return seconds <= 0 ? 0 : accepted / seconds;
  }
}
