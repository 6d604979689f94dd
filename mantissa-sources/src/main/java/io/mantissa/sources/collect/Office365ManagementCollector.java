package io.mantissa.sources.collect;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mantissa.api.DeadLetter;
import io.mantissa.api.ErrorCode;
import io.mantissa.api.Event;
import io.mantissa.api.MantissaException;
import io.mantissa.spi.net.DestinationGuard;
import io.mantissa.spi.source.CollectedPage;
import io.mantissa.spi.source.EventParser;
import io.mantissa.spi.source.LogCollector;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Pulls the Office 365 Management Activity API: for each content type in turn, {@code POST
 * subscriptions/start?contentType=…} once (idempotent: "already enabled" is fine), then {@code GET
 * subscriptions/content?contentType=…&startTime=…&endTime=…} over windows of at most 24 hours
 * (following the {@code NextPageUri} header), then each listed {@code contentUri}: a JSON array of
 * audit records, parsed by the {@code m365} parser. One poll reads one listing page or one content
 * blob, so the checkpoint moves blob by blob.
 *
 * <p>The checkpoint keeps, per content type, the window under way ({@code from}, {@code to}), the
 * listing's next page, the blobs listed but not read yet (id and URI), and the ids of the blobs
 * read recently, which are skipped when a later listing shows them again. Every URI the API hands
 * back (next page, content URI) must stay on the configured origin. The API keeps content 7 days: a
 * start further back is moved to 7 days ago.
 */
public final class Office365ManagementCollector implements LogCollector {
  static final String PROVIDER = "m365-collector";

  /** The token resource. */
  static final String RESOURCE = "https://manage.office.com";

  /** The content types the API offers, all read by default. */
  public static final List<String> CONTENT_TYPES =
      List.of(
          "Audit.AzureActiveDirectory",
          "Audit.Exchange",
          "Audit.SharePoint",
          "Audit.General",
          "DLP.All");

  static final Duration WINDOW = Duration.ofHours(24);
  static final Duration RETENTION = Duration.ofDays(7).minusMinutes(5);
  static final int RECENT = 2000;
  static final String EXPIRED = "AF20051";
  private static final Logger LOG = LoggerFactory.getLogger(Office365ManagementCollector.class);
  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss").withZone(ZoneOffset.UTC);

  private final URI base;
  private final String feed;
  private final OAuthTokens tokens;
  private final EventParser parser;
  private final CollectorHttp http;
  private final HttpClient client;
  private final Duration timeout;
  private final Clock clock;
  private final List<String> contentTypes;
  private final String publisherId;
  private final Instant since;
  private final boolean allowPrivate;
  private final Set<String> subscribed = new HashSet<>();

  private Office365ManagementCollector(Builder b) {
    if (b.tenantId == null || b.tenantId.isBlank()) {
      throw new MantissaException(ErrorCode.CONFIG_INVALID, PROVIDER + ": tenant-id is required");
    }
    this.base = b.base(PROVIDER);
    this.feed =
        base
            + "/api/v1.0/"
            + URLEncoder.encode(b.tenantId.trim(), StandardCharsets.UTF_8)
            + "/activity/feed";
    this.tokens = b.credentials().tokens(PROVIDER, RESOURCE, b);
    this.parser = b.requiredParser();
    this.clock = b.clock;
    this.http = b.http();
    this.client = b.client != null ? b.client : CollectorHttp.newClient(b.timeout);
    this.timeout = b.timeout;
    this.contentTypes = List.copyOf(b.contentTypes);
    this.publisherId = b.publisherId;
    this.since = b.start();
    this.allowPrivate = b.allowPrivateAddresses;
  }

  /** A builder; the tenant, the credentials and the parser are required. */
  public static Builder builder() {
    return new Builder();
  }

  @Override
  public String source() {
    return parser.source();
  }

  /** Where one content type stands. */
  record Stream(
      Instant from, Instant to, boolean last, String next, List<Blob> blobs, List<String> recent) {
    Stream {
      blobs = List.copyOf(blobs);
      recent = List.copyOf(recent);
    }

    ObjectNode write() {
      ObjectNode n = PageRecords.JSON.createObjectNode();
      n.put("from", from.toString());
      if (to != null) {
        n.put("to", to.toString());
        n.put("last", last);
      }
      if (next != null) {
        n.put("next", next);
      }
      ArrayNode b = n.putArray("blobs");
      blobs.forEach(x -> b.addObject().put("id", x.id()).put("uri", x.uri()));
      ArrayNode r = n.putArray("recent");
      recent.forEach(r::add);
      return n;
    }

    static Stream read(JsonNode n) {
      try {
        List<Blob> blobs = new ArrayList<>();
        n.path("blobs")
            .forEach(x -> blobs.add(new Blob(x.path("id").asText(), x.path("uri").asText())));
        List<String> recent = new ArrayList<>();
        n.path("recent").forEach(x -> recent.add(x.asText()));
        return new Stream(
            Instant.parse(n.path("from").asText()),
            n.path("to").isTextual() ? Instant.parse(n.get("to").asText()) : null,
            n.path("last").asBoolean(false),
            n.path("next").isTextual() ? n.get("next").asText() : null,
            blobs,
            recent);
      } catch (DateTimeParseException e) {
        throw new MantissaException(
            ErrorCode.STORAGE_FAILURE,
            PROVIDER + ": the checkpoint is not this collector's; delete it to start over");
      }
    }
  }

  /** A listed content blob. */
  record Blob(String id, String uri) {}

  @Override
  public CollectedPage poll(Optional<String> checkpoint) {
    StreamCursors cursors = StreamCursors.read(PROVIDER, contentTypes, checkpoint);
    String type = cursors.current();
    Instant now = clock.instant();
    Instant oldest = now.minus(RETENTION).truncatedTo(ChronoUnit.SECONDS);
    Stream s =
        cursors
            .position()
            .map(Stream::read)
            .orElseGet(
                () ->
                    new Stream(
                        since.truncatedTo(ChronoUnit.SECONDS),
                        null,
                        false,
                        null,
                        List.of(),
                        List.of()));
    if (s.to() == null && s.from().isBefore(oldest)) {
      s = new Stream(oldest, null, false, null, List.of(), s.recent());
    }
    List<Event> events = List.of();
    List<DeadLetter> rejected = List.of();
    if (!s.blobs().isEmpty()) {
      Blob blob = s.blobs().get(0);
      URI uri = onOrigin(URI.create(blob.uri()), "content URI");
      String origin = "m365 " + CollectorHttp.path(uri);
      Optional<HttpResponse<String>> response = content(uri, blob);
      if (response.isPresent()) {
        JsonNode records = PageRecords.body(PROVIDER, origin, response.get().body());
        if (!records.isArray()) {
          throw new MantissaException(
              ErrorCode.REMOTE_FAILURE, PROVIDER + ": " + origin + ": the content is not an array");
        }
        PageRecords.Parsed parsed = PageRecords.parse(parser, records, origin, clock.instant());
        events = parsed.events();
        rejected = parsed.rejected();
      }
      s =
          new Stream(
              s.from(),
              s.to(),
              s.last(),
              s.next(),
              s.blobs().subList(1, s.blobs().size()),
              remember(s.recent(), blob.id()));
    } else {
      if (s.to() == null) {
        Instant end = s.from().plus(WINDOW);
        boolean last = !end.isBefore(now);
        end = last ? now.truncatedTo(ChronoUnit.SECONDS) : end;
        if (!end.isAfter(s.from())) {
          return cursors.after(s.write(), false).page(events, rejected);
        }
        s = new Stream(s.from(), end, last, null, List.of(), s.recent());
      }
      subscribe(type);
      URI uri =
          s.next() != null
              ? onOrigin(URI.create(s.next()), "NextPageUri")
              : URI.create(
                  feed
                      + "/subscriptions/content?contentType="
                      + type
                      + "&startTime="
                      + TIME.format(s.from())
                      + "&endTime="
                      + TIME.format(s.to())
                      + publisher("&"));
      HttpResponse<String> response =
          tokens.withToken(auth -> http.get(PROVIDER, uri, headers(auth), null));
      String origin = "m365 " + CollectorHttp.path(uri);
      JsonNode listing = PageRecords.body(PROVIDER, origin, response.body());
      if (!listing.isArray()) {
        throw new MantissaException(
            ErrorCode.REMOTE_FAILURE, PROVIDER + ": " + origin + ": the listing is not an array");
      }
      List<Blob> blobs = new ArrayList<>();
      for (JsonNode c : listing) {
        String id = c.path("contentId").asText("");
        String contentUri = c.path("contentUri").asText("");
        if (!id.isEmpty() && !contentUri.isEmpty() && !s.recent().contains(id)) {
          onOrigin(URI.create(contentUri), "content URI");
          blobs.add(new Blob(id, contentUri));
        }
      }
      String next = response.headers().firstValue("NextPageUri").orElse(null);
      if (next != null) {
        onOrigin(URI.create(next), "NextPageUri");
      }
      s = new Stream(s.from(), s.to(), s.last(), next, blobs, s.recent());
    }
    if (s.blobs().isEmpty() && s.next() == null) {
      // the window is read: the next one starts where it ended
      boolean last = s.last();
      s = new Stream(s.to(), null, false, null, List.of(), s.recent());
      if (last) {
        return cursors.after(s.write(), false).page(events, rejected);
      }
    }
    return cursors.after(s.write(), true).page(events, rejected);
  }

  /**
   * GETs a content blob; empty when the API says it expired ({@code AF20051}: content is kept 7
   * days), which is logged and skipped, since it can never be read again.
   */
  private Optional<HttpResponse<String>> content(URI uri, Blob blob) {
    try {
      return Optional.of(tokens.withToken(auth -> http.get(PROVIDER, uri, headers(auth), null)));
    } catch (MantissaException e) {
      if (e.code() == ErrorCode.REMOTE_FAILURE
          && !(e.getCause() instanceof RetryableFailure)
          && String.valueOf(e.getMessage()).contains(EXPIRED)) {
        LOG.warn("{}: content {} has expired ({}); skipping it", PROVIDER, blob.id(), EXPIRED);
        return Optional.empty();
      }
      throw e;
    }
  }

  /** The ids of the blobs read recently, oldest first, at most {@link #RECENT}. */
  private static List<String> remember(List<String> recent, String id) {
    List<String> all = new ArrayList<>(recent);
    all.add(id);
    return all.subList(Math.max(0, all.size() - RECENT), all.size());
  }

  private String publisher(String sep) {
    return publisherId == null
        ? ""
        : sep + "PublisherIdentifier=" + URLEncoder.encode(publisherId, StandardCharsets.UTF_8);
  }

  private static Map<String, String> headers(String auth) {
    return Map.of("Authorization", auth, "Accept", "application/json");
  }

  /** Starts the subscription of {@code type} once per collector; "already enabled" is fine. */
  private void subscribe(String type) {
    if (subscribed.contains(type)) {
      return;
    }
    URI uri = URI.create(feed + "/subscriptions/start?contentType=" + type + publisher("&"));
    CollectorHttp.guard(PROVIDER, uri, allowPrivate, DestinationGuard.SYSTEM);
    HttpResponse<String> response =
        tokens.withToken(
            auth -> {
              HttpRequest request =
                  HttpRequest.newBuilder(uri)
                      .timeout(timeout)
                      .header("Authorization", auth)
                      .header("Content-Type", "application/json")
                      .POST(HttpRequest.BodyPublishers.noBody())
                      .build();
              String what = PROVIDER + ": POST " + CollectorHttp.path(uri);
              try {
                HttpResponse<String> r =
                    client.send(
                        request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
                if (r.statusCode() == 401 || r.statusCode() == 403) {
                  throw new MantissaException(
                      ErrorCode.UNAUTHORIZED,
                      what
                          + " answered "
                          + r.statusCode()
                          + ": check the credentials and the ActivityFeed.Read permission");
                }
                if (r.statusCode() == 429 || r.statusCode() >= 500) {
                  throw CollectorHttp.retryable(
                      what + " answered " + r.statusCode(),
                      CollectorHttp.retryAfter(
                              r.headers().firstValue("Retry-After").orElse(null), clock)
                          .orElse(null));
                }
                return r;
              } catch (IOException e) {
                throw CollectorHttp.retryable(what + " failed: " + e, null);
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new MantissaException(ErrorCode.REMOTE_FAILURE, what + ": interrupted", e);
              }
            });
    int status = response.statusCode();
    boolean enabled =
        status >= 200 && status < 300
            || status == 400 && response.body() != null && response.body().contains("AF20024");
    if (!enabled) {
      throw new MantissaException(
          ErrorCode.REMOTE_FAILURE,
          PROVIDER
              + ": POST subscriptions/start for "
              + type
              + " answered "
              + status
              + ": "
              + excerpt(response.body()));
    }
    subscribed.add(type);
  }

  private static String excerpt(String body) {
    String b = body == null ? "" : body.strip().replaceAll("\\s+", " ");
    return b.length() > 200 ? b.substring(0, 200) + "..." : b;
  }

  private URI onOrigin(URI uri, String what) {
    if (!CollectorHttp.sameOrigin(base, uri)) {
      throw new MantissaException(
          ErrorCode.REMOTE_FAILURE,
          PROVIDER + ": the " + what + " leaves " + base + "; refusing to send the token there");
    }
    return uri;
  }

  @Override
  public String toString() {
    return "Office365ManagementCollector[" + feed + ", " + contentTypes + "]";
  }

  /** Builds {@link Office365ManagementCollector}s. */
  public static final class Builder extends EntraCollectorBuilder<Builder> {
    private List<String> contentTypes = CONTENT_TYPES;
    private String publisherId;

    private Builder() {
      super("https://manage.office.com");
    }

    /** The content types to read, in turn (default: all five). */
    public Builder contentTypes(List<String> contentTypes) {
      List<String> types = new ArrayList<>();
      for (String t : contentTypes) {
        String type = t.trim();
        if (!CONTENT_TYPES.contains(type)) {
          throw new IllegalArgumentException(
              "unknown content type '" + t + "'; known: " + String.join(", ", CONTENT_TYPES));
        }
        if (!types.contains(type)) {
          types.add(type);
        }
      }
      if (types.isEmpty()) {
        throw new IllegalArgumentException("content-types must not be empty");
      }
      this.contentTypes = List.copyOf(types);
      return this;
    }

    /** The {@code PublisherIdentifier} sent with each request (the API's quota key). */
    public Builder publisherId(String publisherId) {
      this.publisherId = publisherId;
      return this;
    }

    /** Builds the collector. */
    public Office365ManagementCollector build() {
      return new Office365ManagementCollector(this);
    }
  }
}
