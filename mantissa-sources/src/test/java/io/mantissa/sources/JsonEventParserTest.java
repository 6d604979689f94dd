package io.mantissa.sources;

import static org.assertj.core.api.Assertions.assertThat;

import io.mantissa.api.Event;
import io.mantissa.api.FieldPath;
import io.mantissa.api.SourceLocation;
import io.mantissa.spi.source.ParseResult;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonEventParserTest {
  static final SourceLocation AT = SourceLocation.line("test.ndjson", 7);
  private final SourceCatalog catalog = SourceCatalog.builtIn();
  private final JsonEventParser okta = parser("okta");

  private JsonEventParser parser(String source) {
    return new JsonEventParser(catalog.spec(source).orElseThrow());
  }

  static Event single(ParseResult result) {
    assertThat(result).isInstanceOf(ParseResult.Parsed.class);
    List<Event> events = ((ParseResult.Parsed) result).events();
    assertThat(events).hasSize(1);
    return events.get(0);
  }

  private static String reason(ParseResult result) {
    assertThat(result).isInstanceOf(ParseResult.Rejected.class);
    return ((ParseResult.Rejected) result).reason();
  }

  @Test
  void keepsEveryNativeFieldAndReadsTimeAndVendorId() {
    Event e =
        single(
            okta.parse(
                "{\"uuid\":\"u-1\",\"published\":\"2024-05-01T10:00:00.123Z\","
                    + "\"actor\":{\"alternateId\":\"alice@example.com\"},\"n\":[1,2]}",
                AT));
    assertThat(e.source()).isEqualTo("okta");
    assertThat(e.id()).isEqualTo("u-1");
    assertThat(e.time()).isEqualTo(Instant.parse("2024-05-01T10:00:00.123Z"));
    assertThat(e.field(FieldPath.of("actor.alternateId"))).isEqualTo("alice@example.com");
    assertThat(e.fields()).containsKeys("uuid", "published", "actor", "n");
    assertThat(e.normalizedField(FieldPath.of("actor.user.email_addr")))
        .isEqualTo("alice@example.com");
    assertThat(e.normalized()).containsEntry("identity_key", "alice@example.com");
  }

  @Test
  void withoutVendorIdUsesAStableContentHash() {
    JsonEventParser docker = parser("docker");
    Event a = single(docker.parse("{\"time\":1699483576,\"b\":1,\"a\":{\"y\":2,\"x\":1}}", AT));
    Event b = single(docker.parse("{ \"a\":{\"x\":1,\"y\":2}, \"b\":1, \"time\":1699483576 }", AT));
    Event c = single(docker.parse("{\"time\":1699483576,\"b\":2,\"a\":{\"y\":2,\"x\":1}}", AT));
    assertThat(a.id()).hasSize(32).matches("[0-9a-f]{32}").isEqualTo(b.id());
    assertThat(c.id()).isNotEqualTo(a.id());
  }

  @Test
  void blankVendorIdFallsBackToTheHash() {
    Event e = single(okta.parse("{\"uuid\":\" \",\"published\":\"2024-05-01T10:00:00Z\"}", AT));
    assertThat(e.id()).matches("[0-9a-f]{32}");
  }

  @Test
  void rejectsALineThatIsNotAnObject() {
    assertThat(reason(okta.parse("[1,2]", AT))).isEqualTo("line is not a JSON object");
    assertThat(reason(okta.parse("\"text\"", AT))).isEqualTo("line is not a JSON object");
    assertThat(reason(okta.parse("hello", AT))).startsWith("invalid JSON at column ");
  }

  @Test
  void rejectsTruncatedJsonWithAColumn() {
    assertThat(reason(okta.parse("{\"uuid\":\"u-1\",\"published\":\"2024", AT)))
        .startsWith("invalid JSON at column ");
  }

  @Test
  void rejectsTrailingContent() {
    assertThat(reason(okta.parse("{\"published\":\"2024-05-01T10:00:00Z\"} {}", AT)))
        .isEqualTo("unexpected content after the JSON object at column 38");
  }

  @Test
  void rejectsAMissingTimeField() {
    assertThat(reason(okta.parse("{\"uuid\":\"u-1\"}", AT)))
        .isEqualTo("field 'published' is missing");
    assertThat(reason(parser("github").parse("{\"action\":\"x\"}", AT)))
        .isEqualTo("field '@timestamp' is missing (also looked for 'created_at')");
  }

  @Test
  void rejectsABadTimeValue() {
    assertThat(reason(okta.parse("{\"published\":\"abc\"}", AT)))
        .isEqualTo("field 'published' value 'abc' is not a timestamp");
    assertThat(reason(okta.parse("{\"published\":true}", AT)))
        .isEqualTo("field 'published' value 'true' is not a timestamp");
  }

  @Test
  void unwrapsCloudTrailRecords() {
    JsonEventParser trail = parser("aws_cloudtrail");
    ParseResult result =
        trail.parse(
            "{\"Records\":[{\"eventTime\":\"2024-01-01T00:00:00Z\",\"eventID\":\"e1\"},"
                + "{\"eventTime\":\"2024-01-01T00:00:01Z\",\"eventID\":\"e2\"}]}",
            AT);
    assertThat(((ParseResult.Parsed) result).events())
        .extracting(Event::id)
        .containsExactly("e1", "e2");
  }

  @Test
  void aBadWrappedRecordRejectsTheLineNamingTheRecord() {
    JsonEventParser trail = parser("aws_cloudtrail");
    assertThat(
            reason(
                trail.parse(
                    "{\"Records\":[{\"eventTime\":\"2024-01-01T00:00:00Z\"},{\"eventID\":\"e\"}]}",
                    AT)))
        .isEqualTo("record 2 of 'Records': field 'eventTime' is missing");
    assertThat(reason(trail.parse("{\"Records\":[1]}", AT)))
        .isEqualTo("record 1 of 'Records': is not a JSON object");
  }

  @Test
  void anEmptyWrapperYieldsNoEvents() {
    ParseResult result = parser("aws_guardduty").parse("{\"findings\":[]}", AT);
    assertThat(((ParseResult.Parsed) result).events()).isEmpty();
  }

  @Test
  void readsNestedTimePaths() {
    Event e =
        single(
            parser("google_workspace")
                .parse("{\"id\":{\"time\":\"2020-10-02T15:00:00Z\"},\"kind\":\"k\"}", AT));
    assertThat(e.time()).isEqualTo(Instant.parse("2020-10-02T15:00:00Z"));
    assertThat(e.field(FieldPath.of("id.time"))).isEqualTo("2020-10-02T15:00:00Z");
    assertThat(e.fields())
        .isEqualTo(Map.of("id", Map.of("time", "2020-10-02T15:00:00Z"), "kind", "k"));
  }

  @Test
  void deepNestingIsRejectedNotThrown() {
    String deep = "{\"a\":".repeat(5_000) + "1" + "}".repeat(5_000);
    assertThat(reason(okta.parse(deep, AT))).contains("invalid JSON");
  }
}
