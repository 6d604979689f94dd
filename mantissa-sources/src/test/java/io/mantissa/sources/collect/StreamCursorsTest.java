package io.mantissa.sources.collect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mantissa.api.ErrorCode;
import io.mantissa.api.MantissaException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.constraints.StringLength;
import net.jqwik.api.constraints.UniqueElements;
import org.junit.jupiter.api.Test;

class StreamCursorsTest {
  private static final List<String> STREAMS = List.of("login", "admin", "drive");

  private static StreamCursors read(Optional<String> checkpoint) {
    return StreamCursors.read("test-collector", STREAMS, checkpoint);
  }

  private static ObjectNode walk(String oldest) {
    return PageRecords.JSON.createObjectNode().put("oldest", oldest);
  }

  @Test
  void aStreamKeepsItsTurnWhileItHasMoreAndTheRoundEndsAfterTheLast() {
    StreamCursors start = read(Optional.empty());
    assertThat(start.current()).isEqualTo("login");
    assertThat(start.position()).isEmpty();

    StreamCursors.Step stay = start.after(walk("2026-03-01T00:00:00Z"), true);
    assertThat(stay.hasMore()).isTrue();
    StreamCursors again = read(Optional.of(stay.checkpoint()));
    assertThat(again.current()).isEqualTo("login");
    assertThat(again.position()).contains(walk("2026-03-01T00:00:00Z"));

    StreamCursors.Step toAdmin = again.after(walk("2026-03-01T01:00:00Z"), false);
    assertThat(toAdmin.hasMore()).isTrue();
    StreamCursors admin = read(Optional.of(toAdmin.checkpoint()));
    assertThat(admin.current()).isEqualTo("admin");
    assertThat(admin.position()).isEmpty();

    StreamCursors drive =
        read(Optional.of(admin.after(walk("2026-03-01T02:00:00Z"), false).checkpoint()));
    assertThat(drive.current()).isEqualTo("drive");
    StreamCursors.Step roundEnd = drive.after(walk("2026-03-01T03:00:00Z"), false);
    assertThat(roundEnd.hasMore()).isFalse();

    StreamCursors next = read(Optional.of(roundEnd.checkpoint()));
    assertThat(next.current()).isEqualTo("login");
    assertThat(next.position()).contains(walk("2026-03-01T01:00:00Z"));
  }

  @Test
  void theStoredFormNamesTheCurrentStreamAndEachPositionAsJson() throws Exception {
    StreamCursors.Step step =
        StreamCursors.read(
                "test-collector", List.of("signinattempts", "itemusages"), Optional.empty())
            .after("cursor-1", false);
    JsonNode stored = PageRecords.JSON.readTree(step.checkpoint());
    assertThat(stored)
        .isEqualTo(
            PageRecords.JSON.readTree(
                "{\"current\":\"itemusages\",\"positions\":{\"signinattempts\":\"cursor-1\"}}"));
    StreamCursors back =
        StreamCursors.read(
            "test-collector",
            List.of("signinattempts", "itemusages"),
            Optional.of(
                "{\"current\":\"signinattempts\",\"positions\":{\"signinattempts\":\"cursor-1\"}}"));
    assertThat(back.textPosition()).contains("cursor-1");
  }

  @Test
  void reconfiguredStreamsKeepTheirPositions() {
    String checkpoint =
        read(Optional.empty())
            .after(walk("2026-03-01T00:00:00Z"), false) // login done, admin next
            .checkpoint();
    // admin is no longer configured: the round restarts at the first stream, positions kept
    StreamCursors without =
        StreamCursors.read("test-collector", List.of("drive", "login"), Optional.of(checkpoint));
    assertThat(without.current()).isEqualTo("drive");
    StreamCursors login =
        StreamCursors.read(
            "test-collector",
            List.of("drive", "login"),
            Optional.of(without.after(walk("2026-03-02T00:00:00Z"), false).checkpoint()));
    assertThat(login.current()).isEqualTo("login");
    assertThat(login.position()).contains(walk("2026-03-01T00:00:00Z"));
  }

  @Test
  void aCheckpointThatIsNotACursorIsAStorageFailure() {
    for (String bad : List.of("not json", "[1,2]", "{\"at\":0,\"streams\":{}}", "null")) {
      assertThatThrownBy(() -> read(Optional.of(bad)))
          .as(bad)
          .isInstanceOfSatisfying(
              MantissaException.class,
              e -> assertThat(e.code()).isEqualTo(ErrorCode.STORAGE_FAILURE))
          .hasMessageContaining("test-collector")
          .hasMessageContaining("delete it to start over");
    }
    assertThatThrownBy(() -> StreamCursors.read("test-collector", List.of(), Optional.empty()))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void aStreamNamedTwiceIsReadOnceARound() {
    List<String> order = List.of("a", "b", "a");
    StreamCursors c = StreamCursors.read("test-collector", order, Optional.empty());
    StreamCursors.Step first = c.after("1", false);
    StreamCursors b = StreamCursors.read("test-collector", order, Optional.of(first.checkpoint()));
    assertThat(b.current()).isEqualTo("b");
    assertThat(b.after("2", false).hasMore()).isFalse();
  }

  /**
   * Whatever the streams and however many pages each has, one round reads every stream's pages in
   * the configured order, and only its last page says no more is ready.
   */
  @Property(tries = 200)
  void oneRoundVisitsEveryStreamInOrder(
      @ForAll @Size(min = 1, max = 6) @UniqueElements
          List<@StringLength(min = 1, max = 8) String> streams,
      @ForAll @Size(min = 6, max = 6) List<@IntRange(min = 1, max = 4) Integer> pages) {
    List<String> visited = new ArrayList<>();
    Optional<String> checkpoint = Optional.empty();
    int left = -1;
    boolean hasMore = true;
    int polls = 0;
    while (hasMore) {
      StreamCursors c = StreamCursors.read("test-collector", streams, checkpoint);
      int i = streams.indexOf(c.current());
      if (visited.isEmpty() || !visited.get(visited.size() - 1).equals(c.current())) {
        left = pages.get(i);
      }
      visited.add(c.current());
      left--;
      StreamCursors.Step step = c.after(String.valueOf(left), left > 0);
      checkpoint = Optional.of(step.checkpoint());
      hasMore = step.hasMore();
      polls++;
      assertThat(polls).isLessThanOrEqualTo(24);
    }
    List<String> expected = new ArrayList<>();
    for (int i = 0; i < streams.size(); i++) {
      for (int p = 0; p < pages.get(i); p++) {
        expected.add(streams.get(i));
      }
    }
    assertThat(visited).isEqualTo(expected);
    assertThat(StreamCursors.read("test-collector", streams, checkpoint).current())
        .isEqualTo(streams.get(0));
  }
}
