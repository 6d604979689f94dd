package io.mantissa.api;

import java.util.regex.Pattern;

/**
 * Rules for log source ids ({@code okta}, {@code aws_cloudtrail}). A source id names a directory of
 * the lake and a SQL view, so it is restricted to lower-case letters, digits and underscores,
 * starting with a letter, at most 64 characters.
 */
public final class SourceIds {
  private static final Pattern VALID = Pattern.compile("[a-z][a-z0-9_]{0,63}");

  private SourceIds() {}

  /** Whether {@code id} is a valid source id. */
  public static boolean isValid(String id) {
    return id != null && VALID.matcher(id).matches();
  }

  /**
   * Returns {@code id} when valid.
   *
   * @throws MantissaException with {@link ErrorCode#INVALID_ARGUMENT} saying what is allowed
   */
  public static String require(String id) {
    if (!isValid(id)) {
      throw new MantissaException(
          ErrorCode.INVALID_ARGUMENT,
          "invalid source id '"
              + id
              + "': use 1-64 lower-case letters, digits or underscores, starting with a letter");
    }
    return id;
  }
}
