package io.mantissa.sources.collect;

import com.fasterxml.jackson.databind.JsonNode;
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
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Pulls the Okta System Log: {@code GET /api/v1/logs?since=…&limit=…&sortOrder=ASCENDING} with
 * {@code Authorization: SSWS <token>}, then the {@code Link: <…>; rel="next"} of each page. As Okta
 * documents for polling, the next link of an ascending query is always given and stays valid; a
 * page with no records means the collector has caught up, and polling that same link later returns
 * what arrived since. The checkpoint is the next link (on the configured origin only).
 *
 * <p>A 429 waits for {@code Retry-After} or else until {@code X-Rate-Limit-Reset} (epoch seconds);
 * 5xx and timeouts are retried by {@link CollectorRunner}. Records go through the {@code okta}
 * parser, as files do; a record it rejects becomes a dead letter and the page goes on.
 */
public final class OktaLogCollector implements LogCollector {
  static final String PROVIDER = "okta-collector";

  private final URI base;
  private final Secret authorization;
  private final EventParser parser;
  private final CollectorHttp http;
  private final Clock clock;
  private final int limit;
  private final Instant since;

  private OktaLogCollector(Builder b) {
    if (b.baseUrl == null) {
      throw new MantissaException(
          ErrorCode.CONFIG_INVALID, PROVIDER + ": the domain or base-url is required");
    }
    if (b.apiToken == null) {
      throw new MantissaException(ErrorCode.CONFIG_INVALID, PROVIDER + ": api-token is required");
    }
    this.base = b.base(PROVIDER);
    this.authorization = Secret.of("SSWS " + b.apiToken.reveal());
    this.parser = b.requiredParser();
    this.clock = b.clock;
    this.http = b.http();
    this.limit = b.limit;
    this.since = b.start();
  }

  /** A builder; the base URL, the API token and the parser are required. */
  public static Builder builder() {
    return new Builder();
  }

  @Override
  public String source() {
    return parser.source();
  }

  /** The URL of the first request, when there is no checkpoint. */
  URI firstPage() {
    return URI.create(
        base
            + "/api/v1/logs?since="
            + URLEncoder.encode(since.toString(), StandardCharsets.UTF_8)
            + "&limit="
            + limit
            + "&sortOrder=ASCENDING");
  }

  @Override
  public CollectedPage poll(Optional<String> checkpoint) {
    URI uri = checkpoint.map(c -> onOrigin(URI.create(c), "checkpoint")).orElseGet(this::firstPage);
    HttpResponse<String> response =
        http.get(
            PROVIDER,
            uri,
            Map.of("Authorization", authorization.reveal(), "Accept", "application/json"),
            "X-Rate-Limit-Reset");
    String origin = "okta " + CollectorHttp.path(uri);
    JsonNode body = PageRecords.body(PROVIDER, origin, response.body());
    if (!body.isArray()) {
      throw new MantissaException(
          ErrorCode.REMOTE_FAILURE, PROVIDER + ": " + origin + ": the response is not an array");
    }
    Optional<String> next = CollectorHttp.nextLink(response.headers().allValues("Link"));
    next.ifPresent(n -> onOrigin(URI.create(n), "next link"));
    PageRecords.Parsed parsed = PageRecords.parse(parser, body, origin, clock.instant());
    String resume = next.orElse(uri.toString());
    boolean more = next.isPresent() && !body.isEmpty();
    return new CollectedPage(parsed.events(), parsed.rejected(), resume, more);
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
    return "OktaLogCollector[" + base + "]";
  }

  /** Builds {@link OktaLogCollector}s. */
  public static final class Builder extends CollectorBuilder<Builder> {
    private Secret apiToken;
    private int limit = 1000;

    private Builder() {
      super(null);
    }

    /** The API token (required), sent as {@code Authorization: SSWS <token>}. */
    public Builder apiToken(Secret apiToken) {
      this.apiToken = Objects.requireNonNull(apiToken, "apiToken");
      return this;
    }

    /** Records per page, 1 to 1000 (default 1000, Okta's maximum). */
    public Builder limit(int limit) {
      if (limit < 1 || limit > 1000) {
        throw new IllegalArgumentException("limit must be 1 to 1000, was " + limit);
      }
      this.limit = limit;
      return this;
    }

    /** Builds the collector. */
    public OktaLogCollector build() {
      return new OktaLogCollector(this);
    }
  }
}
