package io.mantissa.sources.collect;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mantissa.api.ErrorCode;
import io.mantissa.api.MantissaException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The cursor of a collector that reads several streams of one source in turn (1Password's three
 * endpoints, Snowflake's two views, one S3 prefix after another): a position per stream and the
 * stream being read, written as {@code {"current":"<stream>","positions":{"<stream>":"<pos>"}}}.
 * One round reads each stream until it has nothing more, in the configured order; the round ends
 * (and the page says no more is ready) after the last stream.
 */
final class StreamCursors {
  /** The checkpoint after a page, and whether another page is ready now. */
  record Step(String checkpoint, boolean hasMore) {}

  private final List<String> streams;
  private final String current;
  private final Map<String, String> positions;

  private StreamCursors(List<String> streams, String current, Map<String, String> positions) {
    this.streams = List.copyOf(streams);
    this.current = current;
    this.positions = positions;
  }

  /**
   * Reads a checkpoint (empty: the first stream, no positions). A stored current stream that is no
   * longer configured restarts the round at the first stream; positions are kept.
   *
   * @throws MantissaException {@code STORAGE_FAILURE} when the checkpoint is not such a cursor
   */
  static StreamCursors read(String provider, List<String> streams, Optional<String> checkpoint) {
    if (streams.isEmpty()) {
      throw new IllegalArgumentException("no streams");
    }
    Map<String, String> positions = new LinkedHashMap<>();
    String current = streams.get(0);
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
      node.path("positions")
          .properties()
          .forEach(e -> positions.put(e.getKey(), e.getValue().asText()));
      String stored = node.path("current").asText("");
      if (streams.contains(stored)) {
        current = stored;
      }
    }
    return new StreamCursors(streams, current, positions);
  }

  /** The stream to read now. */
  String current() {
    return current;
  }

  /** The position of the current stream, empty before its first page. */
  Optional<String> position() {
    return Optional.ofNullable(positions.get(current));
  }

  /**
   * The checkpoint after a page of the current stream.
   *
   * @param position where the current stream resumes
   * @param streamHasMore whether the current stream has another page ready now
   */
  Step after(String position, boolean streamHasMore) {
    Map<String, String> next = new LinkedHashMap<>(positions);
    next.put(current, position);
    if (streamHasMore) {
      return new Step(write(current, next), true);
    }
    int i = streams.indexOf(current);
    boolean last = i == streams.size() - 1;
    return new Step(write(streams.get(last ? 0 : i + 1), next), !last);
  }

  private static String write(String current, Map<String, String> positions) {
    ObjectNode node = PageRecords.JSON.createObjectNode();
    node.put("current", current);
    ObjectNode p = node.putObject("positions");
    positions.forEach(p::put);
    return node.toString();
  }
}
