package io.mantissa.spi.storage;

/**
 * What {@link EventStore#append} wrote.
 *
 * @param events how many events were written
 * @param files how many batch files (one per hour of event time, for the local lake)
 * @param bytes how many bytes the files take
 */
public record AppendResult(long events, int files, long bytes) {

  /** Validates the counts. */
  public AppendResult {
    if (events < 0 || files < 0 || bytes < 0) {
      throw new IllegalArgumentException("counts must not be negative");
    }
  }
}
