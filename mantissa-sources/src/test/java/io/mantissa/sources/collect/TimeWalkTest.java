package io.mantissa.sources.collect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import io.mantissa.api.ErrorCode;
import io.mantissa.api.MantissaException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

class TimeWalkTest {
  static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");
  static final Instant END = Instant.parse("2026-03-01T11:00:00Z");

  static ArrayNode records(Object... idAndSecond) {
    ArrayNode a = PageRecords.JSON.createArrayNode();
    for (int i = 0; i < idAndSecond.length; i += 2) {
      a.addObject()
          .put("id", (String) idAndSecond[i])
          .put("t", T0.plusSeconds((Integer) idAndSecond[i + 1]).toString());
    }
    return a;
  }

  static TimeWalk.Step step(TimeWalk walk, ArrayNode page, String next) {
    return walk.step(
        page,
        r -> Optional.of(Instant.parse(r.path("t").asText())),
        r -> r.path("id").asText(),
        next);
  }

  static List<String> ids(JsonNode kept) {
    return java.util.stream.StreamSupport.stream(kept.spliterator(), false)
        .map(r -> r.path("id").asText())
        .toList();
  }

  @Test
  void aFinishedWalkStartsTheNextAtItsNewestTimeAndSkipsWhatItStoredThere() {
    TimeWalk walk = TimeWalk.from(T0).start(END);
    TimeWalk.Step first = step(walk, records("c", 5, "b", 5, "a", 1), "page2");
    assertThat(first.finished()).isFalse();
    assertThat(first.after().next()).isEqualTo("page2");
    TimeWalk.Step last = step(first.after(), records("z", 0), null);
    assertThat(last.finished()).isTrue();
    TimeWalk next = last.after();
    assertThat(next.underWay()).isFalse();
    assertThat(next.oldest()).isEqualTo(T0.plusSeconds(5));
    assertThat(next.skip()).containsExactlyInAnyOrder("b", "c");

    TimeWalk.Step again = step(next.start(END), records("d", 9, "c", 5, "e", 5), null);
    assertThat(ids(again.kept())).containsExactly("d", "e");
    assertThat(again.after().oldest()).isEqualTo(T0.plusSeconds(9));
    assertThat(again.after().skip()).containsExactly("d");
  }

  @Test
  void newRecordsAtTheOldestInstantAreAddedToTheSkipsAndAnEmptyWalkKeepsItsStart() {
    TimeWalk walk = new TimeWalk(T0, END, null, null, Set.of(), Set.of("a"));
    TimeWalk.Step step = step(walk, records("a", 0, "b", 0), null);
    assertThat(ids(step.kept())).containsExactly("b");
    assertThat(step.after().oldest()).isEqualTo(T0);
    assertThat(step.after().skip()).containsExactlyInAnyOrder("a", "b");

    TimeWalk.Step empty = step(walk, records(), "ignored-on-an-empty-page");
    assertThat(empty.finished()).isTrue();
    assertThat(empty.after().oldest()).isEqualTo(T0);
    assertThat(empty.after().skip()).containsExactly("a");
  }

  @Test
  void recordsWithoutATimeAreKeptForTheParserAndDoNotMoveTheWalk() {
    ArrayNode page = records("a", 3);
    page.addObject().put("id", "bad").put("t", "later");
    TimeWalk.Step step =
        TimeWalk.from(T0)
            .start(END)
            .step(
                page,
                r -> {
                  try {
                    return Optional.of(Instant.parse(r.path("t").asText()));
                  } catch (java.time.format.DateTimeParseException e) {
                    return Optional.empty();
                  }
                },
                r -> r.path("id").asText(),
                null);
    assertThat(ids(step.kept())).containsExactly("a", "bad");
    assertThat(step.after().oldest()).isEqualTo(T0.plusSeconds(3));
  }

  @Test
  void writesAndReadsBackAndRefusesAForeignCheckpoint() {
    TimeWalk walk = new TimeWalk(T0, END, "tok", T0.plusSeconds(7), Set.of("x"), Set.of("y"));
    TimeWalk read = TimeWalk.read("p", walk.write(PageRecords.JSON.createObjectNode()));
    assertThat(read).isEqualTo(walk);
    assertThat(TimeWalk.contentKey(records("a", 1).get(0)))
        .hasSize(32)
        .isEqualTo(TimeWalk.contentKey(records("a", 1).get(0)))
        .isNotEqualTo(TimeWalk.contentKey(records("a", 2).get(0)));
    assertThatThrownBy(() -> TimeWalk.read("p", PageRecords.JSON.createObjectNode().put("x", 1)))
        .isInstanceOf(MantissaException.class)
        .satisfies(
            e -> assertThat(((MantissaException) e).code()).isEqualTo(ErrorCode.STORAGE_FAILURE));
  }

  /**
   * Walks over records listed newest first, in pages of {@code pageSize}, up to increasing ends:
   * every record at or before the last end is kept exactly once, whatever the times (many per
   * second), page sizes and walk ends.
   */
  @Property(tries = 300)
  void walksKeepEveryRecordExactlyOnce(
      @ForAll @Size(max = 60) List<@IntRange(min = 0, max = 30) Integer> seconds,
      @ForAll @IntRange(min = 1, max = 7) int pageSize,
      @ForAll @Size(min = 1, max = 6) List<@IntRange(min = 0, max = 35) Integer> ends) {
    List<Integer> sortedEnds = ends.stream().sorted().toList();
    List<String> kept = new ArrayList<>();
    TimeWalk walk = TimeWalk.from(T0);
    for (int end : sortedEnds) {
      walk = walk.start(T0.plusSeconds(end));
      List<Integer> visible = new ArrayList<>();
      for (int i = 0; i < seconds.size(); i++) {
        int t = seconds.get(i);
        if (!T0.plusSeconds(t).isBefore(walk.oldest()) && t <= end) {
          visible.add(i);
        }
      }
      visible.sort((a, b) -> Integer.compare(seconds.get(b), seconds.get(a)));
      int offset = 0;
      while (true) {
        ArrayNode page = PageRecords.JSON.createArrayNode();
        for (int j = offset; j < Math.min(offset + pageSize, visible.size()); j++) {
          int i = visible.get(j);
          page.addObject().put("id", "r" + i).put("t", T0.plusSeconds(seconds.get(i)).toString());
        }
        offset += pageSize;
        String next = offset < visible.size() ? "o" + offset : null;
        TimeWalk.Step step = step(walk, page, next);
        kept.addAll(ids(step.kept()));
        walk = step.after();
        if (step.finished()) {
          break;
        }
      }
    }
    int last = sortedEnds.get(sortedEnds.size() - 1);
    List<String> expected = new ArrayList<>();
    for (int i = 0; i < seconds.size(); i++) {
      if (seconds.get(i) <= last) {
        expected.add("r" + i);
      }
    }
    assertThat(kept).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(expected);
  }
}
