package io.mantissa.sources;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;

/**
 * {@link SmallMap}, the map of the normalized tree and (made {@link SmallMap#forReading}) of parsed
 * native fields, behaves like a {@link LinkedHashMap} in insertion order under any sequence of
 * puts, removes and removals through its iterator, with keys the same instance or only equal; and
 * {@link Ocsf#isEmail} agrees with the {@link Ocsf#EMAIL} pattern it replaces.
 */
class SmallMapProperties {
  @Provide
  Arbitrary<String> keys() {
    // Few distinct keys so that puts replace and removes hit; "Aa" and "BB" share a hash code.
    return Arbitraries.of("a", "b", "c", "Aa", "BB", "actor", "user", "name", "x.y", "");
  }

  @Property
  void behavesLikeALinkedHashMap(
      @ForAll @Size(max = 60) List<@net.jqwik.api.From("keys") String> ops,
      @ForAll @Size(max = 60) List<Integer> kinds,
      @ForAll boolean forReading) {
    // maps for reading look keys up by identity first: keys that are equal but not the same
    // instance must be found all the same
    SmallMap small = forReading ? SmallMap.forReading(2) : new SmallMap(2);
    Map<String, Object> linked = new LinkedHashMap<>();
    for (int i = 0; i < ops.size(); i++) {
      String key = ops.get(i);
      int kind = i < kinds.size() ? Math.floorMod(kinds.get(i), 6) : 0;
      switch (kind) {
        case 0, 1 -> assertThat(small.put(key, i)).isEqualTo(linked.put(key, i));
        case 2 -> assertThat(small.put(new String(key), i)).isEqualTo(linked.put(key, i));
        case 5 -> assertThat(small.remove(new String(key))).isEqualTo(linked.remove(key));
        case 3 -> assertThat(small.remove(key)).isEqualTo(linked.remove(key));
        default -> {
          Iterator<Map.Entry<String, Object>> a = small.entrySet().iterator();
          Iterator<Map.Entry<String, Object>> b = linked.entrySet().iterator();
          while (a.hasNext()) {
            Map.Entry<String, Object> ea = a.next();
            Map.Entry<String, Object> eb = b.next();
            assertThat(ea).isEqualTo(eb);
            if (ea.getKey().equals(key)) {
              a.remove();
              b.remove();
            }
          }
          assertThat(b.hasNext()).isFalse();
        }
      }
      assertThat(small).isEqualTo(linked);
      assertThat(linked).isEqualTo(small);
      assertThat(small.hashCode()).isEqualTo(linked.hashCode());
      assertThat(small.toString()).isEqualTo(linked.toString());
      assertThat(new ArrayList<>(small.keySet())).isEqualTo(new ArrayList<>(linked.keySet()));
      List<Object> visited = new ArrayList<>();
      small.forEach((k, v) -> visited.add(k + "=" + v));
      List<Object> expected = new ArrayList<>();
      linked.forEach((k, v) -> expected.add(k + "=" + v));
      assertThat(visited).isEqualTo(expected);
      for (String k : List.of("a", "b", "c", "Aa", "BB", "zz")) {
        assertThat(small.get(k)).isEqualTo(linked.get(k));
        assertThat(small.containsKey(k)).isEqualTo(linked.containsKey(k));
        assertThat(small.get(new String(k))).isEqualTo(linked.get(k));
        assertThat(small.containsKey(new String(k))).isEqualTo(linked.containsKey(k));
      }
    }
  }

  @Provide
  Arbitrary<String> emailLike() {
    return Arbitraries.strings().withChars("ab@.@. \t\u000B\f\r\n-_éx").ofMaxLength(12);
  }

  @Property(tries = 3_000)
  void isEmailAgreesWithThePattern(@ForAll("emailLike") String text) {
    assertThat(Ocsf.isEmail(text)).isEqualTo(Ocsf.EMAIL.matcher(text).matches());
  }

  @Property
  void isEmailAgreesWithThePatternOnAnyText(@ForAll String text) {
    assertThat(Ocsf.isEmail(text)).isEqualTo(Ocsf.EMAIL.matcher(text).matches());
  }
}
