package io.mantissa.sources.collect;

import com.fasterxml.jackson.databind.JsonNode;
import io.mantissa.api.ErrorCode;
import io.mantissa.api.MantissaException;
import io.mantissa.api.config.Secret;
import io.mantissa.sources.Timestamps;
import io.mantissa.spi.auth.GoogleServiceAccountJwt;
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
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Pulls Google Workspace audit activities from the Admin SDK Reports API: {@code GET
 * /admin/reports/v1/activity/users/all/applications/{application}?startTime=…&endTime=…
 * &maxResults=…[&pageToken=…]} for each configured application ({@code login}, {@code admin},
 * {@code drive}, {@code token}, {@code saml} by default), with {@code Authorization: Bearer}.
 *
 * <p>The API lists activities newest first and pages through {@code nextPageToken}, so each
 * application is read in {@link TimeWalk walks}: from the newest {@code id.time} of the previous
 * walk (inclusive, skipping the activities of that instant already stored, by {@code
 * id.uniqueQualifier}) up to now minus {@code delay}. One poll reads one page of one application;
 * the applications take turns, and the run has caught up when the last one finished its walk.
 *
 * <p>The token is either fixed or obtained from a service account with domain-wide delegation: an
 * RS256 JWT ({@link GoogleServiceAccountJwt}) for the scope {@value #SCOPE} impersonating {@code
 * subject} (an administrator), exchanged at the token URI and cached until shortly before it
 * expires. Records go through the {@code google_workspace} parser.
 */
public final class GoogleWorkspaceCollector implements LogCollector {
  static final String PROVIDER = "google_workspace-collector";

  /** The OAuth scope of the Reports API audit activities. */
  public static final String SCOPE = "https://www.googleapis.com/auth/admin.reports.audit.readonly";

  /** The applications read by default. */
  public static final List<String> DEFAULT_APPLICATIONS =
      List.of("login", "admin", "drive", "token", "saml");

  private static final Pattern APPLICATION = Pattern.compile("[a-z0-9_]{1,64}");

  private final URI base;
  private final OAuthTokens tokens;
  private final EventParser parser;
  private final CollectorHttp http;
  private final Clock clock;
  private final List<String> applications;
  private final String customerId;
  private final int maxResults;
  private final Duration delay;
  private final Instant since;

  private GoogleWorkspaceCollector(Builder b) {
    this.base = b.base(PROVIDER);
    this.parser = b.requiredParser();
    this.clock = b.clock;
    this.http = b.http();
    this.applications = List.copyOf(b.applications);
    this.customerId = b.customerId;
    this.maxResults = b.maxResults;
    this.delay = b.delay;
    this.since = b.start();
    if (b.accessToken != null) {
      this.tokens = OAuthTokens.fixed(PROVIDER, b.accessToken);
    } else if (b.clientEmail != null && b.privateKey != null) {
      if (b.subject == null || b.subject.isBlank()) {
        throw new MantissaException(
            ErrorCode.CONFIG_INVALID,
            PROVIDER + ": subject (the administrator to impersonate) is required");
      }
      URI tokenUri =
          CollectorHttp.base(PROVIDER + " token-uri", b.tokenUri, b.allowPrivateAddresses);
      String email = b.clientEmail;
      Secret key = b.privateKey;
      String subject = b.subject.trim();
      Clock c = b.clock;
      // reads the key once now, so that a bad key is a configuration error at start
      try {
        GoogleServiceAccountJwt.privateKey(key.reveal());
      } catch (MantissaException e) {
        throw new MantissaException(ErrorCode.CONFIG_INVALID, PROVIDER + ": " + e.getMessage());
      }
      this.tokens =
          OAuthTokens.grant(
              PROVIDER,
              tokenUri,
              () -> {
                Map<String, String> form = new LinkedHashMap<>();
                form.put("grant_type", GoogleServiceAccountJwt.GRANT_TYPE);
                form.put(
                    "assertion",
                    GoogleServiceAccountJwt.assertion(
                        email, key.reveal(), SCOPE, subject, tokenUri, c.instant()));
                return form;
              },
              b.client != null ? b.client : CollectorHttp.newClient(b.timeout),
              b.timeout,
              c,
              b.allowPrivateAddresses);
    } else {
      throw new MantissaException(
          ErrorCode.CONFIG_INVALID,
          PROVIDER
              + ": an access-token, or a service account (credentials-file, or client-email and"
              + " private-key) with a subject, is required");
    }
  }

  /** A builder; the parser and an access token or a service account are required. */
  public static Builder builder() {
    return new Builder();
  }

  @Override
  public String source() {
    return parser.source();
  }

  @Override
  public CollectedPage poll(Optional<String> checkpoint) {
    StreamCursors cursors = StreamCursors.read(PROVIDER, applications, checkpoint);
    String app = cursors.current();
    TimeWalk walk =
        cursors
            .position()
            .map(s -> TimeWalk.read(PROVIDER, s))
            .orElseGet(() -> TimeWalk.from(since));
    if (!walk.underWay()) {
      Instant end = clock.instant().minus(delay);
      if (!end.isAfter(walk.oldest())) {
        return cursors.after(json(walk), false).page(List.of(), List.of());
      }
      walk = walk.start(end);
    }
    URI uri = activities(app, walk);
    HttpResponse<String> response =
        tokens.withToken(
            auth ->
                http.get(
                    PROVIDER,
                    uri,
                    Map.of("Authorization", auth, "Accept", "application/json"),
                    null));
    String origin = "google_workspace " + CollectorHttp.path(uri);
    JsonNode body = PageRecords.body(PROVIDER, origin, response.body());
    JsonNode items = body.path("items");
    if (!body.isObject() || !(items.isMissingNode() || items.isArray())) {
      throw new MantissaException(
          ErrorCode.REMOTE_FAILURE,
          PROVIDER + ": " + origin + ": not an activities list (no 'items' array)");
    }
    JsonNode records = items.isArray() ? items : PageRecords.JSON.createArrayNode();
    String next = body.path("nextPageToken").asText("");
    TimeWalk.Step step =
        walk.step(
            records,
            r -> Timestamps.parse(r.path("id").path("time").asText(null)),
            r -> {
              JsonNode q = r.path("id").path("uniqueQualifier");
              return q.isValueNode() ? q.asText() : TimeWalk.contentKey(r);
            },
            next.isEmpty() ? null : next);
    PageRecords.Parsed parsed = PageRecords.parse(parser, step.kept(), origin, clock.instant());
    // the application keeps its turn until its walk is finished
    return cursors
        .after(json(step.after()), !step.finished())
        .page(parsed.events(), parsed.rejected());
  }

  private static JsonNode json(TimeWalk walk) {
    return walk.write(PageRecords.JSON.createObjectNode());
  }

  private URI activities(String app, TimeWalk walk) {
    StringBuilder q =
        new StringBuilder(base.toString())
            .append("/admin/reports/v1/activity/users/all/applications/")
            .append(app)
            .append("?startTime=")
            .append(enc(walk.oldest().toString()))
            .append("&endTime=")
            .append(enc(walk.end().toString()))
            .append("&maxResults=")
            .append(maxResults);
    if (customerId != null) {
      q.append("&customerId=").append(enc(customerId));
    }
    if (walk.next() != null) {
      q.append("&pageToken=").append(enc(walk.next()));
    }
    return URI.create(q.toString());
  }

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  @Override
  public String toString() {
    return "GoogleWorkspaceCollector[" + base + ", " + applications + "]";
  }

  /** Builds {@link GoogleWorkspaceCollector}s. */
  public static final class Builder extends CollectorBuilder<Builder> {
    private Secret accessToken;
    private String clientEmail;
    private Secret privateKey;
    private String subject;
    private String tokenUri = GoogleServiceAccountJwt.GOOGLE_TOKEN_URI.toString();
    private List<String> applications = DEFAULT_APPLICATIONS;
    private String customerId;
    private int maxResults = 1000;
    private Duration delay = Duration.ofMinutes(3);

    private Builder() {
      super("https://admin.googleapis.com");
    }

    /**
     * A fixed OAuth access token with the {@value GoogleWorkspaceCollector#SCOPE} scope, sent as
     * {@code Bearer}.
     */
    public Builder accessToken(Secret accessToken) {
      this.accessToken = Objects.requireNonNull(accessToken, "accessToken");
      return this;
    }

    /**
     * A service account with domain-wide delegation for the {@value GoogleWorkspaceCollector#SCOPE}
     * scope.
     *
     * @param clientEmail its {@code client_email}
     * @param privateKeyPem its {@code private_key} (PKCS#8 PEM)
     * @param subject the administrator whose authority it uses
     */
    public Builder serviceAccount(String clientEmail, Secret privateKeyPem, String subject) {
      this.clientEmail = Objects.requireNonNull(clientEmail, "clientEmail");
      this.privateKey = Objects.requireNonNull(privateKeyPem, "privateKeyPem");
      this.subject = Objects.requireNonNull(subject, "subject");
      return this;
    }

    /** The token endpoint of the service account (default {@code oauth2.googleapis.com/token}). */
    public Builder tokenUri(String tokenUri) {
      this.tokenUri = Objects.requireNonNull(tokenUri, "tokenUri");
      return this;
    }

    /** The applications to read, in turn (default login, admin, drive, token, saml). */
    public Builder applications(List<String> applications) {
      if (applications.isEmpty()) {
        throw new IllegalArgumentException("applications must not be empty");
      }
      List<String> apps = new ArrayList<>();
      for (String a : applications) {
        String app = a.trim();
        if (!APPLICATION.matcher(app).matches()) {
          throw new IllegalArgumentException("not an application name: '" + a + "'");
        }
        if (!apps.contains(app)) {
          apps.add(app);
        }
      }
      this.applications = List.copyOf(apps);
      return this;
    }

    /** The customer id to read (default: the customer of the impersonated administrator). */
    public Builder customerId(String customerId) {
      this.customerId = Objects.requireNonNull(customerId, "customerId");
      return this;
    }

    /** Activities per page, 1 to 1000 (default 1000, the API's maximum). */
    public Builder maxResults(int maxResults) {
      if (maxResults < 1 || maxResults > 1000) {
        throw new IllegalArgumentException("max-results must be 1 to 1000, was " + maxResults);
      }
      this.maxResults = maxResults;
      return this;
    }

    /**
     * How far behind now a walk ends (default 3 minutes), for activities that reach the API late.
     */
    public Builder delay(Duration delay) {
      if (delay.isNegative()) {
        throw new IllegalArgumentException("delay must not be negative");
      }
      this.delay = delay;
      return this;
    }

    /** Builds the collector. */
    public GoogleWorkspaceCollector build() {
      return new GoogleWorkspaceCollector(this);
    }
  }
}
