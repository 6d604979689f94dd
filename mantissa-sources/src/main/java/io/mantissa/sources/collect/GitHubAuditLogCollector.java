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
 * Pulls an organization's GitHub audit log: {@code GET
 * /orgs/{org}/audit-log?include=all&per_page=…&order=asc&phrase=created:>=…} with {@code
 * Authorization: Bearer <token>}, then the cursor links of {@code Link: <…>; rel="next"}.
 *
 * <p>While a next link is given, it is the checkpoint. On the last page (no next link) the
 * checkpoint becomes a fresh query from the newest {@code @timestamp} seen ({@code created:>=<that
 * instant>}), so the next poll asks for what arrived since; the entries at that instant come back
 * and {@link CollectorRunner} drops them by id ({@code _document_id}). A 429, or a 403 with {@code
 * Retry-After} or {@code X-RateLimit-Remaining: 0}, waits for Retry-After or else until {@code
 * X-RateLimit-Reset}. Records go through the {@code github} parser.
 */
public final class GitHubAuditLogCollector implements LogCollector {
  static final String PROVIDER = "github-collector";

  private final URI base;
  private final String org;
  private final Secret authorization;
  private final EventParser parser;
  private final CollectorHttp http;
  private final Clock clock;
  private final int perPage;
  private final Instant since;

  private GitHubAuditLogCollector(Builder b) {
    if (b.org == null || b.org.isBlank()) {
      throw new MantissaException(ErrorCode.CONFIG_INVALID, PROVIDER + ": org is required");
    }
    if (b.token == null) {
      throw new MantissaException(ErrorCode.CONFIG_INVALID, PROVIDER + ": token is required");
    }
    this.base = b.base(PROVIDER);
    this.org = b.org.trim();
    this.authorization = Secret.of("Bearer " + b.token.reveal());
    this.parser = b.requiredParser();
    this.clock = b.clock;
    this.http = b.http();
    this.perPage = b.perPage;
    this.since = b.start();
  }

  /** A builder; the organization, the token and the parser are required. */
  public static Builder builder() {
    return new Builder();
  }

  @Override
  public String source() {
    return parser.source();
  }

  /** The query for entries created at or after {@code from}, oldest first. */
  URI query(Instant from) {
    return URI.create(
        base
            + "/orgs/"
            + URLEncoder.encode(org, StandardCharsets.UTF_8)
            + "/audit-log?include=all&per_page="
            + perPage
            + "&order=asc&phrase="
            + URLEncoder.encode("created:>=" + from, StandardCharsets.UTF_8));
  }

  @Override
  public CollectedPage poll(Optional<String> checkpoint) {
    URI uri =
        checkpoint.map(c -> onOrigin(URI.create(c), "checkpoint")).orElseGet(() -> query(since));
    HttpResponse<String> response =
        http.get(
            PROVIDER,
            uri,
            Map.of(
                "Authorization",
                authorization.reveal(),
                "Accept",
                "application/vnd.github+json",
                "X-GitHub-Api-Version",
                "2022-11-28"),
            "X-RateLimit-Reset");
    String origin = "github " + CollectorHttp.path(uri);
    JsonNode body = PageRecords.body(PROVIDER, origin, response.body());
    if (!body.isArray()) {
      throw new MantissaException(
          ErrorCode.REMOTE_FAILURE, PROVIDER + ": " + origin + ": the response is not an array");
    }
    Optional<String> next = CollectorHttp.nextLink(response.headers().allValues("Link"));
    next.ifPresent(n -> onOrigin(URI.create(n), "next link"));
    PageRecords.Parsed parsed = PageRecords.parse(parser, body, origin, clock.instant());
    if (next.isPresent() && !body.isEmpty()) {
      return new CollectedPage(parsed.events(), parsed.rejected(), next.get(), true);
    }
    Instant newest = null;
    for (JsonNode entry : body) {
      JsonNode ts = entry.path("@timestamp");
      if (ts.canConvertToLong()) {
        Instant t = Instant.ofEpochMilli(ts.asLong());
        newest = newest == null || t.isAfter(newest) ? t : newest;
      }
    }
    String resume = newest == null ? uri.toString() : query(newest).toString();
    return new CollectedPage(parsed.events(), parsed.rejected(), resume, false);
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
    return "GitHubAuditLogCollector[" + base + ", " + org + "]";
  }

  /** Builds {@link GitHubAuditLogCollector}s. */
  public static final class Builder extends CollectorBuilder<Builder> {
    private String org;
    private Secret token;
    private int perPage = 100;

    private Builder() {
      super("https://api.github.com");
    }

    /** The organization whose audit log is read (required). */
    public Builder org(String org) {
      this.org = Objects.requireNonNull(org, "org");
      return this;
    }

    /** The token (required; {@code read:audit_log}), sent as {@code Bearer}. */
    public Builder token(Secret token) {
      this.token = Objects.requireNonNull(token, "token");
      return this;
    }

    /** Entries per page, 1 to 100 (default 100, GitHub's maximum). */
    public Builder perPage(int perPage) {
      if (perPage < 1 || perPage > 100) {
        throw new IllegalArgumentException("per-page must be 1 to 100, was " + perPage);
      }
      this.perPage = perPage;
      return this;
    }

    /** Builds the collector. */
    public GitHubAuditLogCollector build() {
      return new GitHubAuditLogCollector(this);
    }
  }
}
