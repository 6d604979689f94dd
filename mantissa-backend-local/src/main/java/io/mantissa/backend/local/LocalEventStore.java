package io.mantissa.backend.local;

import io.mantissa.api.ErrorCode;
import io.mantissa.api.Event;
import io.mantissa.api.MantissaException;
import io.mantissa.api.SourceIds;
import io.mantissa.spi.storage.AppendResult;
import io.mantissa.spi.storage.DeadLetterStore;
import io.mantissa.spi.storage.EventStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded {@link EventStore}: a partitioned lake of compressed NDJSON batches under {@code
 * {dataDir}/lake} (zstd {@code .ndjson.zst} by default, gzip {@code .ndjson.gz} on request, see
 * {@link RawCompression}; both are read whatever the setting), compacted to Parquet per source and
 * hour.
 *
 * <p>An append writes one file per hour of event time to a hidden temporary name, forces it to
 * disk, renames it into place and forces the directory; it returns only when every file is renamed.
 * A batch spanning several hours is first recorded in a journal that readers honour, so that it
 * becomes visible all at once; a journal left by a crash is rolled forward when the store is next
 * opened. See {@link #compact()} for the compaction protocol.
 *
 * <p>Thread-safe. Several stores and {@link LocalQueryBackend}s may share one lake.
 */
public final class LocalEventStore implements EventStore {
  private static final Logger LOG = LoggerFactory.getLogger(LocalEventStore.class);

  private static final Instant MIN_TIME = Instant.parse("0000-01-01T00:00:00Z");
  private static final Instant MAX_TIME = Instant.parse("+10000-01-01T00:00:00Z");

  private final Lake lake;
  private final Clock clock;
  private final RawCompression compression;
  private final Compactor compactor;
  private final LakeLocks locks;
  private final LocalDeadLetterStore deadLetters;
  private final AtomicBoolean closed = new AtomicBoolean();

  private LocalEventStore(Path dataDir, Clock clock, RawCompression compression) {
    Path data = dataDir.toAbsolutePath().normalize();
    this.lake = new Lake(data.resolve("lake"));
    this.clock = Objects.requireNonNull(clock, "clock");
    this.compression = Objects.requireNonNull(compression, "compression");
    if (compression.codec() == RawCompression.Codec.ZSTD) {
      requireZstd();
    }
    this.compactor = new Compactor(lake, clock);
    this.locks = LakeLocks.of(lake.root());
    this.deadLetters = new LocalDeadLetterStore(data.resolve("deadletter"), clock);
  }

  /**
   * Opens (creating it when needed) the lake under {@code {dataDir}/lake}, and recovers from any
   * crash: half-renamed batches are completed, interrupted compactions are finished or undone.
   */
  public static LocalEventStore open(Path dataDir, Clock clock) {
    return open(dataDir, clock, RawCompression.DEFAULT);
  }

  /**
   * Like {@link #open(Path, Clock)} with a chosen compression of the batches it appends. Batches
   * already in the lake are read whatever their codec.
   *
   * @throws MantissaException with {@link ErrorCode#STORAGE_FAILURE} when zstd is chosen and its
   *     native library cannot load on this platform
   */
  public static LocalEventStore open(Path dataDir, Clock clock, RawCompression compression) {
    LocalEventStore store = new LocalEventStore(dataDir, clock, compression);
    try {
      Files.createDirectories(store.lake.root());
    } catch (IOException e) {
      throw new MantissaException(
          ErrorCode.STORAGE_FAILURE, "cannot create the lake at " + store.lake.root(), e);
    }
    store.recover();
    return store;
  }

  /** The compression of the batches this store appends. */
  public RawCompression compression() {
    return compression;
  }

  /** The lake root, {@code {dataDir}/lake}. */
  public Path root() {
    return lake.root();
  }

  @Override
  public AppendResult append(String source, List<Event> events) {
    ensureOpen();
    SourceIds.require(source);
    Objects.requireNonNull(events, "events");
    Map<Instant, List<Event>> byHour = new TreeMap<>();
    for (int i = 0; i < events.size(); i++) {
      Event event = Objects.requireNonNull(events.get(i), "event");
      if (!source.equals(event.source())) {
        throw new MantissaException(
            ErrorCode.INVALID_ARGUMENT,
            "event at index "
                + i
                + " has source '"
                + event.source()
                + "' but the batch is for source '"
                + source
                + "'");
      }
      if (event.time().isBefore(MIN_TIME) || !event.time().isBefore(MAX_TIME)) {
        throw new MantissaException(
            ErrorCode.INVALID_ARGUMENT,
            "event at index "
                + i
                + " has time "
                + event.time()
                + ", outside the years 0000 to 9999 that the lake can partition");
      }
      byHour.computeIfAbsent(Lake.hourOf(event.time()), h -> new ArrayList<>()).add(event);
    }
    if (byHour.isEmpty()) {
      return new AppendResult(0, 0, 0);
    }
    String batch = Durable.newId(clock.millis());
    Map<Path, Path> tmpToTarget = new LinkedHashMap<>();
    List<Path> committed = new ArrayList<>();
    Path journal = null;
    long bytes = 0;
    try {
      for (Map.Entry<Instant, List<Event>> hour : byHour.entrySet()) {
        Path dir = lake.rawHourDir(source, hour.getKey());
        createDirectoriesDurably(dir);
        Path target = dir.resolve(batch + compression.codec().suffix());
        Path tmp = Durable.tmpFor(target);
        tmpToTarget.put(tmp, target);
        locks.inFlight.add(tmp);
        bytes += NdjsonWriter.write(tmp, hour.getValue(), compression);
      }
      if (tmpToTarget.size() > 1) {
        Path sourceDir = lake.sourceDir(source);
        List<String> names = new ArrayList<>();
        for (Path target : tmpToTarget.values()) {
          names.add(sourceDir.relativize(target).toString().replace('\\', '/'));
        }
        Path pendingDir = lake.pendingDir(source);
        createDirectoriesDurably(pendingDir);
        journal = pendingDir.resolve(batch + Lake.JOURNAL_SUFFIX);
        Durable.writeAtomically(journal, Lake.listFileContent(Lake.JOURNAL_HEADER, names));
      }
      for (Map.Entry<Path, Path> file : tmpToTarget.entrySet()) {
        Durable.commit(file.getKey(), file.getValue());
        committed.add(file.getValue());
        Durable.fsyncDir(file.getValue().getParent());
      }
      if (journal != null) {
        Files.delete(journal);
        Durable.fsyncDir(journal.getParent());
      }
    } catch (IOException | RuntimeException e) {
      undo(tmpToTarget.keySet(), committed, journal);
      throw new MantissaException(
          ErrorCode.STORAGE_FAILURE,
          "cannot append " + events.size() + " events of source '" + source + "': " + e,
          e);
    } finally {
      locks.inFlight.removeAll(tmpToTarget.keySet());
    }
    return new AppendResult(events.size(), tmpToTarget.size(), bytes);
  }

  /**
   * Loads zstd-jni's native library (bundled in its jar for Linux, macOS and Windows on the common
   * architectures) now, so that a platform without one fails when the store opens, with the way
   * out, rather than at the first append.
   */
  private static void requireZstd() {
    try {
      com.github.luben.zstd.util.Native.load();
    } catch (LinkageError e) {
      throw new MantissaException(
          ErrorCode.STORAGE_FAILURE,
          "the zstd native library does not load on this platform ("
              + System.getProperty("os.name")
              + " "
              + System.getProperty("os.arch")
              + "): set mantissa.providers.local.compression to gzip",
          e);
    }
  }

  private static void undo(Iterable<Path> tmps, List<Path> committed, Path journal) {
    try {
      for (Path tmp : tmps) {
        Durable.deleteQuietly(tmp);
      }
      for (Path target : committed) {
        Durable.deleteQuietly(target);
      }
      if (journal != null) {
        Durable.deleteQuietly(journal);
      }
    } catch (IOException cleanup) {
      LOG.warn("could not clean up after a failed append: {}", cleanup.toString());
    }
  }

  private void createDirectoriesDurably(Path dir) throws IOException {
    if (Files.isDirectory(dir)) {
      return;
    }
    Path existing = dir;
    while (existing != null && !Files.isDirectory(existing)) {
      existing = existing.getParent();
    }
    Files.createDirectories(dir);
    for (Path p = dir; p != null && !p.equals(existing); p = p.getParent()) {
      Durable.fsyncDir(p.getParent());
    }
  }

  /**
   * Rewrites the raw batches of every closed hour into one Parquet part per source and hour,
   * ordered by time. The still-open hour (the one holding the store clock's current time, and any
   * later hour) is left raw: compacting it would produce a small part on every run while events
   * keep arriving; its raw files are read by queries all the same.
   *
   * <p>The protocol is crash-safe at every step: (1) a manifest naming the covered raw files is
   * written atomically; (2) the part is written under a temporary name, forced to disk and renamed
   * to {@code part-{id}.parquet}, the commit point; (3) the covered raw files are deleted; (4) the
   * manifest is deleted. Readers ignore raw files named by a manifest whose part exists, so no
   * event is ever seen twice or missed; the next run (or the next open) finishes steps 3 and 4, or
   * removes the manifest and temporary part of a compaction that did not reach its commit point.
   */
  @Override
  public long compact() {
    ensureOpen();
    return compactor.compact();
  }

  @Override
  public Set<String> sources() {
    ensureOpen();
    return lake.sources();
  }

  @Override
  public DeadLetterStore deadLetters() {
    ensureOpen();
    return deadLetters;
  }

  @Override
  public void close() {
    closed.set(true);
  }

  private void ensureOpen() {
    if (closed.get()) {
      throw new MantissaException(ErrorCode.STORAGE_FAILURE, "the event store is closed");
    }
  }

  private void recover() {
    for (String source : lake.sources()) {
      for (String batch : lake.pendingBatches(source)) {
        rollForward(source, batch);
      }
    }
    compactor.recover();
  }

  /**
   * Completes the renames of a batch whose journal survived a crash (or removes the batch when a
   * file is missing). Batches that an append of this JVM is still renaming are left alone; an
   * append of another process cannot be told from a crashed one, so a lake should have one writing
   * process while stores are opened.
   */
  private void rollForward(String source, String batch) {
    Path journal = lake.pendingDir(source).resolve(batch + Lake.JOURNAL_SUFFIX);
    Path sourceDir = lake.sourceDir(source);
    try {
      List<Path> targets = new ArrayList<>();
      for (String name : Lake.readListFile(journal, Lake.JOURNAL_HEADER)) {
        Path target = sourceDir.resolve(name).normalize();
        if (!target.startsWith(sourceDir)) {
          throw new MantissaException(
              ErrorCode.STORAGE_FAILURE, "journal " + journal + " names a file outside the lake");
        }
        targets.add(target);
      }
      for (Path target : targets) {
        if (locks.inFlight.contains(Durable.tmpFor(target))) {
          return; // an append of this JVM is renaming it right now
        }
      }
      boolean complete = true;
      for (Path target : targets) {
        if (!Files.exists(target) && !Files.exists(Durable.tmpFor(target))) {
          complete = false;
        }
      }
      for (Path target : targets) {
        Path tmp = Durable.tmpFor(target);
        if (complete && Files.exists(tmp)) {
          Durable.commit(tmp, target);
        } else if (!complete) {
          Durable.deleteQuietly(tmp);
          Durable.deleteQuietly(target);
        }
        Durable.fsyncDir(target.getParent());
      }
      Durable.deleteQuietly(journal);
      Durable.fsyncDir(journal.getParent());
      LOG.info(
          "recovered batch {} of source {} ({})",
          batch,
          source,
          complete ? "completed" : "incomplete, removed");
    } catch (IOException e) {
      throw new MantissaException(
          ErrorCode.STORAGE_FAILURE, "cannot recover batch " + batch + " of " + source, e);
    }
  }
}
