package io.mantissa.sources;

import com.fasterxml.jackson.core.io.NumberOutput;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * Writes a tree of maps as compact one-line JSON text, byte for byte as the local store's generator
 * writes it (Jackson's UTF-8 generator with its default escapes and the fast double writer): no
 * whitespace, {@code "} and {@code \} escaped with a backslash, control characters as {@code \b},
 * {@code \t}, {@code \n}, {@code \f}, {@code \r} or {@code \}{@code u00XX}, every other character
 * as UTF-8. Used on the normalized (OCSF) tree of an event right after it is built, while it is in
 * the cache, so that the store writes the text instead of walking the tree again (see {@link
 * io.mantissa.api.Event#normalizedJson()}).
 *
 * <p>Writes strings, integers ({@link Integer}, {@link Long}, {@link Short}, {@link Byte}),
 * doubles, floats, booleans, nulls, maps, collections and object arrays; for anything else (big
 * numbers, other objects, a string holding a surrogate character, which Jackson escapes in its own
 * way, or maps nested deeper than {@value #MAX_DEPTH}) it gives no text and the store serialises
 * the tree as before. One writer per thread holds the reusable buffers.
 */
final class CompactJson {
  private static final int MAX_DEPTH = 64;
  private static final int KEEP_BYTES = 64 * 1024;
  private static final byte[] HEX = "0123456789ABCDEF".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] NULL = {'n', 'u', 'l', 'l'};
  private static final byte[] TRUE = {'t', 'r', 'u', 'e'};
  private static final byte[] FALSE = {'f', 'a', 'l', 's', 'e'};

  /**
   * Per ASCII character: 0 written as it is, -1 written as {@code \}{@code u00XX}, else the
   * character written after a backslash.
   */
  private static final int[] ESCAPES = new int[128];

  static {
    for (int c = 0; c < 0x20; c++) {
      ESCAPES[c] = -1;
    }
    ESCAPES['"'] = '"';
    ESCAPES['\\'] = '\\';
    ESCAPES['\b'] = 'b';
    ESCAPES['\t'] = 't';
    ESCAPES['\f'] = 'f';
    ESCAPES['\n'] = 'n';
    ESCAPES['\r'] = 'r';
  }

  private static final ThreadLocal<CompactJson> WRITERS = ThreadLocal.withInitial(CompactJson::new);

  /**
   * Encoded names ({@code "name":}) by slot of the name's hash code: the names of normalized trees
   * are the normalizers' constants, so a few dozen names fill it.
   */
  private final String[] names = new String[512];

  private final byte[][] encodedNames = new byte[512][];

  /** Whether each cached name is ASCII: writing one that is not makes the text non-ASCII. */
  private final boolean[] asciiNames = new boolean[512];

  private byte[] out = new byte[4096];
  private char[] chars = new char[256];
  private int pos;
  private boolean ascii;

  private CompactJson() {}

  /**
   * The JSON text of {@code map}, or {@code null} when it holds a value this writer leaves to the
   * store (see the class comment).
   */
  static String of(Map<?, ?> map) {
    CompactJson writer = WRITERS.get();
    writer.pos = 0;
    writer.ascii = true;
    boolean written = writer.writeMap(map, 0);
    String text =
        !written
            ? null
            : new String(
                writer.out,
                0,
                writer.pos,
                writer.ascii ? StandardCharsets.ISO_8859_1 : StandardCharsets.UTF_8);
    if (writer.out.length > KEEP_BYTES) {
      writer.out = new byte[4096]; // one huge tree must not pin its buffer to the thread
    }
    if (writer.chars.length > KEEP_BYTES) {
      writer.chars = new char[256];
    }
    return text;
  }

  private void ensure(int room) {
    if (out.length - pos < room) {
      out = Arrays.copyOf(out, Math.max(out.length * 2, pos + room));
    }
  }

  private void put(byte b) {
    if (pos == out.length) {
      ensure(1);
    }
    out[pos++] = b;
  }

  private void put(byte[] bytes) {
    ensure(bytes.length);
    System.arraycopy(bytes, 0, out, pos, bytes.length);
    pos += bytes.length;
  }

  private boolean writeMap(Map<?, ?> map, int depth) {
    if (depth >= MAX_DEPTH) {
      return false;
    }
    put((byte) '{');
    if (map instanceof SmallMap small) {
      int size = small.size();
      for (int i = 0; i < size; i++) {
        if (i > 0) {
          put((byte) ',');
        }
        if (!writeName(small.keyAt(i)) || !writeValue(small.valueAt(i), depth)) {
          return false;
        }
      }
    } else {
      boolean first = true;
      for (Map.Entry<?, ?> entry : map.entrySet()) {
        if (!first) {
          put((byte) ',');
        }
        first = false;
        if (!writeString(String.valueOf(entry.getKey()))
            || !writeAfterName(entry.getValue(), depth)) {
          return false;
        }
      }
    }
    put((byte) '}');
    return true;
  }

  /** Writes {@code "name":}, from the cache when the same string was written before. */
  private boolean writeName(String name) {
    int slot = name.hashCode() & (names.length - 1);
    String cached = names[slot];
    if (cached == name || name.equals(cached)) {
      put(encodedNames[slot]);
      ascii &= asciiNames[slot];
      return true;
    }
    int start = pos;
    boolean asciiBefore = ascii;
    ascii = true;
    if (!writeString(name)) {
      return false;
    }
    put((byte) ':');
    names[slot] = name;
    encodedNames[slot] = Arrays.copyOfRange(out, start, pos);
    asciiNames[slot] = ascii;
    ascii &= asciiBefore;
    return true;
  }

  private boolean writeAfterName(Object value, int depth) {
    put((byte) ':');
    return writeValue(value, depth);
  }

  private boolean writeValue(Object value, int depth) {
    if (value == null) {
      put(NULL);
      return true;
    } else if (value instanceof String s) {
      return writeString(s);
    } else if (value instanceof SmallMap m) {
      // the classes before the interfaces: a failing instanceof against an interface scans the
      // value's class's interfaces every time on JDK 17
      return writeMap(m, depth + 1);
    } else if (value instanceof Integer i) {
      writeLong(i);
      return true;
    } else if (value instanceof Long l) {
      writeLong(l);
      return true;
    } else if (value instanceof Boolean b) {
      put(b ? TRUE : FALSE);
      return true;
    } else if (value instanceof Double d) {
      return writeDouble(d);
    } else if (value instanceof Map<?, ?> m) {
      return writeMap(m, depth + 1);
    } else if (value instanceof List<?> list) {
      return writeArray(list, depth);
    } else if (value instanceof Collection<?> c) {
      return writeArray(c, depth);
    } else if (value instanceof Float f) {
      return writeDouble(f.doubleValue());
    } else if (value instanceof Short s) {
      writeLong(s);
      return true;
    } else if (value instanceof Byte b) {
      writeLong(b);
      return true;
    } else if (value instanceof Object[] array) {
      return writeArray(Arrays.asList(array), depth);
    }
    return false; // big numbers and other objects: left to the store
  }

  private boolean writeArray(Collection<?> items, int depth) {
    if (depth + 1 >= MAX_DEPTH) {
      return false;
    }
    put((byte) '[');
    boolean first = true;
    for (Object item : items) {
      if (!first) {
        put((byte) ',');
      }
      first = false;
      if (!writeValue(item, depth + 1)) {
        return false;
      }
    }
    put((byte) ']');
    return true;
  }

  private boolean writeDouble(double d) {
    if (Double.isFinite(d)) {
      writeAscii(NumberOutput.toString(d, true));
      return true;
    }
    return writeString(Double.toString(d)); // JSON has no NaN or infinities: the store quotes them
  }

  private void writeAscii(String text) {
    int n = text.length();
    ensure(n);
    for (int i = 0; i < n; i++) {
      out[pos++] = (byte) text.charAt(i);
    }
  }

  private void writeLong(long value) {
    if (value == Long.MIN_VALUE) {
      writeAscii(Long.toString(value));
      return;
    }
    ensure(20);
    if (value < 0) {
      out[pos++] = '-';
      value = -value;
    }
    int digits = 1;
    for (long v = value; v >= 10; v /= 10) {
      digits++;
    }
    int end = pos + digits;
    for (int i = end - 1; i >= pos; i--) {
      out[i] = (byte) ('0' + (int) (value % 10));
      value /= 10;
    }
    pos = end;
  }

  /** Writes {@code s} quoted and escaped; false when it holds a surrogate character. */
  private boolean writeString(String s) {
    int n = s.length();
    if (chars.length < n) {
      chars = new char[Math.max(n, chars.length * 2)];
    }
    char[] cs = chars;
    s.getChars(0, n, cs, 0);
    // Worst case 6 bytes per character (an escape), plus the quotes.
    ensure(6 * n + 2);
    byte[] o = out;
    int p = pos;
    o[p++] = '"';
    int[] escapes = ESCAPES;
    for (int i = 0; i < n; i++) {
      char c = cs[i];
      if (c < 0x80) {
        int escape = escapes[c];
        if (escape == 0) {
          o[p++] = (byte) c;
        } else if (escape > 0) {
          o[p++] = '\\';
          o[p++] = (byte) escape;
        } else {
          o[p++] = '\\';
          o[p++] = 'u';
          o[p++] = '0';
          o[p++] = '0';
          o[p++] = HEX[c >> 4];
          o[p++] = HEX[c & 0xF];
        }
      } else {
        ascii = false;
        if (c < 0x800) {
          o[p++] = (byte) (0xC0 | (c >> 6));
          o[p++] = (byte) (0x80 | (c & 0x3F));
        } else if (Character.isSurrogate(c)) {
          return false;
        } else {
          o[p++] = (byte) (0xE0 | (c >> 12));
          o[p++] = (byte) (0x80 | ((c >> 6) & 0x3F));
          o[p++] = (byte) (0x80 | (c & 0x3F));
        }
      }
    }
    o[p++] = '"';
    pos = p;
    return true;
  }
}
