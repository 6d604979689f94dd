package io.mantissa.sources;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.io.JsonEOFException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Recognises and splits an input that is a whole JSON document (or a sequence of pretty-printed
 * objects) rather than one object per line.
 */
final class JsonDocument {
  private static final JsonFactory FACTORY = new JsonFactory();

  /** One top-level object: the 1-based line it starts on and its text. */
  record Part(long line, String text) {}

  private JsonDocument() {}

  /** The bytes up to and including the first newline, at most {@code max + 1} bytes. */
  static byte[] readFirstLine(InputStream in, int max) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      int b;
      while (out.size() <= max && (b = in.read()) >= 0) {
        out.write(b);
        if (b == '\n') {
          break;
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the input: " + e.getMessage(), e);
    }
    return out.toByteArray();
  }

  /**
   * Whether {@code head} (the first line) opens a JSON object that it does not close: the sign of a
   * pretty-printed document.
   */
  static boolean startsMultiLineObject(byte[] head, int maxLineBytes) {
    int start = bomLength(head);
    while (start < head.length && (head[start] == ' ' || head[start] == '\t')) {
      start++;
    }
    if (start >= head.length || head[start] != '{' || head.length > maxLineBytes) {
      return false;
    }
    try (JsonParser p = FACTORY.createParser(head, start, head.length - start)) {
      p.nextToken();
      p.skipChildren();
      return false;
    } catch (JsonEOFException e) {
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  /** {@code head} followed by the rest of {@code in}, reading at most {@code max + 1} bytes. */
  static byte[] readUpTo(InputStream in, byte[] head, int max) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(Math.max(head.length, 8192));
    out.write(head, 0, head.length);
    byte[] buffer = new byte[64 * 1024];
    try {
      int n;
      while (out.size() <= max
          && (n = in.read(buffer, 0, Math.min(buffer.length, max + 1 - out.size()))) >= 0) {
        out.write(buffer, 0, n);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the input: " + e.getMessage(), e);
    }
    return out.toByteArray();
  }

  /** Strict UTF-8 decoding without a byte order mark, or null when the bytes are not UTF-8. */
  static String decodeOrNull(byte[] bytes) {
    int start = bomLength(bytes);
    try {
      return StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes, start, bytes.length - start))
          .toString();
    } catch (CharacterCodingException e) {
      return null;
    }
  }

  /**
   * The top-level objects of {@code text}, read in one pass, or {@code null} when {@code text} is
   * not one or more JSON objects and nothing else.
   */
  static List<Part> splitOrNull(String text) {
    List<Part> parts = new ArrayList<>();
    try (JsonParser p = FACTORY.createParser(text)) {
      JsonToken t;
      while ((t = p.nextToken()) != null) {
        if (t != JsonToken.START_OBJECT) {
          return null;
        }
        long line = p.currentTokenLocation().getLineNr();
        int from = (int) p.currentTokenLocation().getCharOffset();
        p.skipChildren();
        int to = (int) p.currentLocation().getCharOffset();
        parts.add(new Part(Math.max(1, line), text.substring(from, to)));
      }
    } catch (IOException e) {
      return null;
    }
    return parts.isEmpty() ? null : parts;
  }

  /** 3 when {@code bytes} start with a UTF-8 byte order mark, else 0. */
  private static int bomLength(byte[] bytes) {
    return bytes.length >= 3
            && bytes[0] == (byte) 0xEF
            && bytes[1] == (byte) 0xBB
            && bytes[2] == (byte) 0xBF
        ? 3
        : 0;
  }

  /** Lines in {@code text}: newlines, plus one for a last line without a newline. */
  static long lineCount(String text) {
    long n = text.chars().filter(c -> c == '\n').count();
    return text.isEmpty() || text.endsWith("\n") ? n : n + 1;
  }
}
