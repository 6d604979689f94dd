package io.mantissa.sources.collect;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
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
import io.mantissa.spi.source.ParseResult;
import java.io.BufferedInputStream;
import java.io.BufferedReader;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads log exports from an object store — CloudTrail ({@code AWSLogs/<account>/CloudTrail/…
 * .json.gz}, a {@code {"Records":[…]}} document per object), VPC Flow Logs ({@code
 * AWSLogs/<account>/vpcflowlogs/….log.gz}, text lines with a header line) and GuardDuty findings
 * exports ({@code ….jsonl.gz}, one finding per line) — from S3 ({@link S3ObjectStore}) or a local
 * directory ({@link DirectoryObjectStore}). Objects are read key by key in listing order under each
 * configured prefix; gzip is detected by its magic bytes.
 *
 * <p>A page is at most {@code recordsPerPage} records of one object. The checkpoint holds, per
 * prefix, the last finished key and the object in progress with the records already stored: {@code
 * {"after":"<key>","key":"<key>","record":n}} (see {@link StreamCursors}); listing starts after the
 * last finished key ({@code start-after}), so an object that appears later with a key sorting
 * before it is not read — CloudTrail and VPC Flow keys sort by time within a prefix of one account
 * and region, which is why each prefix keeps its own position. The object in progress is downloaded
 * to a temporary file and kept open between pages; after a restart it is downloaded again and the
 * stored records skipped.
 */
public final class ObjectLogCollector implements LogCollector {
  static final String PROVIDER = "object-collector";
  private static final Logger LOG = LoggerFactory.getLogger(ObjectLogCollector.class);
  private static final Pattern BUCKET = Pattern.compile("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]");
  private static final Pattern REGION = Pattern.compile("[a-z]{2}(-[a-z]+)+-\\d");

  /** How an object holds its records. */
  enum Format {
    /** A JSON document with a {@code Records} array (CloudTrail). */
    JSON_RECORDS,
    /** One record per line (VPC Flow Logs, GuardDuty exports, NDJSON). */
    LINES
  }

  private final ObjectStore store;
  private final EventParser parser;
  private final Clock clock;
  private final List<String> prefixes;
  private final int recordsPerPage;
  private final int maxKeys;
  private final String startAfter;
  private final Format format;
  private final Map<String, Pending> pending = new HashMap<>();
  private OpenObject open;

  private ObjectLogCollector(Builder b) {
    this.parser = b.requiredParser();
    this.store = b.store();
    this.clock = b.clock;
    this.prefixes = b.prefixes;
    this.recordsPerPage = b.recordsPerPage;
    this.maxKeys = b.maxKeys;
    this.startAfter = b.startAfter;
    this.format = parser.source().equals("aws_cloudtrail") ? Format.JSON_RECORDS : Format.LINES;
  }

  /** A builder; the parser, a store (S3 or a directory) and at least one prefix are required. */
  public static Builder builder() {
    return new Builder();
  }

  @Override
  public String source() {
    return parser.source();
  }

  /** A prefix's position: the last finished key, and the object in progress. */
  record Position(String after, String key, long record) {
    ObjectNode write() {
      ObjectNode n = PageRecords.JSON.createObjectNode();
      n.put("after", after);
      n.put("key", key);
      n.put("record", record);
      return n;
    }

    static Position read(JsonNode n) {
      try {
        return new Position(
            n.path("after").isTextual() ? n.get("after").asText() : null,
            n.path("key").isTextual() ? n.get("key").asText() : null,
            n.path("record").asLong(0));
      } catch (RuntimeException e) {
        throw new MantissaException(
            ErrorCode.STORAGE_FAILURE,
            PROVIDER + ": the checkpoint is not an object position; delete it to start over");
      }
    }
  }

  /** Listed keys not read yet, after {@code after}. */
  private static final class Pending {
    String after;
    final Deque<String> keys = new ArrayDeque<>();
    String continuation;
    boolean listed;

    Pending(String after) {
      this.after = after;
    }
  }

  /** Reads the records of one object. */
  private interface RecordReader extends Closeable {
    /** The next record's text, or {@code null} at the end. */
    String next() throws IOException;
  }

  /** An object being read. */
  private static final class OpenObject {
    final String key;
    final Path file;
    final RecordReader reader;
    long record;

    OpenObject(String key, Path file, RecordReader reader) {
      this.key = key;
      this.file = file;
      this.reader = reader;
    }

    void close() {
      try {
        reader.close();
      } catch (IOException e) {
        LOG.debug("closing {}: {}", key, e.toString());
      }
      try {
        Files.deleteIfExists(file);
      } catch (IOException e) {
        LOG.warn("cannot delete the temporary file {}: {}", file, e.toString());
      }
    }
  }

  @Override
  public CollectedPage poll(Optional<String> checkpoint) {
    StreamCursors cursors = StreamCursors.read(PROVIDER, prefixes, checkpoint);
    String prefix = cursors.current();
    Position pos = cursors.position().map(Position::read).orElse(new Position(startAfter, null, 0));
    if (pos.key() == null) {
      String key = nextKey(prefix, pos.after());
      if (key == null) {
        return cursors.after(pos.write(), false).page(List.of(), List.of());
      }
      pos = new Position(pos.after(), key, 0);
    }
    OpenObject object = open(pos.key(), pos.record());
    String origin = store.describe() + "/" + object.key;
    List<Event> events = new ArrayList<>();
    List<DeadLetter> rejected = new ArrayList<>();
    boolean finished = false;
    int read = 0;
    try {
      while (read < recordsPerPage) {
        String record = object.reader.next();
        if (record == null) {
          finished = true;
          break;
        }
        object.record++;
        read++;
        if (record.isBlank()) {
          continue;
        }
        SourceLocation where = SourceLocation.line(origin, object.record);
        ParseResult result;
        try {
          result = parser.parse(record, where);
        } catch (RuntimeException e) {
          result = new ParseResult.Rejected("parser failed: " + e);
        }
        if (result instanceof ParseResult.Parsed p) {
          events.addAll(p.events());
        } else if (result instanceof ParseResult.Rejected r) {
          rejected.add(new DeadLetter(parser.source(), where, r.reason(), record, clock.instant()));
        }
      }
    } catch (IOException e) {
      closeOpen();
      throw new MantissaException(
          ErrorCode.REMOTE_FAILURE, PROVIDER + ": " + origin + " is unreadable: " + e.getMessage());
    }
    Position after;
    if (finished) {
      closeOpen();
      after = new Position(pos.key(), null, 0);
      Pending p = pending.get(prefix);
      if (p != null) {
        if (pos.key().equals(p.keys.peek())) {
          p.keys.poll();
        }
        p.after = pos.key();
      }
    } else {
      after = new Position(pos.after(), pos.key(), object.record);
    }
    return cursors.after(after.write(), true).page(events, rejected);
  }

  /**
   * The next key under {@code prefix} after {@code after}, or {@code null} when none is listed. The
   * key stays at the head of the pending keys until its object is finished, so that a failed
   * download is tried again.
   */
  private String nextKey(String prefix, String after) {
    Pending p = pending.get(prefix);
    if (p == null || !Objects.equals(p.after, after)) {
      p = new Pending(after);
      pending.put(prefix, p);
    }
    while (p.keys.isEmpty()) {
      if (p.listed && p.continuation == null) {
        pending.remove(prefix);
        return null;
      }
      ObjectStore.Listing listing =
          store.list(prefix, p.continuation == null ? after : null, p.continuation, maxKeys);
      p.listed = true;
      p.continuation = listing.continuation();
      for (String key : listing.keys()) {
        if ((after == null || key.compareTo(after) > 0) && !key.endsWith("/")) {
          p.keys.add(key);
        }
      }
    }
    return p.keys.peek();
  }

  private OpenObject open(String key, long record) {
    if (open != null && open.key.equals(key) && open.record == record) {
      return open;
    }
    closeOpen();
    Path file;
    try {
      file = Files.createTempFile("mantissa-object-", ".log");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    try {
      store.download(key, file);
      RecordReader reader = reader(file);
      OpenObject o = new OpenObject(key, file, reader);
      open = o;
      while (o.record < record) {
        String skipped = reader.next();
        if (skipped == null) {
          break;
        }
        if (o.record == 0 && parser.source().equals("aws_vpcflow")) {
          parser.parse(skipped, SourceLocation.line(key, 1)); // the header line names the fields
        }
        o.record++;
      }
      return o;
    } catch (IOException e) {
      closeOpen();
      deleteQuietly(file);
      throw new MantissaException(
          ErrorCode.REMOTE_FAILURE, PROVIDER + ": " + key + " is unreadable: " + e.getMessage());
    } catch (RuntimeException e) {
      if (open == null) {
        deleteQuietly(file);
      }
      throw e;
    }
  }

  private RecordReader reader(Path file) throws IOException {
    InputStream in = new BufferedInputStream(Files.newInputStream(file));
    in.mark(2);
    int b1 = in.read();
    int b2 = in.read();
    in.reset();
    if (b1 == 0x1f && b2 == 0x8b) {
      in = new BufferedInputStream(new GZIPInputStream(in, 64 * 1024));
    }
    if (format == Format.LINES) {
      BufferedReader lines = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
      return new RecordReader() {
        @Override
        public String next() throws IOException {
          return lines.readLine();
        }

        @Override
        public void close() throws IOException {
          lines.close();
        }
      };
    }
    JsonParser json = PageRecords.JSON.createParser(in);
    return new RecordReader() {
      private boolean inRecords;

      @Override
      public String next() throws IOException {
        if (!inRecords) {
          if (json.nextToken() != JsonToken.START_OBJECT) {
            throw new IOException("the object is not a JSON document with a Records array");
          }
          while (true) {
            JsonToken t = json.nextToken();
            if (t == JsonToken.END_OBJECT || t == null) {
              return null;
            }
            String name = json.currentName();
            JsonToken value = json.nextToken();
            if ("Records".equals(name) && value == JsonToken.START_ARRAY) {
              inRecords = true;
              break;
            }
            json.skipChildren();
          }
        }
        JsonToken t = json.nextToken();
        if (t == JsonToken.END_ARRAY || t == null) {
          return null;
        }
        JsonNode record = json.readValueAsTree();
        return PageRecords.JSON.writeValueAsString(record);
      }

      @Override
      public void close() throws IOException {
        json.close();
      }
    };
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

  @Override
  public String toString() {
    return "ObjectLogCollector[" + store.describe() + " " + prefixes + "]";
  }

  /** Builds {@link ObjectLogCollector}s. */
  public static final class Builder extends CollectorBuilder<Builder> {
    private String bucket;
    private String region;
    private Secret accessKeyId;
    private Secret secretAccessKey;
    private Secret sessionToken;
    private boolean pathStyle;
    private Path directory;
    private List<String> prefixes = List.of();
    private int recordsPerPage = 10_000;
    private int maxKeys = 1000;
    private String startAfter;

    private Builder() {
      super(null);
    }

    /**
     * Reads bucket {@code bucket} in {@code region} with these credentials (an access key of a role
     * or user allowed {@code s3:ListBucket} and {@code s3:GetObject}).
     */
    public Builder s3(String bucket, String region, Secret accessKeyId, Secret secretAccessKey) {
      if (!BUCKET.matcher(bucket).matches()) {
        throw new IllegalArgumentException("not an S3 bucket name: " + bucket);
      }
      if (!REGION.matcher(region).matches()) {
        throw new IllegalArgumentException("not an AWS region: " + region);
      }
      this.bucket = bucket;
      this.region = region;
      this.accessKeyId = Objects.requireNonNull(accessKeyId, "accessKeyId");
      this.secretAccessKey = Objects.requireNonNull(secretAccessKey, "secretAccessKey");
      return this;
    }

    /** The session token of temporary credentials, sent as {@code x-amz-security-token}. */
    public Builder sessionToken(Secret sessionToken) {
      this.sessionToken = Objects.requireNonNull(sessionToken, "sessionToken");
      return this;
    }

    /**
     * Another S3 endpoint (no path), addressed path-style ({@code <endpoint>/<bucket>/<key>}): test
     * servers and S3-compatible stores.
     */
    public Builder endpoint(String url) {
      baseUrl(url);
      this.pathStyle = true;
      return this;
    }

    /** Reads a local directory instead of S3: keys are paths relative to it. */
    public Builder directory(Path directory) {
      this.directory = Objects.requireNonNull(directory, "directory");
      return this;
    }

    /** The prefixes to read, in turn (required, at least one; {@code ""} for the whole store). */
    public Builder prefixes(List<String> prefixes) {
      if (prefixes.isEmpty() || prefixes.stream().distinct().count() != prefixes.size()) {
        throw new IllegalArgumentException("prefixes must be distinct and at least one");
      }
      this.prefixes = List.copyOf(prefixes);
      return this;
    }

    /** Records per page, 1 to 100000 (default 10000). */
    public Builder recordsPerPage(int records) {
      if (records < 1 || records > 100_000) {
        throw new IllegalArgumentException("records-per-page must be 1 to 100000, was " + records);
      }
      this.recordsPerPage = records;
      return this;
    }

    /** Keys per listing request, 1 to 1000 (default 1000). */
    public Builder maxKeys(int keys) {
      if (keys < 1 || keys > 1000) {
        throw new IllegalArgumentException("max-keys must be 1 to 1000, was " + keys);
      }
      this.maxKeys = keys;
      return this;
    }

    /** Where the first run starts in every prefix: the keys after this one (default: all). */
    public Builder startAfter(String key) {
      this.startAfter = Objects.requireNonNull(key, "key");
      return this;
    }

    ObjectStore store() {
      if (prefixes.isEmpty()) {
        throw new MantissaException(
            ErrorCode.CONFIG_INVALID, PROVIDER + ": at least one prefix is required");
      }
      if (directory != null) {
        return new DirectoryObjectStore(directory);
      }
      if (bucket == null) {
        throw new MantissaException(
            ErrorCode.CONFIG_INVALID,
            PROVIDER + ": bucket, region and credentials (or a directory) are required");
      }
      URI base =
          pathStyle
              ? base(PROVIDER)
              : CollectorHttp.base(
                  PROVIDER, "https://" + bucket + ".s3." + region + ".amazonaws.com", false);
      return new S3ObjectStore(
          base,
          pathStyle,
          bucket,
          region,
          accessKeyId,
          secretAccessKey,
          sessionToken,
          http(),
          clock,
          timeout);
    }

    /** Builds the collector. */
    public ObjectLogCollector build() {
      return new ObjectLogCollector(this);
    }
  }
}
