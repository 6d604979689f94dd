package io.mantissa.sources;

/** Thrown inside this package to reject one record with a reason; never escapes a parser. */
final class RecordRejected extends RuntimeException {
  private static final long serialVersionUID = 1L;

  RecordRejected(String reason) {
    super(reason, null, false, false);
  }
}
