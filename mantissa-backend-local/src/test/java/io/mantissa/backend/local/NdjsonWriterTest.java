package io.mantissa.backend.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mantissa.api.Event;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.zip.GZIPOutputStream;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The batch file format: zstd or gzip NDJSON that zstd-jni, the JDK and DuckDB read back exactly.
 */
class NdjsonWriterTest {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  @TempDir Path dir;

  @Property
  void timesAreWrittenExactlyAsInstantToStringTruncatedToMicros(
      @ForAll @LongRange(min = -62_167_219_200L, max = 253_402_300_799L) long seconds,
      @ForAll @IntRange(min = 0, max = 999_999_999) int nanos) {
    Instant time = Instant.ofEpochSecond(seconds, nanos);
    char[] chars = new char[32];
    int length = NdjsonWriter.formatTime(time, chars);
    assertThat(new String(chars, 0, length))
        .isEqualTo(time.truncatedTo(ChronoUnit.MICROS).toString());
  }

  @Test
  void timesWithRoundFractionsAndTheRangeEnds() {
    char[] chars = new char[32];
    for (String text :
        List.of(
            "0000-01-01T00:00:00Z",
            "9999-12-31T23:59:59.999999Z",
            "2024-02-29T12:00:00.100Z",
            "2026-11-25T10:00:00.000001Z",
            "1969-12-31T23:59:59.5Z",
            "2000-03-01T00:00:00Z")) {
      Instant time = Instant.parse(text);
      int length = NdjsonWriter.formatTime(time, chars);
      assertThat(new String(chars, 0, length)).isEqualTo(time.toString());
    }
    assertThat(NdjsonWriter.formatTime(Instant.parse("+10000-01-01T00:00:00Z"), chars)).isZero();
    assertThat(NdjsonWriter.formatTime(Instant.parse("-0001-12-31T23:59:59Z"), chars)).isZero();
  }

  private static RawCompression fastest(RawCompression.Codec codec) {
    return new RawCompression(codec, 1);
  }

  @ParameterizedTest
  @EnumSource(RawCompression.Codec.class)
  void aLargeBatchIsOneValidStreamOfOneJsonObjectPerLine(RawCompression.Codec codec)
      throws Exception {
    List<Event> events = new ArrayList<>();
    Instant start = Instant.parse("2026-11-25T10:00:00.123456789Z");
    for (int i = 0; i < 3_000; i++) { // about 1.3 MB of JSON: many deflater and buffer rounds
      Map<String, Object> raw = new LinkedHashMap<>();
      raw.put("uuid", "id-" + i);
      raw.put("text", "caf\u00e9 \"quoted\" \\ tab\t line\n \u2603 \ud83d\ude00 " + i);
      raw.put("geo", Map.of("lat", 37.7697, "lon", -122.3933));
      raw.put("nan", Double.NaN);
      raw.put("list", List.of(1, 2L, true, "x"));
      raw.put("array", new Object[] {null, 1.5f});
      raw.put("padding", "p".repeat(300));
      events.add(
          new Event(
              "okta", start.plusMillis(i), "id-" + i, raw, Map.of("class_uid", 3002, "n", i)));
    }
    Path file = dir.resolve("batch" + codec.suffix());

    long size = NdjsonWriter.write(file, events, fastest(codec));

    assertThat(size).isEqualTo(Files.size(file));
    String text = TestEvents.decompress(file);
    assertThat(text).endsWith("\n");
    List<String> lines = List.of(text.substring(0, text.length() - 1).split("\n", -1));
    assertThat(lines).hasSize(events.size());
    JsonNode last = MAPPER.readTree(lines.get(2_999));
    assertThat(last.get("time").asText())
        .isEqualTo(start.plusMillis(2_999).truncatedTo(ChronoUnit.MICROS).toString());
    assertThat(last.get("id").asText()).isEqualTo("id-2999");
    JsonNode raw = last.get("raw");
    assertThat(raw.get("text").asText())
        .isEqualTo("caf\u00e9 \"quoted\" \\ tab\t line\n \u2603 \ud83d\ude00 2999");
    assertThat(raw.get("geo").get("lat").asDouble()).isEqualTo(37.7697);
    assertThat(raw.get("geo").get("lon").asDouble()).isEqualTo(-122.3933);
    assertThat(raw.get("nan").asText()).isEqualTo("NaN");
    assertThat(raw.get("list").toString()).isEqualTo("[1,2,true,\"x\"]");
    assertThat(raw.get("array").toString()).isEqualTo("[null,1.5]");
    assertThat(last.get("ocsf").get("n").asInt()).isEqualTo(2_999);

    assertThat(duckDbCount(file)).isEqualTo(events.size());
  }

  @ParameterizedTest
  @EnumSource(RawCompression.Codec.class)
  void anEmptyBatchIsAValidEmptyFile(RawCompression.Codec codec) throws Exception {
    Path file = dir.resolve("empty" + codec.suffix());

    NdjsonWriter.write(file, List.of(), fastest(codec));

    assertThat(Files.size(file)).isPositive();
    assertThat(TestEvents.decompress(file)).isEmpty();
  }

  /**
   * Barely compressible text (random hex, about 2:1) fills zstd's 256 KiB output buffer several
   * times, both while compressing blocks and while ending the frame, at a fast and a strong level.
   */
  @ParameterizedTest
  @ValueSource(ints = {-7, 1, 3, 19})
  void poorlyCompressibleZstdBatchesRoundTripThroughEveryBufferPath(int level) throws Exception {
    Random random = new Random(level);
    List<Event> events = new ArrayList<>();
    for (int i = 0; i < 600; i++) {
      StringBuilder noise = new StringBuilder();
      for (int j = 0; j < 200; j++) {
        noise.append(Long.toHexString(random.nextLong()));
      }
      Map<String, Object> raw = new LinkedHashMap<>();
      raw.put("noise", noise.toString());
      Event event = new Event("okta", Instant.EPOCH.plusSeconds(i), "n" + i, raw, Map.of());
      events.add(event);
    }
    Path file = dir.resolve("noise.ndjson.zst");

    long size = NdjsonWriter.write(file, events, RawCompression.zstd(level));

    assertThat(size).isEqualTo(Files.size(file)).isGreaterThan(3L << 18);
    String[] lines = TestEvents.decompress(file).split("\n");
    assertThat(lines).hasSize(600);
    for (int i = 0; i < 600; i++) {
      assertThat(MAPPER.readTree(lines[i]).get("raw").get("noise").asText())
          .isEqualTo(events.get(i).fields().get("noise"));
    }
    assertThat(duckDbCount(file)).isEqualTo(600);
  }

  @Test
  void zstdFramesCarryAContentChecksumThatCatchesACorruptedByte() throws Exception {
    Path file = dir.resolve("one.ndjson.zst");
    NdjsonWriter.write(file, List.of(TestEvents.okta("a", Instant.EPOCH)), RawCompression.DEFAULT);
    byte[] bytes = Files.readAllBytes(file);

    assertThat(Arrays.copyOf(bytes, 4))
        .isEqualTo(new byte[] {0x28, (byte) 0xb5, 0x2f, (byte) 0xfd}); // the zstd frame magic
    assertThat(bytes[4] & 0x04).as("Content_Checksum_flag").isEqualTo(0x04);

    bytes[bytes.length - 2] ^= 0x55; // inside the 4-byte checksum at the end
    Path corrupt = dir.resolve("corrupt.ndjson.zst");
    Files.write(corrupt, bytes);
    assertThatThrownBy(() -> TestEvents.decompress(corrupt)).isInstanceOf(IOException.class);
  }

  @Test
  void theGzipHeaderIsTheOneOfTheJdk() throws Exception {
    Path file = dir.resolve("one.ndjson.gz");
    NdjsonWriter.write(file, List.of(TestEvents.okta("a", Instant.EPOCH)), RawCompression.gzip(1));
    ByteArrayOutputStream jdk = new ByteArrayOutputStream();
    try (GZIPOutputStream gzip = new GZIPOutputStream(jdk)) {
      gzip.write('x');
    }

    assertThat(Arrays.copyOf(Files.readAllBytes(file), 10))
        .isEqualTo(Arrays.copyOf(jdk.toByteArray(), 10));
  }

  private static long duckDbCount(Path file) throws SQLException, IOException {
    try (Connection conn = DriverManager.getConnection("jdbc:duckdb:");
        Statement statement = conn.createStatement();
        ResultSet rs =
            statement.executeQuery(
                "SELECT count(*), count(DISTINCT id) FROM read_json('"
                    + file.toRealPath().toString().replace("'", "''")
                    + "', compression = 'auto_detect', format = 'newline_delimited')")) {
      rs.next();
      assertThat(rs.getLong(2)).isEqualTo(rs.getLong(1));
      return rs.getLong(1);
    }
  }
}
