package io.mantissa.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Events, and the JSON texts that a parsed event carries with its native and its normalized fields.
 */
class EventTest {
  private static final Instant TIME = Instant.parse("2026-11-26T00:00:00Z");
  private static final String JSON = "{\"uuid\":\"a\",\"n\":1,\"nested\":{\"x\":[true,null]}}";

  private static Map<String, Object> fields() {
    Map<String, Object> nested = new LinkedHashMap<>();
    nested.put("x", Arrays.asList(true, null));
    Map<String, Object> fields = new LinkedHashMap<>();
    fields.put("uuid", "a");
    fields.put("n", 1);
    fields.put("nested", nested);
    return fields;
  }

  @Test
  void aParsedEventCarriesItsTextAndEqualsTheSameEventWithout() {
    Event parsed = Event.parsed("okta", TIME, "a", fields(), Map.of("class_uid", 3002), JSON);
    Event plain = new Event("okta", TIME, "a", fields(), Map.of("class_uid", 3002));

    assertThat(parsed.rawJson()).contains(JSON);
    assertThat(plain.rawJson()).isEmpty();
    assertThat(parsed).isEqualTo(plain).hasSameHashCodeAs(plain);
    assertThat(parsed.fields()).isEqualTo(fields()).hasSameHashCodeAs(fields());
    assertThat(parsed.fields().toString()).isEqualTo(fields().toString());
    assertThat(parsed.field(FieldPath.of("nested.x"))).isEqualTo(Arrays.asList(true, null));
  }

  @Test
  void theFieldsOfAParsedEventAreReadOnly() {
    Event parsed = Event.parsed("okta", TIME, "a", fields(), Map.of(), JSON);

    assertThatThrownBy(() -> parsed.fields().put("y", 2))
        .isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> parsed.fields().remove("uuid"))
        .isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> parsed.fields().entrySet().clear())
        .isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> parsed.fields().values().clear())
        .isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void theTextTravelsWithTheFieldsMapOnly() {
    Event parsed = Event.parsed("okta", TIME, "a", fields(), Map.of(), JSON);

    Event renormalized = new Event("okta", TIME, "a", parsed.fields(), Map.of("class_uid", 3002));
    Event changed = new Event("okta", TIME, "a", new LinkedHashMap<>(parsed.fields()), Map.of());

    assertThat(renormalized.rawJson()).contains(JSON);
    assertThat(changed.rawJson()).isEmpty();
  }

  @Test
  void theTextMustBeOneObjectOnOneLine() {
    for (String bad :
        new String[] {"", "{", "[1]", " {\"a\":1}", "{\"a\":1} ", "{\"a\":\n1}", "{\"a\":1}\r"}) {
      assertThatThrownBy(() -> Event.parsed("okta", TIME, "a", Map.of(), Map.of(), bad))
          .as(bad)
          .isInstanceOf(IllegalArgumentException.class);
    }
    assertThatThrownBy(() -> Event.parsed("okta", TIME, "a", Map.of(), Map.of(), null))
        .isInstanceOf(NullPointerException.class);
    assertThat(Event.parsed("okta", TIME, "a", Map.of(), Map.of(), "{}").rawJson()).contains("{}");
  }

  @Test
  void aParsedEventMayCarryTheTextOfItsNormalizedFieldsWithTheMap() {
    String ocsf = "{\"class_uid\":3002}";
    Event both = Event.parsed("okta", TIME, "a", fields(), Map.of("class_uid", 3002), JSON, ocsf);
    Event onlyOcsf =
        Event.parsed("okta", TIME, "a", fields(), Map.of("class_uid", 3002), null, ocsf);
    Event plain = new Event("okta", TIME, "a", fields(), Map.of("class_uid", 3002));

    assertThat(both.rawJson()).contains(JSON);
    assertThat(both.normalizedJson()).contains(ocsf);
    assertThat(onlyOcsf.rawJson()).isEmpty();
    assertThat(onlyOcsf.normalizedJson()).contains(ocsf);
    assertThat(plain.normalizedJson()).isEmpty();
    assertThat(both).isEqualTo(plain).hasSameHashCodeAs(plain);
    assertThat(both.normalized()).isEqualTo(Map.of("class_uid", 3002));
    assertThat(both.normalizedField(FieldPath.of("class_uid"))).isEqualTo(3002);
    assertThatThrownBy(() -> both.normalized().put("x", 1))
        .isInstanceOf(UnsupportedOperationException.class);
    // The text travels with the map: an event built from the same map keeps it, another map not.
    assertThat(new Event("okta", TIME, "b", Map.of(), both.normalized()).normalizedJson())
        .contains(ocsf);
    assertThat(
            new Event("okta", TIME, "b", Map.of(), new LinkedHashMap<>(both.normalized()))
                .normalizedJson())
        .isEmpty();
    assertThatThrownBy(
            () -> Event.parsed("okta", TIME, "a", Map.of(), Map.of(), null, "{\"a\":\n1}"))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
