package io.mantissa.sources;

/** Told periodically how a long ingest is going, and once at the end. */
@FunctionalInterface
public interface ProgressListener {
  /** A listener that ignores progress. */
  ProgressListener NONE = progress -> {};

  /** Called with the current counts; must return quickly and not throw. */
  void onProgress(IngestProgress progress);
}
