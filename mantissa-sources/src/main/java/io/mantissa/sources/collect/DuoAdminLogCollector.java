package io.mantissa.sources.collect;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mantissa.api.ErrorCode;
import io.mantissa.api.MantissaException;
import io.mantissa.api.config.Secret;
import io.mantissa.sources.Timestamps;
import io.mantissa.spi.source.CollectedPage;
import io.mantissa.spi.source.EventParser;
import io.mantissa.spi.source.LogCollector;
import java.net.URI;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;

/**
 * Pulls Cisco Duo's logs from the Admin API, the authentication log and the administrator log in
 * turn, every request signed with Duo's HMAC scheme ({@link DuoSignature}, version 5, HMAC-SHA512):
 *
 * <ul>
 *   <li>{@code GET /admin/v2/logs/authentication?mintime=…&maxtime=…&limit=…&sort=ts:asc} (epoch
 *       milliseconds), then {@code next_offset=<ms>,<txid>} from {@code
 *       response.metadata.next_offset}; read in {@link TimeWalk walks} up to now minus {@code
 *       delay} (Duo documents a delay of about two minutes before records appear), the next walk
 *       starting at the newest {@code timestamp} seen and skipping its records by {@code txid};
 *   <li>{@code GET /admin/v1/logs/administrator?mintime=…} (epoch seconds), which returns at most
 *       1000 records from {@code mintime} on: the next request starts at the newest {@code
 *       timestamp} seen and skips that second's records already stored (by content).
 * </ul>
 *
 * Records go through the {@code duo} parser. A 429 waits for Retry-After when given, else the
 * runner's backoff applies (Duo recommends requesting logs no more than once a minute); {@code
 * "stat":"FAIL"} bodies are errors naming Duo's code and message.
 */
public final class DuoAdminLogCollector implements LogCollector {
  static final String PROVIDER = "duo-collector";
  static final String AUTH_PATH = "/admin/v2/logs/authentication";
  static final String ADMIN_PATH = "/admin/v1/logs/administrator";
  static final int ADMIN_PAGE = 1000;
  private static final String AUTHENTICATION = "authentication";
  private static final List<String> STREAMS = List.of(AUTHENTICATION, "administrator");

  private final URI base;
  private final String integrationKey;
  private final Secret secretKey;
  private final EventParser parser;
  private final CollectorHttp http;
  private final Clock clock;
  private final int limit;
  private final Duration delay;
  private final Instant since;

  private DuoAdminLogCollector(Builder b) {
    if (b.baseUrl == null) {
      throw new MantissaException(
          ErrorCode.CONFIG_INVALID, PROVIDER + ": host (or base-url) is required");
    }
    if (b.integrationKey == null || b.secretKey == null) {
      throw new MantissaException(
          ErrorCode.CONFIG_INVALID, PROVIDER + ": integration-key and secret-key are required");
    }
    this.base = b.base(PROVIDER);
    this.integrationKey = b.integrationKey;
    this.secretKey = b.secretKey;
    this.parser = b.requiredParser();
    this.clock = b.clock;
    this.http = b.http();
    this.limit = b.limit;
    this.delay = b.delay;
    this.since = b.start();
  }

  /** A builder; the host, the keys and the parser are required. */
  public static Builder builder() {
    return new Builder();
  }

  @Override
  public String source() {
    return parser.source();
  }

  @Override
  public CollectedPage poll(Optional<String> checkpoint) {
    StreamCursors cursors = StreamCursors.read(PROVIDER, STREAMS, checkpoint);
    TimeWalk walk =
        cursors
            .position()
            .map(s -> TimeWalk.read(PROVIDER, s))
            .orElseGet(() -> TimeWalk.from(since.truncatedTo(ChronoUnit.SECONDS)));
    return cursors.current().equals(AUTHENTICATION)
        ? authentication(cursors, walk)
        : administrator(cursors, walk);
  }

  private CollectedPage authentication(StreamCursors cursors, TimeWalk walk) {
    if (!walk.underWay()) {
      Instant end = clock.instant().minus(delay).truncatedTo(ChronoUnit.MILLIS);
      if (!end.isAfter(walk.oldest())) {
        return cursors.after(walk.write(json()), false).page(List.of(), List.of());
      }
      walk = walk.start(end);
    }
    Map<String, String> params = new LinkedHashMap<>();
    params.put("mintime", String.valueOf(walk.oldest().toEpochMilli()));
    params.put("maxtime", String.valueOf(walk.end().toEpochMilli()));
    params.put("limit", String.valueOf(limit));
    params.put("sort", "ts:asc");
    if (walk.next() != null) {
      params.put("next_offset", walk.next());
    }
    JsonNode response = call(AUTH_PATH, params);
    JsonNode logs = response.path("authlogs");
    if (!logs.isArray()) {
      throw new MantissaException(
          ErrorCode.REMOTE_FAILURE, PROVIDER + ": " + AUTH_PATH + ": no 'authlogs' array");
    }
    JsonNode offset = response.path("metadata").path("next_offset");
    String next = null;
    if (offset.isArray() && !offset.isEmpty()) {
      next =
          StreamSupport.stream(offset.spliterator(), false)
              .map(JsonNode::asText)
              .collect(Collectors.joining(","));
    } else if (offset.isTextual() && !offset.asText().isEmpty()) {
      next = offset.asText();
    }
    TimeWalk.Step step =
        walk.step(
            logs,
            DuoAdminLogCollector::timeOf,
            r -> r.path("txid").isTextual() ? r.get("txid").asText() : TimeWalk.contentKey(r),
            next);
    PageRecords.Parsed parsed =
        PageRecords.parse(parser, step.kept(), "duo " + AUTH_PATH, clock.instant());
    // the log keeps its turn until its walk is finished
    return cursors
        .after(step.after().write(json()), !step.finished())
        .page(parsed.events(), parsed.rejected());
  }

  private CollectedPage administrator(StreamCursors cursors, TimeWalk walk) {
    walk = walk.start(clock.instant());
    Map<String, String> params = new LinkedHashMap<>();
    params.put("mintime", String.valueOf(walk.oldest().getEpochSecond()));
    JsonNode records = call(ADMIN_PATH, params);
    if (!records.isArray()) {
      throw new MantissaException(
          ErrorCode.REMOTE_FAILURE, PROVIDER + ": " + ADMIN_PATH + ": the response is not a list");
    }
    TimeWalk.Step step =
        walk.step(records, DuoAdminLogCollector::timeOf, TimeWalk::contentKey, null);
    PageRecords.Parsed parsed =
        PageRecords.parse(parser, step.kept(), "duo " + ADMIN_PATH, clock.instant());
    // a full page means more records from the newest second on
    return cursors
        .after(step.after().write(json()), records.size() >= ADMIN_PAGE && step.kept().size() > 0)
        .page(parsed.events(), parsed.rejected());
  }

  private static ObjectNode json() {
    return PageRecords.JSON.createObjectNode();
  }

  private static Optional<Instant> timeOf(JsonNode record) {
    JsonNode ts = record.path("timestamp");
    if (ts.canConvertToLong()) {
      return Optional.of(Instant.ofEpochSecond(ts.asLong()));
    }
    return Timestamps.parse(record.path("isotimestamp").asText(null));
  }

  /** A signed GET; the {@code response} member of Duo's {@code {"stat":"OK",…}} envelope. */
  JsonNode call(String path, Map<String, String> params) {
    String date = DuoSignature.date(clock.instant());
    String canonical =
        DuoSignature.canonicalV5(date, "GET", base.getHost(), path, params, "", Map.of());
    URI uri = URI.create(base + path + "?" + DuoSignature.canonParams(params));
    HttpResponse<String> response =
        http.get(
            PROVIDER,
            uri,
            Map.of(
                "Authorization",
                DuoSignature.authorization(integrationKey, secretKey.reveal(), canonical),
                "Date",
                date,
                "Accept",
                "application/json"),
            null);
    JsonNode body = PageRecords.body(PROVIDER, "duo " + path, response.body());
    if (!"OK".equals(body.path("stat").asText())) {
      throw new MantissaException(
          ErrorCode.REMOTE_FAILURE,
          PROVIDER
              + ": "
              + path
              + " answered stat "
              + body.path("stat").asText("?")
              + " ("
              + body.path("code").asText("")
              + " "
              + body.path("message").asText("")
              + ")");
    }
    return body.path("response");
  }

  @Override
  public String toString() {
    return "DuoAdminLogCollector[" + base + "]";
  }

  /** Builds {@link DuoAdminLogCollector}s. */
  public static final class Builder extends CollectorBuilder<Builder> {
    private String integrationKey;
    private Secret secretKey;
    private int limit = 1000;
    private Duration delay = Duration.ofMinutes(2);

    private Builder() {
      super(null);
    }

    /** The API host, such as {@code api-xxxxxxxx.duosecurity.com} (becomes the https base URL). */
    public Builder host(String host) {
      String h = Objects.requireNonNull(host, "host").trim();
      return baseUrl(h.startsWith("https://") ? h : "https://" + h);
    }

    /** The Admin API application's integration key and secret key (required). */
    public Builder keys(String integrationKey, Secret secretKey) {
      this.integrationKey = Objects.requireNonNull(integrationKey, "integrationKey");
      this.secretKey = Objects.requireNonNull(secretKey, "secretKey");
      return this;
    }

    /** Authentication log records per page, 1 to 1000 (default 1000, Duo's maximum). */
    public Builder limit(int limit) {
      if (limit < 1 || limit > 1000) {
        throw new IllegalArgumentException("limit must be 1 to 1000, was " + limit);
      }
      this.limit = limit;
      return this;
    }

    /** How far behind now an authentication log walk ends (default 2 minutes). */
    public Builder delay(Duration delay) {
      if (delay.isNegative()) {
        throw new IllegalArgumentException("delay must not be negative");
      }
      this.delay = delay;
      return this;
    }

    /** Builds the collector. */
    public DuoAdminLogCollector build() {
      return new DuoAdminLogCollector(this);
    }
  }
}
