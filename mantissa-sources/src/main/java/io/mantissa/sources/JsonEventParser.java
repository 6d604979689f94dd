package io.mantissa.sources;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.mantissa.api.Event;
import io.mantissa.api.FieldPath;
import io.mantissa.api.SourceLocation;
import io.mantissa.spi.source.EventParser;
import io.mantissa.spi.source.ParseResult;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Parses records that are one JSON object each into events, keeping every native field. The event
 * time comes from the first present time path of the {@link SourceSpec} (see {@link Timestamps} for
 * the accepted forms), the id from the first present vendor id path, or else from a content hash
 * (SHA-256 over the source id and the record with sorted keys, hex, first 32 characters), so that
 * the same record always gets the same id.
 *
 * <p>A document holding its records in a wrapper array ({@code {"Records":[...]}} for CloudTrail,
 * {@code {"records":[...]}} from Event Hub) yields one event per element; a whole pretty-printed
 * document is one record too. A record inside a delivery envelope (EventBridge {@code detail}, AKS
 * {@code properties.log}, Pub/Sub {@code message.data}) is opened, the envelope's own fields kept
 * under {@code _envelope}. Each event also gets its source's OCSF fields ({@link
 * Event#normalized()}). Bad records are rejected with a precise reason; this class never throws for
 * bad input.
 *
 * <p>An event read from a record that is one JSON object on one line (an NDJSON line) carries that
 * line ({@link Event#parsed}, {@link Event#rawJson()}), so that a store can write it instead of
 * serialising the fields again; not when a key repeats (the fields keep its last value) or a number
 * overflows a double, nor for records of a wrapper array or opened from an envelope. Every event
 * also carries the JSON text of its OCSF fields ({@link Event#normalizedJson()}), written right
 * after they are built, for the same reason.
 */
public final class JsonEventParser implements EventParser {
  private static final Logger LOG = LoggerFactory.getLogger(JsonEventParser.class);
  static final int HASH_HEX_CHARS = 32;
  private static final int MAX_QUOTED_VALUE = 64;
  private static final ObjectMapper MAPPER = JsonMapper.builder().build();
  private static final ObjectMapper CANONICAL =
      JsonMapper.builder().enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS).build();

  private final SourceSpec spec;
  private final List<Envelope> envelopes;
  private final Normalizer normalizer;

  /** The spec's paths and keys as arrays: read for every record, without iterators. */
  private final String[] wrapperKeys;

  private final FieldPath[] timePaths;
  private final FieldPath[] idPaths;

  /**
   * A parser for the records of one source. A built-in source id also gets the source's delivery
   * envelopes (EventBridge, AKS diagnostic records, Pub/Sub push) and its OCSF normalization.
   */
  public JsonEventParser(SourceSpec spec) {
    this(spec, SourceProfiles.envelopes(spec.id()), SourceProfiles.normalizer(spec.id()));
  }

  JsonEventParser(SourceSpec spec, List<Envelope> envelopes, Normalizer normalizer) {
    this.spec = Objects.requireNonNull(spec, "spec");
    this.envelopes = List.copyOf(envelopes);
    this.normalizer = Objects.requireNonNull(normalizer, "normalizer");
    this.wrapperKeys = spec.wrapperKeys().toArray(String[]::new);
    this.timePaths = spec.timePaths().toArray(FieldPath[]::new);
    this.idPaths = spec.idPaths().toArray(FieldPath[]::new);
  }

  @Override
  public String source() {
    return spec.id();
  }

  /** The spec this parser reads records by. */
  public SourceSpec spec() {
    return spec;
  }

  @Override
  public ParseResult parse(String record, SourceLocation location) {
    Read read;
    try {
      read = readObject(record);
    } catch (JsonProcessingException e) {
      return new ParseResult.Rejected(describe(e));
    } catch (IOException | RuntimeException e) {
      return new ParseResult.Rejected("invalid JSON: " + e.getMessage());
    }
    if (read.rejection() != null) {
      return new ParseResult.Rejected(read.rejection());
    }
    Map<String, Object> fields = read.fields();
    String wrapperKey = wrapperKeyOf(fields);
    if (wrapperKey == null) {
      return openAndConvert(fields, "", read.exact() ? oneLineObject(record) : null);
    }
    List<?> records = (List<?>) fields.get(wrapperKey);
    List<Event> events = new ArrayList<>(records.size());
    for (int i = 0; i < records.size(); i++) {
      String where = "record " + (i + 1) + " of '" + wrapperKey + "': ";
      if (!(records.get(i) instanceof Map<?, ?> element)) {
        return new ParseResult.Rejected(where + "is not a JSON object");
      }
      @SuppressWarnings("unchecked")
      Map<String, Object> typed = (Map<String, Object>) element;
      ParseResult result = openAndConvert(typed, where, null);
      if (result instanceof ParseResult.Rejected) {
        return result;
      }
      events.addAll(((ParseResult.Parsed) result).events());
    }
    return new ParseResult.Parsed(events);
  }

  /**
   * A JSON object read from a record, or why there is none; {@code exact} when {@code fields} is
   * the whole JSON value of the record's text (no key twice, every number finite), so that the text
   * can stand for the fields.
   */
  private record Read(Map<String, Object> fields, boolean exact, String rejection) {}

  private static Read readObject(String record) throws IOException {
    byte[] ascii = asciiBytes(record);
    if (ascii != null) {
      // Jackson's byte parser is faster than its char parser; it reads the same tree from ASCII
      // text. Any rejection is read again from the text so that its message is the one below.
      try (JsonParser parser = MAPPER.createParser(ascii)) {
        Read read = readObject(parser);
        if (read.rejection() == null) {
          return read;
        }
      } catch (IOException | RuntimeException e) {
        // read again below for the exact message
      }
    }
    try (JsonParser parser = MAPPER.createParser(record)) {
      return readObject(parser);
    }
  }

  /** The bytes of {@code text} when all its characters are ASCII, else {@code null}. */
  private static byte[] asciiBytes(String text) {
    byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
    if (utf8.length != text.length()) {
      return null; // some character took more than one byte
    }
    if (text.indexOf('?') >= 0) {
      // An unpaired surrogate is encoded as '?': make sure every '?' is one.
      for (int i = 0; i < text.length(); i++) {
        if (text.charAt(i) >= 0x80) {
          return null;
        }
      }
    }
    return utf8;
  }

  private static Read readObject(JsonParser parser) throws IOException {
    if (parser.nextToken() != JsonToken.START_OBJECT) {
      return new Read(null, false, "line is not a JSON object");
    }
    TreeReader reader = new TreeReader(parser);
    // Records usually have 15-40 top-level keys: sized so that the map is not grown twice.
    Map<String, Object> map = reader.readObject(SmallMap.forReading(TreeReader.SMALL));
    JsonToken trailing;
    try {
      trailing = parser.nextToken();
    } catch (JsonProcessingException e) {
      return new Read(
          null,
          false,
          "unexpected content after the JSON object at column " + column(e.getLocation()));
    }
    if (trailing != null) {
      return new Read(
          null,
          false,
          "unexpected content after the JSON object at column "
              + column(parser.currentTokenLocation()));
    }
    return new Read(map, reader.exact, null);
  }

  /**
   * Builds the tree of a JSON object as Jackson's untyped deserialisation does (maps in insertion
   * order, {@link ArrayList}, {@link String}, {@link Integer}/{@link Long}/{@link
   * java.math.BigInteger}, {@link Double}, {@link Boolean}, {@code null}; a repeated key keeps its
   * last value), and notes whether the tree is the exact value of the text: no repeated key and no
   * number that overflows a double. An object of up to {@value #SMALL} keys is a {@link SmallMap}
   * (no hash table or entry nodes to build; equal to the {@link LinkedHashMap} Jackson makes), a
   * larger one a {@link LinkedHashMap}, so that lookups in large objects stay hashed.
   */
  private static final class TreeReader {
    static final int SMALL = SmallMap.LIMIT;

    private final JsonParser parser;
    private boolean exact = true;

    TreeReader(JsonParser parser) {
      this.parser = parser;
    }

    /** Reads the object whose START_OBJECT is the current token. */
    Map<String, Object> readObject() throws IOException {
      return readObject(SmallMap.forReading(8));
    }

    /** Reads the object whose START_OBJECT is the current token into {@code map}. */
    Map<String, Object> readObject(Map<String, Object> map) throws IOException {
      String name;
      while ((name = parser.nextFieldName()) != null) {
        parser.nextToken();
        int size = map.size();
        if (size == SMALL && map instanceof SmallMap) {
          Map<String, Object> large = new LinkedHashMap<>(4 * SMALL);
          large.putAll(map);
          map = large;
        }
        map.put(name, readValue());
        if (map.size() == size) {
          exact = false; // a repeated key: the text holds a value the map does not
        }
      }
      return map;
    }

    private Object readValue() throws IOException {
      JsonToken token = parser.currentToken();
      switch (token) {
        case START_OBJECT:
          return readObject();
        case START_ARRAY:
          List<Object> list = new ArrayList<>();
          while (parser.nextToken() != JsonToken.END_ARRAY) {
            list.add(readValue());
          }
          return list;
        case VALUE_STRING:
          return parser.getText();
        case VALUE_NUMBER_INT:
          return parser.getNumberValue();
        case VALUE_NUMBER_FLOAT:
          double d = parser.getDoubleValue();
          if (!Double.isFinite(d)) {
            exact = false;
          }
          return d;
        case VALUE_TRUE:
          return Boolean.TRUE;
        case VALUE_FALSE:
          return Boolean.FALSE;
        case VALUE_NULL:
          return null;
        default:
          throw new IOException("unexpected JSON token " + token);
      }
    }
  }

  private static String describe(JsonProcessingException e) {
    String message = Envelope.Envelopes.firstLine(e.getOriginalMessage());
    JsonLocation location = e.getLocation();
    return location == null
        ? "invalid JSON: " + message
        : "invalid JSON at column " + column(location) + ": " + message;
  }

  private static long column(JsonLocation location) {
    return location == null ? 0 : Math.max(1, location.getColumnNr());
  }

  /**
   * The key of the wrapper array holding this document's records, or {@code null} when the object
   * is a record itself (it has a time field, or no wrapper key holds an array).
   */
  private String wrapperKeyOf(Map<String, Object> fields) {
    String wrapperKey = null;
    for (String key : wrapperKeys) {
      if (fields.get(key) instanceof List<?>) {
        wrapperKey = key;
        break;
      }
    }
    if (wrapperKey == null) {
      return null;
    }
    for (FieldPath path : timePaths) {
      if (path.lookup(fields) != null) {
        return null;
      }
    }
    return wrapperKey;
  }

  /**
   * The record's text without surrounding whitespace when it is one JSON object on one line (an
   * NDJSON line), else {@code null}.
   */
  private static String oneLineObject(String record) {
    String text = record.trim();
    int last = text.length() - 1;
    if (last < 1
        || text.charAt(0) != '{'
        || text.charAt(last) != '}'
        || text.indexOf('\n') >= 0
        || text.indexOf('\r') >= 0) {
      return null;
    }
    return text;
  }

  /**
   * Opens the delivery envelope of a record, if any, then converts it. {@code rawJson} is the JSON
   * text of exactly {@code fields}, or {@code null}; it is dropped when an envelope is opened.
   */
  private ParseResult openAndConvert(Map<String, Object> fields, String where, String rawJson) {
    Map<String, Object> record = fields;
    try {
      for (Envelope envelope : envelopes) {
        Map<String, Object> inner = envelope.open(fields);
        if (inner != null) {
          record = inner;
          rawJson = null;
          break;
        }
      }
    } catch (RecordRejected e) {
      return new ParseResult.Rejected(where + e.getMessage());
    } catch (RuntimeException e) {
      return new ParseResult.Rejected(where + "cannot open the delivery envelope: " + e);
    }
    return toEvent(record, where, rawJson);
  }

  /** The event of one record, or why it was rejected ({@code where} prefixes the reason). */
  ParseResult toEvent(Map<String, Object> fields, String where) {
    return toEvent(fields, where, null);
  }

  /**
   * Like {@link #toEvent(Map, String)}; when {@code rawJson} (the JSON text of exactly {@code
   * fields}) is not {@code null} the event carries it (see {@link Event#parsed}), so that stores
   * can write it instead of serialising the fields again.
   */
  private ParseResult toEvent(Map<String, Object> fields, String where, String rawJson) {
    for (FieldPath path : timePaths) {
      Object value = path.lookup(fields);
      if (value != null) {
        Optional<Instant> time = Timestamps.parse(value);
        if (time.isEmpty()) {
          return new ParseResult.Rejected(
              where + "field '" + path + "' value '" + quote(value) + "' is not a timestamp");
        }
        Map<String, Object> normalized;
        try {
          normalized = normalizer.normalize(fields, time.get());
        } catch (RuntimeException e) {
          LOG.warn("normalizer of {} failed", spec.id(), e);
          return new ParseResult.Rejected(where + "cannot normalize the record: " + e);
        }
        // The normalized tree's JSON text, written now while the tree is in the cache: the store
        // writes it instead of walking the tree again (null when the tree holds a value left to
        // the store, see CompactJson).
        String normalizedJson = CompactJson.of(normalized);
        Event event =
            Event.parsed(
                spec.id(), time.get(), idOf(fields), fields, normalized, rawJson, normalizedJson);
        return new ParseResult.Parsed(List.of(event));
      }
    }
    StringBuilder reason =
        new StringBuilder(where)
            .append("field '")
            .append(spec.timePaths().get(0))
            .append("' is missing");
    if (spec.timePaths().size() > 1) {
      reason.append(" (also looked for ");
      for (int i = 1; i < spec.timePaths().size(); i++) {
        reason.append(i > 1 ? ", '" : "'").append(spec.timePaths().get(i)).append('\'');
      }
      reason.append(')');
    }
    return new ParseResult.Rejected(reason.toString());
  }

  private String idOf(Map<String, Object> fields) {
    for (FieldPath path : idPaths) {
      Object value = path.lookup(fields);
      if ((value instanceof String s && !s.isBlank()) || value instanceof Number) {
        return value.toString();
      }
    }
    return contentHash(spec.id(), fields);
  }

  /** SHA-256 over the source id and the record with sorted keys, hex, first 32 characters. */
  static String contentHash(String source, Map<String, Object> fields) {
    try {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      digest.update(source.getBytes(StandardCharsets.UTF_8));
      digest.update((byte) '\n');
      digest.update(CANONICAL.writeValueAsBytes(fields));
      return HexFormat.of().formatHex(digest.digest()).substring(0, HASH_HEX_CHARS);
    } catch (NoSuchAlgorithmException | JsonProcessingException e) {
      throw new IllegalStateException("cannot hash an event of " + source, e);
    }
  }

  private static String quote(Object value) {
    String text = String.valueOf(value);
    return text.length() <= MAX_QUOTED_VALUE ? text : text.substring(0, MAX_QUOTED_VALUE) + "...";
  }
}
