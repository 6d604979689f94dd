package io.mantissa.sources;

import io.mantissa.api.DeadLetter;
import io.mantissa.api.Event;
import io.mantissa.api.SourceLocation;
import io.mantissa.api.config.MantissaConfig;
import io.mantissa.sources.geo.GeoIpEnricher;
import io.mantissa.spi.enrich.GeoIpLookup;
import io.mantissa.spi.source.EventParser;
import io.mantissa.spi.source.ParseResult;
import io.mantissa.spi.storage.EventStore;
import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads newline-delimited JSON (one record per line, UTF-8), parses each line with the source's
 * {@link EventParser}, appends the events to an {@link EventStore} in batches, and keeps every
 * rejected line as a {@link DeadLetter} with its line number and reason. A bad line never stops the
 * run. Blank lines are skipped; a line longer than {@link Builder#maxLineBytes} is rejected without
 * being held in memory.
 *
 * <p>An input that is one whole JSON document rather than one object per line (a pretty-printed S3
 * object such as CloudTrail's {@code {"Records":[...]}}, or several pretty-printed objects one
 * after the other) goes the same way: it is recognised when its first line opens an object that the
 * line does not close and the whole input (up to {@link Builder#maxDocumentBytes}) is a sequence of
 * JSON objects. Each top-level object is then one record, located by the line it starts on, and is
 * parsed and dead-lettered exactly like a line. Anything else is read as lines.
 *
 * <pre>{@code
 * NdjsonIngestor ingestor = NdjsonIngestor.builder(store).batchSize(config.ingestBatchSize()).build();
 * IngestReport report = ingestor.ingest(parser, in, "okta.ndjson");
 * }</pre>
 *
 * <p>Instances are immutable and may be shared; each {@link #ingest} call is independent.
 */
public final class NdjsonIngestor {
  private static final Logger LOG = LoggerFactory.getLogger(NdjsonIngestor.class);
  private static final int DEAD_LETTER_BATCH = 1_000;
  private static final int CLOCK_CHECK_EVERY_LINES = 256;
  private static final long CLOCK_CHECK_EVERY_BYTES = 4L * 1024 * 1024;

  private final EventStore store;
  private final Clock clock;
  private final int batchSize;
  private final int maxLineBytes;
  private final int maxReportedErrors;
  private final int maxDocumentBytes;
  private final Duration progressInterval;
  private final ProgressListener progress;
  private final GeoIpEnricher geoIp;
  private final Consumer<List<Event>> stored;

  private NdjsonIngestor(Builder b) {
    this.store = b.store;
    this.clock = b.clock;
    this.batchSize = b.batchSize;
    this.maxLineBytes = b.maxLineBytes;
    this.maxReportedErrors = b.maxReportedErrors;
    this.maxDocumentBytes = b.maxDocumentBytes;
    this.progressInterval = b.progressInterval;
    this.progress = b.progress;
    this.geoIp = b.geoIp == null ? null : new GeoIpEnricher(b.geoIp);
    this.stored = b.stored;
  }

  /** A builder writing to {@code store}. */
  public static Builder builder(EventStore store) {
    return new Builder(store);
  }

  /** A builder writing to {@code store} with the batch size of {@code config}. */
  public static Builder builder(EventStore store, MantissaConfig config) {
    return new Builder(store).batchSize(config.ingestBatchSize());
  }

  /**
   * Ingests one NDJSON input.
   *
   * @param parser the parser of the source
   * @param in the input; read to its end, not closed
   * @param origin the input's name for dead letters and messages (a file path, {@code "request
   *     body"})
   * @return what was accepted and rejected
   * @throws java.io.UncheckedIOException when the input cannot be read; batches and dead letters
   *     read before the failure are kept
   * @throws io.mantissa.api.MantissaException when the event store fails to write
   */
  public IngestReport ingest(EventParser parser, InputStream in, String origin) {
    Run run = new Run(parser, origin);
    in = new BufferedInputStream(in, 64 * 1024);
    byte[] head = JsonDocument.readFirstLine(in, maxLineBytes);
    if (JsonDocument.startsMultiLineObject(head, maxLineBytes)) {
      byte[] whole = JsonDocument.readUpTo(in, head, maxDocumentBytes);
      if (whole.length <= maxDocumentBytes) {
        String text = JsonDocument.decodeOrNull(whole);
        List<JsonDocument.Part> parts = text == null ? null : JsonDocument.splitOrNull(text);
        if (parts != null) {
          return ingestDocument(run, text, parts, whole.length);
        }
      }
      LOG.debug("{} starts like a JSON document but is not one; reading it as lines", origin);
      head = whole;
    }
    LineReader reader =
        new LineReader(new SequenceInputStream(new ByteArrayInputStream(head), in), maxLineBytes);
    boolean completed = false;
    try {
      LineReader.Line line;
      while ((line = reader.next()) != null) {
        run.accept(line, reader.bytesRead());
      }
      completed = true;
    } finally {
      run.finish(reader.bytesRead(), completed);
    }
    return run.report(reader.bytesRead());
  }

  /** Ingests a whole JSON document: each top-level object is one record, located by its line. */
  private IngestReport ingestDocument(
      Run run, String text, List<JsonDocument.Part> parts, long bytes) {
    boolean completed = false;
    try {
      for (JsonDocument.Part part : parts) {
        run.lines = part.line();
        run.parseRecord(part.line(), part.text());
      }
      run.lines = JsonDocument.lineCount(text);
      completed = true;
    } finally {
      run.finish(bytes, completed);
    }
    return run.report(bytes);
  }

  /** The state of one ingest call. */
  private final class Run {
    private final EventParser parser;
    private final String source;
    private final String origin;
    private final Instant started = clock.instant();
    private Instant lastProgress = started;
    private long bytesAtLastCheck;
    private final List<Event> batch = new ArrayList<>();
    private final List<DeadLetter> deadLetters = new ArrayList<>();
    private final List<IngestReport.LineError> errors = new ArrayList<>();
    private long lines;
    private long accepted;
    private long rejected;
    private boolean storeFailed;

    Run(EventParser parser, String origin) {
      this.parser = Objects.requireNonNull(parser, "parser");
      this.source = parser.source();
      this.origin = Objects.requireNonNull(origin, "origin");
    }

    void accept(LineReader.Line line, long bytes) {
      lines = line.number();
      if (line.error() != null) {
        reject(line.number(), line.error(), line.preview());
      } else if (!line.text().isBlank()) {
        parseRecord(line.number(), line.text());
      }
      if (lines % CLOCK_CHECK_EVERY_LINES == 0
          || bytes - bytesAtLastCheck >= CLOCK_CHECK_EVERY_BYTES) {
        bytesAtLastCheck = bytes;
        Instant now = clock.instant();
        if (Duration.between(lastProgress, now).compareTo(progressInterval) >= 0) {
          lastProgress = now;
          progress.onProgress(snapshot(bytes, now, false));
        }
      }
    }

    void parseRecord(long lineNumber, String text) {
      SourceLocation location = SourceLocation.line(origin, lineNumber);
      ParseResult result;
      try {
        result = parser.parse(text, location);
      } catch (RuntimeException e) {
        LOG.warn("parser of {} failed on {}", source, location, e);
        result = new ParseResult.Rejected("parser failed: " + e);
      }
      if (result instanceof ParseResult.Rejected r) {
        reject(lineNumber, r.reason(), text);
        return;
      }
      List<Event> events = ((ParseResult.Parsed) result).events();
      for (Event event : events) {
        if (!event.source().equals(source)) {
          reject(
              lineNumber,
              "parser produced an event of source '"
                  + event.source()
                  + "' for source '"
                  + source
                  + "'",
              text);
          return;
        }
      }
      if (geoIp == null) {
        batch.addAll(events);
      } else {
        for (Event event : events) {
          Event enriched = geoIp.enrich(event);
          batch.add(enriched == event ? event : withOcsfText(enriched));
        }
      }
      accepted += events.size();
      if (batch.size() >= batchSize) {
        flushBatch();
      }
    }

    private void reject(long lineNumber, String reason, String content) {
      rejected++;
      if (errors.size() < maxReportedErrors) {
        errors.add(new IngestReport.LineError(lineNumber, reason));
      }
      deadLetters.add(
          new DeadLetter(
              source, SourceLocation.line(origin, lineNumber), reason, content, clock.instant()));
      if (deadLetters.size() >= DEAD_LETTER_BATCH) {
        flushDeadLetters();
      }
    }

    private void flushBatch() {
      if (batch.isEmpty()) {
        return;
      }
      List<Event> written = List.copyOf(batch);
      try {
        store.append(source, written);
      } catch (RuntimeException e) {
        storeFailed = true;
        throw e;
      }
      batch.clear();
      try {
        stored.accept(written);
      } catch (RuntimeException e) {
        LOG.warn("the listener of stored {} events failed; the events are stored", source, e);
      }
    }

    private void flushDeadLetters() {
      if (deadLetters.isEmpty()) {
        return;
      }
      store.deadLetters().put(List.copyOf(deadLetters));
      deadLetters.clear();
    }

    void finish(long bytes, boolean completed) {
      if (storeFailed) {
        return;
      }
      if (completed) {
        flushBatch();
        flushDeadLetters();
        progress.onProgress(snapshot(bytes, clock.instant(), true));
        return;
      }
      // The input failed: keep what was read, then let the failure propagate.
      try {
        flushDeadLetters();
        flushBatch();
      } catch (RuntimeException e) {
        LOG.warn("could not keep what was read from {} before the input failed", origin, e);
      }
    }

    private IngestProgress snapshot(long bytes, Instant now, boolean done) {
      return new IngestProgress(
          lines, bytes, accepted, rejected, Duration.between(started, now), done);
    }

    IngestReport report(long bytes) {
      return new IngestReport(source, origin, lines, accepted, rejected, bytes, errors);
    }
  }

  /**
   * An enriched event with the JSON text of its new OCSF map (the parser's text is of the map
   * before enrichment), so that the store writes the text as it is instead of walking the map.
   */
  private static Event withOcsfText(Event e) {
    String text = CompactJson.of(e.normalized());
    return text == null
        ? e
        : Event.parsed(
            e.source(),
            e.time(),
            e.id(),
            e.fields(),
            e.normalized(),
            e.rawJson().orElse(null),
            text);
  }

  /** Builds an {@link NdjsonIngestor}. */
  public static final class Builder {
    private final EventStore store;
    private Clock clock = Clock.systemUTC();
    private int batchSize = 10_000;
    private int maxLineBytes = 1024 * 1024;
    private int maxReportedErrors = 100;
    private int maxDocumentBytes = 256 * 1024 * 1024;
    private Duration progressInterval = Duration.ofSeconds(2);
    private ProgressListener progress = ProgressListener.NONE;
    private GeoIpLookup geoIp;
    private Consumer<List<Event>> stored = events -> {};

    private Builder(EventStore store) {
      this.store = Objects.requireNonNull(store, "store");
    }

    /** The clock for dead-letter times and progress; the UTC system clock by default. */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /** Events per {@link EventStore#append} call; 10,000 by default. */
    public Builder batchSize(int events) {
      if (events < 1) {
        throw new IllegalArgumentException("batch size must be positive, was " + events);
      }
      this.batchSize = events;
      return this;
    }

    /** The longest accepted line in bytes; 1 MiB by default. */
    public Builder maxLineBytes(int bytes) {
      if (bytes < 1) {
        throw new IllegalArgumentException("max line bytes must be positive, was " + bytes);
      }
      this.maxLineBytes = bytes;
      return this;
    }

    /**
     * The largest whole JSON document (a pretty-printed S3 object) read at once; 256 MiB by
     * default. A larger input that starts like one is read line by line instead.
     */
    public Builder maxDocumentBytes(int bytes) {
      if (bytes < 1) {
        throw new IllegalArgumentException("max document bytes must be positive, was " + bytes);
      }
      this.maxDocumentBytes = bytes;
      return this;
    }

    /** How many rejected lines the report lists; 100 by default. All are dead-lettered. */
    public Builder maxReportedErrors(int count) {
      if (count < 0) {
        throw new IllegalArgumentException("max reported errors must be >= 0, was " + count);
      }
      this.maxReportedErrors = count;
      return this;
    }

    /** Tells {@code listener} how the ingest goes, at most every {@code interval}. */
    public Builder progress(ProgressListener listener, Duration interval) {
      this.progress = Objects.requireNonNull(listener, "listener");
      this.progressInterval = Objects.requireNonNull(interval, "interval");
      return this;
    }

    /**
     * Enriches each event with an OCSF {@code src_endpoint.ip} with where that address is (see
     * {@link GeoIpEnricher}); off by default. A failing lookup never fails the ingest.
     */
    public Builder geoIp(GeoIpLookup lookup) {
      this.geoIp = Objects.requireNonNull(lookup, "lookup");
      return this;
    }

    /**
     * Hands each batch to {@code listener} once it is stored (in input order, on the ingesting
     * thread), such as streaming detection; a failing listener is logged and never fails the
     * ingest, since the events are already kept.
     */
    public Builder onStored(Consumer<List<Event>> listener) {
      this.stored = Objects.requireNonNull(listener, "listener");
      return this;
    }

    /** Builds the ingestor. */
    public NdjsonIngestor build() {
      return new NdjsonIngestor(this);
    }
  }
}
