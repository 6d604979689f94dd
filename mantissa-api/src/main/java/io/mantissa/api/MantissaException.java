package io.mantissa.api;

import java.util.Objects;
import java.util.Optional;

/**
 * The one unchecked exception of Mantissa. It carries a stable {@link ErrorCode} and, for errors in
 * an input, the {@link SourceLocation} where the problem is.
 */
public final class MantissaException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final ErrorCode code;
  private final transient SourceLocation location;

  /** An error with a code and a message. */
  public MantissaException(ErrorCode code, String message) {
    this(code, message, null, null);
  }

  /** An error with a code, a message and the exception that caused it. */
  public MantissaException(ErrorCode code, String message, Throwable cause) {
    this(code, message, null, cause);
  }

  /** An error found at a location in an input. */
  public MantissaException(ErrorCode code, String message, SourceLocation location) {
    this(code, message, location, null);
  }

  private MantissaException(
      ErrorCode code, String message, SourceLocation location, Throwable cause) {
    super(location == null ? message : location + ": " + message, cause);
    this.code = Objects.requireNonNull(code, "code");
    this.location = location;
  }

  /** The stable error code. */
  public ErrorCode code() {
    return code;
  }

  /** Where in the input the error is, when it is about an input. */
  public Optional<SourceLocation> location() {
    return Optional.ofNullable(location);
  }
}
