package io.mantissa.sources;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Splits a byte stream into lines at {@code \n} (a trailing {@code \r} is dropped) without ever
 * holding more than {@code maxLineBytes} of one line: a longer line is skipped to its end and
 * reported as too long. Decodes UTF-8 strictly; a leading byte order mark is dropped.
 */
final class LineReader {
  private static final int BUFFER = 64 * 1024;

  /** One line: its 1-based number, its text (or the reason it has none), its size in bytes. */
  record Line(long number, String text, String error, String preview, long bytes) {}

  private final InputStream in;
  private final int maxLineBytes;
  private final byte[] buffer = new byte[BUFFER];
  private int pos;
  private int limit;
  private boolean eof;
  private long lineNumber;
  private long bytesRead;
  private byte[] line = new byte[1024];
  private final CharsetDecoder decoder =
      StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT);

  LineReader(InputStream in, int maxLineBytes) {
    this.in = in;
    this.maxLineBytes = maxLineBytes;
  }

  /** Bytes consumed so far. */
  long bytesRead() {
    return bytesRead;
  }

  /** The next line, or {@code null} at the end of the input. */
  Line next() {
    int length = 0;
    long lineBytes = 0;
    boolean tooLong = false;
    boolean sawAny = false;
    boolean ascii = true;
    while (true) {
      if (pos == limit && !fill()) {
        if (!sawAny) {
          return null;
        }
        break;
      }
      sawAny = true;
      // The bytes up to the next '\n' in the buffer (or to its end), copied in one piece.
      int from = pos;
      int end = from;
      byte[] b = buffer;
      int lim = limit;
      int bits = 0;
      while (end < lim) {
        byte x = b[end];
        if (x == '\n') {
          break;
        }
        bits |= x;
        end++;
      }
      ascii &= bits >= 0; // no byte with its high bit set
      boolean newline = end < lim;
      int chunk = end - from;
      pos = newline ? end + 1 : end;
      int consumed = pos - from;
      bytesRead += consumed;
      lineBytes += consumed;
      if (!tooLong) {
        int keep = Math.min(chunk, maxLineBytes - length);
        if (keep > 0) {
          if (length + keep > line.length) {
            line =
                Arrays.copyOf(
                    line,
                    Math.min(
                        Math.max(length + keep, Math.max(1024, line.length * 2)), maxLineBytes));
          }
          System.arraycopy(b, from, line, length, keep);
          length += keep;
        }
        if (keep < chunk) {
          tooLong = true;
        }
      }
      if (newline) {
        break;
      }
    }
    lineNumber++;
    if (!tooLong && length > 0 && line[length - 1] == '\r') {
      length--;
    }
    int start = 0;
    if (lineNumber == 1
        && length >= 3
        && line[0] == (byte) 0xEF
        && line[1] == (byte) 0xBB
        && line[2] == (byte) 0xBF) {
      start = 3;
    }
    if (tooLong) {
      String preview = lenient(line, start, Math.min(length - start, 1024));
      return new Line(
          lineNumber,
          null,
          "line is longer than " + maxLineBytes + " bytes (" + lineBytes + " bytes)",
          preview + "...[truncated]",
          lineBytes);
    }
    if (ascii) {
      // ASCII is valid UTF-8 and decodes to the same characters as ISO-8859-1.
      String text = new String(line, start, length - start, StandardCharsets.ISO_8859_1);
      return new Line(lineNumber, text, null, text, lineBytes);
    }
    try {
      String text = decoder.decode(ByteBuffer.wrap(line, start, length - start)).toString();
      return new Line(lineNumber, text, null, text, lineBytes);
    } catch (CharacterCodingException e) {
      return new Line(
          lineNumber,
          null,
          "line is not valid UTF-8 at byte " + (firstBadByte(start, length) + 1),
          lenient(line, start, length - start),
          lineBytes);
    }
  }

  private int firstBadByte(int start, int length) {
    CharsetDecoder probe =
        StandardCharsets.UTF_8
            .newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);
    ByteBuffer in = ByteBuffer.wrap(line, start, length - start);
    CharBuffer out = CharBuffer.allocate(length);
    probe.decode(in, out, true);
    return in.position() - start;
  }

  private static String lenient(byte[] bytes, int start, int length) {
    return new String(bytes, start, Math.max(0, length), StandardCharsets.UTF_8);
  }

  private boolean fill() {
    if (eof) {
      return false;
    }
    try {
      int n = in.read(buffer, 0, buffer.length);
      while (n == 0) {
        n = in.read(buffer, 0, buffer.length);
      }
      if (n < 0) {
        eof = true;
        return false;
      }
      pos = 0;
      limit = n;
      return true;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the input: " + e.getMessage(), e);
    }
  }
}
