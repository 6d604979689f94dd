package io.mantissa.sources.collect;

import com.fasterxml.jackson.databind.JsonNode;
import io.mantissa.api.ErrorCode;
import io.mantissa.api.MantissaException;
import io.mantissa.sources.SourceCatalog;
import io.mantissa.sources.Timestamps;
import io.mantissa.spi.ProviderContext;
import io.mantissa.spi.source.CollectedPage;
import io.mantissa.spi.source.EventParser;
import io.mantissa.spi.source.LogCollector;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Pulls Microsoft Entra ID audit logs from Microsoft Graph: {@code GET
 * /auditLogs/signIns?$filter=createdDateTime ge … and createdDateTime le …&$top=…} (source {@code
 * entra_signin}) or {@code GET /auditLogs/directoryAudits?$filter=activityDateTime ge … and …}
 * (source {@code entra_audit}), with {@code Authorization: Bearer} from the client-credentials
 * grant for {@code https://graph.microsoft.com/.default} (application permission {@code
 * AuditLog.Read.All}) or a fixed token, then the {@code @odata.nextLink} of each page.
 *
 * <p>Graph lists both newest first, so the collector reads them in {@link TimeWalk walks}: from the
 * newest time of the previous walk (inclusive, skipping the records of that instant already stored,
 * by {@code id}) up to now minus {@code delay}. A next link that leaves the configured origin is
 * refused. A 429 waits for Retry-After; 5xx and timeouts are retried by {@link CollectorRunner}.
 */
public final class MicrosoftGraphAuditCollector implements LogCollector {

  /** The two Graph audit logs. */
  public enum Log {
    /**
     * {@code auditLogs/signIns}, filtered on {@code createdDateTime}; source {@code entra_signin}.
     */
    SIGN_INS("entra_signin", "/auditLogs/signIns", "createdDateTime"),
    /**
     * {@code auditLogs/directoryAudits}, filtered on {@code activityDateTime}; source {@code
     * entra_audit}.
     */
    DIRECTORY_AUDITS("entra_audit", "/auditLogs/directoryAudits", "activityDateTime");

    final String source;
    final String path;
    final String timeField;

    Log(String source, String path, String timeField) {
      this.source = source;
      this.path = path;
      this.timeField = timeField;
    }

    /** The source id whose parser reads this log. */
    public String source() {
      return source;
    }

    String provider() {
      return source + "-collector";
    }
  }

  /** The Graph resource the token is asked for. */
  static final String RESOURCE = "https://graph.microsoft.com";

  private final Log log;
  private final String provider;
  private final URI base;
  private final OAuthTokens tokens;
  private final EventParser parser;
  private final CollectorHttp http;
  private final Clock clock;
  private final int top;
  private final Duration delay;
  private final Instant since;

  private MicrosoftGraphAuditCollector(Builder b) {
    this.log = b.log;
    this.provider = log.provider();
    this.base = b.base(provider);
    this.parser = b.requiredParser();
    this.clock = b.clock;
    this.http = b.http();
    this.top = b.top;
    this.delay = b.delay;
    this.since = b.start();
    this.tokens = b.credentials().tokens(provider, RESOURCE, b);
  }

  /**
   * A builder for one of the logs; the parser of its source and the credentials are required.
   *
   * @param log which log
   */
  public static Builder builder(Log log) {
    return new Builder(log);
  }

  /**
   * The collector of {@code log} from a provider's settings ({@code
   * mantissa.providers.<source>-collector.*}).
   */
  static MicrosoftGraphAuditCollector fromSettings(Log log, ProviderContext context) {
    SettingsReader s = new SettingsReader(log.provider(), context.settings());
    Builder b =
        builder(log)
            .clock(context.clock())
            .parser(SourceCatalog.load().parser(log.source, context));
    s.common(b);
    EntraCredentials.read(s, b);
    s.apply("top", v -> b.top(Integer.parseInt(v)));
    s.apply("delay", v -> b.delay(Duration.parse(v)));
    return b.build();
  }

  @Override
  public String source() {
    return parser.source();
  }

  @Override
  public CollectedPage poll(Optional<String> checkpoint) {
    TimeWalk walk =
        checkpoint
            .map(c -> TimeWalk.read(provider, PageRecords.body(provider, "checkpoint", c)))
            .orElseGet(() -> TimeWalk.from(since));
    URI uri;
    if (walk.underWay()) {
      uri = onOrigin(URI.create(walk.next()), "checkpoint");
    } else {
      Instant end = clock.instant().minus(delay);
      if (!end.isAfter(walk.oldest())) {
        return new CollectedPage(
            List.of(),
            List.of(),
            walk.write(PageRecords.JSON.createObjectNode()).toString(),
            false);
      }
      walk = walk.start(end);
      uri = firstPage(walk);
    }
    HttpResponse<String> response =
        tokens.withToken(
            auth ->
                http.get(
                    provider,
                    uri,
                    Map.of("Authorization", auth, "Accept", "application/json"),
                    null));
    String origin = log.source + " " + CollectorHttp.path(uri);
    JsonNode body = PageRecords.body(provider, origin, response.body());
    JsonNode value = body.path("value");
    if (!value.isArray()) {
      throw new MantissaException(
          ErrorCode.REMOTE_FAILURE,
          provider + ": " + origin + ": not a collection (no 'value' array)");
    }
    String next = body.path("@odata.nextLink").asText("");
    if (!next.isEmpty()) {
      onOrigin(URI.create(next), "next link");
    }
    TimeWalk.Step step =
        walk.step(
            value,
            r -> Timestamps.parse(r.path(log.timeField).asText(null)),
            r -> r.path("id").isTextual() ? r.get("id").asText() : TimeWalk.contentKey(r),
            next.isEmpty() ? null : next);
    PageRecords.Parsed parsed = PageRecords.parse(parser, step.kept(), origin, clock.instant());
    return new CollectedPage(
        parsed.events(),
        parsed.rejected(),
        step.after().write(PageRecords.JSON.createObjectNode()).toString(),
        !step.finished());
  }

  /** The first page of a walk: the time filter, {@code $top}. */
  URI firstPage(TimeWalk walk) {
    String filter =
        log.timeField + " ge " + walk.oldest() + " and " + log.timeField + " le " + walk.end();
    return URI.create(
        base
            + log.path
            + "?$filter="
            + URLEncoder.encode(filter, StandardCharsets.UTF_8).replace("+", "%20")
            + "&$top="
            + top);
  }

  private URI onOrigin(URI uri, String what) {
    if (!CollectorHttp.sameOrigin(base, uri)) {
      throw new MantissaException(
          ErrorCode.REMOTE_FAILURE,
          provider + ": the " + what + " leaves " + base + "; refusing to send the token there");
    }
    return uri;
  }

  @Override
  public String toString() {
    return "MicrosoftGraphAuditCollector[" + base + log.path + "]";
  }

  /** Builds {@link MicrosoftGraphAuditCollector}s. */
  public static final class Builder extends EntraCollectorBuilder<Builder> {
    private final Log log;
    private int top = 1000;
    private Duration delay = Duration.ofMinutes(5);

    private Builder(Log log) {
      super("https://graph.microsoft.com/v1.0");
      this.log = Objects.requireNonNull(log, "log");
    }

    /** Records per page ({@code $top}), 1 to 1000 (default 1000). */
    public Builder top(int top) {
      if (top < 1 || top > 1000) {
        throw new IllegalArgumentException("top must be 1 to 1000, was " + top);
      }
      this.top = top;
      return this;
    }

    /** How far behind now a walk ends (default 5 minutes), for records that arrive late. */
    public Builder delay(Duration delay) {
      if (delay.isNegative()) {
        throw new IllegalArgumentException("delay must not be negative");
      }
      this.delay = delay;
      return this;
    }

    /** Builds the collector. */
    public MicrosoftGraphAuditCollector build() {
      return new MicrosoftGraphAuditCollector(this);
    }
  }
}
