package io.mantissa.api;

/**
 * Stable error codes carried by every {@link MantissaException}. Codes never change meaning; new
 * ones are only ever added. The HTTP status is the one the reference app answers with.
 */
public enum ErrorCode {
  /** A request or value does not satisfy a documented constraint. */
  INVALID_ARGUMENT(400),
  /** Configuration is invalid: unknown key, bad value, missing required setting. */
  CONFIG_INVALID(400),
  /** No provider is registered under the requested name. */
  UNKNOWN_PROVIDER(404),
  /** Two providers of the same SPI claim the same name. */
  DUPLICATE_PROVIDER(500),
  /** A log source is not known to this installation. */
  UNKNOWN_SOURCE(404),
  /** Input could not be parsed (a log line, a rule, a configuration file). */
  PARSE_ERROR(400),
  /** A query was refused before it ran (not a single read-only SELECT, unknown table, ...). */
  QUERY_REJECTED(400),
  /** A query failed while running. */
  QUERY_FAILED(422),
  /** A query ran longer than its timeout and was cancelled. */
  QUERY_TIMEOUT(408),
  /** A request body exceeds the configured maximum size. */
  PAYLOAD_TOO_LARGE(413),
  /** A storage operation failed (disk, database, object store). */
  STORAGE_FAILURE(500),
  /** A conditional write lost against a concurrent writer. */
  CONFLICT(409),
  /** The caller is not authenticated or not allowed. */
  UNAUTHORIZED(401),
  /** A remote service could not be reached or answered with an error. */
  REMOTE_FAILURE(502),
  /** A bug: an invariant did not hold. */
  INTERNAL(500);

  private final int httpStatus;

  ErrorCode(int httpStatus) {
    this.httpStatus = httpStatus;
  }

  /** The HTTP status an API answers with for this code. */
  public int httpStatus() {
    return httpStatus;
  }
}
