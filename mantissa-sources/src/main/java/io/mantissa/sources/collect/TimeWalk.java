package io.mantissa.sources.collect;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mantissa.api.ErrorCode;
import io.mantissa.api.MantissaException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * One pass ("walk") over a time-filtered API listing whose pages come in any order (Google Reports
 * and Microsoft Graph list newest first): from {@code oldest} (inclusive) to {@code end}, page
 * after page through the vendor's page token or next link, remembering the newest record time seen
 * and the keys of the records at it. The next walk starts at that newest time and skips the records
 * of that instant it already stored, so nothing is read twice and nothing at the boundary is lost.
 *
 * <p>Stored as JSON: {@code {"oldest":…,"end":…,"next":…,"newest":…,"newestKeys":[…],"skip":[…]}}
 * (instants as ISO strings; {@code end} and {@code next} only while a walk is under way). A record
 * that shows up late with a time older than the walk's newest is not seen (the APIs offer no
 * ordering by arrival); a collector's {@code delay} setting keeps {@code end} that far behind now.
 *
 * @param oldest the lower bound of this and, once finished, the next walk (inclusive)
 * @param end the upper bound of the walk under way, or {@code null} between walks
 * @param next the page token or next link of the walk under way, or {@code null} for its first page
 * @param newest the newest record time seen in the walk under way, or {@code null}
 * @param newestKeys the keys of the records at {@code newest}
 * @param skip the keys of the records at {@code oldest} stored by the previous walk
 */
record TimeWalk(
    Instant oldest,
    Instant end,
    String next,
    Instant newest,
    Set<String> newestKeys,
    Set<String> skip) {

  /** Validates and copies. */
  TimeWalk {
    Objects.requireNonNull(oldest, "oldest");
    newestKeys = Set.copyOf(newestKeys);
    skip = Set.copyOf(skip);
  }

  /** A walk not yet started, from {@code oldest}. */
  static TimeWalk from(Instant oldest) {
    return new TimeWalk(oldest, null, null, null, Set.of(), Set.of());
  }

  /** Whether a walk is under way (its first page was read and more are to come). */
  boolean underWay() {
    return end != null;
  }

  /** This walk started with the upper bound {@code end}. */
  TimeWalk start(Instant end) {
    return new TimeWalk(oldest, end, null, null, Set.of(), skip);
  }

  /**
   * The records of one page to keep (those at {@code oldest} whose key is in {@code skip} are
   * dropped) and the walk after it.
   */
  record Step(ArrayNode kept, TimeWalk after, boolean finished) {}

  /**
   * Takes one page of the walk under way.
   *
   * @param records the page's records
   * @param timeOf a record's time, when readable (an unreadable one is kept for the parser to
   *     reject and does not move the walk)
   * @param keyOf a record's key (its vendor id, or {@link #contentKey})
   * @param nextPage the page token or next link of the following page, or {@code null} when this
   *     was the last page
   */
  Step step(
      JsonNode records,
      Function<JsonNode, Optional<Instant>> timeOf,
      Function<JsonNode, String> keyOf,
      String nextPage) {
    ArrayNode kept = PageRecords.JSON.createArrayNode();
    Instant top = newest;
    Set<String> topKeys = new LinkedHashSet<>(newestKeys);
    for (JsonNode record : records) {
      Optional<Instant> time = timeOf.apply(record);
      if (time.isPresent()) {
        Instant t = time.get();
        String key = keyOf.apply(record);
        if (t.equals(oldest) && skip.contains(key)) {
          continue;
        }
        if (top == null || t.isAfter(top)) {
          top = t;
          topKeys.clear();
        }
        if (t.equals(top)) {
          topKeys.add(key);
        }
      }
      kept.add(record);
    }
    if (nextPage != null && !nextPage.isEmpty() && !records.isEmpty()) {
      return new Step(kept, new TimeWalk(oldest, end, nextPage, top, topKeys, skip), false);
    }
    TimeWalk done =
        top == null || top.equals(oldest)
            ? new TimeWalk(oldest, null, null, null, Set.of(), unionAtOldest(top, topKeys))
            : new TimeWalk(top, null, null, null, Set.of(), topKeys);
    return new Step(kept, done, true);
  }

  private Set<String> unionAtOldest(Instant top, Set<String> topKeys) {
    if (top == null || !top.equals(oldest)) {
      return skip;
    }
    Set<String> all = new LinkedHashSet<>(skip);
    all.addAll(topKeys);
    return all;
  }

  /** A key for a record without a vendor id: SHA-256 of its JSON text, hex, 32 characters. */
  static String contentKey(JsonNode record) {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256")
              .digest(record.toString().getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest, 0, 16);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing", e);
    }
  }

  /** Writes this walk into {@code node}. */
  ObjectNode write(ObjectNode node) {
    node.put("oldest", oldest.toString());
    if (end != null) {
      node.put("end", end.toString());
    }
    if (next != null) {
      node.put("next", next);
    }
    if (newest != null) {
      node.put("newest", newest.toString());
    }
    ArrayNode keys = node.putArray("newestKeys");
    newestKeys.stream().sorted().forEach(keys::add);
    ArrayNode skipped = node.putArray("skip");
    skip.stream().sorted().forEach(skipped::add);
    return node;
  }

  /**
   * Reads a walk written by {@link #write}.
   *
   * @throws MantissaException {@code STORAGE_FAILURE} when {@code node} is not one
   */
  static TimeWalk read(String provider, JsonNode node) {
    try {
      if (node != null && node.path("oldest").isTextual()) {
        return new TimeWalk(
            Instant.parse(node.get("oldest").asText()),
            node.path("end").isTextual() ? Instant.parse(node.get("end").asText()) : null,
            node.path("next").isTextual() ? node.get("next").asText() : null,
            node.path("newest").isTextual() ? Instant.parse(node.get("newest").asText()) : null,
            strings(node.path("newestKeys")),
            strings(node.path("skip")));
      }
    } catch (DateTimeParseException e) {
      // falls through
    }
    throw new MantissaException(
        ErrorCode.STORAGE_FAILURE,
        provider + ": the checkpoint is not a time walk; delete it to start over");
  }

  private static Set<String> strings(JsonNode array) {
    Set<String> out = new LinkedHashSet<>();
    array.forEach(v -> out.add(v.asText()));
    return out;
  }
}
