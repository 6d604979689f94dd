package io.mantissa.backend.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mantissa.api.Event;
import io.mantissa.api.TimeRange;
import io.mantissa.spi.query.QueryRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Events that carry the JSON text of their native fields ({@link Event#rawJson()}) have it written
 * as their {@code raw} column: byte for byte the same file when the text is what the writer would
 * produce, and the same query results when it is spelled differently (whitespace, escapes, number
 * forms), because DuckDB reads a JSON column as a value.
 */
class RawJsonWriteTest {
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {};
  private static final Clock LATER =
      Clock.fixed(Instant.parse("2026-11-27T00:00:00Z"), ZoneOffset.UTC);

  @TempDir Path dir;

  private static Event withText(Event event, String text) {
    return Event.parsed(
        event.source(), event.time(), event.id(), event.fields(), event.normalized(), text);
  }

  @ParameterizedTest
  @EnumSource(RawCompression.Codec.class)
  void theWritersOwnTextGivesTheSameFileContent(RawCompression.Codec codec) throws Exception {
    List<Event> plain = new ArrayList<>();
    List<Event> texted = new ArrayList<>();
    Instant start = Instant.parse("2026-11-25T10:00:00.123456Z");
    for (int i = 0; i < 2_000; i++) { // about 1 MB: many input and output buffer rounds
      Event event =
          TestEvents.okta("id-" + i, start.plusMillis(i), "user" + i + "@example.com", "SUCCESS");
      plain.add(event);
      texted.add(withText(event, MAPPER.writeValueAsString(event.fields())));
    }
    Path a = dir.resolve("plain" + codec.suffix());
    Path b = dir.resolve("texted" + codec.suffix());
    RawCompression compression =
        codec == RawCompression.Codec.ZSTD ? RawCompression.DEFAULT : RawCompression.gzip(2);

    NdjsonWriter.write(a, plain, compression);
    NdjsonWriter.write(b, texted, compression);

    String content = TestEvents.decompress(a);
    assertThat(TestEvents.decompress(b)).isEqualTo(content);
    assertThat(Files.readAllBytes(b)).isEqualTo(Files.readAllBytes(a));
    assertThat(content.split("\n", -1)).hasSize(2_001);
  }

  @ParameterizedTest
  @EnumSource(RawCompression.Codec.class)
  void theTextOfTheNormalizedFieldsIsWrittenAsTheirColumn(RawCompression.Codec codec)
      throws Exception {
    ObjectMapper storeLike =
        com.fasterxml.jackson.databind.json.JsonMapper.builder()
            .enable(com.fasterxml.jackson.core.StreamWriteFeature.USE_FAST_DOUBLE_WRITER)
            .build();
    List<Event> plain = new ArrayList<>();
    List<Event> texted = new ArrayList<>();
    Instant start = Instant.parse("2026-11-25T10:00:00.123456Z");
    for (int i = 0; i < 2_000; i++) {
      Event event =
          TestEvents.okta("id-" + i, start.plusMillis(i), "user" + i + "@example.com", "SUCCESS");
      plain.add(event);
      String ocsf =
          new String(
              storeLike.writeValueAsBytes(event.normalized()),
              java.nio.charset.StandardCharsets.UTF_8);
      texted.add(
          Event.parsed(
              event.source(),
              event.time(),
              event.id(),
              event.fields(),
              event.normalized(),
              i % 2 == 0 ? MAPPER.writeValueAsString(event.fields()) : null,
              ocsf));
    }
    assertThat(plain.get(0).normalized()).isNotEmpty();
    Path a = dir.resolve("plain" + codec.suffix());
    Path b = dir.resolve("texted" + codec.suffix());
    RawCompression compression =
        codec == RawCompression.Codec.ZSTD ? RawCompression.DEFAULT : RawCompression.gzip(2);

    NdjsonWriter.write(a, plain, compression);
    NdjsonWriter.write(b, texted, compression);

    assertThat(TestEvents.decompress(b)).isEqualTo(TestEvents.decompress(a));
    assertThat(Files.readAllBytes(b)).isEqualTo(Files.readAllBytes(a));

    // A text spelled differently is written as it is: the column holds that text.
    Event odd =
        Event.parsed(
            "okta",
            start,
            "odd",
            Map.of("a", 1),
            Map.of("class_uid", 3002),
            null,
            "{ \"class_uid\" : 3002 }");
    Path c = dir.resolve("odd" + codec.suffix());
    NdjsonWriter.write(c, List.of(odd), compression);
    assertThat(TestEvents.decompress(c)).contains("\"ocsf\":{ \"class_uid\" : 3002 }}");
  }

  @Test
  void aDifferentlySpelledTextIsValidNdjsonAndQueriesTheSame() throws Exception {
    String[] lines = {
      "{\"uuid\": \"a\", \"published\": \"2026-11-25T10:00:00Z\", \"msg\" : \"caf\\u00e9 \\/"
          + " \\\"q\\\" \\\\ \\t\", \"n\": 1.50, \"e\": 1e5, \"z\": -0, \"list\": [ 1 , {\"k\":"
          + " null} ]}",
      "{\"uuid\":\"b\",\"published\":\"2026-11-25T10:00:01Z\",\"msg\":\"\u2603 \ud83d\ude00\","
          + "\"n\":12345678901234567890,\"e\":-2.5E-3,\"z\":false,\"list\":[]}"
    };
    List<Event> plain = new ArrayList<>();
    List<Event> texted = new ArrayList<>();
    for (String line : lines) {
      Map<String, Object> fields = MAPPER.readValue(line, MAP);
      Instant time = Instant.parse((String) fields.get("published"));
      Event event =
          new Event("okta", time, (String) fields.get("uuid"), fields, Map.of("class_uid", 3002));
      plain.add(event);
      texted.add(withText(event, line));
    }
    Path plainDir = dir.resolve("plain");
    Path textedDir = dir.resolve("texted");
    try (LocalEventStore a = LocalEventStore.open(plainDir, LATER);
        LocalEventStore b = LocalEventStore.open(textedDir, LATER)) {
      a.append("okta", plain);
      b.append("okta", texted);
    }

    String stored;
    try (var files = Files.walk(textedDir.resolve("lake"))) {
      Path file = files.filter(p -> p.toString().endsWith(".ndjson.zst")).findFirst().orElseThrow();
      stored = TestEvents.decompress(file);
    }
    String[] storedLines = stored.split("\n");
    assertThat(storedLines).hasSize(2);
    for (int i = 0; i < 2; i++) {
      JsonNode line = MAPPER.readTree(storedLines[i]);
      assertThat(line.fieldNames())
          .toIterable()
          .containsExactly("time", "source", "id", "raw", "ocsf");
      assertThat(line.get("raw")).isEqualTo(MAPPER.readTree(lines[i]));
      assertThat(storedLines[i]).contains("\"raw\":" + lines[i] + ",\"ocsf\":");
    }

    String sql =
        "SELECT id, time, raw::VARCHAR, raw->>'$.msg', raw->'$.n', raw->'$.e', raw->>'$.z',"
            + " raw->'$.list', CAST(ocsf->'$.class_uid' AS INTEGER) FROM okta ORDER BY id";
    List<List<Object>> expected = query(plainDir, sql);
    List<List<Object>> actual = query(textedDir, sql);
    assertThat(actual).hasSize(2).isEqualTo(expected);
    assertThat(actual.get(0).get(3)).isEqualTo("caf\u00e9 / \"q\" \\ \t");
  }

  private static List<List<Object>> query(Path dataDir, String sql) {
    try (LocalQueryBackend backend = LocalQueryBackend.open(dataDir)) {
      return backend.execute(QueryRequest.of(sql, TimeRange.all())).rows();
    }
  }
}
