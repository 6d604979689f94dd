package io.mantissa.sources.collect;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mantissa.api.DeadLetter;
import io.mantissa.api.ErrorCode;
import io.mantissa.api.MantissaException;
import io.mantissa.api.SourceLocation;
import io.mantissa.api.config.Secret;
import io.mantissa.sources.IngestReport;
import io.mantissa.spi.storage.DeadLetterStore;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The protocol-independent part of a push endpoint: a vendor POSTs a batch, this checks the
 * credential and the size, splits the batch into records, hands them (one JSON object per line) to
 * the same ingest path as {@code POST /api/v1/ingest/{source}} — parser, enrichment, event store,
 * dead letters for bad records — and says which status code to answer.
 *
 * <ul>
 *   <li>{@code kubernetes}: the audit webhook backend of kube-apiserver ({@code
 *       --audit-webhook-config-file}) POSTs an {@code audit.k8s.io/v1 EventList}; each of its
 *       {@code items} is one record (a single {@code Event} is accepted too). Its webhook client
 *       retries with backoff on connection errors, 500, 429 and answers with {@code Retry-After},
 *       and drops the batch on other statuses.
 *   <li>{@code jamf_pro}: a Jamf Pro webhook in JSON ({@code {"webhook":{…},"event":{…}}}) is one
 *       record.
 * </ul>
 *
 * <p>Answers: 200 with {@code {"source","accepted","rejected"}} once the records are stored (bad
 * records included: they are dead letters, resending would not help); 401 (with a challenge for
 * Basic and Bearer) for a missing or wrong credential; 413 for a body over the limit; 400 for a
 * body that is not the format (kept as a dead letter with the reason); 415 for a Jamf XML body
 * (also kept); 503 with {@code Retry-After} when the store fails, so that the sender retries.
 * Instances are immutable and thread-safe.
 */
public final class PushReceiver {
  private static final Logger LOG = LoggerFactory.getLogger(PushReceiver.class);
  private static final int MAX_DEAD_LETTER_BODY = 1024 * 1024;

  /** The formats of the sources that push. */
  enum Format {
    KUBERNETES_AUDIT,
    JAMF_PRO
  }

  /** Hands NDJSON to the ingest path (the app's {@code Installation.ingest}). */
  @FunctionalInterface
  public interface Ingest {
    /**
     * Ingests {@code ndjson} (one record per line) for the receiver's source.
     *
     * @throws MantissaException when the event store fails
     */
    IngestReport ingest(InputStream ndjson, String origin);
  }

  /**
   * What to answer.
   *
   * @param status the HTTP status
   * @param headers headers to set (such as {@code WWW-Authenticate}, {@code Retry-After})
   * @param body a JSON body
   */
  public record Response(int status, Map<String, String> headers, String body) {
    /** Validates and copies. */
    public Response {
      headers = Map.copyOf(headers);
      Objects.requireNonNull(body, "body");
    }
  }

  private final String source;
  private final Format format;
  private final PushAuth auth;
  private final Ingest ingest;
  private final DeadLetterStore deadLetters;
  private final long maxBodyBytes;
  private final Clock clock;

  private PushReceiver(Builder b) {
    this.source = b.source;
    this.format = b.format;
    if (b.auth == null) {
      throw new MantissaException(
          ErrorCode.CONFIG_INVALID, "push " + b.source + ": a credential (auth) is required");
    }
    this.auth = b.auth;
    this.ingest = Objects.requireNonNull(b.ingest, "ingest");
    this.deadLetters = Objects.requireNonNull(b.deadLetters, "deadLetters");
    this.maxBodyBytes = b.maxBodyBytes;
    this.clock = b.clock;
  }

  /**
   * A builder for {@code source} ({@code kubernetes} or {@code jamf_pro}).
   *
   * @throws MantissaException {@code CONFIG_INVALID} for a source that does not push
   */
  public static Builder builder(String source) {
    return new Builder(source);
  }

  /** The sources that have a push format. */
  public static List<String> sources() {
    return List.of("kubernetes", "jamf_pro");
  }

  /** The source this receiver stores events for. */
  public String source() {
    return source;
  }

  /** The largest body accepted, in bytes. */
  public long maxBodyBytes() {
    return maxBodyBytes;
  }

  /**
   * Whether the headers carry the credential; check it before reading the body, and answer {@link
   * #unauthorized()} when not.
   */
  public boolean authorized(Function<String, Optional<String>> header) {
    return auth.accepts(header);
  }

  /** The 401 answer. */
  public Response unauthorized() {
    Map<String, String> h = new LinkedHashMap<>();
    auth.challenge().ifPresent(c -> h.put("WWW-Authenticate", c));
    return json(401, h, "error", "missing or wrong credential");
  }

  /** The 413 answer, also for a declared {@code Content-Length} over {@link #maxBodyBytes}. */
  public Response tooLarge() {
    return json(413, Map.of(), "error", "the body is larger than " + maxBodyBytes + " bytes");
  }

  /**
   * Handles one POST: checks the credential, reads at most {@link #maxBodyBytes} + 1 bytes of
   * {@code body}, splits it and ingests the records.
   *
   * @param header a request header by name, case-insensitive
   * @param body the request body (not closed here)
   */
  public Response receive(Function<String, Optional<String>> header, InputStream body) {
    if (!authorized(header)) {
      return unauthorized();
    }
    byte[] bytes;
    try {
      bytes = body.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxBodyBytes + 1));
    } catch (java.io.IOException e) {
      return json(400, Map.of(), "error", "could not read the body: " + e.getMessage());
    }
    if (bytes.length > maxBodyBytes) {
      return tooLarge();
    }
    String contentType = header.apply("Content-Type").orElse("").toLowerCase(Locale.ROOT);
    String text;
    try {
      text =
          StandardCharsets.UTF_8
              .newDecoder()
              .onMalformedInput(CodingErrorAction.REPORT)
              .decode(java.nio.ByteBuffer.wrap(bytes))
              .toString();
    } catch (CharacterCodingException e) {
      return reject(400, "the body is not UTF-8", new String(bytes, StandardCharsets.UTF_8));
    }
    if (format == Format.JAMF_PRO
        && (contentType.contains("xml") || text.stripLeading().startsWith("<"))) {
      return reject(415, "Jamf Pro webhooks must use the JSON content type", text);
    }
    List<String> records;
    try {
      records = split(text);
    } catch (IllegalArgumentException e) {
      return reject(400, e.getMessage(), text);
    }
    ByteArrayOutputStream ndjson = new ByteArrayOutputStream(bytes.length + records.size());
    for (String r : records) {
      ndjson.writeBytes(r.getBytes(StandardCharsets.UTF_8));
      ndjson.write('\n');
    }
    IngestReport report;
    try {
      report =
          ingest.ingest(
              new ByteArrayInputStream(ndjson.toByteArray()), source + " push (" + format + ")");
    } catch (MantissaException | UncheckedIOException e) {
      LOG.warn("push {}: storing {} records failed: {}", source, records.size(), e.getMessage());
      return json(
          503, Map.of("Retry-After", "30"), "error", "the events could not be stored; retry");
    }
    ObjectNode out = PageRecords.JSON.createObjectNode();
    out.put("source", source);
    out.put("accepted", report.accepted());
    out.put("rejected", report.rejected());
    return new Response(200, Map.of(), out.toString());
  }

  /** The records of a body, each one compact JSON object. */
  List<String> split(String text) {
    JsonNode doc;
    try {
      doc = PageRecords.JSON.readTree(text);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("the body is not JSON: " + e.getOriginalMessage());
    }
    if (doc == null || !doc.isObject()) {
      throw new IllegalArgumentException("the body is not a JSON object");
    }
    List<String> out = new ArrayList<>();
    switch (format) {
      case KUBERNETES_AUDIT -> {
        String kind = doc.path("kind").asText("");
        if (kind.equals("EventList")) {
          if (!doc.path("items").isArray()) {
            throw new IllegalArgumentException("the EventList has no 'items' array");
          }
          doc.path("items").forEach(i -> out.add(i.toString()));
        } else if (kind.equals("Event")) {
          out.add(doc.toString());
        } else {
          throw new IllegalArgumentException(
              "expected an audit.k8s.io EventList, got kind '" + kind + "'");
        }
      }
      case JAMF_PRO -> {
        if (!doc.path("webhook").isObject()) {
          throw new IllegalArgumentException("a Jamf Pro webhook has a 'webhook' object");
        }
        out.add(doc.toString());
      }
    }
    return out;
  }

  private Response reject(int status, String reason, String body) {
    String kept =
        body.length() > MAX_DEAD_LETTER_BODY
            ? body.substring(0, MAX_DEAD_LETTER_BODY) + "..."
            : body;
    try {
      deadLetters.put(
          List.of(
              new DeadLetter(
                  source,
                  SourceLocation.line(source + " push", 1),
                  reason,
                  kept,
                  clock.instant())));
    } catch (RuntimeException e) {
      LOG.warn("push {}: could not keep the rejected body: {}", source, e.toString());
      return json(503, Map.of("Retry-After", "30"), "error", "the body could not be kept; retry");
    }
    return json(status, Map.of(), "error", reason);
  }

  private static Response json(int status, Map<String, String> headers, String key, String value) {
    ObjectNode n = PageRecords.JSON.createObjectNode();
    n.put(key, value);
    return new Response(status, headers, n.toString());
  }

  @Override
  public String toString() {
    return "PushReceiver[" + source + ", " + auth.getClass().getSimpleName() + "]";
  }

  /** Builds {@link PushReceiver}s. */
  public static final class Builder {
    private final String source;
    private final Format format;
    private PushAuth auth;
    private Ingest ingest;
    private DeadLetterStore deadLetters;
    private long maxBodyBytes = 16L * 1024 * 1024;
    private Clock clock = Clock.systemUTC();

    private Builder(String source) {
      this.source = Objects.requireNonNull(source, "source");
      this.format =
          switch (source) {
            case "kubernetes" -> Format.KUBERNETES_AUDIT;
            case "jamf_pro" -> Format.JAMF_PRO;
            default ->
                throw new MantissaException(
                    ErrorCode.CONFIG_INVALID,
                    "source '" + source + "' has no push format; known: " + sources());
          };
    }

    /** The credential senders must present (required: there is no unauthenticated receiver). */
    public Builder auth(PushAuth auth) {
      this.auth = Objects.requireNonNull(auth, "auth");
      return this;
    }

    /** The ingest path (required). */
    public Builder ingest(Ingest ingest) {
      this.ingest = Objects.requireNonNull(ingest, "ingest");
      return this;
    }

    /** Where a body that is not the format is kept (required). */
    public Builder deadLetters(DeadLetterStore deadLetters) {
      this.deadLetters = Objects.requireNonNull(deadLetters, "deadLetters");
      return this;
    }

    /** The largest body accepted (default 16 MiB). */
    public Builder maxBodyBytes(long bytes) {
      if (bytes < 1 || bytes > Integer.MAX_VALUE - 16) {
        throw new IllegalArgumentException("max-body-bytes must be 1 to 2^31-17, was " + bytes);
      }
      this.maxBodyBytes = bytes;
      return this;
    }

    /** The clock of dead letters (default: the UTC system clock). */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /**
     * Reads {@code mantissa.providers.<source>-push.*}: {@code auth} ({@code header}, {@code basic}
     * or {@code bearer}), {@code header-name} and {@code secret} for {@code header}, {@code
     * username} and {@code password} for {@code basic}, {@code token} for {@code bearer}, and
     * optionally {@code max-body-bytes}.
     *
     * @throws MantissaException {@code CONFIG_INVALID} for missing or bad settings (never showing a
     *     secret)
     */
    public Builder settings(Map<String, String> settings) {
      String group = source.replace('_', '-') + "-push";
      SettingsReader s = new SettingsReader(group, settings);
      String kind =
          s.get("auth")
              .orElseThrow(
                  () ->
                      new MantissaException(
                          ErrorCode.CONFIG_INVALID,
                          group + ": auth (header, basic or bearer) is required"));
      Function<String, Secret> required =
          key ->
              s.secret(key)
                  .orElseThrow(
                      () ->
                          new MantissaException(
                              ErrorCode.CONFIG_INVALID, group + ": " + key + " is required"));
      try {
        auth =
            switch (kind.toLowerCase(Locale.ROOT)) {
              case "header" ->
                  new PushAuth.SharedSecretHeader(
                      s.get("header-name").orElse("X-Mantissa-Secret"), required.apply("secret"));
              case "basic" ->
                  new PushAuth.Basic(
                      required.apply("username").reveal(), required.apply("password"));
              case "bearer" -> new PushAuth.Bearer(required.apply("token"));
              default ->
                  throw new MantissaException(
                      ErrorCode.CONFIG_INVALID,
                      group + ": auth must be header, basic or bearer, was " + kind);
            };
      } catch (IllegalArgumentException e) {
        throw new MantissaException(ErrorCode.CONFIG_INVALID, group + ": " + e.getMessage());
      }
      s.apply("max-body-bytes", v -> maxBodyBytes(Long.parseLong(v)));
      return this;
    }

    /** Builds the receiver. */
    public PushReceiver build() {
      return new PushReceiver(this);
    }
  }
}
