package io.mantissa.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.AlphaChars;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.constraints.StringLength;
import org.junit.jupiter.api.Test;

class FieldPathTest {

  @Test
  void walksNestedMapsAndLists() {
    Map<String, Object> fields =
        Map.of(
            "actor", Map.of("alternateId", "alice@example.com"),
            "target", List.of(Map.of("type", "User"), Map.of("type", "AppInstance")));

    assertThat(FieldPath.of("actor.alternateId").lookup(fields)).isEqualTo("alice@example.com");
    assertThat(FieldPath.of("target.1.type").lookup(fields)).isEqualTo("AppInstance");
    assertThat(FieldPath.of("target.2.type").lookup(fields)).isNull();
    assertThat(FieldPath.of("actor.missing").lookup(fields)).isNull();
    assertThat(FieldPath.of("actor.alternateId.deeper").lookup(fields)).isNull();
  }

  @Test
  void aDottedKeyIsFoundAsOneKeyFirst() {
    Map<String, Object> fields =
        Map.of("protoPayload.methodName", "flat", "protoPayload", Map.of("methodName", "nested"));

    assertThat(FieldPath.of("protoPayload.methodName").lookup(fields)).isEqualTo("flat");
  }

  @Property
  void findsEveryValuePlacedAtANestedPath(
      @ForAll @Size(min = 1, max = 6)
          List<@AlphaChars @StringLength(min = 1, max = 8) String> segments,
      @ForAll @StringLength(max = 20) String value) {
    Map<String, Object> root = new LinkedHashMap<>();
    Map<String, Object> current = root;
    for (int i = 0; i < segments.size() - 1; i++) {
      Map<String, Object> next = new LinkedHashMap<>();
      current.put(segments.get(i), next);
      current = next;
    }
    current.put(segments.get(segments.size() - 1), value);

    assertThat(FieldPath.of(String.join(".", segments)).lookup(root)).isEqualTo(value);
  }
}
