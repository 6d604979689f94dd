package io.mantissa.sources;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamWriteFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.mantissa.api.Event;
import io.mantissa.api.config.MantissaConfig;
import io.mantissa.sources.synthetic.SyntheticDataGenerator;
import io.mantissa.sources.synthetic.SyntheticDataset;
import io.mantissa.spi.ProviderContext;
import java.io.ByteArrayInputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
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
 * {@link CompactJson} writes a tree byte for byte as Jackson's UTF-8 generator with the fast double
 * writer does (the local store's generator), or gives no text, and only for what it leaves to the
 * store; and every event the parsers make carries that text for its OCSF fields.
 */
class CompactJsonProperties {
  /** Configured as the local store's writer (NdjsonWriter): UTF-8, Schubfach doubles. */
  private static final ObjectMapper STORE_LIKE =
      JsonMapper.builder().enable(StreamWriteFeature.USE_FAST_DOUBLE_WRITER).build();

  private static String jackson(Object tree) throws JsonProcessingException {
    return new String(STORE_LIKE.writeValueAsBytes(tree), StandardCharsets.UTF_8);
  }

  @Provide
  Arbitrary<String> texts() {
    // Control characters, quotes, backslashes, Latin-1, BMP, and surrogates (paired or not).
    return Arbitraries.oneOf(
        Arbitraries.strings().ofMaxLength(12),
        Arbitraries.strings()
            .withChars("\u0000\u0001\b\t\n\u000b\f\r\u001f\"\\/ \u007f\u00e9\u07ff\u0800\u2603")
            .ofMaxLength(12),
        Arbitraries.strings().withCharRange('\ud800', '\udfff').ofMaxLength(3),
        Arbitraries.of("actor", "user", "name", "uid", "\ud83d\ude00"));
  }

  @Provide
  Arbitrary<Object> values() {
    return Arbitraries.recursive(this::leaves, this::nested, 3);
  }

  private Arbitrary<Object> leaves() {
    return Arbitraries.oneOf(
        texts().map(s -> (Object) s),
        Arbitraries.integers().map(i -> (Object) i),
        Arbitraries.longs().map(l -> (Object) l),
        Arbitraries.doubles().map(d -> (Object) d),
        Arbitraries.of(
            Double.NaN,
            Double.POSITIVE_INFINITY,
            -0.0,
            1e-7,
            2e22,
            Long.MIN_VALUE,
            (short) -3,
            (byte) 7,
            true,
            false,
            new BigDecimal("1.50"),
            Instant.EPOCH),
        Arbitraries.just(null));
  }

  private Arbitrary<Object> nested(Arbitrary<Object> inner) {
    Arbitrary<Object> small =
        Arbitraries.maps(texts(), inner)
            .ofMaxSize(5)
            .map(
                m -> {
                  SmallMap s = new SmallMap(1);
                  s.putAll(m);
                  return (Object) s;
                });
    Arbitrary<Object> linked =
        Arbitraries.maps(texts(), inner).ofMaxSize(5).map(m -> (Object) new LinkedHashMap<>(m));
    Arbitrary<Object> list = inner.list().ofMaxSize(4).map(l -> (Object) new ArrayList<>(l));
    return Arbitraries.oneOf(small, linked, list);
  }

  @Property(tries = 2_000)
  void writesWhatTheStoresGeneratorWritesOrNothing(@ForAll("values") Object value)
      throws JsonProcessingException {
    Map<String, Object> tree = new SmallMap();
    tree.put("v", value);
    tree.put("time", 1L);
    String text = CompactJson.of(tree);
    if (text != null) {
      assertThat(text).isEqualTo(jackson(tree));
    } else {
      assertThat(leftToTheStore(tree)).as("why there is no text for %s", tree).isTrue();
    }
  }

  @Property(tries = 300)
  void namesAreCachedWithoutMixingThemUp(@ForAll("texts") String a, @ForAll("texts") String b)
      throws JsonProcessingException {
    // The same names again and again, equal and identical or not: the cache must not confuse them.
    for (int i = 0; i < 3; i++) {
      Map<String, Object> tree = new SmallMap();
      tree.put(a, 1);
      tree.put(new String(b), Map.of(new String(a), "x"));
      String text = CompactJson.of(tree);
      if (text != null) {
        assertThat(text).isEqualTo(jackson(tree));
      }
    }
  }

  @Test
  void aFloatIsWrittenAsTheDoubleTheStoreWrites() {
    // The store's writer widens a float to a double (Jackson alone would write the float's digits).
    Map<String, Object> tree = new SmallMap();
    tree.put("f", 1.1f);
    assertThat(CompactJson.of(tree)).isEqualTo("{\"f\":" + (double) 1.1f + "}");
  }

  /** Whether the tree holds a value that CompactJson leaves to the store. */
  private static boolean leftToTheStore(Object value) {
    if (value instanceof String s) {
      return s.chars().anyMatch(c -> Character.isSurrogate((char) c));
    }
    if (value instanceof Map<?, ?> m) {
      return m.entrySet().stream()
          .anyMatch(
              e -> leftToTheStore(String.valueOf(e.getKey())) || leftToTheStore(e.getValue()));
    }
    if (value instanceof List<?> l) {
      return l.stream().anyMatch(CompactJsonProperties::leftToTheStore);
    }
    return value instanceof BigDecimal || value instanceof Instant;
  }

  @Test
  void everyParsedEventOfEverySyntheticSourceCarriesItsOcsfText() throws Exception {
    SyntheticDataset dataset =
        SyntheticDataGenerator.builder()
            .end(Instant.parse("2026-11-26T00:00:00Z"))
            .days(1)
            .eventsPerDay(3_000)
            .seed(7)
            .build()
            .generate();
    SourceCatalog catalog = SourceCatalog.builtIn();
    int checked = 0;
    for (String source : dataset.sources()) {
      if (!(catalog.parser(source, ProviderContext.of(MantissaConfig.defaults(), source))
          instanceof JsonEventParser parser)) {
        continue;
      }
      RecordingEventStore store = new RecordingEventStore();
      byte[] input =
          (String.join("\n", dataset.lines(source)) + "\n").getBytes(StandardCharsets.UTF_8);
      NdjsonIngestor.builder(store)
          .build()
          .ingest(parser, new ByteArrayInputStream(input), source + ".ndjson");
      for (Event event : store.events()) {
        assertThat(event.normalizedJson())
            .as("%s %s", source, event.id())
            .contains(jackson(event.normalized()));
        checked++;
      }
    }
    assertThat(checked).isGreaterThan(1_000);
  }
}
