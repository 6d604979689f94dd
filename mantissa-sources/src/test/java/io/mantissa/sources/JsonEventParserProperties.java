package io.mantissa.sources;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
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

/** Native fields survive parsing unchanged, and the content hash ignores key order. */
class JsonEventParserProperties {
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private final JsonEventParser docker =
      new JsonEventParser(SourceCatalog.builtIn().spec("docker").orElseThrow());

  @Provide
  Arbitrary<Map<String, Object>> records() {
    Arbitrary<Object> leaf =
        Arbitraries.oneOf(
            Arbitraries.strings().ofMaxLength(12).map(Object.class::cast),
            Arbitraries.integers().map(Object.class::cast),
            Arbitraries.of(true, false).map(Object.class::cast));
    Arbitrary<Object> nested =
        Arbitraries.oneOf(
            leaf,
            Arbitraries.maps(Arbitraries.strings().alpha().ofMinLength(1).ofMaxLength(6), leaf)
                .ofMaxSize(4)
                .map(Object.class::cast),
            leaf.list().ofMaxSize(4).map(Object.class::cast));
    return Arbitraries.maps(Arbitraries.strings().alpha().ofMinLength(1).ofMaxLength(8), nested)
        .ofMaxSize(8)
        .map(
            m -> {
              Map<String, Object> record = new LinkedHashMap<>(m);
              record.put("time", 1_700_000_000);
              return record;
            });
  }

  @Property(tries = 300)
  void nativeFieldsAreKeptExactly(@ForAll("records") Map<String, Object> record) throws Exception {
    ParseResult r = docker.parse(MAPPER.writeValueAsString(record), SourceLocation.line("p", 1));
    assertThat(r).isInstanceOf(ParseResult.Parsed.class);
    Event e = ((ParseResult.Parsed) r).events().get(0);
    JsonNode parsed = MAPPER.valueToTree(e.fields());
    JsonNode original = MAPPER.valueToTree(record);
    assertThat(parsed).isEqualTo(original);
  }

  @Property(tries = 200)
  void theContentHashIgnoresKeyOrder(@ForAll("records") Map<String, Object> record)
      throws Exception {
    Map<String, Object> reversed = new LinkedHashMap<>();
    List<String> keys = new java.util.ArrayList<>(record.keySet());
    java.util.Collections.reverse(keys);
    keys.forEach(k -> reversed.put(k, record.get(k)));
    String a = idOf(MAPPER.writeValueAsString(record));
    String b = idOf(MAPPER.writeValueAsString(reversed));
    assertThat(a).isEqualTo(b).hasSize(JsonEventParser.HASH_HEX_CHARS);
  }

  private String idOf(String line) {
    return ((ParseResult.Parsed) docker.parse(line, SourceLocation.line("p", 1)))
        .events()
        .get(0)
        .id();
  }
}
