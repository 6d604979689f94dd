package io.mantissa.backend.local;

import io.mantissa.api.ErrorCode;
import io.mantissa.api.MantissaException;
import io.mantissa.api.TimeRange;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Compacts raw batches to Parquet and recovers interrupted compactions. See {@link
 * LocalEventStore#compact()}.
 */
final class Compactor {
  private static final Logger LOG = LoggerFactory.getLogger(Compactor.class);
  private static final Duration STALE_TMP = Duration.ofHours(1);

  /**
   * File modification times come from the file system's clock, not from the injected one, so the
   * age of a temporary file is measured against the system clock.
   */
  private static final Clock FILE_CLOCK = Clock.systemUTC();

  private final Lake lake;
  private final Clock clock;
  private final LakeLocks locks;

  Compactor(Lake lake, Clock clock) {
    this.lake = lake;
    this.clock = clock;
    this.locks = LakeLocks.of(lake.root());
  }

  long compact() {
    return locked(
        () -> {
          recoverLocked();
          sweepStaleRawTmp();
          Instant openHour = Lake.hourOf(clock.instant());
          long total = 0;
          try (Connection duck = DriverManager.getConnection("jdbc:duckdb:")) {
            for (String source : lake.sources()) {
              for (Lake.HourFiles hour : lake.snapshot(source, TimeRange.all())) {
                if (hour.raw().isEmpty() || !hour.hour().isBefore(openHour)) {
                  continue;
                }
                total += compactHour(duck, hour);
              }
            }
          } catch (SQLException e) {
            throw new MantissaException(
                ErrorCode.STORAGE_FAILURE, "compaction failed: " + e.getMessage(), e);
          }
          return total;
        });
  }

  /** Finishes or undoes interrupted compactions; safe at any time. */
  void recover() {
    locked(
        () -> {
          recoverLocked();
          return 0L;
        });
  }

  private interface LockedWork {
    long run() throws IOException;
  }

  private long locked(LockedWork work) {
    locks.compaction.lock();
    try (FileChannel channel =
        FileChannel.open(
            lake.root().resolve(".compaction.lock"),
            StandardOpenOption.CREATE,
            StandardOpenOption.WRITE)) {
      FileLock fileLock = channel.lock();
      try {
        return work.run();
      } finally {
        fileLock.release();
      }
    } catch (IOException e) {
      throw new MantissaException(ErrorCode.STORAGE_FAILURE, "compaction failed: " + e, e);
    } finally {
      locks.compaction.unlock();
    }
  }

  private long compactHour(Connection duck, Lake.HourFiles hour) throws IOException, SQLException {
    Path dir = lake.parquetHourDir(hour.source(), hour.hour());
    Files.createDirectories(dir);
    String id = Durable.newId(clock.millis());
    Path manifest = dir.resolve("part-" + id + Lake.MANIFEST_SUFFIX);
    Path part = dir.resolve("part-" + id + Lake.PARQUET_SUFFIX);
    Path tmp = Durable.tmpFor(part);
    List<String> names = new ArrayList<>();
    for (Path raw : hour.raw()) {
      names.add(raw.getFileName().toString());
    }
    // (1) the manifest: which raw files the part will cover
    Durable.writeAtomically(manifest, Lake.listFileContent(Lake.MANIFEST_HEADER, names));
    // (2) the part, under a temporary name, then renamed: the commit point
    long rows;
    try (Statement st = duck.createStatement()) {
      st.execute(
          "COPY (SELECT time, source, id, raw, ocsf FROM "
              + Sql.readJson(hour.raw())
              + " ORDER BY time) TO "
              + Sql.literal(tmp.toString())
              + " (FORMAT PARQUET, COMPRESSION ZSTD)");
      rows = updateCount(st);
    } catch (SQLException e) {
      Durable.deleteQuietly(tmp);
      Durable.deleteQuietly(manifest);
      throw e;
    }
    Durable.fsyncFile(tmp);
    Durable.commit(tmp, part);
    Durable.fsyncDir(dir);
    // (3) and (4): delete the covered raw files, then the manifest
    gc(hour.source(), hour.hour(), manifest, names);
    LOG.debug(
        "compacted {} events of {} at {} from {} files",
        rows,
        hour.source(),
        hour.hour(),
        names.size());
    return rows;
  }

  private static long updateCount(Statement st) throws SQLException {
    ResultSet rs = st.getResultSet();
    if (rs != null) {
      try (rs) {
        return rs.next() ? rs.getLong(1) : 0;
      }
    }
    return Math.max(0, st.getLargeUpdateCount());
  }

  /**
   * Deletes the raw files a committed part covers, then its manifest, unless a query of this JVM is
   * reading files right now: then the manifest stays (readers skip the files it names) and a later
   * run deletes them.
   */
  private boolean gc(String source, Instant hour, Path manifest, List<String> names)
      throws IOException {
    if (!locks.files.writeLock().tryLock()) {
      return false;
    }
    try {
      Path rawDir = lake.rawHourDir(source, hour);
      for (String name : names) {
        if (name.contains("/") || name.contains("\\") || name.startsWith(".")) {
          throw new MantissaException(
              ErrorCode.STORAGE_FAILURE, "manifest " + manifest + " names an unexpected file");
        }
        Durable.deleteQuietly(rawDir.resolve(name));
      }
      if (Files.isDirectory(rawDir)) {
        Durable.fsyncDir(rawDir);
      }
      Durable.deleteQuietly(manifest);
      Durable.fsyncDir(manifest.getParent());
      return true;
    } finally {
      locks.files.writeLock().unlock();
    }
  }

  private void recoverLocked() throws IOException {
    for (String source : lake.sources()) {
      SortedMap<Instant, Lake.ParquetHour> hours = lake.listParquet(source, TimeRange.all());
      for (Map.Entry<Instant, Lake.ParquetHour> hour : hours.entrySet()) {
        for (Map.Entry<String, Path> manifest : hour.getValue().manifests().entrySet()) {
          Path part = hour.getValue().parts().get(manifest.getKey());
          if (part != null) {
            // committed: finish steps 3 and 4
            gc(source, hour.getKey(), manifest.getValue(), Lake.readManifest(manifest.getValue()));
          } else {
            // not committed: the raw files stay authoritative
            Path dir = manifest.getValue().getParent();
            Durable.deleteQuietly(
                Durable.tmpFor(dir.resolve("part-" + manifest.getKey() + Lake.PARQUET_SUFFIX)));
            Durable.deleteQuietly(manifest.getValue());
            Durable.fsyncDir(dir);
            LOG.info("removed the manifest of an unfinished compaction: {}", manifest.getValue());
          }
        }
      }
      // temporary parts and manifests whose manifest is already gone
      for (Path dt : Lake.list(lake.sourceDir(source).resolve("parquet"))) {
        for (Path hourDir : Lake.list(dt)) {
          for (Path file : Lake.list(hourDir)) {
            if (Durable.isTmp(file.getFileName().toString())) {
              Durable.deleteQuietly(file);
            }
          }
        }
      }
    }
  }

  /**
   * Deletes temporary batch files that a crashed append left: not being written in this JVM, not
   * named by a journal, and untouched for an hour (an append of another process may still be
   * writing a younger one).
   */
  private void sweepStaleRawTmp() throws IOException {
    Instant cutoff = FILE_CLOCK.instant().minus(STALE_TMP);
    for (String source : lake.sources()) {
      Path raw = lake.sourceDir(source).resolve("raw");
      for (Path y : Lake.list(raw)) {
        for (Path m : Lake.list(y)) {
          for (Path d : Lake.list(m)) {
            for (Path h : Lake.list(d)) {
              for (Path file : Lake.list(h)) {
                if (Durable.isTmp(file.getFileName().toString())
                    && !locks.inFlight.contains(file)
                    && !isReferencedByJournal(source, file)
                    && Files.getLastModifiedTime(file).toInstant().isBefore(cutoff)) {
                  Durable.deleteQuietly(file);
                }
              }
            }
          }
        }
      }
    }
  }

  private boolean isReferencedByJournal(String source, Path tmpFile) {
    String name = tmpFile.getFileName().toString();
    String target = name.substring(1, name.length() - ".tmp".length());
    return Lake.rawSuffixOf(target) != null
        && lake.pendingBatches(source).contains(Lake.batchOf(target));
  }
}
