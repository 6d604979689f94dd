package io.mantissa.app;

import io.mantissa.api.ErrorCode;
import io.mantissa.api.MantissaException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * Counts the bytes read and fails with {@link ErrorCode#PAYLOAD_TOO_LARGE} as soon as more than the
 * limit arrive, so that a body without (or with a false) Content-Length cannot exceed it.
 */
final class LimitedInputStream extends FilterInputStream {
  private final long limit;
  private long count;

  LimitedInputStream(InputStream in, long limit) {
    super(in);
    this.limit = limit;
  }

  @Override
  public int read() throws IOException {
    int b = super.read();
    if (b >= 0) {
      count(1);
    }
    return b;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    int n = super.read(b, off, len);
    if (n > 0) {
      count(n);
    }
    return n;
  }

  @Override
  public long skip(long n) throws IOException {
    long skipped = super.skip(n);
    count(skipped);
    return skipped;
  }

  private void count(long n) {
    count += n;
    if (count > limit) {
      throw tooLarge(limit);
    }
  }

  static MantissaException tooLarge(long limit) {
    return new MantissaException(
        ErrorCode.PAYLOAD_TOO_LARGE,
        "request body is larger than "
            + limit
            + " bytes (mantissa.server.max-body-bytes); split the input into smaller requests");
  }
}
