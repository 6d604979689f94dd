package io.mantissa.sources.collect;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mantissa.api.ErrorCode;
import io.mantissa.api.MantissaException;
import io.mantissa.api.config.Secret;
import io.mantissa.spi.source.CollectedPage;
import io.mantissa.spi.source.EventParser;
import io.mantissa.spi.source.LogCollector;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Pulls the Slack Audit Logs API: {@code GET /audit/v1/logs?oldest=…&limit=…[&cursor=…]} with
 * {@code Authorization: Bearer <token>}. Slack returns entries newest first and pages backwards
 * through {@code response_metadata.next_cursor}, so one pass ("walk") from {@code oldest} reads
 * every page until the cursor is empty; the next walk starts at the newest {@code date_create} seen
 * ({@code oldest} is inclusive) and skips the entries of that second it already stored.
 *
 * <p>The checkpoint is a small JSON document: {@code {"oldest":s,"cursor":c,"newest":s,
 * "newestIds":[…],"skip":[…]}} — the walk's lower bound (epoch seconds), where it stands, the
 * newest second seen so far and the ids at it, and the ids at {@code oldest} to skip. A 429 waits
 * for Retry-After. Records go through the {@code slack} parser.
 */
public final class SlackAuditLogCollector implements LogCollector {
  static final String PROVIDER = "slack-collector";

  private final URI base;
  private final Secret authorization;
  private final EventParser parser;
  private final CollectorHttp http;
  private final Clock clock;
  private final int limit;
  private final Instant since;

  private SlackAuditLogCollector(Builder b) {
    if (b.token == null) {
      throw new MantissaException(ErrorCode.CONFIG_INVALID, PROVIDER + ": token is required");
    }
    this.base = b.base(PROVIDER);
    this.authorization = Secret.of("Bearer " + b.token.reveal());
    this.parser = b.requiredParser();
    this.clock = b.clock;
    this.http = b.http();
    this.limit = b.limit;
    this.since = b.start();
  }

  /** A builder; the token and the parser are required. */
  public static Builder builder() {
    return new Builder();
  }

  @Override
  public String source() {
    return parser.source();
  }

  /** Where a walk stands. */
  record Walk(long oldest, String cursor, Long newest, Set<String> newestIds, Set<String> skip) {
    Walk {
      newestIds = Set.copyOf(newestIds);
      skip = Set.copyOf(skip);
    }

    String write() {
      ObjectNode node = PageRecords.JSON.createObjectNode();
      node.put("oldest", oldest);
      node.put("cursor", cursor);
      node.put("newest", newest);
      ArrayNode ids = node.putArray("newestIds");
      newestIds.stream().sorted().forEach(ids::add);
      ArrayNode skipped = node.putArray("skip");
      skip.stream().sorted().forEach(skipped::add);
      return node.toString();
    }

    static Walk read(String checkpoint) {
      try {
        JsonNode n = PageRecords.JSON.readTree(checkpoint);
        if (n != null && n.path("oldest").canConvertToLong()) {
          return new Walk(
              n.get("oldest").asLong(),
              n.path("cursor").isTextual() ? n.get("cursor").asText() : null,
              n.path("newest").canConvertToLong() ? n.get("newest").asLong() : null,
              strings(n.path("newestIds")),
              strings(n.path("skip")));
        }
      } catch (JsonProcessingException e) {
        // falls through
      }
      throw new MantissaException(
          ErrorCode.STORAGE_FAILURE, PROVIDER + ": the checkpoint is not a Slack walk");
    }

    private static Set<String> strings(JsonNode array) {
      Set<String> out = new LinkedHashSet<>();
      array.forEach(v -> out.add(v.asText()));
      return out;
    }
  }

  @Override
  public CollectedPage poll(Optional<String> checkpoint) {
    Walk walk =
        checkpoint
            .map(Walk::read)
            .orElseGet(() -> new Walk(since.getEpochSecond(), null, null, Set.of(), Set.of()));
    URI uri =
        URI.create(
            base
                + "/audit/v1/logs?oldest="
                + walk.oldest()
                + "&limit="
                + limit
                + (walk.cursor() == null
                    ? ""
                    : "&cursor=" + URLEncoder.encode(walk.cursor(), StandardCharsets.UTF_8)));
    HttpResponse<String> response =
        http.get(
            PROVIDER,
            uri,
            Map.of("Authorization", authorization.reveal(), "Accept", "application/json"),
            null);
    String origin = "slack " + CollectorHttp.path(uri);
    JsonNode body = PageRecords.body(PROVIDER, origin, response.body());
    JsonNode entries = body.path("entries");
    if (!entries.isArray()) {
      throw new MantissaException(
          ErrorCode.REMOTE_FAILURE,
          PROVIDER
              + ": "
              + origin
              + ": no 'entries' array ("
              + body.path("error").asText("")
              + ")");
    }
    ArrayNode kept = PageRecords.JSON.createArrayNode();
    Long newest = walk.newest();
    Set<String> newestIds = new LinkedHashSet<>(walk.newestIds());
    for (JsonNode entry : entries) {
      JsonNode created = entry.path("date_create");
      String id = entry.path("id").asText("");
      if (created.canConvertToLong()) {
        long t = created.asLong();
        if (t == walk.oldest() && walk.skip().contains(id)) {
          continue;
        }
        if (newest == null || t > newest) {
          newest = t;
          newestIds.clear();
        }
        if (t == newest) {
          newestIds.add(id);
        }
      }
      kept.add(entry);
    }
    PageRecords.Parsed parsed = PageRecords.parse(parser, kept, origin, clock.instant());
    String next = body.path("response_metadata").path("next_cursor").asText("");
    if (!next.isEmpty() && !entries.isEmpty()) {
      Walk on = new Walk(walk.oldest(), next, newest, newestIds, walk.skip());
      return new CollectedPage(parsed.events(), parsed.rejected(), on.write(), true);
    }
    Walk done =
        newest == null
            ? new Walk(walk.oldest(), null, null, Set.of(), walk.skip())
            : new Walk(newest, null, null, Set.of(), newestIds);
    return new CollectedPage(parsed.events(), parsed.rejected(), done.write(), false);
  }

  @Override
  public String toString() {
    return "SlackAuditLogCollector[" + base + "]";
  }

  /** Builds {@link SlackAuditLogCollector}s. */
  public static final class Builder extends CollectorBuilder<Builder> {
    private Secret token;
    private int limit = 1000;

    private Builder() {
      super("https://api.slack.com");
    }

    /** The user token with {@code auditlogs:read} (required), sent as {@code Bearer}. */
    public Builder token(Secret token) {
      this.token = Objects.requireNonNull(token, "token");
      return this;
    }

    /** Entries per page, 1 to 9999 (default 1000). */
    public Builder limit(int limit) {
      if (limit < 1 || limit > 9999) {
        throw new IllegalArgumentException("limit must be 1 to 9999, was " + limit);
      }
      this.limit = limit;
      return this;
    }

    /** Builds the collector. */
    public SlackAuditLogCollector build() {
      return new SlackAuditLogCollector(this);
    }
  }
}
