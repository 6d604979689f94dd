package io.mantissa.sources.collect;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.mantissa.api.DeadLetter;
import io.mantissa.api.ErrorCode;
import io.mantissa.api.Event;
import io.mantissa.api.MantissaException;
import io.mantissa.spi.source.CollectedPage;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The cursor of a collector that reads several streams of one source in turn (Google Workspace
 * applications, Office 365 content types, Duo's two logs, 1Password's three endpoints, Snowflake's
 * two views, one object-store prefix after another): the stream being read and each stream's own
 * position, any JSON value (a vendor cursor, a {@link TimeWalk}, a listing state), written as
 * {@code {"current":"<stream>","positions":{"<stream>":<position>}}}.
 *
 * <p>One round reads each stream until it has nothing more ready, in the configured order; the
 * round ends (and the page says no more is ready) after the last stream. Streams are known by name,
 * not by index, so a configuration that adds, removes or reorders streams keeps every position; a
 * stored current stream that is no longer configured restarts the round at the first stream.
 */
final class StreamCursors {
  /** The checkpoint after a page, and whether another page is ready now. */
  record Step(String checkpoint, boolean hasMore) {
    /** Validates. */
    Step {
      Objects.requireNonNull(checkpoint, "checkpoint");
    }

    /** The page of {@code events} and {@code rejected} records ending at this step. */
    CollectedPage page(List<Event> events, List<DeadLetter> rejected) {
      return new CollectedPage(events, rejected, checkpoint, hasMore);
    }
  }

  private final List<String> streams;
  private final String current;
  private final Map<String, JsonNode> positions;

  private StreamCursors(List<String> streams, String current, Map<String, JsonNode> positions) {
    this.streams = streams;
    this.current = current;
    this.positions = positions;
  }

  /**
   * Reads a checkpoint (empty: the first stream, no positions).
   *
   * @param provider names the collector in messages
   * @param streams the configured streams in the order they are read (duplicates are read once)
   * @throws MantissaException {@code STORAGE_FAILURE} when the checkpoint is not such a cursor
   */
  static StreamCursors read(String provider, List<String> streams, Optional<String> checkpoint) {
    List<String> order = List.copyOf(new LinkedHashSet<>(streams));
    if (order.isEmpty()) {
      throw new IllegalArgumentException("no streams");
    }
    Map<String, JsonNode> positions = new LinkedHashMap<>();
    String current = order.get(0);
    if (checkpoint.isPresent()) {
      JsonNode node;
      try {
        node = PageRecords.JSON.readTree(checkpoint.get());
      } catch (JsonProcessingException e) {
        node = null;
      }
      if (node == null || !node.isObject() || !node.path("positions").isObject()) {
        throw new MantissaException(
            ErrorCode.STORAGE_FAILURE,
            provider + ": the checkpoint is not a stream cursor; delete it to start over");
      }
      node.path("positions").properties().forEach(e -> positions.put(e.getKey(), e.getValue()));
      String stored = node.path("current").asText("");
      if (order.contains(stored)) {
        current = stored;
      }
    }
    return new StreamCursors(order, current, positions);
  }

  /** The stream to read now. */
  String current() {
    return current;
  }

  /** The position of the current stream, empty before its first page. */
  Optional<JsonNode> position() {
    return Optional.ofNullable(positions.get(current)).map(JsonNode::deepCopy);
  }

  /** The position of the current stream as text (a vendor's opaque cursor), if it has one. */
  Optional<String> textPosition() {
    return position().filter(JsonNode::isValueNode).map(JsonNode::asText);
  }

  /**
   * The checkpoint after a page of the current stream.
   *
   * @param position where the current stream resumes
   * @param streamHasMore whether the current stream has another page ready now; when not, the turn
   *     passes to the next stream, and the page has more only if that stream is not the first
   */
  Step after(JsonNode position, boolean streamHasMore) {
    Map<String, JsonNode> next = new LinkedHashMap<>(positions);
    next.put(current, Objects.requireNonNull(position, "position").deepCopy());
    if (streamHasMore) {
      return new Step(write(current, next), true);
    }
    int i = streams.indexOf(current);
    boolean last = i == streams.size() - 1;
    return new Step(write(streams.get(last ? 0 : i + 1), next), !last);
  }

  /** {@link #after(JsonNode, boolean)} with a text position (a vendor's opaque cursor). */
  Step after(String position, boolean streamHasMore) {
    return after(TextNode.valueOf(Objects.requireNonNull(position, "position")), streamHasMore);
  }

  private static String write(String current, Map<String, JsonNode> positions) {
    ObjectNode node = PageRecords.JSON.createObjectNode();
    node.put("current", current);
    ObjectNode p = node.putObject("positions");
    positions.forEach(p::set);
    return node.toString();
  }
}
