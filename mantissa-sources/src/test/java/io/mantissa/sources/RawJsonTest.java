package io.mantissa.sources;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mantissa.api.Event;
import io.mantissa.api.SourceLocation;
import io.mantissa.spi.source.ParseResult;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

/**
 * An event parsed from one JSON object on one line carries that line ({@link Event#rawJson()}) when
 * the line's JSON value is exactly the event's native fields, and only then; the fields are those
 * of Jackson's untyped deserialisation.
 */
class RawJsonTest {
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {};
  private static final SourceLocation AT = SourceLocation.line("test", 1);
  private final JsonEventParser docker =
      new JsonEventParser(SourceCatalog.builtIn().spec("docker").orElseThrow());

  private static List<Event> events(ParseResult result) {
    assertThat(result).isInstanceOf(ParseResult.Parsed.class);
    return ((ParseResult.Parsed) result).events();
  }

  private Event one(String line) {
    List<Event> events = events(docker.parse(line, AT));
    assertThat(events).hasSize(1);
    return events.get(0);
  }

  @Test
  void anNdjsonLineIsKeptWithoutSurroundingWhitespace() throws Exception {
    String line = "{\"time\": 1700000000, \"msg\" : \"caf\\u00e9 \\/ \\\"q\\\"\", \"n\":1.50}";
    Event event = one("  " + line + "\t\r");

    assertThat(event.rawJson()).contains(line);
    assertThat(event.fields()).isEqualTo(MAPPER.readValue(line, MAP));
    assertThat(event.fields().get("msg")).isEqualTo("caf\u00e9 / \"q\"");
  }

  @Test
  void aRepeatedKeyKeepsItsLastValueAndNoText() throws Exception {
    String line = "{\"time\":1700000000,\"a\":1,\"a\":null}";
    Event event = one(line);

    assertThat(event.rawJson()).isEmpty();
    assertThat(event.fields()).isEqualTo(MAPPER.readValue(line, MAP)).containsEntry("a", null);
    assertThat(one("{\"time\":1700000000,\"o\":{\"b\":1,\"b\":2}}").rawJson()).isEmpty();
  }

  @Test
  void aNumberBeyondDoubleRangeGivesNoText() {
    assertThat(one("{\"time\":1700000000,\"big\":1e400}").rawJson()).isEmpty();
    assertThat(one("{\"time\":1700000000,\"big\":123456789012345678901234567890}").rawJson())
        .isPresent();
  }

  @Test
  void aMultiLineRecordGivesNoText() {
    assertThat(one("{\"time\":1700000000,\n\"a\":1}").rawJson()).isEmpty();
  }

  @Test
  void recordsOfAWrapperArrayHaveNoText() {
    JsonEventParser trail =
        new JsonEventParser(SourceCatalog.builtIn().spec("aws_cloudtrail").orElseThrow());
    List<Event> events =
        events(
            trail.parse(
                "{\"Records\":[{\"eventTime\":\"2024-01-01T00:00:00Z\",\"eventID\":\"e1\"},"
                    + "{\"eventTime\":\"2024-01-01T00:00:01Z\",\"eventID\":\"e2\"}]}",
                AT));

    assertThat(events).hasSize(2).allSatisfy(e -> assertThat(e.rawJson()).isEmpty());
    assertThat(
            events(trail.parse("{\"eventTime\":\"2024-01-01T00:00:00Z\",\"eventID\":\"e\"}", AT))
                .get(0)
                .rawJson())
        .isPresent();
  }

  @Test
  void aRecordOpenedFromAnEnvelopeHasNoText() {
    JsonEventParser bridged =
        new JsonEventParser(
            SourceCatalog.builtIn().spec("docker").orElseThrow(),
            List.of(Envelope.EVENT_BRIDGE),
            SourceProfiles.normalizer("docker"));
    Event event =
        events(
                bridged.parse(
                    "{\"version\":\"0\",\"id\":\"eb-1\",\"detail-type\":\"X\",\"source\":\"s\","
                        + "\"time\":\"2024-05-01T10:05:01Z\",\"detail\":{\"time\":1700000000,"
                        + "\"a\":1}}",
                    AT))
            .get(0);

    assertThat(event.fields()).containsKey("_envelope").containsEntry("a", 1);
    assertThat(event.rawJson()).isEmpty();
  }

  @Provide
  Arbitrary<Map<String, Object>> records() {
    Arbitrary<Object> leaf =
        Arbitraries.oneOf(
            Arbitraries.strings().ofMaxLength(12).map(Object.class::cast),
            Arbitraries.integers().map(Object.class::cast),
            Arbitraries.longs().map(Object.class::cast),
            Arbitraries.bigIntegers().map(Object.class::cast),
            Arbitraries.doubles().map(Object.class::cast),
            Arbitraries.of(true, false).map(Object.class::cast),
            Arbitraries.just(null));
    Arbitrary<Object> nested =
        Arbitraries.oneOf(
            leaf,
            Arbitraries.maps(Arbitraries.strings().ofMinLength(1).ofMaxLength(6), leaf)
                .ofMaxSize(4)
                .map(Object.class::cast),
            leaf.list().ofMaxSize(4).map(Object.class::cast));
    return Arbitraries.maps(Arbitraries.strings().ofMinLength(1).ofMaxLength(8), nested)
        .ofMaxSize(8)
        .map(
            m -> {
              Map<String, Object> record = new LinkedHashMap<>(m);
              record.put("time", 1_700_000_000);
              return record;
            });
  }

  @Property(tries = 500)
  void theFieldsAreJacksonsTreeAndTheLineIsKept(@ForAll("records") Map<String, Object> record)
      throws Exception {
    String line = MAPPER.writeValueAsString(record);
    Event event = one(line);

    assertThat(event.fields()).isEqualTo(MAPPER.readValue(line, MAP));
    assertThat(event.rawJson()).contains(line);
    String spaced = line.replace(",\"", ", \"").replace("\":", "\" : ");
    Event fromSpaced = one(spaced);
    assertThat(fromSpaced.fields()).isEqualTo(MAPPER.readValue(spaced, MAP));
    assertThat(fromSpaced.rawJson()).contains(spaced);
  }
}
