package io.mantissa.sources.collect;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mantissa.api.ErrorCode;
import io.mantissa.api.MantissaException;
import io.mantissa.api.config.Secret;
import io.mantissa.spi.source.CollectedPage;
import io.mantissa.spi.source.EventParser;
import io.mantissa.spi.source.LogCollector;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Pulls the 1Password Events API: {@code POST /api/v1/signinattempts}, {@code /api/v1/itemusages}
 * and {@code /api/v1/auditevents} with {@code Authorization: Bearer <token>}. The first request of
 * an endpoint sends a reset cursor {@code {"limit":n,"start_time":"<since>"}}, every later one the
 * {@code {"cursor":"…"}} of the previous answer ({@code {"cursor":…,"has_more":…,"items":[…]}}).
 * The endpoints are read in turn, each until {@code has_more} is false; the checkpoint holds the
 * cursor of each endpoint (see {@link StreamCursors}). Items go through the {@code onepassword}
 * parser; a 429 waits for Retry-After, 5xx and timeouts are retried by {@link CollectorRunner}.
 */
public final class OnePasswordEventsCollector implements LogCollector {
  static final String PROVIDER = "onepassword-collector";

  /** The endpoints of the Events API, in the order they are read. */
  public static final List<String> ENDPOINTS =
      List.of("signinattempts", "itemusages", "auditevents");

  private final URI base;
  private final Secret authorization;
  private final EventParser parser;
  private final CollectorHttp http;
  private final Clock clock;
  private final Duration timeout;
  private final int limit;
  private final Instant since;
  private final List<String> endpoints;

  private OnePasswordEventsCollector(Builder b) {
    if (b.token == null) {
      throw new MantissaException(ErrorCode.CONFIG_INVALID, PROVIDER + ": token is required");
    }
    this.base = b.base(PROVIDER);
    this.authorization = Secret.of("Bearer " + b.token.reveal());
    this.parser = b.requiredParser();
    this.clock = b.clock;
    this.timeout = b.timeout;
    this.http = b.http();
    this.limit = b.limit;
    this.since = b.start();
    this.endpoints = b.endpoints;
  }

  /** A builder; the token and the parser are required. */
  public static Builder builder() {
    return new Builder();
  }

  @Override
  public String source() {
    return parser.source();
  }

  @Override
  public CollectedPage poll(Optional<String> checkpoint) {
    StreamCursors cursors = StreamCursors.read(PROVIDER, endpoints, checkpoint);
    String endpoint = cursors.current();
    ObjectNode request = PageRecords.JSON.createObjectNode();
    Optional<String> position = cursors.textPosition();
    if (position.isPresent()) {
      request.put("cursor", position.get());
    } else {
      request.put("limit", limit);
      request.put("start_time", since.toString());
    }
    URI uri = URI.create(base + "/api/v1/" + endpoint);
    HttpResponse<String> response =
        http.send(
            PROVIDER,
            HttpRequest.newBuilder(uri)
                .timeout(timeout)
                .header("Authorization", authorization.reveal())
                .header("Content-Type", "application/json")
                .header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(request.toString()))
                .build(),
            HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8),
            null);
    String origin = "onepassword /api/v1/" + endpoint;
    JsonNode body = PageRecords.body(PROVIDER, origin, response.body());
    JsonNode items = body.path("items");
    String cursor = body.path("cursor").asText("");
    if (!items.isArray() || cursor.isEmpty()) {
      throw new MantissaException(
          ErrorCode.REMOTE_FAILURE,
          PROVIDER + ": " + origin + ": the response has no 'items' array or no 'cursor'");
    }
    PageRecords.Parsed parsed = PageRecords.parse(parser, items, origin, clock.instant());
    boolean more = body.path("has_more").asBoolean(false) && !items.isEmpty();
    return cursors.after(cursor, more).page(parsed.events(), parsed.rejected());
  }

  @Override
  public String toString() {
    return "OnePasswordEventsCollector[" + base + "]";
  }

  /** Builds {@link OnePasswordEventsCollector}s. */
  public static final class Builder extends CollectorBuilder<Builder> {
    private Secret token;
    private int limit = 1000;
    private List<String> endpoints = ENDPOINTS;

    private Builder() {
      super("https://events.1password.com");
    }

    /**
     * The Events API bearer token (required), issued by a 1Password Events Reporting integration
     * with access to the endpoints read.
     */
    public Builder token(Secret token) {
      this.token = Objects.requireNonNull(token, "token");
      return this;
    }

    /** Items per page, 1 to 1000 (default 1000). */
    public Builder limit(int limit) {
      if (limit < 1 || limit > 1000) {
        throw new IllegalArgumentException("limit must be 1 to 1000, was " + limit);
      }
      this.limit = limit;
      return this;
    }

    /** The endpoints to read, a non-empty subset of {@link #ENDPOINTS} (default all three). */
    public Builder endpoints(List<String> endpoints) {
      if (endpoints.isEmpty()
          || !ENDPOINTS.containsAll(endpoints)
          || endpoints.stream().distinct().count() != endpoints.size()) {
        throw new IllegalArgumentException(
            "endpoints must be distinct names among " + ENDPOINTS + ", was " + endpoints);
      }
      this.endpoints = List.copyOf(endpoints);
      return this;
    }

    /** Builds the collector. */
    public OnePasswordEventsCollector build() {
      return new OnePasswordEventsCollector(this);
    }
  }
}
