package io.mantissa.sources.collect;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mantissa.api.ErrorCode;
import io.mantissa.api.MantissaException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The cursor of a collector that reads several streams of one source in turn (Google Workspace
 * applications, Office 365 content types, Duo's two logs): which stream is next and each stream's
 * own state, stored as {@code {"at":i,"streams":{"<name>":{…}}}}.
 *
 * @param at the index of the stream whose turn it is
 * @param states each stream's state by name
 */
record RoundRobin(int at, Map<String, JsonNode> states) {

  /** Validates and copies. */
  RoundRobin {
    if (at < 0) {
      throw new IllegalArgumentException("at must not be negative");
    }
    states = Map.copyOf(states);
  }

  /** The cursor before the first poll. */
  static RoundRobin start() {
    return new RoundRobin(0, Map.of());
  }

  /** The state of {@code stream}, if it has one. */
  Optional<JsonNode> state(String stream) {
    return Optional.ofNullable(states.get(stream));
  }

  /** This cursor with {@code stream}'s state replaced and the turn at {@code nextAt}. */
  RoundRobin with(int nextAt, String stream, JsonNode state) {
    Map<String, JsonNode> all = new LinkedHashMap<>(states);
    all.put(stream, state);
    return new RoundRobin(nextAt, all);
  }

  /** The stored form. */
  String write() {
    ObjectNode node = PageRecords.JSON.createObjectNode();
    node.put("at", at);
    ObjectNode streams = node.putObject("streams");
    states.keySet().stream().sorted().forEach(k -> streams.set(k, states.get(k)));
    return node.toString();
  }

  /**
   * Reads a stored cursor.
   *
   * @throws MantissaException {@code STORAGE_FAILURE} when it is not one
   */
  static RoundRobin read(String provider, String checkpoint) {
    try {
      JsonNode node = PageRecords.JSON.readTree(checkpoint);
      if (node != null && node.path("at").canConvertToInt() && node.path("streams").isObject()) {
        Map<String, JsonNode> states = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> f : node.get("streams").properties()) {
          states.put(f.getKey(), f.getValue());
        }
        return new RoundRobin(Math.max(0, node.get("at").asInt()), states);
      }
    } catch (JsonProcessingException e) {
      // falls through
    }
    throw new MantissaException(
        ErrorCode.STORAGE_FAILURE,
        provider + ": the checkpoint is not this collector's; delete it to start over");
  }
}
