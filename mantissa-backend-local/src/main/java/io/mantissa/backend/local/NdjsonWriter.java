package io.mantissa.backend.local;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.StreamWriteFeature;
import com.fasterxml.jackson.core.io.SerializedString;
import com.github.luben.zstd.EndDirective;
import com.github.luben.zstd.ZstdCompressCtx;
import io.mantissa.api.Event;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.BiConsumer;
import java.util.zip.CRC32;
import java.util.zip.Deflater;

/**
 * Writes events as zstd- or gzip-compressed newline-delimited JSON, one object per line: {@code
 * {"time":…,"source":…,"id":…,"raw":{…},"ocsf":{…}}}. The maps are streamed straight into the
 * generator; times are written in ISO-8601 UTC with at most microsecond precision (the engine's),
 * exactly as {@link Instant#toString()} writes them.
 *
 * <p>An event that carries the JSON text of its native fields ({@link Event#rawJson()}, set by the
 * parsers) has that text written as its {@code raw} column, byte for byte; other events have their
 * fields serialised. Likewise the text of the normalized fields ({@link Event#normalizedJson()},
 * written by the parsers as this writer would write the map) is written as the {@code ocsf} column.
 *
 * <p>One core's throughput is what matters here (see docs/benchmarks.md, section 1): the generator
 * and the raw texts write into an input buffer of 64 KiB (gzip) or 128 KiB (zstd, its block size)
 * that goes to the compressor when full (native calls on pieces of a few hundred bytes cost more
 * than the copy), maps are walked with {@link Map#forEach} (no entry objects), times are formatted
 * without allocating, and doubles use Jackson's Schubfach writer.
 */
final class NdjsonWriter implements BiConsumer<Object, Object> {
  private static final int BUFFER = 1 << 17;
  private static final int INPUT = 1 << 16;
  private static final JsonFactory JSON =
      JsonFactory.builder()
          .disable(StreamWriteFeature.AUTO_CLOSE_TARGET)
          .enable(StreamWriteFeature.USE_FAST_DOUBLE_WRITER)
          .build();

  /** Field names repeat across events: encode each once (bounded, so odd inputs cannot grow it). */
  private static final int MAX_CACHED_NAMES = 16_384;

  private static final ConcurrentMap<String, SerializedString> NAMES = new ConcurrentHashMap<>();
  private static final SerializedString TIME = new SerializedString("time");
  private static final SerializedString SOURCE = new SerializedString("source");
  private static final SerializedString ID = new SerializedString("id");
  private static final SerializedString RAW = new SerializedString("raw");
  private static final SerializedString OCSF = new SerializedString("ocsf");

  /** Seconds from 0000-01-01T00:00:00Z to the epoch, and to 10000-01-01T00:00:00Z. */
  private static final long MIN_FAST_SECOND = -62_167_219_200L;

  private static final long MAX_FAST_SECOND = 253_402_300_800L;

  private final JsonGenerator gen;
  private final char[] timeChars = new char[32];

  private NdjsonWriter(JsonGenerator gen) {
    this.gen = gen;
  }

  /**
   * Writes the events to {@code file}, forces it to disk and returns its size in bytes.
   *
   * @param compression the codec and level
   */
  static long write(Path file, List<Event> events, RawCompression compression) throws IOException {
    try (FileOutputStream fos = new FileOutputStream(file.toFile())) {
      Sink sink =
          compression.codec() == RawCompression.Codec.ZSTD
              ? new ZstdSink(fos.getChannel(), compression.level())
              : new GzipSink(fos, compression.level());
      try {
        try (JsonGenerator gen = JSON.createGenerator(sink, JsonEncoding.UTF8)) {
          gen.setRootValueSeparator(null);
          NdjsonWriter writer = new NdjsonWriter(gen);
          for (Event event : events) {
            writer.writeEvent(event);
          }
        } catch (UncheckedIOException e) {
          throw e.getCause();
        }
        sink.finish();
      } finally {
        sink.end();
      }
      fos.getChannel().force(true);
      return fos.getChannel().size();
    }
  }

  private void writeEvent(Event event) throws IOException {
    gen.writeStartObject();
    gen.writeFieldName(TIME);
    int length = formatTime(event.time(), timeChars);
    if (length > 0) {
      gen.writeString(timeChars, 0, length);
    } else {
      gen.writeString(event.time().truncatedTo(ChronoUnit.MICROS).toString());
    }
    gen.writeFieldName(SOURCE);
    gen.writeString(event.source());
    gen.writeFieldName(ID);
    gen.writeString(event.id());
    gen.writeFieldName(RAW);
    Optional<String> rawJson = event.rawJson();
    if (rawJson.isPresent()) {
      // The text the fields were parsed from (one object, one line, same JSON value): written as
      // it is, which spares serialising the fields again, the larger half of a line.
      gen.writeRawValue(new Utf8Text(rawJson.get()));
    } else {
      writeMap(event.fields());
    }
    gen.writeFieldName(OCSF);
    Optional<String> normalizedJson = event.normalizedJson();
    if (normalizedJson.isPresent()) {
      // The normalized fields' text, written by the parser while it built them.
      gen.writeRawValue(new Utf8Text(normalizedJson.get()));
    } else {
      writeMap(event.normalized());
    }
    gen.writeEndObject();
    gen.writeRaw('\n');
  }

  /**
   * Writes {@code time} truncated to microseconds into {@code out} as {@link Instant#toString()}
   * would, and returns the number of characters; returns 0 for a year outside 0000-9999 (the caller
   * then falls back to {@code toString}).
   */
  static int formatTime(Instant time, char[] out) {
    long seconds = time.getEpochSecond();
    if (seconds < MIN_FAST_SECOND || seconds >= MAX_FAST_SECOND) {
      return 0;
    }
    long days = Math.floorDiv(seconds, 86_400L);
    int secondOfDay = (int) (seconds - days * 86_400L);
    // Civil date from days since the epoch (H. Hinnant's algorithm, proleptic Gregorian).
    long z = days + 719_468L;
    long era = Math.floorDiv(z, 146_097L);
    int dayOfEra = (int) (z - era * 146_097L);
    int yearOfEra = (dayOfEra - dayOfEra / 1_460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365;
    int dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100);
    int mp = (5 * dayOfYear + 2) / 153;
    int day = dayOfYear - (153 * mp + 2) / 5 + 1;
    int month = mp < 10 ? mp + 3 : mp - 9;
    int year = (int) (yearOfEra + era * 400) + (month <= 2 ? 1 : 0);
    int hour = secondOfDay / 3_600;
    int minute = secondOfDay / 60 % 60;
    int second = secondOfDay % 60;
    put2(out, 0, year / 100);
    put2(out, 2, year % 100);
    out[4] = '-';
    put2(out, 5, month);
    out[7] = '-';
    put2(out, 8, day);
    out[10] = 'T';
    put2(out, 11, hour);
    out[13] = ':';
    put2(out, 14, minute);
    out[16] = ':';
    put2(out, 17, second);
    int pos = 19;
    int nanos = time.getNano() / 1_000 * 1_000; // truncated to microseconds
    if (nanos != 0) {
      out[pos++] = '.';
      if (nanos % 1_000_000 == 0) {
        int millis = nanos / 1_000_000;
        out[pos++] = (char) ('0' + millis / 100);
        put2(out, pos, millis % 100);
        pos += 2;
      } else {
        int micros = nanos / 1_000;
        put2(out, pos, micros / 10_000);
        put2(out, pos + 2, micros / 100 % 100);
        put2(out, pos + 4, micros % 100);
        pos += 6;
      }
    }
    out[pos++] = 'Z';
    return pos;
  }

  private static void put2(char[] out, int pos, int value) {
    out[pos] = (char) ('0' + value / 10);
    out[pos + 1] = (char) ('0' + value % 10);
  }

  private void writeMap(Map<?, ?> map) throws IOException {
    gen.writeStartObject();
    map.forEach(this);
    gen.writeEndObject();
  }

  /** One map entry; {@link Map#forEach} visits the entries without creating entry objects. */
  @Override
  public void accept(Object key, Object value) {
    try {
      writeName(String.valueOf(key));
      writeValue(value);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private void writeName(String name) throws IOException {
    SerializedString encoded = NAMES.get(name);
    if (encoded == null) {
      if (NAMES.size() >= MAX_CACHED_NAMES) {
        gen.writeFieldName(name);
        return;
      }
      encoded = NAMES.computeIfAbsent(name, SerializedString::new);
    }
    gen.writeFieldName(encoded);
  }

  private void writeValue(Object value) throws IOException {
    if (value == null) {
      gen.writeNull();
    } else if (value instanceof String s) {
      gen.writeString(s);
    } else if (value instanceof Integer i) {
      // the classes before the interfaces: a failing instanceof against an interface scans the
      // value's class's interfaces every time on JDK 17
      gen.writeNumber(i);
    } else if (value instanceof Long l) {
      gen.writeNumber(l);
    } else if (value instanceof Boolean b) {
      gen.writeBoolean(b);
    } else if (value instanceof Double d) {
      writeDouble(d);
    } else if (value instanceof Map<?, ?> m) {
      writeMap(m);
    } else if (value instanceof Collection<?> c) {
      gen.writeStartArray();
      for (Object item : c) {
        writeValue(item);
      }
      gen.writeEndArray();
    } else if (value instanceof Float f) {
      writeDouble(f.doubleValue());
    } else if (value instanceof BigDecimal d) {
      gen.writeNumber(d);
    } else if (value instanceof BigInteger i) {
      gen.writeNumber(i);
    } else if (value instanceof Short s) {
      gen.writeNumber(s);
    } else if (value instanceof Byte b) {
      gen.writeNumber(b);
    } else if (value instanceof Object[] array) {
      gen.writeStartArray();
      for (Object item : array) {
        writeValue(item);
      }
      gen.writeEndArray();
    } else {
      gen.writeString(value.toString());
    }
  }

  private void writeDouble(double d) throws IOException {
    if (Double.isFinite(d)) {
      gen.writeNumber(d);
    } else {
      gen.writeString(Double.toString(d)); // JSON has no NaN or infinities
    }
  }

  /**
   * A raw JSON value for {@link JsonGenerator#writeRawValue(SerializableString)}: the UTF-8 bytes
   * of a text, copied into the generator's buffer when they fit, else handed to its output stream
   * directly. Only the unquoted forms are used by a raw write; the quoted ones are not supported.
   */
  static final class Utf8Text implements SerializableString {
    private final String text;
    private final byte[] utf8;

    Utf8Text(String text) {
      this.text = text;
      this.utf8 = text.getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public String getValue() {
      return text;
    }

    @Override
    public int charLength() {
      return text.length();
    }

    @Override
    public byte[] asUnquotedUTF8() {
      return utf8;
    }

    @Override
    public int appendUnquotedUTF8(byte[] buffer, int offset) {
      if (utf8.length > buffer.length - offset) {
        return -1;
      }
      System.arraycopy(utf8, 0, buffer, offset, utf8.length);
      return utf8.length;
    }

    @Override
    public int appendUnquoted(char[] buffer, int offset) {
      if (text.length() > buffer.length - offset) {
        return -1;
      }
      text.getChars(0, text.length(), buffer, offset);
      return text.length();
    }

    @Override
    public int writeUnquotedUTF8(OutputStream out) throws IOException {
      out.write(utf8);
      return utf8.length;
    }

    @Override
    public int putUnquotedUTF8(ByteBuffer buffer) {
      if (utf8.length > buffer.remaining()) {
        return -1;
      }
      buffer.put(utf8);
      return utf8.length;
    }

    @Override
    public char[] asQuotedChars() {
      throw new UnsupportedOperationException("a raw JSON value is never quoted");
    }

    @Override
    public byte[] asQuotedUTF8() {
      throw new UnsupportedOperationException("a raw JSON value is never quoted");
    }

    @Override
    public int appendQuotedUTF8(byte[] buffer, int offset) {
      throw new UnsupportedOperationException("a raw JSON value is never quoted");
    }

    @Override
    public int appendQuoted(char[] buffer, int offset) {
      throw new UnsupportedOperationException("a raw JSON value is never quoted");
    }

    @Override
    public int writeQuotedUTF8(OutputStream out) {
      throw new UnsupportedOperationException("a raw JSON value is never quoted");
    }

    @Override
    public int putQuotedUTF8(ByteBuffer buffer) {
      throw new UnsupportedOperationException("a raw JSON value is never quoted");
    }

    @Override
    public String toString() {
      return text;
    }
  }

  /** A compressing output stream that {@link #finish} completes and {@link #end} releases. */
  abstract static sealed class Sink extends OutputStream permits GzipSink, ZstdSink {
    @Override
    public void write(int b) throws IOException {
      write(new byte[] {(byte) b}, 0, 1);
    }

    /** Flushes nothing: a flush would only cost ratio; {@link #finish} writes everything. */
    @Override
    public void flush() {}

    /** Compresses what is left, ends the stream and hands everything to the file. */
    abstract void finish() throws IOException;

    /** Releases the compressor's native memory. */
    abstract void end();
  }

  /**
   * A zstd frame with a content checksum (XXH64, checked by readers as gzip's CRC-32 is) whose
   * input collects in a 128 KiB direct buffer (zstd's block size) that is compressed when full, and
   * whose compressed bytes collect in a direct buffer written to the file channel when full: no
   * copy of the output through the heap.
   */
  static final class ZstdSink extends Sink {
    private static final int ZSTD_INPUT = 1 << 17;
    private static final int ZSTD_OUTPUT = 1 << 18;

    private final FileChannel out;
    private final ZstdCompressCtx ctx;
    private final ByteBuffer input = ByteBuffer.allocateDirect(ZSTD_INPUT);
    private final ByteBuffer output = ByteBuffer.allocateDirect(ZSTD_OUTPUT);

    ZstdSink(FileChannel out, int level) {
      this.out = out;
      this.ctx = new ZstdCompressCtx();
      try {
        ctx.setLevel(level);
        ctx.setChecksum(true);
      } catch (RuntimeException e) {
        ctx.close();
        throw e;
      }
    }

    @Override
    public void write(byte[] bytes, int offset, int length) throws IOException {
      while (length > 0) {
        int n = Math.min(length, input.remaining());
        input.put(bytes, offset, n);
        offset += n;
        length -= n;
        if (!input.hasRemaining()) {
          compress(EndDirective.CONTINUE);
        }
      }
    }

    /**
     * Compresses the staged input: with {@code CONTINUE} until zstd has taken all of it, with
     * {@code END} until the frame (epilogue and checksum included) is out.
     */
    private void compress(EndDirective directive) throws IOException {
      input.flip();
      boolean done;
      do {
        if (!output.hasRemaining()) {
          drain();
        }
        done = ctx.compressDirectByteBufferStream(output, input, directive);
      } while (directive == EndDirective.END ? !done : input.hasRemaining());
      input.clear();
    }

    @Override
    void finish() throws IOException {
      compress(EndDirective.END);
      drain();
    }

    @Override
    void end() {
      ctx.close();
    }

    private void drain() throws IOException {
      output.flip();
      while (output.hasRemaining()) {
        out.write(output);
      }
      output.clear();
    }
  }

  /**
   * A gzip member (RFC 1952, with the header {@link java.util.zip.GZIPOutputStream} writes) whose
   * input collects in a 64 KiB buffer that is deflated (and check-summed) when full, and whose
   * compressed bytes collect in one buffer that goes to the file when full.
   */
  static final class GzipSink extends Sink {
    /** Magic, CM deflate, no flags, no mtime, no XFL, OS 255 (unknown): the JDK 17 header. */
    private static final byte[] HEADER = {
      0x1f, (byte) 0x8b, Deflater.DEFLATED, 0, 0, 0, 0, 0, 0, (byte) 0xff
    };

    private final OutputStream out;
    private final Deflater deflater;
    private final CRC32 crc = new CRC32();
    private final byte[] buffer = new byte[BUFFER];
    private final byte[] input = new byte[INPUT];
    private int used;
    private int staged;
    private long inputBytes;

    GzipSink(OutputStream out, int level) {
      this.out = out;
      this.deflater = new Deflater(level, true);
      System.arraycopy(HEADER, 0, buffer, 0, HEADER.length);
      used = HEADER.length;
    }

    /**
     * Collects the bytes in the input buffer and deflates it when full: the generator and raw
     * values arrive in pieces of a few hundred to a few thousand bytes, and each call into zlib
     * costs more than copying them (see docs/benchmarks.md).
     */
    @Override
    public void write(byte[] bytes, int offset, int length) throws IOException {
      while (length > 0) {
        int n = Math.min(length, input.length - staged);
        System.arraycopy(bytes, offset, input, staged, n);
        staged += n;
        offset += n;
        length -= n;
        if (staged == input.length) {
          deflateInput();
        }
      }
    }

    private void deflateInput() throws IOException {
      if (staged == 0) {
        return;
      }
      crc.update(input, 0, staged);
      inputBytes += staged;
      deflater.setInput(input, 0, staged);
      while (!deflater.needsInput()) {
        deflate();
      }
      staged = 0;
    }

    /** Ends the deflate stream, writes the trailer and hands everything to the file. */
    @Override
    void finish() throws IOException {
      deflateInput();
      deflater.finish();
      while (!deflater.finished()) {
        deflate();
      }
      if (buffer.length - used < 8) {
        drain();
      }
      putIntLe((int) crc.getValue());
      putIntLe((int) inputBytes); // ISIZE: the input size modulo 2^32
      drain();
    }

    /** Releases the deflater's native memory. */
    @Override
    void end() {
      deflater.end();
    }

    private void deflate() throws IOException {
      if (used == buffer.length) {
        drain();
      }
      used += deflater.deflate(buffer, used, buffer.length - used, Deflater.NO_FLUSH);
    }

    private void drain() throws IOException {
      out.write(buffer, 0, used);
      used = 0;
    }

    private void putIntLe(int value) {
      buffer[used++] = (byte) value;
      buffer[used++] = (byte) (value >>> 8);
      buffer[used++] = (byte) (value >>> 16);
      buffer[used++] = (byte) (value >>> 24);
    }
  }
}
