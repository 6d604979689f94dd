package io.mantissa.backend.local;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.StreamWriteFeature;
import com.fasterxml.jackson.core.io.SerializedString;
import io.mantissa.api.Event;
import java.io.BufferedOutputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.file.Path;
import java.time.temporal.ChronoUnit;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.zip.Deflater;
import java.util.zip.GZIPOutputStream;

/**
 * Writes events as gzip-compressed newline-delimited JSON, one object per line: {@code
 * {"time":…,"source":…,"id":…,"raw":{…},"ocsf":{…}}}. The maps are streamed straight into the
 * generator; times are written in ISO-8601 UTC with at most microsecond precision (the engine's).
 */
final class NdjsonWriter {
  private static final int BUFFER = 1 << 17;
  private static final JsonFactory JSON =
      JsonFactory.builder().disable(StreamWriteFeature.AUTO_CLOSE_TARGET).build();

  /** Field names repeat across events: encode each once (bounded, so odd inputs cannot grow it). */
  private static final int MAX_CACHED_NAMES = 16_384;

  private static final ConcurrentMap<String, SerializedString> NAMES = new ConcurrentHashMap<>();
  private static final SerializedString TIME = new SerializedString("time");
  private static final SerializedString SOURCE = new SerializedString("source");
  private static final SerializedString ID = new SerializedString("id");
  private static final SerializedString RAW = new SerializedString("raw");
  private static final SerializedString OCSF = new SerializedString("ocsf");

  private NdjsonWriter() {}

  /**
   * Writes the events to {@code file}, forces it to disk and returns its size in bytes.
   *
   * @param level the deflate level, 1 (fastest) to 9
   */
  static long write(Path file, List<Event> events, int level) throws IOException {
    try (FileOutputStream fos = new FileOutputStream(file.toFile())) {
      FastGzip gzip = new FastGzip(new BufferedOutputStream(fos, BUFFER), level);
      try (JsonGenerator gen = JSON.createGenerator(gzip, JsonEncoding.UTF8)) {
        gen.setRootValueSeparator(null);
        for (Event event : events) {
          writeEvent(gen, event);
        }
      }
      gzip.finish();
      gzip.flush();
      fos.getChannel().force(true);
      return fos.getChannel().size();
    }
  }

  private static void writeEvent(JsonGenerator gen, Event event) throws IOException {
    gen.writeStartObject();
    gen.writeFieldName(TIME);
    gen.writeString(event.time().truncatedTo(ChronoUnit.MICROS).toString());
    gen.writeFieldName(SOURCE);
    gen.writeString(event.source());
    gen.writeFieldName(ID);
    gen.writeString(event.id());
    gen.writeFieldName(RAW);
    writeMap(gen, event.fields());
    gen.writeFieldName(OCSF);
    writeMap(gen, event.normalized());
    gen.writeEndObject();
    gen.writeRaw('\n');
  }

  private static void writeMap(JsonGenerator gen, Map<?, ?> map) throws IOException {
    gen.writeStartObject();
    for (Map.Entry<?, ?> entry : map.entrySet()) {
      writeName(gen, String.valueOf(entry.getKey()));
      writeValue(gen, entry.getValue());
    }
    gen.writeEndObject();
  }

  private static void writeName(JsonGenerator gen, String name) throws IOException {
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

  private static void writeValue(JsonGenerator gen, Object value) throws IOException {
    if (value == null) {
      gen.writeNull();
    } else if (value instanceof String s) {
      gen.writeString(s);
    } else if (value instanceof Map<?, ?> m) {
      writeMap(gen, m);
    } else if (value instanceof Integer i) {
      gen.writeNumber(i);
    } else if (value instanceof Long l) {
      gen.writeNumber(l);
    } else if (value instanceof Boolean b) {
      gen.writeBoolean(b);
    } else if (value instanceof Collection<?> c) {
      gen.writeStartArray();
      for (Object item : c) {
        writeValue(gen, item);
      }
      gen.writeEndArray();
    } else if (value instanceof Double d) {
      writeDouble(gen, d);
    } else if (value instanceof Float f) {
      writeDouble(gen, f.doubleValue());
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
        writeValue(gen, item);
      }
      gen.writeEndArray();
    } else {
      gen.writeString(value.toString());
    }
  }

  private static void writeDouble(JsonGenerator gen, double d) throws IOException {
    if (Double.isFinite(d)) {
      gen.writeNumber(d);
    } else {
      gen.writeString(Double.toString(d)); // JSON has no NaN or infinities
    }
  }

  /** A GZIP stream with a chosen deflate level and a large buffer. */
  private static final class FastGzip extends GZIPOutputStream {
    FastGzip(OutputStream out, int level) throws IOException {
      super(out, BUFFER);
      def.setLevel(level);
      def.setStrategy(Deflater.DEFAULT_STRATEGY);
    }
  }
}
