package io.mantissa.sources.collect;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mantissa.api.DeadLetter;
import io.mantissa.api.ErrorCode;
import io.mantissa.api.Event;
import io.mantissa.api.MantissaException;
import io.mantissa.api.SourceLocation;
import io.mantissa.api.config.Secret;
import io.mantissa.spi.source.CollectedPage;
import io.mantissa.spi.source.EventParser;
import io.mantissa.spi.source.LogCollector;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Pulls Salesforce event log files: a SOQL query through the REST API ({@code GET
 * /services/data/vXX.X/query?q=SELECT Id, EventType, LogDate, LogFileLength, LogFile FROM
 * EventLogFile WHERE LogDate >= … ORDER BY LogDate, Id}, following {@code nextRecordsUrl}), then
 * the download of each file's CSV ({@code GET …/sobjects/EventLogFile/<Id>/LogFile}), whose rows
 * become records keyed by the CSV header (the shape the {@code salesforce} parser reads: {@code
 * EVENT_TYPE}, {@code TIMESTAMP_DERIVED}, {@code USER_ID}, …).
 *
 * <p>A page is at most {@code rowsPerPage} rows of one file. The checkpoint is {@code
 * {"logDate":…,"done":[ids of the finished files at that LogDate],"file":{"id":…,"row":n}}}: the
 * query restarts at the newest finished LogDate and skips the finished files, and a file in
 * progress resumes after its last stored row (the file is downloaded to a temporary file, kept open
 * between pages, and downloaded again only after a restart). Every value in the SOQL goes through
 * {@link Soql}. Authentication is a bearer access token, or the OAuth 2.0 client-credentials flow
 * ({@code POST /services/oauth2/token}) which is repeated once when a token expires (401).
 */
public final class SalesforceEventLogCollector implements LogCollector {
  static final String PROVIDER = "salesforce-collector";
  private static final Logger LOG = LoggerFactory.getLogger(SalesforceEventLogCollector.class);
  private static final Pattern ID = Pattern.compile("[A-Za-z0-9]{15,18}");
  private static final Pattern VERSION = Pattern.compile("\\d{2,3}\\.\\d");

  private final URI base;
  private final EventParser parser;
  private final CollectorHttp http;
  private final Clock clock;
  private final Duration timeout;
  private final String version;
  private final int rowsPerPage;
  private final Instant since;
  private final String interval;
  private final List<String> eventTypes;
  private final Secret clientId;
  private final Secret clientSecret;
  private Secret accessToken;
  private OpenFile open;

  private SalesforceEventLogCollector(Builder b) {
    if (b.baseUrl == null) {
      throw new MantissaException(
          ErrorCode.CONFIG_INVALID,
          PROVIDER + ": base-url (the instance or My Domain URL) is required");
    }
    if (b.accessToken == null && (b.clientId == null || b.clientSecret == null)) {
      throw new MantissaException(
          ErrorCode.CONFIG_INVALID,
          PROVIDER + ": access-token, or client-id and client-secret, are required");
    }
    this.base = b.base(PROVIDER);
    this.parser = b.requiredParser();
    this.clock = b.clock;
    this.timeout = b.timeout;
    this.http = b.http();
    this.version = b.version;
    this.rowsPerPage = b.rowsPerPage;
    this.since = b.start();
    this.interval = b.interval;
    this.eventTypes = b.eventTypes;
    this.clientId = b.clientId;
    this.clientSecret = b.clientSecret;
    this.accessToken = b.accessToken;
  }

  /** A builder; the base URL, a credential and the parser are required. */
  public static Builder builder() {
    return new Builder();
  }

  @Override
  public String source() {
    return parser.source();
  }

  /** One event log file, as the query lists it. */
  record LogFile(String id, String eventType, Instant logDate, String path) {}

  /** Where the collector stands. */
  record State(Instant logDate, Set<String> done, String fileId, Instant fileLogDate, long row) {
    State {
      done = Set.copyOf(done);
    }

    String write() {
      ObjectNode node = PageRecords.JSON.createObjectNode();
      node.put("logDate", logDate == null ? null : logDate.toString());
      ArrayNode ids = node.putArray("done");
      done.stream().sorted().forEach(ids::add);
      if (fileId != null) {
        ObjectNode f = node.putObject("file");
        f.put("id", fileId);
        f.put("logDate", fileLogDate.toString());
        f.put("row", row);
      }
      return node.toString();
    }

    static State read(String checkpoint) {
      try {
        JsonNode n = PageRecords.JSON.readTree(checkpoint);
        if (n != null && n.isObject()) {
          Set<String> done = new LinkedHashSet<>();
          n.path("done").forEach(d -> done.add(d.asText()));
          JsonNode f = n.path("file");
          return new State(
              n.path("logDate").isTextual() ? Instant.parse(n.get("logDate").asText()) : null,
              done,
              f.isObject() ? f.path("id").asText() : null,
              f.isObject() ? Instant.parse(f.path("logDate").asText()) : null,
              f.path("row").asLong(0));
        }
      } catch (JsonProcessingException | RuntimeException e) {
        // falls through
      }
      throw new MantissaException(
          ErrorCode.STORAGE_FAILURE,
          PROVIDER + ": the checkpoint is not a Salesforce cursor; delete it to start over");
    }

    State finished(String id, Instant at) {
      Set<String> d = new LinkedHashSet<>();
      if (at.equals(logDate)) {
        d.addAll(done);
      }
      d.add(id);
      return new State(at, d, null, null, 0);
    }
  }

  /** A downloaded file being read. */
  private static final class OpenFile {
    final String id;
    final Path path;
    final BufferedReader reader;
    final CsvReader csv;
    final List<String> header;
    long row;

    OpenFile(String id, Path path, BufferedReader reader, CsvReader csv, List<String> header) {
      this.id = id;
      this.path = path;
      this.reader = reader;
      this.csv = csv;
      this.header = header;
    }

    void close() {
      try {
        reader.close();
        Files.deleteIfExists(path);
      } catch (IOException e) {
        LOG.warn("cannot delete the temporary file {}: {}", path, e.toString());
      }
    }
  }

  /** The SOQL listing the files from {@code from} on. */
  String query(Instant from) {
    StringBuilder q =
        new StringBuilder(
                "SELECT Id, EventType, LogDate, LogFileLength, LogFile FROM EventLogFile WHERE"
                    + " LogDate >= ")
            .append(Soql.dateTime(from));
    if (interval != null) {
      q.append(" AND Interval = ").append(Soql.string(interval));
    }
    if (!eventTypes.isEmpty()) {
      q.append(" AND EventType IN (")
          .append(eventTypes.stream().map(Soql::string).collect(Collectors.joining(", ")))
          .append(')');
    }
    return q.append(" ORDER BY LogDate, Id").toString();
  }

  @Override
  public CollectedPage poll(Optional<String> checkpoint) {
    State state =
        checkpoint.map(State::read).orElseGet(() -> new State(null, Set.of(), null, null, 0));
    if (state.fileId() == null) {
      Optional<LogFile> next = nextFile(state);
      if (next.isEmpty()) {
        return new CollectedPage(List.of(), List.of(), state.write(), false);
      }
      state = new State(state.logDate(), state.done(), next.get().id(), next.get().logDate(), 0);
    }
    OpenFile file = open(state.fileId(), state.row());
    String origin = "salesforce EventLogFile " + file.id;
    ArrayNode records = PageRecords.JSON.createArrayNode();
    List<DeadLetter> malformed = new ArrayList<>();
    long firstRow = file.row;
    boolean finished = false;
    try {
      while (records.size() + malformed.size() < rowsPerPage) {
        List<String> values = file.csv.next();
        if (values == null) {
          finished = true;
          break;
        }
        file.row++;
        if (values.size() == 1 && values.get(0).isEmpty()) {
          continue;
        }
        if (values.size() != file.header.size()) {
          malformed.add(
              new DeadLetter(
                  parser.source(),
                  SourceLocation.line(origin, file.row + 1),
                  "row has " + values.size() + " fields, the header " + file.header.size(),
                  String.join(",", values),
                  clock.instant()));
          continue;
        }
        ObjectNode record = records.addObject();
        for (int i = 0; i < values.size(); i++) {
          record.put(file.header.get(i), values.get(i));
        }
      }
    } catch (IOException e) {
      closeOpen();
      throw new MantissaException(
          ErrorCode.REMOTE_FAILURE,
          PROVIDER + ": " + origin + ": unreadable CSV: " + e.getMessage());
    }
    PageRecords.Parsed parsed =
        PageRecords.parse(parser, records, origin + " from row " + (firstRow + 1), clock.instant());
    List<Event> events = parsed.events();
    List<DeadLetter> rejected = new ArrayList<>(parsed.rejected());
    rejected.addAll(malformed);
    State after;
    if (finished) {
      closeOpen();
      after = state.finished(state.fileId(), state.fileLogDate());
    } else {
      after =
          new State(state.logDate(), state.done(), state.fileId(), state.fileLogDate(), file.row);
    }
    return new CollectedPage(events, rejected, after.write(), true);
  }

  private Optional<LogFile> nextFile(State state) {
    Instant from = state.logDate() != null ? state.logDate() : since;
    URI uri =
        URI.create(
            base
                + "/services/data/v"
                + version
                + "/query?q="
                + URLEncoder.encode(query(from), StandardCharsets.UTF_8).replace("+", "%20"));
    while (true) {
      URI page = uri;
      JsonNode body =
          PageRecords.body(PROVIDER, "salesforce query", authorized(() -> getText(page)));
      JsonNode records = body.path("records");
      if (!records.isArray()) {
        throw new MantissaException(
            ErrorCode.REMOTE_FAILURE, PROVIDER + ": the query answer has no 'records' array");
      }
      for (JsonNode r : records) {
        String id = r.path("Id").asText("");
        if (!ID.matcher(id).matches()) {
          throw new MantissaException(
              ErrorCode.REMOTE_FAILURE, PROVIDER + ": the query answered a bad Id: " + id);
        }
        Instant logDate = salesforceTime(r.path("LogDate").asText(""));
        if (logDate.equals(state.logDate()) && state.done().contains(id)) {
          continue;
        }
        return Optional.of(
            new LogFile(id, r.path("EventType").asText(""), logDate, r.path("LogFile").asText("")));
      }
      String next = body.path("nextRecordsUrl").asText("");
      if (body.path("done").asBoolean(true) || next.isEmpty()) {
        return Optional.empty();
      }
      uri = onOrigin(base.resolve(next));
    }
  }

  /** Salesforce writes {@code 2026-03-01T00:00:00.000+0000}. */
  static Instant salesforceTime(String text) {
    return io.mantissa.sources.Timestamps.parse(text)
        .orElseThrow(
            () ->
                new MantissaException(
                    ErrorCode.REMOTE_FAILURE,
                    PROVIDER + ": the query answered a LogDate that is not a time: " + text));
  }

  private OpenFile open(String id, long row) {
    if (open != null && open.id.equals(id) && open.row == row) {
      return open;
    }
    closeOpen();
    if (!ID.matcher(id).matches()) {
      throw new MantissaException(ErrorCode.STORAGE_FAILURE, PROVIDER + ": bad file id " + id);
    }
    URI uri =
        URI.create(
            base + "/services/data/v" + version + "/sobjects/EventLogFile/" + id + "/LogFile");
    Path temp;
    try {
      temp = Files.createTempFile("mantissa-salesforce-", ".csv");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    try {
      authorized(
          () ->
              http.send(
                      PROVIDER,
                      request(uri).GET().build(),
                      HttpResponse.BodyHandlers.ofFile(
                          temp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING),
                      "Retry-After")
                  .body());
      BufferedReader reader = Files.newBufferedReader(temp, StandardCharsets.UTF_8);
      CsvReader csv = new CsvReader(reader);
      List<String> header = csv.next();
      OpenFile f = new OpenFile(id, temp, reader, csv, header == null ? List.of() : header);
      open = f;
      while (f.row < row && csv.next() != null) {
        f.row++;
      }
      return f;
    } catch (IOException e) {
      closeOpen();
      deleteQuietly(temp);
      throw new MantissaException(
          ErrorCode.REMOTE_FAILURE, PROVIDER + ": cannot read the log file " + id + ": " + e);
    } catch (RuntimeException e) {
      if (open == null) {
        deleteQuietly(temp);
      }
      throw e;
    }
  }

  private static void deleteQuietly(Path p) {
    try {
      Files.deleteIfExists(p);
    } catch (IOException e) {
      LOG.warn("cannot delete the temporary file {}: {}", p, e.toString());
    }
  }

  private void closeOpen() {
    if (open != null) {
      open.close();
      open = null;
    }
  }

  private String getText(URI uri) {
    return http.send(
            PROVIDER,
            request(uri).header("Accept", "application/json").GET().build(),
            HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8),
            null)
        .body();
  }

  private HttpRequest.Builder request(URI uri) {
    return HttpRequest.newBuilder(uri)
        .timeout(timeout)
        .header("Authorization", "Bearer " + token().reveal());
  }

  /** Runs {@code call}; with client credentials, a 401 fetches a new token and tries once more. */
  private <T> T authorized(Supplier<T> call) {
    try {
      return call.get();
    } catch (MantissaException e) {
      if (e.code() != ErrorCode.UNAUTHORIZED || clientId == null) {
        throw e;
      }
      LOG.info("{}: the access token was refused; requesting a new one", PROVIDER);
      accessToken = null;
      return call.get();
    }
  }

  private Secret token() {
    if (accessToken == null) {
      accessToken = clientCredentials();
    }
    return accessToken;
  }

  private Secret clientCredentials() {
    String form =
        "grant_type=client_credentials&client_id="
            + URLEncoder.encode(clientId.reveal(), StandardCharsets.UTF_8)
            + "&client_secret="
            + URLEncoder.encode(clientSecret.reveal(), StandardCharsets.UTF_8);
    HttpResponse<String> response =
        http.send(
            PROVIDER,
            HttpRequest.newBuilder(URI.create(base + "/services/oauth2/token"))
                .timeout(timeout)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(form))
                .build(),
            HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8),
            null);
    String token =
        PageRecords.body(PROVIDER, "oauth2/token", response.body()).path("access_token").asText("");
    if (token.isEmpty()) {
      throw new MantissaException(
          ErrorCode.UNAUTHORIZED, PROVIDER + ": the token endpoint answered no access_token");
    }
    return Secret.of(token);
  }

  private URI onOrigin(URI uri) {
    if (!CollectorHttp.sameOrigin(base, uri)) {
      throw new MantissaException(
          ErrorCode.REMOTE_FAILURE,
          PROVIDER + ": nextRecordsUrl leaves " + base + "; refusing to send the token there");
    }
    return uri;
  }

  @Override
  public String toString() {
    return "SalesforceEventLogCollector[" + base + "]";
  }

  /** Builds {@link SalesforceEventLogCollector}s. */
  public static final class Builder extends CollectorBuilder<Builder> {
    private Secret accessToken;
    private Secret clientId;
    private Secret clientSecret;
    private String version = "62.0";
    private int rowsPerPage = 5000;
    private String interval = "Daily";
    private List<String> eventTypes = List.of();

    private Builder() {
      super(null);
    }

    /** An OAuth access token (session id), sent as {@code Bearer}. */
    public Builder accessToken(Secret accessToken) {
      this.accessToken = Objects.requireNonNull(accessToken, "accessToken");
      return this;
    }

    /**
     * The consumer key and secret of a connected app with the client-credentials flow enabled
     * (instead of an access token); the token is requested from {@code
     * <base-url>/services/oauth2/token}, which must be the My Domain URL.
     */
    public Builder clientCredentials(Secret clientId, Secret clientSecret) {
      this.clientId = Objects.requireNonNull(clientId, "clientId");
      this.clientSecret = Objects.requireNonNull(clientSecret, "clientSecret");
      return this;
    }

    /** The REST API version, such as {@code 62.0} (the default). */
    public Builder apiVersion(String version) {
      String v = version.startsWith("v") ? version.substring(1) : version;
      if (!VERSION.matcher(v).matches()) {
        throw new IllegalArgumentException("api-version must look like 62.0, was " + version);
      }
      this.version = v;
      return this;
    }

    /** CSV rows per page, 1 to 100000 (default 5000). */
    public Builder rowsPerPage(int rows) {
      if (rows < 1 || rows > 100_000) {
        throw new IllegalArgumentException("rows-per-page must be 1 to 100000, was " + rows);
      }
      this.rowsPerPage = rows;
      return this;
    }

    /**
     * Which files: {@code Daily} (the default), {@code Hourly}, or {@code any} (both; an org with
     * hourly files enabled then stores each event twice).
     */
    public Builder interval(String interval) {
      String i = interval.trim().toLowerCase(Locale.ROOT);
      this.interval =
          switch (i) {
            case "daily" -> "Daily";
            case "hourly" -> "Hourly";
            case "any" -> null;
            default ->
                throw new IllegalArgumentException(
                    "interval must be Daily, Hourly or any, was " + interval);
          };
      return this;
    }

    /** Only these event types ({@code Login}, {@code API}, …); empty (the default) for all. */
    public Builder eventTypes(List<String> types) {
      this.eventTypes = List.copyOf(types);
      this.eventTypes.forEach(Soql::string);
      return this;
    }

    /** Builds the collector. */
    public SalesforceEventLogCollector build() {
      return new SalesforceEventLogCollector(this);
    }
  }
}
